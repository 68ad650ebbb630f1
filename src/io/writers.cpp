// Export writers: civharm's own CSV (optionally with an HXL hashtag row), a JSON array with one
// record per line, and a GeoJSON FeatureCollection. All stream: one record in memory at a time.
// XLSX is in xlsx_writer.cpp.

#include <optional>

#include <fmt/format.h>

#include "domain/codec.h"
#include "io/csv_writer.h"
#include "io/flat_fields.h"
#include "io/io.h"
#include "io/output.h"
#include "io/field_writer.h"

namespace civharm::io {
namespace {

using internal::BufferedOutput;
using nlohmann::json;

// Strict: text that is not valid UTF-8 is refused rather than replaced, so an export never
// differs silently from what is stored.
Result<std::string> Dump(const json& j) {
  try {
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    return std::unexpected(
        InvalidArgument(fmt::format("the record cannot be written as JSON: {}", e.what())));
  }
}

class WriterBase : public RecordWriter {
 public:
  WriterBase(std::ostream& out, std::optional<EntityKind> kind) : out_(out), kind_(kind) {}

  Status Write(const AnyRecord& record) final {
    CIVHARM_RETURN_IF_ERROR(internal::CheckKind(kind_, record));
    return WriteJson(ToJson(record));
  }

  Status WriteJson(const json& record) final {
    CIVHARM_RETURN_IF_ERROR(out_.status());
    if (finished_) return InvalidArgument("the export is already finished");
    if (!started_) {
      Start();
      started_ = true;
    }
    // A record that cannot be written leaves nothing half-written behind.
    const size_t mark = out_.buffer().size();
    if (Status s = Append(record, count_ == 0); !s.ok()) {
      out_.buffer().resize(mark);
      return s;
    }
    ++count_;
    return out_.MaybeFlush();
  }

  Status Finish() final {
    if (finished_) return InvalidArgument("Finish was already called");
    finished_ = true;
    if (!started_) {
      Start();
      started_ = true;
    }
    End(count_ == 0);
    return out_.Finish();
  }

 protected:
  virtual void Start() = 0;
  virtual Status Append(const json& record, bool first) = 0;
  virtual void End(bool empty) = 0;
  std::string& text() { return out_.buffer(); }

 private:
  BufferedOutput out_;
  std::optional<EntityKind> kind_;
  bool started_ = false;
  bool finished_ = false;
  uint64_t count_ = 0;
};

class CsvWriter : public WriterBase {
 public:
  CsvWriter(std::ostream& out, internal::FieldWriterOptions options)
      : WriterBase(out, options.kind), fields_(std::move(options.fields)), hxl_(options.hxl) {}

 protected:
  void Start() override {
    internal::AppendCsvRow(text(), internal::HeaderCells(fields_, internal::HeaderRow::kNames),
                           ',');
    if (hxl_) {
      internal::AppendCsvRow(text(), internal::HeaderCells(fields_, internal::HeaderRow::kHxl),
                             ',');
    }
  }
  Status Append(const json& record, bool /*first*/) override {
    CIVHARM_RETURN_IF_ERROR(internal::GetCells(record, fields_, cells_));
    internal::AppendCsvRow(text(), cells_, ',');
    return Status::Ok();
  }
  void End(bool /*empty*/) override {}

 private:
  std::vector<internal::FlatField> fields_;
  bool hxl_;
  std::vector<std::string> cells_;
};

class JsonWriter : public WriterBase {
 public:
  using WriterBase::WriterBase;

 protected:
  void Start() override { text() += '['; }
  Status Append(const json& record, bool first) override {
    CIVHARM_ASSIGN_OR_RETURN(const std::string s, Dump(record));
    text() += first ? "\n" : ",\n";
    text() += s;
    return Status::Ok();
  }
  void End(bool empty) override { text() += empty ? "]\n" : "\n]\n"; }
};

class GeoJsonWriter : public WriterBase {
 public:
  using WriterBase::WriterBase;

 protected:
  void Start() override { text() += R"({"type":"FeatureCollection","features":[)"; }
  Status Append(const json& record, bool first) override {
    json feature = {{"type", "Feature"}};
    if (auto id = record.find("id"); id != record.end()) feature["id"] = *id;
    // Victims have no place of their own; the other kinds carry theirs under "location".
    feature["geometry"] = nullptr;
    if (auto loc = record.find("location");
        loc != record.end() && loc->contains("lat") && loc->contains("lon")) {
      feature["geometry"] = {{"type", "Point"}, {"coordinates", {(*loc)["lon"], (*loc)["lat"]}}};
    }
    feature["properties"] = record;
    CIVHARM_ASSIGN_OR_RETURN(const std::string s, Dump(feature));
    text() += first ? "\n" : ",\n";
    text() += s;
    return Status::Ok();
  }
  void End(bool empty) override { text() += empty ? "]}\n" : "\n]}\n"; }
};

}  // namespace

namespace internal {

FieldWriterOptions RecordLayout(const WriterOptions& options) {
  return {.format = options.format,
          .fields = FlatFields(options.entity),
          .hxl = options.hxl,
          .sheet_name = fmt::format("{}s", EnumName(options.entity)),
          .kind = options.entity};
}

Status CheckKind(std::optional<EntityKind> kind, const AnyRecord& record) {
  if (kind && KindOf(record) != *kind) {
    return InvalidArgument(fmt::format("this export holds {} records, not {}", EnumName(*kind),
                                       EnumName(KindOf(record))));
  }
  return Status::Ok();
}

Result<std::unique_ptr<RecordWriter>> OpenFieldWriter(std::ostream& out,
                                                      FieldWriterOptions options) {
  if (options.hxl && options.format != ExportFormat::kCsv &&
      options.format != ExportFormat::kXlsx) {
    return std::unexpected(
        InvalidArgument("HXL hashtags are written on CSV and XLSX exports only"));
  }
  switch (options.format) {
    case ExportFormat::kCsv:
      return std::unique_ptr<RecordWriter>(new CsvWriter(out, std::move(options)));
    case ExportFormat::kJson:
      return std::unique_ptr<RecordWriter>(new JsonWriter(out, options.kind));
    case ExportFormat::kGeoJson:
      return std::unique_ptr<RecordWriter>(new GeoJsonWriter(out, options.kind));
    case ExportFormat::kXlsx:
      return OpenXlsxFieldWriter(out, std::move(options));
  }
  return std::unexpected(InvalidArgument("unknown export format"));
}

}  // namespace internal

Result<std::unique_ptr<RecordWriter>> OpenWriter(std::ostream& out, const WriterOptions& options) {
  return internal::OpenFieldWriter(out, internal::RecordLayout(options));
}

}  // namespace civharm::io
