#include "cli/exit_codes.h"

#include <vector>

#include <fmt/format.h>

#include "core/strings.h"

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

int FailAll(const Status& status) {
  const int code = Fail(status);
  const auto& details = status.details();
  for (size_t i = 1; i < details.size(); ++i) {
    if (details[i].field.empty()) {
      fmt::print(stderr, "civharm: {}\n", details[i].message);
    } else {
      fmt::print(stderr, "civharm: {}: {}\n", details[i].field, details[i].message);
    }
  }
  return code;
}

Status Under(const Status& status, std::string_view prefix, bool name_whole) {
  const auto place = [&](const std::string& field) {
    if (field.empty()) return name_whole ? std::string(prefix) : field;
    if (field.starts_with(std::string(prefix) + ".") || field == prefix) return field;
    return Path(prefix, field);
  };
  std::vector<FieldError> details = status.details();
  for (FieldError& d : details) d.field = place(d.field);
  Status out(status.code(), status.message(), place(status.field()));
  out.WithDetails(std::move(details));
  return out;
}

}  // namespace civharm::cli
