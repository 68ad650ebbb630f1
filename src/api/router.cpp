#include "api/router.h"

#include <fmt/format.h>

#include "api/error_mapping.h"
#include "core/strings.h"

namespace civharm::api {
namespace {

bool Match(const std::string& pattern, const std::string& path, PathParams& params) {
  const auto want = Split(pattern, '/');
  const auto got = Split(path, '/');
  if (want.size() != got.size()) return false;
  PathParams found;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string_view w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      found.emplace(std::string(w.substr(1, w.size() - 2)), std::string(got[i]));
    } else if (w != got[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

HttpResponse Router::Dispatch(const HttpRequest& request) const {
  // Of the routes matching path and method, the most literal wins: /victims/linkage before
  // /victims/{id}.
  std::string allowed;
  const Route* best = nullptr;
  PathParams best_params;
  for (const Route& route : routes_) {
    PathParams params;
    if (!Match(route.path, request.path, params)) continue;
    if (route.method != request.method) {
      allowed += (allowed.empty() ? "" : ", ") + route.method;
      continue;
    }
    if (!best || params.size() < best_params.size()) {
      best = &route;
      best_params = std::move(params);
    }
  }
  if (best) {
    if (best->access == Access::kPublic) {
      return best->handler(request, best_params, service::Actor::Anonymous());
    }
    Result<service::Actor> actor = authenticate_(request);
    if (!actor) {
      HttpResponse r = ErrorResponse(actor.error());
      if (r.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"civharm\"");
      return r;
    }
    return best->handler(request, best_params, *actor);
  }
  if (!allowed.empty()) {
    HttpResponse r = ErrorResponse(InvalidArgument(
        fmt::format("{} is not allowed on {}; use {}", request.method, request.path, allowed)));
    r.status = 405;
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
    if (std::optional<HttpResponse> answer = fallback_(request)) return *std::move(answer);
  }
  return ErrorResponse(NotFound(fmt::format("there is nothing at {}", request.path)));
}

}  // namespace civharm::api
