#include "api/error_mapping.h"

#include <nlohmann/json.hpp>

namespace civharm::api {

int HttpStatusFor(ErrorCode code) {
  // When adding an ErrorCode, add its status here (and its exit code in cli/exit_codes.cpp).
  switch (code) {
    case ErrorCode::kOk:
      return 200;
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kDataLoss:
      return 500;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kUnavailable:
      return 503;
  }
  return 500;
}

HttpResponse ErrorResponse(const Status& status) {
  nlohmann::json error = {{"code", ErrorCodeName(status.code())}, {"message", status.message()}};
  error["field"] = status.field().empty() ? nlohmann::json() : nlohmann::json(status.field());
  if (!status.details().empty()) {
    nlohmann::json details = nlohmann::json::array();
    for (const FieldError& e : status.details()) {
      details.push_back({{"field", e.field}, {"message", e.message}});
    }
    error["details"] = std::move(details);
  }
  HttpResponse r;
  r.status = HttpStatusFor(status.code());
  r.body = nlohmann::json{{"error", std::move(error)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace civharm::api
