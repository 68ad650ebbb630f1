// civharm's own CSV layout: one column per flat field, named by its codec path. Each row is
// built as the record's codec JSON and read back by the codec, so CSV and JSON can never drift
// apart, and an export imports again as the same records.

#include <fmt/format.h>

#include "core/strings.h"
#include "domain/codec.h"
#include "io/csv_row_reader.h"
#include "io/flat_fields.h"
#include "io/readers.h"
#include "io/row_builder.h"

namespace civharm::io::internal {
namespace {

using nlohmann::json;

class NativeCsvReader : public CsvRowReader {
 public:
  NativeCsvReader(std::unique_ptr<CsvReader> csv, EntityKind kind,
                  std::vector<const FlatField*> columns)
      : CsvRowReader(std::move(csv), kind), columns_(std::move(columns)) {
    for (const FlatField* f : columns_) {
      if (f) resolver_.Add(f->name, f->name);
    }
    column_of_ = [this](const std::string& field) { return resolver_.Resolve(field); };
  }

 protected:
  void Convert(const std::vector<std::string>& cells, ImportRow& row) override {
    RowErrors errors(row);
    json j = json::object();
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (!columns_[i]) continue;
      if (Status s = SetCell(j, *columns_[i], cells[i]); !s.ok())
        errors.Add(columns_[i]->name, s.message());
    }
    errors.NextStage();
    Result<AnyRecord> record = FromJson(kind(), j);
    if (!record) {
      AddStatusErrors(record.error(), column_of_, errors);
      return;
    }
    CompleteRow(std::move(*record), column_of_, row);
  }

 private:
  std::vector<const FlatField*> columns_;  // per header column; nullptr for civharm_errors
  ColumnResolver resolver_;
  ColumnOf column_of_;
};

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenNativeCsvReader(std::istream& in, EntityKind kind) {
  CIVHARM_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(in));
  std::vector<const FlatField*> columns;
  std::vector<std::string> unknown;
  for (const std::string& name : csv->header()) {
    const FlatField* f = name == kErrorsColumn ? nullptr : FindFlatField(kind, name);
    if (!f && name != kErrorsColumn) unknown.push_back(name);
    columns.push_back(f);
  }
  if (!unknown.empty()) {
    return std::unexpected(InvalidArgument(
        fmt::format("{} {} {} of {}: civharm's own CSV layout names its columns by field (see "
                    "docs/FORMATS.md); for another layout, use a mapping file",
                    unknown.size() == 1 ? "column" : "columns", QuotedList(unknown),
                    unknown.size() == 1 ? "is not a field" : "are not fields", EnumName(kind))));
  }
  std::vector<std::string> missing;
  for (const std::string& required : RequiredFields(kind)) {
    if (!csv->ColumnIndex(required)) missing.push_back(required);
  }
  if (!missing.empty()) {
    return std::unexpected(InvalidArgument(fmt::format(
        "the file has no {} {}, which every {} needs", missing.size() == 1 ? "column" : "columns",
        QuotedList(missing), EnumName(kind))));
  }
  return std::unique_ptr<RecordReader>(
      new NativeCsvReader(std::move(csv), kind, std::move(columns)));
}

}  // namespace civharm::io::internal
