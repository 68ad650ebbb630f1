// Status and Result<T>: the one error type of civharm.
//
// Every fallible function returns a Status (success or failure) or a Result<T> (a value or a
// Status). A failure carries a canonical code, a human message, optionally the field it concerns
// and, for validation, every problem found:
//
//   Result<Date> d = Date::Parse("2024-02-30");
//   if (!d) std::cerr << d.error().message();   // "2024-02-30 is not a real date"
//
// Exceptions thrown by libraries are caught at the boundary of the code that calls them and
// turned into a Status; they never cross layers. HTTP statuses (api/) and exit codes (cli/) are
// derived from the code in one table each.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected_compat.h"

namespace civharm {

// Canonical error codes. When adding one, also add its name below and its mapping in
// api/error_mapping.cpp and cli/exit_codes.cpp.
enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,    // the input is wrong; the caller must change it
  kNotFound,           // the named thing does not exist (or may not be seen)
  kAlreadyExists,      // creating something that is already there
  kPermissionDenied,   // the caller is known but may not do this
  kUnauthenticated,    // the caller is not known
  kConflict,           // the state changed since the caller read it (version mismatch)
  kResourceExhausted,  // rate or size limit reached
  kUnavailable,        // try again later (database busy, server shutting down)
  kDataLoss,           // stored data is corrupt or history was altered
  kInternal,           // a bug or an unexpected library failure
};

// "invalid_argument", "not_found", ...: the stable name used in API errors and logs.
std::string_view ErrorCodeName(ErrorCode code);

// One problem with one field, e.g. {"date.end", "must not be before date.start"}.
// Field paths use dots for members and [i] for list items: "belligerents[1].name".
struct FieldError {
  std::string field;
  std::string message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}
  // Lets `return std::unexpected(status);` work in functions returning Status.
  Status(std::unexpected<Status> u) : Status(std::move(u.error())) {}  // NOLINT

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The field the error concerns, or empty.
  const std::string& field() const { return field_; }
  // Every problem found, for validation failures; the first one is also field()/message().
  const std::vector<FieldError>& details() const { return details_; }

  Status& WithDetails(std::vector<FieldError> details) {
    details_ = std::move(details);
    return *this;
  }
  // Prefixes the message with context: "importing row 12: <message>".
  Status& Prepend(std::string_view context);

  // "invalid_argument: date.end: must not be before date.start"
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_ && a.field_ == b.field_;
  }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string field_;
  std::vector<FieldError> details_;
};

template <typename T>
using Result = std::expected<T, Status>;

// Shorthands for the common failures.
inline Status InvalidArgument(std::string message, std::string field = {}) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
}
inline Status NotFound(std::string message) {
  return {ErrorCode::kNotFound, std::move(message)};
}
inline Status Conflict(std::string message) {
  return {ErrorCode::kConflict, std::move(message)};
}
inline Status AlreadyExists(std::string message) {
  return {ErrorCode::kAlreadyExists, std::move(message)};
}
inline Status Internal(std::string message) {
  return {ErrorCode::kInternal, std::move(message)};
}
inline Status DataLoss(std::string message) {
  return {ErrorCode::kDataLoss, std::move(message)};
}
inline Status Unavailable(std::string message) {
  return {ErrorCode::kUnavailable, std::move(message)};
}

// A Status from a list of field problems (code kInvalidArgument). The first problem becomes the
// status' own field and message. `problems` must not be empty.
Status ValidationFailed(std::vector<FieldError> problems);

namespace internal {
inline const Status& AsStatus(const Status& s) {
  return s;
}
template <typename T>
Status AsStatus(const Result<T>& r) {
  return r ? Status() : r.error();
}
}  // namespace internal

}  // namespace civharm

#define CIVHARM_CONCAT_INNER(a, b) a##b
#define CIVHARM_CONCAT(a, b) CIVHARM_CONCAT_INNER(a, b)

// Returns the failure of a Status or Result expression from the enclosing function, which may
// return Status or any Result<T>.
#define CIVHARM_RETURN_IF_ERROR(expr)                                              \
  do {                                                                             \
    ::civharm::Status civharm_status_ = ::civharm::internal::AsStatus(expr);       \
    if (!civharm_status_.ok()) return std::unexpected(std::move(civharm_status_)); \
  } while (0)

// `CIVHARM_ASSIGN_OR_RETURN(auto x, F());` declares x with F()'s value, or returns its failure.
#define CIVHARM_ASSIGN_OR_RETURN(lhs, expr) \
  CIVHARM_ASSIGN_OR_RETURN_IMPL(CIVHARM_CONCAT(civharm_result_, __LINE__), lhs, expr)
#define CIVHARM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)       \
  auto tmp = (expr);                                        \
  if (!tmp) return std::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
