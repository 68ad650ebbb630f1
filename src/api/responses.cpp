#include "api/responses.h"

#include <fmt/format.h>

#include "core/strings.h"
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

Result<int64_t> ExpectedVersion(const HttpRequest& req, int64_t body_version) {
  std::optional<int64_t> header;
  if (std::string etag = req.header("if-match"); !etag.empty()) {
    std::string_view v = Trim(etag);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    header = ParseInt64(v);
    if (!header)
      return std::unexpected(
          InvalidArgument("If-Match must hold an ETag this API gave", "If-Match"));
  }
  if (body_version > 0 && header && *header != body_version) {
    return std::unexpected(InvalidArgument("disagrees with the If-Match header", "version"));
  }
  if (body_version > 0) return body_version;
  if (header) return *header;
  return std::unexpected(InvalidArgument(
      "is required: send the version you read, so that a change made meanwhile is not overwritten",
      "version"));
}

}  // namespace civharm::api
