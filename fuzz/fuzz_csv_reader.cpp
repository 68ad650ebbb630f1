// Fuzzes the CSV importers with arbitrary bytes. The first byte picks what reads the rest: the
// bare CSV reader with ',' (r), ';' (s) or tab (t) as delimiter; civharm's own CSV layout as
// incidents (i), reports (p), victims (v) or operations (o); a UCDP GED (u) or ACLED (a) export.
// Nothing may crash, and the readers must keep their promises: one cell per header column at
// least, rows and lines counted upwards, no more bytes consumed than given, and every row either a
// valid record of the reader's kind or the reasons it is not, never both and never neither.
// Records read from civharm's own layout must come back unchanged when exported as CSV (with or
// without the HXL row) and imported again, as an export moved to another database must.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "io/csv_reader.h"
#include "io/io.h"

namespace civharm::fuzz {
namespace {

void ReadBare(std::string_view text, char delimiter) {
  std::istringstream in{std::string(text)};
  auto csv = io::internal::CsvReader::Open(in, {.delimiter = delimiter});
  if (!csv) return;
  const size_t columns = (*csv)->header().size();
  FUZZ_CHECK(columns > 0);
  io::internal::CsvRecord record;
  uint64_t last_row = 0, last_line = (*csv)->header_line(), last_bytes = 0;
  for (size_t guard = 0; guard <= text.size() + 1; ++guard) {
    Result<bool> more = (*csv)->Next(record);
    if (!more || !*more) return;
    FUZZ_CHECK(record.cells.size() >= columns);
    FUZZ_CHECK(record.row == last_row + 1);
    FUZZ_CHECK(record.line > last_line);
    FUZZ_CHECK((*csv)->bytes_read() >= last_bytes && (*csv)->bytes_read() <= text.size());
    last_row = record.row;
    last_line = record.line;
    last_bytes = (*csv)->bytes_read();
  }
  FUZZ_CHECK(false && "more records than input bytes");
}

// Reads every row; returns the valid records, or nullopt when the input as a whole is refused.
std::optional<std::vector<AnyRecord>> ReadAll(std::string_view text,
                                              const io::ReaderOptions& options, EntityKind kind) {
  std::istringstream in{std::string(text)};
  auto reader = io::OpenReader(in, options);
  if (!reader) return std::nullopt;
  FUZZ_CHECK((*reader)->kind() == kind);
  std::vector<AnyRecord> records;
  uint64_t last_row = 0;
  for (size_t guard = 0; guard <= text.size() + 1; ++guard) {
    auto row = (*reader)->Next();
    if (!row) return std::nullopt;
    if (!*row) return records;
    const io::ImportRow& r = **row;
    FUZZ_CHECK(r.row > last_row);
    last_row = r.row;
    FUZZ_CHECK(r.record.has_value() != !r.errors.empty());
    FUZZ_CHECK((*reader)->bytes_read() <= text.size());
    if (r.record) {
      FUZZ_CHECK(KindOf(*r.record) == kind);
      FUZZ_CHECK(Validate(*r.record).ok());
      records.push_back(*r.record);
    }
  }
  FUZZ_CHECK(false && "more rows than input bytes");
  return std::nullopt;
}

void CheckExportRoundTrip(const std::vector<AnyRecord>& records, EntityKind kind, bool hxl) {
  std::ostringstream out;
  {
    auto writer =
        io::OpenWriter(out, {.format = io::ExportFormat::kCsv, .entity = kind, .hxl = hxl});
    FUZZ_CHECK(writer.has_value());
    for (const AnyRecord& r : records) FUZZ_CHECK((*writer)->Write(r).ok());
    FUZZ_CHECK((*writer)->Finish().ok());
  }
  const std::string exported = out.str();
  auto back = ReadAll(exported, {.format = io::ImportFormat::kCsv, .entity = kind}, kind);
  if (!back || *back != records) std::fprintf(stderr, "exported:\n%s\n", exported.c_str());
  FUZZ_CHECK(back.has_value());
  FUZZ_CHECK(*back == records);
}

void ReadNative(std::string_view text, EntityKind kind, bool hxl) {
  auto records = ReadAll(text, {.format = io::ImportFormat::kCsv, .entity = kind}, kind);
  if (records && !records->empty()) CheckExportRoundTrip(*records, kind, hxl);
}

void ReadDataset(std::string_view text, io::ImportFormat format) {
  (void)ReadAll(text, {.format = format}, EntityKind::kReport);
}

}  // namespace
}  // namespace civharm::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace civharm;
  using namespace civharm::fuzz;
  if (size == 0) return 0;
  const std::string_view text = AsText(data + 1, size - 1);
  const bool hxl = size % 2 == 0;
  switch (data[0]) {
    case 'r':
      ReadBare(text, ',');
      break;
    case 's':
      ReadBare(text, ';');
      break;
    case 't':
      ReadBare(text, '\t');
      break;
    case 'i':
      ReadNative(text, EntityKind::kIncident, hxl);
      break;
    case 'p':
      ReadNative(text, EntityKind::kReport, hxl);
      break;
    case 'v':
      ReadNative(text, EntityKind::kVictim, hxl);
      break;
    case 'o':
      ReadNative(text, EntityKind::kOperation, hxl);
      break;
    case 'u':
      ReadDataset(text, io::ImportFormat::kUcdpGed);
      break;
    case 'a':
      ReadDataset(text, io::ImportFormat::kAcled);
      break;
    default:
      ReadBare(text, ',');
  }
  return 0;
}
