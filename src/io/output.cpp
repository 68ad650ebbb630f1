#include "io/output.h"

namespace civharm::io::internal {

Status BufferedOutput::Flush() {
  if (!status_.ok()) return status_;
  if (!buffer_.empty()) out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  // Once the stream has failed, nothing after it can be trusted to have landed: stay failed.
  if (!out_)
    status_ = Unavailable("could not write the output: the stream failed (disk full or closed?)");
  return status_;
}

Status BufferedOutput::Finish() {
  CIVHARM_RETURN_IF_ERROR(Flush());
  out_.flush();
  if (!out_)
    status_ = Unavailable("could not write the output: the stream failed (disk full or closed?)");
  return status_;
}

}  // namespace civharm::io::internal
