// civharm's own JSON layout: an array of records in the codec's shape (what JSON export writes).
// Elements are parsed one at a time, so memory stays that of one record however long the file.

#include <algorithm>

#include <fmt/format.h>

#include "domain/codec.h"
#include "domain/json_reader.h"
#include "io/json_array_reader.h"
#include "io/readers.h"
#include "io/row_builder.h"

namespace civharm::io::internal {
namespace {

using nlohmann::json;

class NativeJsonReader : public RecordReader {
 public:
  NativeJsonReader(std::unique_ptr<JsonArrayScanner> scanner, EntityKind kind)
      : scanner_(std::move(scanner)), kind_(kind) {}

  EntityKind kind() const override { return kind_; }
  const std::vector<std::string>& header() const override { return header_; }
  uint64_t bytes_read() const override { return scanner_->bytes_read(); }

  Result<std::optional<ImportRow>> Next() override {
    CIVHARM_ASSIGN_OR_RETURN(const bool more, scanner_->Next(element_));
    if (!more) return std::optional<ImportRow>();
    ImportRow row;
    row.row = element_.index;
    row.line = element_.line;
    Convert(row);
    row.raw = {std::move(element_.text)};
    element_.text.clear();
    return std::optional<ImportRow>(std::move(row));
  }

 private:
  void Convert(ImportRow& row) {
    RowErrors errors(row);
    json j;
    try {
      j = json::parse(element_.text);
    } catch (const json::parse_error& e) {
      // Say where in the file: the element's first line plus the lines before the error.
      const size_t at = std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, element_.text.size());
      const auto lines = std::count(element_.text.begin(),
                                    element_.text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
      std::string what = civharm::internal::DescribeJsonError(e);
      if (const size_t colon = what.find(": "); colon != std::string::npos)
        what = what.substr(colon + 2);
      errors.Add("", fmt::format("is not valid JSON (line {}: {})",
                                 row.line + static_cast<uint64_t>(lines), what));
      return;
    } catch (const json::exception& e) {
      errors.Add("",
                 fmt::format("is not valid JSON ({})", civharm::internal::DescribeJsonError(e)));
      return;
    }
    if (!j.is_object()) {
      errors.Add("", fmt::format("must be a record (a JSON object), not {}", j.type_name()));
      return;
    }
    const ColumnOf same = [](const std::string& field) { return field; };
    Result<AnyRecord> record = FromJson(kind_, j);
    if (!record) {
      AddStatusErrors(record.error(), same, errors);
      return;
    }
    CompleteRow(std::move(*record), same, row);
  }

  std::unique_ptr<JsonArrayScanner> scanner_;
  EntityKind kind_;
  JsonArrayScanner::Element element_;
  std::vector<std::string> header_;  // JSON has no header
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenNativeJsonReader(std::istream& in, EntityKind kind) {
  CIVHARM_ASSIGN_OR_RETURN(auto scanner, JsonArrayScanner::Open(in));
  return std::unique_ptr<RecordReader>(new NativeJsonReader(std::move(scanner), kind));
}

}  // namespace civharm::io::internal
