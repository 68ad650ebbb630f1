// The CSV reader under every CSV importer: RFC 4180 quoting, tolerant of what real exports do
// (byte-order mark, mixed line endings, stray spaces in header names, blank trailing columns,
// short rows) and strict where silence would lose data (values beyond the header, invalid UTF-8,
// a quote that never closes).
//
//   auto csv = internal::CsvReader::Open(in, {.delimiter = ';'});
//   if (!csv) return csv.error();                  // empty file, duplicate header names, ...
//   internal::CsvRecord rec;
//   while (true) {
//     Result<bool> more = (*csv)->Next(rec);
//     if (!more) return more.error();              // unterminated quote, I/O failure
//     if (!*more) break;                           // end of input
//     use(rec.cells, rec.errors);                  // one cell per header column
//   }
//
// It reads the stream in large chunks and keeps only the current record in memory, so memory
// does not grow with the file. Not thread-safe; one reader per stream.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/buffered_input.h"
#include "io/io.h"

namespace civharm::io::internal {

struct CsvOptions {
  char delimiter = ',';
};

// One record (data row) of a CSV file.
struct CsvRecord {
  uint64_t row = 0;   // data rows counted from 1; blank lines are not rows
  uint64_t line = 0;  // physical line where the record starts (from 1)
  // One cell per header column (missing trailing cells read as empty), followed by any non-empty
  // cells beyond the header (each of which is also an error below).
  std::vector<std::string> cells;
  // Problems of this row found while reading it: invalid UTF-8, values beyond the header, text
  // after a closing quote. Each names the row, line and column.
  std::vector<RowError> errors;
};

class CsvReader : private BufferedInput {
 public:
  // Reads the header. Fails (invalid_argument) on an empty input, an unnamed column in the
  // middle of the header, duplicate names, invalid UTF-8 or broken quoting in the header.
  static Result<std::unique_ptr<CsvReader>> Open(std::istream& in, CsvOptions options = {});

  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The column names, trimmed, without the blank trailing columns.
  const std::vector<std::string>& header() const { return header_; }
  // The position of a column in header(), or nullopt.
  std::optional<size_t> ColumnIndex(std::string_view name) const;
  uint64_t header_line() const { return header_line_; }

  // Reads the next record into `record` (reusing its storage). Returns false at the end of the
  // input. An error means the input cannot be read on: a quoted field that never closes, a record
  // larger than 64 MiB (almost always an unbalanced quote), or a failing stream.
  Result<bool> Next(CsvRecord& record);

  // Bytes of input consumed through the last record returned.
  uint64_t bytes_read() const { return consumed_; }
  // The size of the read buffer: one read (1 MiB) plus the part of a record it cut, or more
  // for a record larger than that. For tests that check memory stays bounded.
  size_t buffer_bytes() const { return buffer_.size(); }

 private:
  enum class Parse { kRecord, kNeedMore, kEnd };
  struct QuoteProblem {
    size_t field;
  };

  CsvReader(std::istream& in, CsvOptions options);
  // Parses one record starting at begin_ into fields_ [0, field_count_). kNeedMore means the
  // buffer ends inside the record and the input has more; the caller reads and parses again.
  Result<Parse> ParseRecord();
  Result<Parse> ReadRecord();  // ParseRecord, reading more input as needed
  bool RecordIsBlank() const;

  CsvOptions options_;
  bool special_[256] = {};

  // The record being parsed.
  std::vector<std::string> fields_;
  size_t field_count_ = 0;
  size_t record_bytes_ = 0;
  uint64_t record_breaks_ = 0;  // line breaks inside the record, its terminator included
  std::vector<QuoteProblem> quote_problems_;

  std::vector<std::string> header_;
  uint64_t header_line_ = 0;
  uint64_t line_ = 1;  // the line the next record starts on
  uint64_t row_ = 0;
  uint64_t consumed_ = 0;
};

}  // namespace civharm::io::internal
