// Reject files: the rows an import refused, written so that they can be mended and imported
// again — CSV rows keep their original cells (with the reasons in a last column that every CSV
// reader ignores), JSON elements stay JSON.

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/csv_row_reader.h"
#include "io/csv_writer.h"
#include "io/describe.h"
#include "io/output.h"

namespace civharm::io {
namespace {

using internal::BufferedOutput;
using nlohmann::json;

std::string Reasons(const ImportRow& row) {
  std::string out;
  for (const RowError& e : row.errors) {
    if (!out.empty()) out += "; ";
    out += Describe(e);
  }
  return out;
}

class CsvRejectWriter : public RejectWriter {
 public:
  CsvRejectWriter(std::ostream& out, std::vector<std::string> header, char delimiter)
      : out_(out), header_(std::move(header)), delimiter_(delimiter) {
    // A mended reject file may be refused again: its reasons column is reused, not repeated.
    for (size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] == internal::kErrorsColumn) errors_at_ = i;
    }
    input_width_ = header_.size();
    if (errors_at_ == static_cast<size_t>(-1)) {
      errors_at_ = header_.size();
      header_.emplace_back(internal::kErrorsColumn);
    }
  }

  Status Write(const ImportRow& row) override {
    CIVHARM_RETURN_IF_ERROR(Start());
    const size_t width = header_.size();
    cells_.assign(width, std::string());
    // The cells as read, in their columns; a cell the header has no column for (itself one of
    // the reasons the row was refused) goes after the reasons, so that nothing is lost.
    for (size_t i = 0; i < row.raw.size(); ++i) {
      if (i < input_width_ && i != errors_at_)
        cells_[i] = row.raw[i];
      else if (i >= input_width_ && !row.raw[i].empty())
        cells_.push_back(row.raw[i]);
    }
    cells_[errors_at_] = Reasons(row);
    internal::AppendCsvRow(out_.buffer(), cells_, delimiter_);
    return out_.MaybeFlush();
  }

  Status Finish() override {
    CIVHARM_RETURN_IF_ERROR(Start());
    return out_.Finish();
  }

 private:
  Status Start() {
    if (!started_) {
      internal::AppendCsvRow(out_.buffer(), header_, delimiter_);
      started_ = true;
    }
    return out_.status();
  }

  BufferedOutput out_;
  std::vector<std::string> header_;
  char delimiter_;
  size_t errors_at_ = static_cast<size_t>(-1);  // the reasons column
  size_t input_width_ = 0;                      // the columns of the input
  bool started_ = false;
  std::vector<std::string> cells_;
};

class JsonRejectWriter : public RejectWriter {
 public:
  explicit JsonRejectWriter(std::ostream& out) : out_(out) {}

  Status Write(const ImportRow& row) override {
    CIVHARM_RETURN_IF_ERROR(out_.status());
    json line = {{"row", row.row}, {"line", row.line}};
    json errors = json::array();
    for (const RowError& e : row.errors)
      errors.push_back({{"column", e.column}, {"message", e.message}});
    line["errors"] = std::move(errors);
    // The element as it was; when it is not JSON at all, its text.
    const std::string text = row.raw.empty() ? std::string() : row.raw.front();
    json element = json::parse(text, nullptr, /*allow_exceptions=*/false);
    line["record"] = element.is_discarded() ? json(text) : std::move(element);
    // Replacement characters only where the input itself was not UTF-8: JSON cannot carry it.
    out_.buffer() += line.dump(-1, ' ', false, json::error_handler_t::replace);
    out_.buffer() += '\n';
    return out_.MaybeFlush();
  }

  Status Finish() override { return out_.Finish(); }

 private:
  BufferedOutput out_;
};

}  // namespace

Result<std::unique_ptr<RejectWriter>> OpenRejectWriter(std::ostream& out, ImportFormat format,
                                                       const std::vector<std::string>& header,
                                                       char delimiter) {
  if (format == ImportFormat::kJson)
    return std::unique_ptr<RejectWriter>(new JsonRejectWriter(out));
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == '\0') {
    return std::unexpected(
        InvalidArgument("the CSV delimiter may not be a quote, a line break or NUL"));
  }
  return std::unique_ptr<RejectWriter>(new CsvRejectWriter(out, header, delimiter));
}

}  // namespace civharm::io
