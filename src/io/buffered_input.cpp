#include "io/buffered_input.h"

#include <cstring>

namespace civharm::io::internal {

Status BufferedInput::ReadMore(size_t at_least) {
  if (eof_) return Status::Ok();
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() < end_ + at_least) buffer_.resize(end_ + at_least);
  in_.read(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
  end_ += static_cast<size_t>(in_.gcount());
  if (in_.bad()) return Unavailable("could not read the input: the stream failed");
  if (in_.eof()) {
    eof_ = true;
  } else if (in_.fail()) {
    return Unavailable("could not read the input: the stream failed");
  }
  return Status::Ok();
}

}  // namespace civharm::io::internal
