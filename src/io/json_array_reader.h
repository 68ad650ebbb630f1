// Finds the elements of a top-level JSON array one at a time, so that a file of a million records
// is read with the memory of one: it tracks nesting, strings and escapes only to know where each
// element ends, and leaves parsing the element to nlohmann.
//
//   auto scanner = internal::JsonArrayScanner::Open(in);   // error unless the file is an array
//   internal::JsonArrayScanner::Element e;
//   while (true) {
//     Result<bool> more = (*scanner)->Next(e);
//     if (!more) return more.error();      // broken structure between elements, I/O failure
//     if (!*more) break;                   // the closing ']'
//     auto j = nlohmann::json::parse(e.text);  // e.line: where the element starts
//   }
//
// Not thread-safe; one scanner per stream.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "io/buffered_input.h"

namespace civharm::io::internal {

class JsonArrayScanner : private BufferedInput {
 public:
  struct Element {
    std::string text;    // the element's JSON text, as in the file
    uint64_t line = 0;   // the line it starts on (from 1)
    uint64_t index = 0;  // its position in the array (from 1)
  };

  // Reads up to the opening '['. Anything else at the top level is an error (invalid_argument).
  static Result<std::unique_ptr<JsonArrayScanner>> Open(std::istream& in);

  // The next element, or false after the closing ']' (and nothing but white space after it).
  // Errors name the line: a missing comma, a trailing comma, the file ending inside the array.
  // An element that is not valid JSON inside is not an error here: its parser reports it.
  Result<bool> Next(Element& element);

  uint64_t bytes_read() const { return consumed_; }

 private:
  enum class State { kFirst, kAfterElement, kAfterComma, kDone };

  explicit JsonArrayScanner(std::istream& in) : BufferedInput(in) {}
  Result<bool> SkipWhitespace();  // false at the end of input
  // The length of the element starting at begin_, or 0 when the buffer ends inside it.
  Result<size_t> ScanElement();
  void Consume(size_t n);
  char Peek() const { return buffer_[begin_]; }

  State state_ = State::kFirst;
  uint64_t line_ = 1;
  bool after_cr_ = false;
  uint64_t consumed_ = 0;
  uint64_t count_ = 0;
};

}  // namespace civharm::io::internal
