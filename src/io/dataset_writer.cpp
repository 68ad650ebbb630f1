#include "io/dataset_writer.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "io/csv_writer.h"
#include "io/flat_fields.h"
#include "io/output.h"
#include "io/xlsx_workbook.h"

namespace civharm::io {
namespace {

using internal::BufferedOutput;
using internal::CellType;
using internal::FlatField;
using nlohmann::json;

Result<std::string> Dump(const json& j) {
  try {
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    return std::unexpected(
        InvalidArgument(fmt::format("the document cannot be written as JSON: {}", e.what())));
  }
}

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

Status CheckObject(const json& doc) {
  if (!doc.is_object()) return InvalidArgument("a dataset row must be a JSON object");
  return Status::Ok();
}

// CSV, JSON and GeoJSON: text gathered in a buffer, written in large pieces.
class TextDatasetWriter : public DatasetWriter {
 public:
  TextDatasetWriter(std::ostream& out, const DatasetWriterOptions& options)
      : out_(out), format_(options.format), fields_(FieldsOf(options.columns)), hxl_(options.hxl) {}

  Status Write(const json& doc) override {
    CIVHARM_RETURN_IF_ERROR(out_.status());
    if (finished_) return InvalidArgument("the dataset is already finished");
    CIVHARM_RETURN_IF_ERROR(CheckObject(doc));
    Start();
    const size_t mark = out_.buffer().size();
    if (Status s = Append(doc); !s.ok()) {
      out_.buffer().resize(mark);
      return s;
    }
    ++count_;
    return out_.MaybeFlush();
  }

  Status Finish() override {
    if (finished_) return InvalidArgument("Finish was already called");
    finished_ = true;
    Start();
    if (format_ == ExportFormat::kJson) out_.buffer() += count_ == 0 ? "]\n" : "\n]\n";
    if (format_ == ExportFormat::kGeoJson) out_.buffer() += count_ == 0 ? "]}\n" : "\n]}\n";
    return out_.Finish();
  }

 private:
  void Start() {
    if (started_) return;
    started_ = true;
    std::string& text = out_.buffer();
    switch (format_) {
      case ExportFormat::kCsv:
        internal::AppendCsvRow(text, HeaderCells(fields_, internal::HeaderRow::kNames), ',');
        if (hxl_) {
          internal::AppendCsvRow(text, HeaderCells(fields_, internal::HeaderRow::kHxl), ',');
        }
        break;
      case ExportFormat::kJson:
        text += '[';
        break;
      case ExportFormat::kGeoJson:
        text += R"({"type":"FeatureCollection","features":[)";
        break;
      case ExportFormat::kXlsx:
        break;
    }
  }

  Status Append(const json& doc) {
    std::string& text = out_.buffer();
    if (format_ == ExportFormat::kCsv) {
      CIVHARM_RETURN_IF_ERROR(internal::GetCells(doc, fields_, cells_));
      internal::AppendCsvRow(text, cells_, ',');
      return Status::Ok();
    }
    json item = doc;
    if (format_ == ExportFormat::kGeoJson) {
      item = {{"type", "Feature"}};
      if (auto id = doc.find("id"); id != doc.end()) item["id"] = *id;
      item["geometry"] = nullptr;
      if (auto loc = doc.find("location");
          loc != doc.end() && loc->contains("lat") && loc->contains("lon")) {
        item["geometry"] = {{"type", "Point"}, {"coordinates", {(*loc)["lon"], (*loc)["lat"]}}};
      }
      item["properties"] = doc;
    }
    CIVHARM_ASSIGN_OR_RETURN(const std::string s, Dump(item));
    text += count_ == 0 ? "\n" : ",\n";
    text += s;
    return Status::Ok();
  }

  BufferedOutput out_;
  ExportFormat format_;
  std::vector<FlatField> fields_;
  bool hxl_;
  bool started_ = false;
  bool finished_ = false;
  uint64_t count_ = 0;
  std::vector<std::string> cells_;
};

class XlsxDatasetWriter : public DatasetWriter {
 public:
  XlsxDatasetWriter(std::ostream& out, const DatasetWriterOptions& options,
                    std::unique_ptr<internal::XlsxWorkbook> book)
      : out_(out),
        fields_(FieldsOf(options.columns)),
        header_rows_(options.hxl ? 2 : 1),
        sheet_name_(options.sheet_name),
        book_(std::move(book)) {}

  Status Write(const json& doc) override {
    if (finished_) return InvalidArgument("the dataset is already finished");
    CIVHARM_RETURN_IF_ERROR(CheckObject(doc));
    CIVHARM_RETURN_IF_ERROR(Start());
    CIVHARM_RETURN_IF_ERROR(internal::GetCells(doc, fields_, cells_));
    // The whole row is checked first: the library cannot take a cell back.
    numbers_.assign(fields_.size(), std::nullopt);
    for (size_t c = 0; c < fields_.size(); ++c) {
      if (cells_[c].empty()) continue;
      if (fields_[c].type == CellType::kNumber) numbers_[c] = internal::ExactExcelNumber(cells_[c]);
      if (numbers_[c]) continue;
      if (Status s = internal::CheckCellLength(cells_[c]); !s.ok()) {
        return InvalidArgument(
            fmt::format("row {}, column {}: {}", row_ + 1, fields_[c].name, s.message()),
            fields_[c].name);
      }
    }
    if (row_ >= internal::kXlsxMaxRows) {
      return InvalidArgument(
          fmt::format("a sheet holds {} rows; this dataset needs more", internal::kXlsxMaxRows));
    }
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
  Status Start() {
    if (started_) return Status::Ok();
    started_ = true;
    CIVHARM_RETURN_IF_ERROR(book_->AddSheet(sheet_name_, header_rows_));
    const auto names = HeaderCells(fields_, internal::HeaderRow::kNames);
    for (size_t c = 0; c < names.size(); ++c) {
      CIVHARM_RETURN_IF_ERROR(
          book_->WriteText(0, static_cast<uint16_t>(c), names[c], internal::XlsxStyle::kBold));
    }
    if (header_rows_ == 2) {
      const auto tags = HeaderCells(fields_, internal::HeaderRow::kHxl);
      for (size_t c = 0; c < tags.size(); ++c) {
        CIVHARM_RETURN_IF_ERROR(book_->WriteText(1, static_cast<uint16_t>(c), tags[c]));
      }
    }
    row_ = header_rows_;
    return Status::Ok();
  }

  std::ostream& out_;
  std::vector<FlatField> fields_;
  uint32_t header_rows_;
  std::string sheet_name_;
  std::unique_ptr<internal::XlsxWorkbook> book_;
  bool started_ = false;
  bool finished_ = false;
  uint32_t row_ = 0;
  std::vector<std::string> cells_;
  std::vector<std::optional<double>> numbers_;
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
  if (options.format == ExportFormat::kXlsx) {
    CIVHARM_ASSIGN_OR_RETURN(auto book, internal::XlsxWorkbook::Create());
    return std::unique_ptr<DatasetWriter>(new XlsxDatasetWriter(out, options, std::move(book)));
  }
  return std::unique_ptr<DatasetWriter>(new TextDatasetWriter(out, options));
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
