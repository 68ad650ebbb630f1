// Writing a dataset of JSON documents with chosen columns: the public rows of a release, whose
// documents already hold only what may be published. CSV (with an HXL hashtag row) and XLSX get
// exactly the columns given; JSON (an array) and GeoJSON (a FeatureCollection, the point from
// location.lat and location.lon) get each document whole.
//
//   std::vector<io::DatasetColumn> columns = {*io::LayoutColumn(EntityKind::kIncident, "id"),
//                                             {"coordinate_grid", "#geo+grid",
//                                             ColumnKind::kNumber}};
//   auto w = io::OpenDatasetWriter(out, {.format = io::ExportFormat::kCsv, .columns = columns});
//   for (const auto& doc : docs) CIVHARM_RETURN_IF_ERROR((*w)->Write(doc));
//   CIVHARM_RETURN_IF_ERROR((*w)->Finish());
//
// They are the record export's writers over these columns (field_writer.h): they stream (XLSX
// through a temporary file, as xlsx_workbook.h says, continuing on a new sheet past Excel's row
// limit), refuse text that is not UTF-8 instead of altering it, and write nothing half.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/records.h"
#include "io/io.h"

namespace civharm::io {

enum class ColumnKind {
  kText,    // text, dates, enumerations
  kNumber,  // counts and coordinates: number cells in XLSX
  kJson,    // a list or object, as its JSON text
};

struct DatasetColumn {
  std::string name;  // the document's dotted path: "location.lat"
  std::string hxl;   // its HXL hashtag with attributes: "#geo+lat"
  ColumnKind kind = ColumnKind::kText;
};

// The column of civharm's own export layout (docs/FORMATS.md) for `entity` named `name`, with
// its HXL hashtag; nullopt when the layout has no such column.
std::optional<DatasetColumn> LayoutColumn(EntityKind entity, std::string_view name);

struct DatasetWriterOptions {
  ExportFormat format = ExportFormat::kCsv;
  std::vector<DatasetColumn> columns;    // CSV and XLSX: the columns, in order
  bool hxl = true;                       // CSV and XLSX: the hashtag row under the header
  std::string sheet_name = "incidents";  // XLSX
};

class DatasetWriter {
 public:
  virtual ~DatasetWriter() = default;
  // Writes one document (a JSON object); a refused one leaves nothing behind.
  virtual Status Write(const nlohmann::json& doc) = 0;
  // Closes the document and flushes. Call once, last.
  virtual Status Finish() = 0;
};

// invalid_argument when CSV or XLSX has no columns, or a column's hashtag is not HXL.
Result<std::unique_ptr<DatasetWriter>> OpenDatasetWriter(std::ostream& out,
                                                         const DatasetWriterOptions& options);

// The HTTP content type and the file extension of each format ("text/csv", "csv").
std::string_view ContentTypeOf(ExportFormat format);
std::string_view ExtensionOf(ExportFormat format);

}  // namespace civharm::io
