// The XLSX export: flat columns (flat_fields.h) in a workbook, one record a row — an entity's own
// layout for the record export, chosen columns for datasets (field_writer.h).

#include "io/xlsx_writer.h"

#include <optional>
#include <vector>

#include <fmt/format.h>

#include "domain/codec.h"
#include "io/field_writer.h"
#include "io/flat_fields.h"

namespace civharm::io::internal {
namespace {

using nlohmann::json;

bool IsNumberField(const FlatField& field) {
  return field.type == CellType::kInteger || field.type == CellType::kNumber;
}

class XlsxRecordWriter : public RecordWriter {
 public:
  XlsxRecordWriter(std::ostream& out, FieldWriterOptions options,
                   std::unique_ptr<XlsxWorkbook> book)
      : out_(out),
        kind_(options.kind),
        fields_(std::move(options.fields)),
        header_rows_(options.hxl ? 2 : 1),
        rows_per_sheet_(options.rows_per_sheet),
        sheet_name_(std::move(options.sheet_name)),
        book_(std::move(book)) {}

  Status Write(const AnyRecord& record) override {
    CIVHARM_RETURN_IF_ERROR(CheckKind(kind_, record));
    return WriteJson(ToJson(record));
  }

  Status WriteJson(const json& record) override {
    if (finished_) return InvalidArgument("the export is already finished");
    ++offered_;
    CIVHARM_RETURN_IF_ERROR(Start());
    CIVHARM_RETURN_IF_ERROR(GetCells(record, fields_, cells_));
    // The whole row is checked before any of it is written, so that a refused record leaves no
    // half row behind (the library cannot take a cell back).
    numbers_.assign(fields_.size(), std::nullopt);
    for (size_t c = 0; c < fields_.size(); ++c) {
      if (cells_[c].empty()) continue;
      if (IsNumberField(fields_[c])) numbers_[c] = ExactExcelNumber(cells_[c]);
      if (numbers_[c]) continue;
      if (Status s = CheckCellLength(cells_[c]); !s.ok()) {
        return InvalidArgument(
            fmt::format("{}, column {}: {}", Describe(record), fields_[c].name, s.message()),
            fields_[c].name);
      }
    }
    if (row_ == rows_per_sheet_) CIVHARM_RETURN_IF_ERROR(NewSheet());
    for (size_t c = 0; c < fields_.size(); ++c) {
      const auto column = static_cast<uint16_t>(c);
      if (numbers_[c]) {
        CIVHARM_RETURN_IF_ERROR(book_->WriteNumber(row_, column, *numbers_[c]));
      } else {
        CIVHARM_RETURN_IF_ERROR(book_->WriteText(row_, column, cells_[c]));
      }
    }
    ++row_;
    return Status::Ok();
  }

  Status Finish() override {
    if (finished_) return InvalidArgument("Finish was already called");
    finished_ = true;
    CIVHARM_RETURN_IF_ERROR(Start());
    return book_->CloseInto(out_);
  }

 private:
  Status Start() { return sheets_ == 0 ? NewSheet() : Status::Ok(); }

  Status NewSheet() {
    ++sheets_;
    const std::string name =
        sheets_ == 1 ? sheet_name_ : fmt::format("{} ({})", sheet_name_, sheets_);
    CIVHARM_RETURN_IF_ERROR(book_->AddSheet(name, header_rows_));
    const auto names = HeaderCells(fields_, HeaderRow::kNames);
    for (size_t c = 0; c < names.size(); ++c) {
      CIVHARM_RETURN_IF_ERROR(
          book_->WriteText(0, static_cast<uint16_t>(c), names[c], XlsxStyle::kBold));
    }
    if (header_rows_ == 2) {
      const auto tags = HeaderCells(fields_, HeaderRow::kHxl);
      for (size_t c = 0; c < tags.size(); ++c) {
        CIVHARM_RETURN_IF_ERROR(book_->WriteText(1, static_cast<uint16_t>(c), tags[c]));
      }
    }
    row_ = header_rows_;
    return Status::Ok();
  }

  // How an error names the record: its id, or its place in the export when it has none.
  std::string Describe(const json& record) const {
    if (auto id = record.find("id"); id != record.end() && id->is_string() && !id->empty()) {
      return fmt::format("record {}", id->get_ref<const std::string&>());
    }
    return fmt::format("record number {} of the export (it has no id)", offered_);
  }

  std::ostream& out_;
  std::optional<EntityKind> kind_;
  std::vector<FlatField> fields_;
  uint32_t header_rows_;
  uint32_t rows_per_sheet_;
  std::string sheet_name_;
  std::unique_ptr<XlsxWorkbook> book_;
  uint32_t sheets_ = 0;
  uint32_t row_ = 0;      // the next row of the current sheet
  uint64_t offered_ = 0;  // records offered to WriteJson, refused ones included
  bool finished_ = false;
  std::vector<std::string> cells_;
  std::vector<std::optional<double>> numbers_;
};

}  // namespace

Result<std::unique_ptr<RecordWriter>> OpenXlsxFieldWriter(std::ostream& out,
                                                          FieldWriterOptions options) {
  const uint32_t header_rows = options.hxl ? 2 : 1;
  if (options.rows_per_sheet <= header_rows || options.rows_per_sheet > kXlsxMaxRows) {
    return std::unexpected(
        InvalidArgument(fmt::format("an XLSX sheet holds {} to {} rows, not {}", header_rows + 1,
                                    kXlsxMaxRows, options.rows_per_sheet)));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto book, XlsxWorkbook::Create());
  return std::unique_ptr<RecordWriter>(
      new XlsxRecordWriter(out, std::move(options), std::move(book)));
}

Result<std::unique_ptr<RecordWriter>> OpenXlsxWriter(std::ostream& out,
                                                     const WriterOptions& options,
                                                     uint32_t rows_per_sheet) {
  FieldWriterOptions layout = RecordLayout(options);
  layout.rows_per_sheet = rows_per_sheet;
  return OpenXlsxFieldWriter(out, std::move(layout));
}

}  // namespace civharm::io::internal
