#include "io/json_array_reader.h"

#include <algorithm>
#include <cstring>
#include <istream>

#include <fmt/format.h>

namespace civharm::io::internal {
namespace {

constexpr size_t kChunkBytes = 1 << 20;
// One record is never this large; an element that is has lost a bracket, and stopping keeps
// memory bounded.
constexpr size_t kMaxElementBytes = size_t{64} << 20;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string Shown(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
    return fmt::format("byte 0x{:02X}", static_cast<unsigned char>(c));
  }
  return fmt::format("'{}'", c);
}

}  // namespace

Result<std::unique_ptr<JsonArrayScanner>> JsonArrayScanner::Open(std::istream& in) {
  std::unique_ptr<JsonArrayScanner> s(new JsonArrayScanner(in));
  while (s->end_ - s->begin_ < 3 && !s->eof_) CIVHARM_RETURN_IF_ERROR(s->ReadMore(kChunkBytes));
  if (s->end_ - s->begin_ >= 3 && std::memcmp(s->buffer_.data(), "\xEF\xBB\xBF", 3) == 0)
    s->Consume(3);
  CIVHARM_ASSIGN_OR_RETURN(const bool any, s->SkipWhitespace());
  if (!any)
    return std::unexpected(
        InvalidArgument("the file is empty: a JSON array of records is expected"));
  if (s->Peek() != '[') {
    return std::unexpected(
        InvalidArgument(fmt::format("line {}: a civharm JSON file holds one array of records "
                                    "([{{...}}, {{...}}]), but it starts with {}",
                                    s->line_, Shown(s->Peek()))));
  }
  s->Consume(1);
  return s;
}

void JsonArrayScanner::Consume(size_t n) {
  // CR LF is one line break; so are a lone CR and a lone LF. A CR at the end of one read and
  // an LF at the start of the next are still one.
  for (size_t i = begin_; i < begin_ + n; ++i) {
    const char c = buffer_[i];
    if (c == '\r') {
      ++line_;
      after_cr_ = true;
    } else {
      if (c == '\n' && !after_cr_) ++line_;
      after_cr_ = false;
    }
  }
  begin_ += n;
  consumed_ += n;
}

Result<bool> JsonArrayScanner::SkipWhitespace() {
  while (true) {
    if (begin_ == end_) {
      if (eof_) return false;
      CIVHARM_RETURN_IF_ERROR(ReadMore(kChunkBytes));
      continue;
    }
    size_t n = 0;
    while (begin_ + n < end_ && IsSpace(buffer_[begin_ + n])) ++n;
    Consume(n);
    if (begin_ < end_) return true;
  }
}

Result<size_t> JsonArrayScanner::ScanElement() {
  const char* const start = buffer_.data() + begin_;
  const char* const limit = buffer_.data() + end_;
  const char* p = start;
  const char first = *p;
  if (first == '{' || first == '[') {
    int64_t depth = 0;
    bool in_string = false;
    for (; p < limit; ++p) {
      const char c = *p;
      if (in_string) {
        if (c == '\\') {
          ++p;  // the escaped character, whatever it is, cannot end the string
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return static_cast<size_t>(p + 1 - start);
      }
    }
  } else if (first == '"') {
    for (++p; p < limit; ++p) {
      if (*p == '\\')
        ++p;
      else if (*p == '"')
        return static_cast<size_t>(p + 1 - start);
    }
  } else {
    // A number, true, false or null: up to the next separator.
    while (p < limit && !IsSpace(*p) && *p != ',' && *p != ']' && *p != '[' && *p != '{' &&
           *p != '}')
      ++p;
    if (p < limit || eof_) return static_cast<size_t>(p - start);
  }
  if (eof_) {
    return std::unexpected(InvalidArgument(
        fmt::format("line {}: the file ends inside the element that starts here (element {})",
                    line_, count_ + 1)));
  }
  return size_t{0};
}

Result<bool> JsonArrayScanner::Next(Element& element) {
  while (true) {
    if (state_ == State::kDone) return false;
    CIVHARM_ASSIGN_OR_RETURN(const bool any, SkipWhitespace());
    if (!any) {
      return std::unexpected(InvalidArgument(fmt::format(
          "line {}: the file ends before the array of records is closed with ']'", line_)));
    }
    const char c = Peek();
    if (state_ == State::kAfterElement) {
      if (c == ',') {
        Consume(1);
        state_ = State::kAfterComma;
        continue;
      }
      if (c != ']') {
        return std::unexpected(InvalidArgument(fmt::format(
            "line {}: expected ',' or ']' after element {}, found {}", line_, count_, Shown(c))));
      }
    }
    if (c == ']') {
      if (state_ == State::kAfterComma) {
        return std::unexpected(InvalidArgument(
            fmt::format("line {}: a comma before ']' (JSON allows no trailing comma)", line_)));
      }
      Consume(1);
      state_ = State::kDone;
      CIVHARM_ASSIGN_OR_RETURN(const bool more, SkipWhitespace());
      if (more) {
        return std::unexpected(InvalidArgument(
            fmt::format("line {}: text follows the closing ']' of the array of records", line_)));
      }
      return false;
    }
    if (c == ',') {
      return std::unexpected(
          InvalidArgument(fmt::format("line {}: a comma where an element is expected", line_)));
    }
    while (true) {
      CIVHARM_ASSIGN_OR_RETURN(const size_t n, ScanElement());
      if (n > 0) {
        element.text.assign(buffer_.data() + begin_, n);
        element.line = line_;
        element.index = ++count_;
        Consume(n);
        state_ = State::kAfterElement;
        return true;
      }
      const size_t pending = end_ - begin_;
      if (pending >= kMaxElementBytes) {
        return std::unexpected(InvalidArgument(fmt::format(
            "line {}: an element longer than {} MiB starts here; is a bracket or quote missing?",
            line_, kMaxElementBytes >> 20)));
      }
      CIVHARM_RETURN_IF_ERROR(ReadMore(std::max(kChunkBytes, pending)));
    }
  }
}

}  // namespace civharm::io::internal
