// Reading records from files and writing them out: UCDP GED and ACLED exports, any CSV through a
// mapping file, civharm's own CSV and JSON layouts; CSV and XLSX (both optionally with HXL
// hashtags), JSON and GeoJSON out. Analysis tables to XLSX are in xlsx_tables.h.
//
//   std::ifstream in("ged231.csv", std::ios::binary);
//   auto reader = io::OpenReader(in, {.format = io::ImportFormat::kUcdpGed});
//   while (auto row = (*reader)->Next()) {          // Result<std::optional<ImportRow>>
//     if (!*row) break;                              // end of input
//     if ((*row)->record) store(*(*row)->record);    // a valid Report
//     else for (auto& e : (*row)->errors) report(e); // row, line, column, reason
//   }
//
// Readers and writers stream: memory does not grow with the size of the file. They convert and
// validate (domain Validate) but never touch the database; service/ decides what lands.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/records.h"

namespace civharm::io {

enum class ImportFormat {
  kUcdpGed,  // UCDP Georeferenced Event Dataset CSV, full 49-column layout → Reports
  kAcled,    // ACLED export CSV → Reports
  kCsv,      // civharm's own CSV layout, or any CSV through a Mapping
  kJson,     // civharm's own JSON export (an array of records)
};
enum class ExportFormat {
  kCsv,      // civharm's own CSV layout
  kJson,     // an array of records in the codec's shape
  kGeoJson,  // a FeatureCollection
  kXlsx,     // the CSV layout in an Excel workbook (layout: xlsx_writer.h, docs/FORMATS.md)
};

// One problem with one row of input. `row` counts data records from 1 (the header is not a row);
// `line` is the physical line where the record starts; `column` is the input's column name (or
// JSON field path) concerned, empty when it is the row as a whole.
struct RowError {
  uint64_t row = 0;
  uint64_t line = 0;
  std::string column;
  std::string message;
  friend bool operator==(const RowError&, const RowError&) = default;
};

// One row of input: either a valid record or the reasons it is not.
struct ImportRow {
  uint64_t row = 0;
  uint64_t line = 0;
  std::optional<AnyRecord> record;  // set when the row is valid (domain Validate passed)
  std::vector<RowError> errors;     // set when it is not; never both
  std::vector<RowError> notes;      // data-quality notes on a valid row (domain QualityNotes)
  std::vector<std::string> raw;     // the row's cells as read (CSV) or its JSON text (JSON)
};

// A parsed column-mapping file (see docs/FORMATS.md for the syntax).
struct ColumnRule {
  std::string field;                          // target field path, e.g. "date.start"
  std::string date_format;                    // e.g. "%d/%m/%Y"; empty: ISO 8601
  std::map<std::string, std::string> values;  // input value → stored value
};
struct Mapping {
  EntityKind entity = EntityKind::kReport;
  char delimiter = ',';
  std::map<std::string, ColumnRule> columns;     // input column name → rule
  std::map<std::string, std::string> constants;  // field path → value for every record
  std::vector<std::string> ignore;               // input columns deliberately not imported
};
// YAML or JSON text. Errors name the mapping's own key ("columns.Date.format").
Result<Mapping> ParseMapping(std::string_view text);
Result<Mapping> LoadMapping(const std::filesystem::path& path);

struct ReaderOptions {
  ImportFormat format = ImportFormat::kCsv;
  // kCsv without mapping and kJson: the kind of record the file holds.
  EntityKind entity = EntityKind::kIncident;
  // kCsv: the mapping to apply; nullptr means the file is in civharm's own layout.
  const Mapping* mapping = nullptr;
  // kUcdpGed / kAcled: the source name stored on each report (the re-import key's first half).
  // Empty: "UCDP GED" / "ACLED".
  std::string source_name;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The kind of record every row becomes.
  virtual EntityKind kind() const = 0;
  // The input's column names as read (trimmed, byte-order mark removed); empty for JSON.
  virtual const std::vector<std::string>& header() const = 0;
  // The next row, or nullopt at the end of input. An error means the input as a whole cannot be
  // read on (broken quoting at the end of the file, I/O failure): nothing of it should land.
  virtual Result<std::optional<ImportRow>> Next() = 0;
  // Bytes of input consumed so far, for progress bars.
  virtual uint64_t bytes_read() const = 0;
};

// Reads the header (CSV) or the opening bracket (JSON) and checks them: a missing required
// column, an unknown column in civharm's layout, or a mapped column that is not in the file is
// an error here, before any row is read.
Result<std::unique_ptr<RecordReader>> OpenReader(std::istream& in, const ReaderOptions& options);

// Writes the rows a reader refused, so they can be mended and imported again: for CSV input the
// original header and cells plus a last column "civharm_errors"; for JSON input one JSON object
// per line {"row", "line", "errors": [...], "record": <the input element>}. `delimiter` (CSV
// only) should be the input's — Mapping::delimiter — so the mended file imports with the same
// mapping.
class RejectWriter {
 public:
  virtual ~RejectWriter() = default;
  virtual Status Write(const ImportRow& row) = 0;
  virtual Status Finish() = 0;
};
Result<std::unique_ptr<RejectWriter>> OpenRejectWriter(std::ostream& out, ImportFormat format,
                                                       const std::vector<std::string>& header,
                                                       char delimiter = ',');

struct WriterOptions {
  ExportFormat format = ExportFormat::kCsv;
  EntityKind entity = EntityKind::kIncident;
  bool hxl = false;  // CSV and XLSX only: a row of HXL hashtags under the header
};

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // `record` must be of the writer's entity kind.
  virtual Status Write(const AnyRecord& record) = 0;
  // The same for a record already in its codec JSON (ToJson), as the store keeps it: exports
  // stream documents without decoding them. The caller vouches that it is of the writer's kind.
  virtual Status WriteJson(const nlohmann::json& record) = 0;
  // Closes the document (JSON array, GeoJSON collection) and flushes. Call once, last.
  virtual Status Finish() = 0;
};
// Nothing is written until the first Write or Finish, so an empty export is still a valid file.
// kXlsx writes nothing to `out` before Finish: the workbook is assembled in a temporary file
// (removed in every case) and copied to `out` then; OpenWriter fails if that file cannot be made.
Result<std::unique_ptr<RecordWriter>> OpenWriter(std::ostream& out, const WriterOptions& options);

}  // namespace civharm::io

namespace civharm {
using std::string_view_literals::operator""sv;
template <>
struct EnumTraits<io::ImportFormat> {
  static constexpr std::array kNames = {std::pair{io::ImportFormat::kUcdpGed, "ucdp-ged"sv},
                                        std::pair{io::ImportFormat::kAcled, "acled"sv},
                                        std::pair{io::ImportFormat::kCsv, "csv"sv},
                                        std::pair{io::ImportFormat::kJson, "json"sv}};
};
template <>
struct EnumTraits<io::ExportFormat> {
  static constexpr std::array kNames = {std::pair{io::ExportFormat::kCsv, "csv"sv},
                                        std::pair{io::ExportFormat::kJson, "json"sv},
                                        std::pair{io::ExportFormat::kGeoJson, "geojson"sv},
                                        std::pair{io::ExportFormat::kXlsx, "xlsx"sv}};
};
}  // namespace civharm
