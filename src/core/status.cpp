#include "core/status.h"

#include <fmt/format.h>

namespace civharm {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kResourceExhausted:
      return "resource_exhausted";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kDataLoss:
      return "data_loss";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Status& Status::Prepend(std::string_view context) {
  message_ = fmt::format("{}: {}", context, message_);
  return *this;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (field_.empty()) return fmt::format("{}: {}", ErrorCodeName(code_), message_);
  return fmt::format("{}: {}: {}", ErrorCodeName(code_), field_, message_);
}

Status ValidationFailed(std::vector<FieldError> problems) {
  Status s = InvalidArgument(problems.front().message, problems.front().field);
  s.WithDetails(std::move(problems));
  return s;
}

}  // namespace civharm
