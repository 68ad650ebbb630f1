// Matches requests to handlers by method and path template ("/api/v1/incidents/{id}", written
// as OpenAPI writes paths, so the route table can be checked against the OpenAPI document), and
// makes sure every route but the public ones knows who is calling before its handler runs.
//
//   Router r(authenticate);
//   r.Add({"GET", "/api/v1/incidents/{id}", "Read an incident", GetIncident});
//   r.Add({"GET", "/healthz", "Health", Health, Access::kPublic});
//   HttpResponse resp = r.Dispatch(request);  // 401, 404, 405 with an error body when refused
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/http.h"
#include "core/status.h"
#include "service/actor.h"

namespace civharm::api {

using PathParams = std::map<std::string, std::string>;
// `actor` is the signed-in user, or Actor::Anonymous() on a public route.
using Handler =
    std::function<HttpResponse(const HttpRequest&, const PathParams&, const service::Actor& actor)>;
// Who is calling: the actor, or why the request may not go on (unauthenticated, or
// permission_denied for a session request without its CSRF token).
using Authenticator = std::function<Result<service::Actor>(const HttpRequest&)>;

enum class Access {
  kSignedIn,  // a valid session or API token is required (the default)
  kPublic,    // anyone; the handler gets Actor::Anonymous()
};

struct Route {
  std::string method;
  std::string path;     // template with {name} segments
  std::string summary;  // one line, for logs and the OpenAPI check
  Handler handler;
  Access access = Access::kSignedIn;
};

class Router {
 public:
  explicit Router(Authenticator authenticate) : authenticate_(std::move(authenticate)) {}

  void Add(Route route) { routes_.push_back(std::move(route)); }
  // Asked for the GET (and HEAD) requests whose path no route knows (the web UI's files), with no
  // sign-in; what it does not answer (nullopt), and everything without one, is 404.
  using Fallback = std::function<std::optional<HttpResponse>(const HttpRequest&)>;
  void SetFallback(Fallback fallback) { fallback_ = std::move(fallback); }
  // Runs the matching handler; 404 when no path matches, 405 (with Allow) when the path matches
  // but not the method, 401 (with WWW-Authenticate) or 403 when a signed-in route refuses.
  HttpResponse Dispatch(const HttpRequest& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  Authenticator authenticate_;
  std::vector<Route> routes_;
  Fallback fallback_;
};

}  // namespace civharm::api
