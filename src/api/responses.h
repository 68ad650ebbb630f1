// What every handler needs to read JSON bodies and write JSON answers.
//
//   return Respond([&]() -> Result<HttpResponse> {
//     CIVHARM_ASSIGN_OR_RETURN(nlohmann::json body, ParseBody(req));
//     return JsonResponse(200, {{"ok", true}});
//   });
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/error_mapping.h"
#include "api/http.h"
#include "api/rate_limiter.h"
#include "api/router.h"
#include "core/status.h"

namespace civharm::api {

HttpResponse JsonResponse(int status, const nlohmann::json& body);
// The request's JSON body; invalid_argument when it is empty or not JSON.
Result<nlohmann::json> ParseBody(const HttpRequest& req);

// The version the client read, from the body's "version" (0: not given) or an If-Match header;
// invalid_argument when neither gives one or they disagree.
Result<int64_t> ExpectedVersion(const HttpRequest& req, int64_t body_version);

// 429 with Retry-After when the request's client address is over `limiter`'s limit; `what` names
// what is being counted ("sign-in attempts").
std::optional<HttpResponse> RefuseOverLimit(RateLimiter& limiter, const HttpRequest& req,
                                            std::string_view what);

// Runs `f`, turning a failure into its error response.
template <typename F>
HttpResponse Respond(F&& f) {
  Result<HttpResponse> r = f();
  return r ? std::move(*r) : ErrorResponse(r.error());
}

// A public GET route (no sign-in), counted per client address against `limit` before
// `answer(request, path_params)` gives its Result<HttpResponse>.
template <typename Answer>
Route PublicRead(const char* path, const char* summary, std::shared_ptr<RateLimiter> limit,
                 Answer answer) {
  return {"GET", path, summary,
          [limit = std::move(limit), answer](const HttpRequest& req, const PathParams& p,
                                             const service::Actor&) {
            if (auto refused = RefuseOverLimit(*limit, req, "requests")) return *refused;
            return Respond([&]() -> Result<HttpResponse> { return answer(req, p); });
          },
          Access::kPublic};
}

}  // namespace civharm::api
