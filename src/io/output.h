// A buffer in front of an output stream for the writers: text is gathered in memory and written
// in large pieces, and the first failure of the stream (disk full, closed pipe) becomes a Status
// that every later call returns again.
//
//   BufferedOutput out(stream);
//   out.buffer() += "id,title\n";
//   CIVHARM_RETURN_IF_ERROR(out.MaybeFlush());   // writes once enough has gathered
//   CIVHARM_RETURN_IF_ERROR(out.Finish());       // writes the rest and flushes the stream
#pragma once

#include <ostream>
#include <string>

#include "core/status.h"

namespace civharm::io::internal {

class BufferedOutput {
 public:
  explicit BufferedOutput(std::ostream& out) : out_(out) {}
  std::string& buffer() { return buffer_; }
  const Status& status() const { return status_; }
  Status MaybeFlush() { return buffer_.size() >= kFlushBytes ? Flush() : status_; }
  Status Flush();
  Status Finish();

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  std::ostream& out_;
  std::string buffer_;
  Status status_;
};

}  // namespace civharm::io::internal
