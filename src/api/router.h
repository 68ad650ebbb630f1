// Matches requests to handlers by method and path template ("/api/v1/incidents/{id}", written
// as OpenAPI writes paths, so the route table can be checked against the OpenAPI document).
//
//   Router r;
//   r.Add({"GET", "/api/v1/incidents/{id}", "Read an incident", GetIncident});
//   HttpResponse resp = r.Dispatch(request);  // 404 / 405 with an error body when nothing matches
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/http.h"

namespace civharm::api {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

struct Route {
  std::string method;
  std::string path;     // template with {name} segments
  std::string summary;  // one line, for logs and the OpenAPI check
  Handler handler;
};

class Router {
 public:
  void Add(Route route) { routes_.push_back(std::move(route)); }
  // Runs the matching handler; 404 when no path matches, 405 (with Allow) when the path matches
  // but not the method.
  HttpResponse Dispatch(const HttpRequest& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace civharm::api
