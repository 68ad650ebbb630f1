// Serving a Router over HTTP with RESTinio until SIGINT or SIGTERM.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "api/router.h"
#include "core/status.h"

namespace civharm::api {

struct ServerOptions {
  std::string address = "127.0.0.1";  // loopback unless asked otherwise
  uint16_t port = 8080;
  unsigned threads = 0;               // 0: two per processor core
  size_t max_body_bytes = 32u << 20;  // larger bodies are refused
  // Called once the socket listens, with "http://address:port".
  std::function<void(const std::string& url)> on_listening;
};

// Blocks until a stop signal; returns an error when the server cannot start (port taken, say).
Status Serve(const Router& router, const ServerOptions& options);

}  // namespace civharm::api
