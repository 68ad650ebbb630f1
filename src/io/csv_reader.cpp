#include "io/csv_reader.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <map>

#include <fmt/format.h>

#include "core/strings.h"

namespace civharm::io::internal {
namespace {

// Large reads keep the number of stream calls per megabyte tiny; the buffer grows beyond this
// only for a single record that is larger.
constexpr size_t kChunkBytes = 1 << 20;
// A record this large is almost always an unbalanced quote swallowing the rest of the file;
// stopping here keeps memory bounded and points at the line where the trouble starts.
constexpr size_t kMaxRecordBytes = size_t{64} << 20;

// Line breaks in [p, q): CR LF counts once, a lone CR or a lone LF once each. The byte before p
// is never a CR here (it is a quote), so looking back one byte inside the range is enough.
uint64_t CountBreaks(const char* p, const char* q) {
  uint64_t n = 0;
  for (const char* c = p; c < q; ++c) {
    if (*c == '\r')
      ++n;
    else if (*c == '\n' && !(c > p && c[-1] == '\r'))
      ++n;
  }
  return n;
}

// Most cells are ASCII; looking at eight bytes at a time finds that quickly, and only the rest
// pay for a full UTF-8 check.
bool HasHighBit(const std::string& s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  uint64_t any = 0;
  for (; end - p >= 8; p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    any |= w;
  }
  for (; p < end; ++p) any |= static_cast<unsigned char>(*p);
  return (any & 0x8080808080808080ULL) != 0;
}

}  // namespace

CsvReader::CsvReader(std::istream& in, CsvOptions options) : BufferedInput(in), options_(options) {
  special_[static_cast<unsigned char>(options_.delimiter)] = true;
  special_[static_cast<unsigned char>('\r')] = true;
  special_[static_cast<unsigned char>('\n')] = true;
}

CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::Open(std::istream& in, CsvOptions options) {
  const char d = options.delimiter;
  if (d == '"' || d == '\r' || d == '\n' || d == '\0') {
    return std::unexpected(
        InvalidArgument("the CSV delimiter may not be a quote, a line break or NUL"));
  }
  std::unique_ptr<CsvReader> r(new CsvReader(in, options));

  // A UTF-8 byte-order mark is not part of the first column's name.
  while (r->end_ - r->begin_ < 3 && !r->eof_) CIVHARM_RETURN_IF_ERROR(r->ReadMore(kChunkBytes));
  if (r->end_ - r->begin_ >= 3 &&
      std::memcmp(r->buffer_.data() + r->begin_, "\xEF\xBB\xBF", 3) == 0) {
    r->begin_ += 3;
    r->consumed_ += 3;
  }

  // The header is the first line that is not blank.
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(const Parse p, r->ReadRecord());
    if (p == Parse::kEnd) {
      return std::unexpected(
          InvalidArgument("the file is empty: a header row naming the columns is expected"));
    }
    const uint64_t line = r->line_;
    r->begin_ += r->record_bytes_;
    r->consumed_ += r->record_bytes_;
    r->line_ += r->record_breaks_;
    if (r->RecordIsBlank()) continue;
    r->header_line_ = line;
    break;
  }
  const uint64_t line = r->header_line_;
  if (!r->quote_problems_.empty()) {
    return std::unexpected(
        InvalidArgument(fmt::format("line {}: header column {} has text after its closing quote",
                                    line, r->quote_problems_[0].field + 1)));
  }
  // Blank names at the end are the empty columns spreadsheets leave behind; they are dropped
  // (a value under one is reported per row). A blank name in the middle cannot be mapped.
  size_t named = r->field_count_;
  while (named > 0 && Trim(r->fields_[named - 1]).empty()) --named;
  std::map<std::string, size_t, std::less<>> seen;
  for (size_t i = 0; i < named; ++i) {
    std::string name(Trim(r->fields_[i]));
    if (name.empty()) {
      return std::unexpected(InvalidArgument(
          fmt::format("line {}: column {} of the header has no name", line, i + 1)));
    }
    if (!IsValidUtf8(name)) {
      return std::unexpected(
          InvalidArgument(fmt::format("line {}: the name of column {} is not valid UTF-8 (was the "
                                      "file saved in another encoding?)",
                                      line, i + 1)));
    }
    if (auto [it, inserted] = seen.emplace(name, i); !inserted) {
      return std::unexpected(InvalidArgument(
          fmt::format("line {}: the header names column '{}' twice (columns {} and {})", line, name,
                      it->second + 1, i + 1)));
    }
    r->header_.push_back(std::move(name));
  }
  return r;
}

std::optional<size_t> CsvReader::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

Result<CsvReader::Parse> CsvReader::ReadRecord() {
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(const Parse p, ParseRecord());
    if (p != Parse::kNeedMore) return p;
    const size_t pending = end_ - begin_;
    if (pending >= kMaxRecordBytes) {
      return std::unexpected(InvalidArgument(
          fmt::format("line {}: a record longer than {} MiB starts here; is a quote left open?",
                      line_, kMaxRecordBytes >> 20)));
    }
    // Reading at least as much again as is pending keeps a long record linear, not quadratic,
    // although each attempt parses it from its start.
    CIVHARM_RETURN_IF_ERROR(ReadMore(std::max(kChunkBytes, pending)));
  }
}

Result<CsvReader::Parse> CsvReader::ParseRecord() {
  const char* const start = buffer_.data() + begin_;
  const char* const limit = buffer_.data() + end_;
  const char* p = start;
  field_count_ = 0;
  record_breaks_ = 0;
  quote_problems_.clear();
  if (p == limit) return eof_ ? Parse::kEnd : Parse::kNeedMore;
  const char delimiter = options_.delimiter;

  while (true) {
    if (field_count_ == fields_.size()) fields_.emplace_back();
    std::string& cell = fields_[field_count_++];
    cell.clear();

    if (p < limit && *p == '"') {
      const uint64_t opened_on = line_ + record_breaks_;
      ++p;
      while (true) {
        const auto* q =
            static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(limit - p)));
        if (q == nullptr) {
          if (!eof_) return Parse::kNeedMore;
          return std::unexpected(InvalidArgument(fmt::format(
              "line {}: a quoted value starts here but the file ends before its closing quote",
              opened_on)));
        }
        record_breaks_ += CountBreaks(p, q);
        cell.append(p, static_cast<size_t>(q - p));
        p = q + 1;
        if (p == limit && !eof_) return Parse::kNeedMore;  // is the next byte a second quote?
        if (p < limit && *p == '"') {
          cell.push_back('"');
          ++p;
          continue;
        }
        break;
      }
      // Text after the closing quote usually means a quote inside the value was not doubled.
      // It is kept (read on as unquoted text) and reported, never dropped.
      if (p < limit && *p != delimiter && *p != '\r' && *p != '\n') {
        quote_problems_.push_back({field_count_ - 1});
      }
    }

    const char* q = p;
    while (q < limit && !special_[static_cast<unsigned char>(*q)]) ++q;
    cell.append(p, static_cast<size_t>(q - p));
    p = q;
    if (p == limit) {
      if (!eof_) return Parse::kNeedMore;
      record_bytes_ = static_cast<size_t>(p - start);  // the last record, without a line break
      return Parse::kRecord;
    }
    if (*p == delimiter) {
      ++p;
      continue;
    }
    if (*p == '\r') {
      if (p + 1 == limit && !eof_) return Parse::kNeedMore;  // CR LF split across reads
      ++p;
      if (p < limit && *p == '\n') ++p;
    } else {
      ++p;
    }
    ++record_breaks_;
    record_bytes_ = static_cast<size_t>(p - start);
    return Parse::kRecord;
  }
}

bool CsvReader::RecordIsBlank() const {
  for (size_t i = 0; i < field_count_; ++i) {
    if (!Trim(fields_[i]).empty()) return false;
  }
  return true;
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(const Parse p, ReadRecord());
    if (p == Parse::kEnd) return false;
    const uint64_t line = line_;
    begin_ += record_bytes_;
    consumed_ += record_bytes_;
    line_ += record_breaks_;
    // A blank line (or one holding only delimiters and spaces) carries no data: not a row.
    if (RecordIsBlank()) continue;

    ++row_;
    record.row = row_;
    record.line = line;
    record.errors.clear();
    const size_t width = header_.size();
    size_t keep = width;
    for (size_t i = width; i < field_count_; ++i) {
      if (!fields_[i].empty()) keep = i + 1;
    }
    record.cells.resize(keep);
    const size_t have = std::min(field_count_, keep);
    for (size_t i = 0; i < have; ++i) record.cells[i].swap(fields_[i]);
    for (size_t i = have; i < keep; ++i) record.cells[i].clear();

    auto add = [&](size_t column, std::string message) {
      if (column < width) {
        record.errors.push_back({row_, line, header_[column], std::move(message)});
      } else {
        record.errors.push_back(
            {row_, line, "", fmt::format("column {}: {}", column + 1, message)});
      }
    };
    for (size_t i = width; i < keep; ++i) {
      if (!record.cells[i].empty()) {
        record.errors.push_back({row_, line, "",
                                 fmt::format("column {} holds a value but the header names only {} "
                                             "columns; name the column or remove the value",
                                             i + 1, width)});
      }
    }
    for (const QuoteProblem& q : quote_problems_) {
      add(q.field,
          "text follows the closing quote; a quote inside a quoted value must be doubled (\"\")");
    }
    for (size_t i = 0; i < keep; ++i) {
      if (HasHighBit(record.cells[i]) && !IsValidUtf8(record.cells[i])) {
        add(i, "is not valid UTF-8 text (was the file saved in another encoding?)");
      }
    }
    return true;
  }
}

}  // namespace civharm::io::internal
