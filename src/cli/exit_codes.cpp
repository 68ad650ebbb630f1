#include "cli/exit_codes.h"

#include <fmt/format.h>

namespace civharm::cli {

int ExitCodeFor(ErrorCode code) {
  // When adding an ErrorCode, add its exit code here (and its status in api/error_mapping.cpp).
  switch (code) {
    case ErrorCode::kOk:
      return 0;
    case ErrorCode::kInternal:
      return 1;
    case ErrorCode::kInvalidArgument:
      return 2;
    case ErrorCode::kNotFound:
      return 3;
    case ErrorCode::kAlreadyExists:
      return 4;
    case ErrorCode::kConflict:
      return 4;
    case ErrorCode::kPermissionDenied:
      return 5;
    case ErrorCode::kUnauthenticated:
      return 5;
    case ErrorCode::kResourceExhausted:
      return 6;
    case ErrorCode::kUnavailable:
      return 6;
    case ErrorCode::kDataLoss:
      return 7;
  }
  return 1;
}

int Fail(const Status& status) {
  if (status.field().empty()) {
    fmt::print(stderr, "civharm: {}\n", status.message());
  } else {
    fmt::print(stderr, "civharm: {}: {}\n", status.field(), status.message());
  }
  return ExitCodeFor(status.code());
}

}  // namespace civharm::cli
