#include "api/responses.h"

#include <fmt/format.h>

#include "domain/json_reader.h"

namespace civharm::api {

HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Result<nlohmann::json> ParseBody(const HttpRequest& req) {
  if (req.body.empty()) return std::unexpected(InvalidArgument("the request has no JSON body"));
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::exception& e) {  // syntax, or a number out of range
    return std::unexpected(InvalidArgument(
        fmt::format("the body is not valid JSON: {}", internal::DescribeJsonError(e))));
  }
}

std::optional<HttpResponse> RefuseOverLimit(RateLimiter& limiter, const HttpRequest& req,
                                            std::string_view what) {
  const RateLimiter::Decision d = limiter.Admit(req.peer);
  if (d.allowed) return std::nullopt;
  HttpResponse r = ErrorResponse(Status(
      ErrorCode::kResourceExhausted, fmt::format("too many {} from this address; try again in {} s",
                                                 what, d.retry_after.count())));
  r.headers.emplace_back("Retry-After", std::to_string(d.retry_after.count()));
  return r;
}

}  // namespace civharm::api
