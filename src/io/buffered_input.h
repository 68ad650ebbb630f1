// A window onto an input stream for the streaming readers (CSV, JSON array): bytes are read in
// large chunks, and only the part not yet consumed is kept when more is read, so memory stays
// bounded by the longest record, never the file.
#pragma once

#include <cstddef>
#include <istream>
#include <vector>

#include "core/status.h"

namespace civharm::io::internal {

class BufferedInput {
 protected:
  explicit BufferedInput(std::istream& in) : in_(in) {}

  // Drops the consumed bytes [0, begin_) and reads until the buffer has room for `at_least`
  // more bytes past end_ (or the input ends). Fails only when the stream fails.
  Status ReadMore(size_t at_least);

  std::istream& in_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // end of the valid bytes
  bool eof_ = false;
};

}  // namespace civharm::io::internal
