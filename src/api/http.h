// HTTP requests and responses as plain values, so that routing and handlers can be tested
// without a socket and RESTinio stays in one file (server.cpp).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace civharm::api {

struct HttpRequest {
  std::string method;                          // "GET", "POST", …
  std::string path;                            // "/api/v1/incidents/…", without the query string
  std::string query;                           // raw query string, without '?'
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string peer;  // remote address
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace civharm::api
