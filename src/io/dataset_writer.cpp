#include "io/dataset_writer.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "io/field_writer.h"
#include "io/flat_fields.h"
#include "io/xlsx_workbook.h"

namespace civharm::io {
namespace {

using internal::CellType;
using internal::FlatField;
using nlohmann::json;

std::vector<FlatField> FieldsOf(const std::vector<DatasetColumn>& columns) {
  std::vector<FlatField> fields;
  for (const DatasetColumn& c : columns) {
    FlatField f{c.name,
                c.kind == ColumnKind::kNumber ? CellType::kNumber
                : c.kind == ColumnKind::kJson ? CellType::kJson
                                              : CellType::kText,
                c.hxl,
                {}};
    for (std::string_view k : Split(c.name, '.')) f.keys.emplace_back(k);
    fields.push_back(std::move(f));
  }
  return fields;
}

// A dataset is written by the export writers over its columns; it adds only that every row is a
// JSON object.
class FieldDatasetWriter : public DatasetWriter {
 public:
  explicit FieldDatasetWriter(std::unique_ptr<RecordWriter> writer) : writer_(std::move(writer)) {}

  Status Write(const json& doc) override {
    if (!doc.is_object()) return InvalidArgument("a dataset row must be a JSON object");
    return writer_->WriteJson(doc);
  }
  Status Finish() override { return writer_->Finish(); }

 private:
  std::unique_ptr<RecordWriter> writer_;
};

}  // namespace

std::optional<DatasetColumn> LayoutColumn(EntityKind entity, std::string_view name) {
  const FlatField* f = internal::FindFlatField(entity, name);
  if (!f) return std::nullopt;
  const ColumnKind kind = f->type == CellType::kInteger || f->type == CellType::kNumber
                              ? ColumnKind::kNumber
                          : f->type == CellType::kJson ? ColumnKind::kJson
                                                       : ColumnKind::kText;
  return DatasetColumn{f->name, f->hxl, kind};
}

Result<std::unique_ptr<DatasetWriter>> OpenDatasetWriter(std::ostream& out,
                                                         const DatasetWriterOptions& options) {
  const bool tabular =
      options.format == ExportFormat::kCsv || options.format == ExportFormat::kXlsx;
  if (tabular) {
    if (options.columns.empty()) {
      return std::unexpected(InvalidArgument("a CSV or XLSX dataset needs its columns"));
    }
    if (options.columns.size() > internal::kXlsxMaxColumns) {
      return std::unexpected(InvalidArgument("too many columns for a sheet"));
    }
    for (const DatasetColumn& c : options.columns) {
      if (c.name.empty()) return std::unexpected(InvalidArgument("a column needs its name"));
      if (options.hxl && !internal::IsHxlHashtag(c.hxl)) {
        return std::unexpected(InvalidArgument(
            fmt::format("column {}: '{}' is not an HXL hashtag", c.name, c.hxl), c.name));
      }
    }
  }
  CIVHARM_ASSIGN_OR_RETURN(auto writer,
                           internal::OpenFieldWriter(out, {.format = options.format,
                                                           .fields = FieldsOf(options.columns),
                                                           .hxl = options.hxl && tabular,
                                                           .sheet_name = options.sheet_name}));
  return std::unique_ptr<DatasetWriter>(new FieldDatasetWriter(std::move(writer)));
}

std::string_view ContentTypeOf(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv:
      return "text/csv";
    case ExportFormat::kJson:
      return "application/json";
    case ExportFormat::kGeoJson:
      return "application/geo+json";
    case ExportFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

std::string_view ExtensionOf(ExportFormat format) {
  return EnumName(format);
}

}  // namespace civharm::io
