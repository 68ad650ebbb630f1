// Serving a Router over HTTP with RESTinio until SIGINT or SIGTERM.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/router.h"
#include "core/status.h"

namespace civharm::api {

struct ServerOptions {
  std::string address = "127.0.0.1";  // loopback unless asked otherwise
  uint16_t port = 8080;
  unsigned threads = 0;               // 0: two per processor core
  size_t max_body_bytes = 32u << 20;  // larger bodies are refused
  // Slow clients are cut off: a whole request (headers and body) must arrive within read_timeout
  // of the connection opening or of the previous response, a response must be sent within
  // write_timeout, and a handler must answer within handle_timeout.
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{60};
  std::chrono::seconds handle_timeout{120};
  // Clients reach the server over HTTPS, directly or through a TLS-terminating reverse proxy:
  // every response then tells browsers to use HTTPS only (Strict-Transport-Security).
  bool secure_transport = false;
  // A reverse proxy that sets X-Forwarded-For stands in front: the client's address
  // (HttpRequest.peer) is the last address of that header rather than the socket's. Without such
  // a proxy, clients could forge the header, so it is ignored unless this is set.
  bool trust_forwarded_for = false;
  // Called once the socket listens, with "http://address:port".
  std::function<void(const std::string& url)> on_listening;
};

// The security headers added to every response: no sniffing, no caching and a
// Content-Security-Policy that allows nothing (unless `resp` sets its own of either), no framing, no referrer, same-origin resources
// only, and Strict-Transport-Security when `options.secure_transport`.
std::vector<std::pair<std::string, std::string>> SecurityHeaders(const HttpResponse& resp,
                                                                 const ServerOptions& options);

// The client's address for logs and rate limits. With `trust_forwarded_for`, the last address of
// `forwarded_for` (an X-Forwarded-For value, the one the trusted proxy wrote), in its canonical
// form; `socket_peer` when that header is empty or its last entry is not an IP address, and
// always when `trust_forwarded_for` is false.
std::string ClientAddress(std::string_view socket_peer, std::string_view forwarded_for,
                          bool trust_forwarded_for);

// Blocks until a stop signal; returns an error when the server cannot start (port taken, say).
Status Serve(const Router& router, const ServerOptions& options);

}  // namespace civharm::api
