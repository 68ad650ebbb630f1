// A real `civharm serve` process on a free loopback port, for tests that speak HTTP to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/process.h"

namespace civharm::testing {

// The password the tests give every user they add through the API.
inline constexpr std::string_view kTestPassword = "a long test passphrase";

// What the server answered: the status, the body as sent and as JSON (discarded when it is not),
// and the headers.
struct ApiAnswer {
  int status = 0;
  std::string raw;
  nlohmann::json body;
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class TestServer {
 public:
  // Serves the database `db`, writing its output to files in `log_dir`; `extra` is appended to
  // the command line. Throws when the server does not answer /healthz.
  TestServer(const std::string& db, const std::string& log_dir,
             const std::vector<std::string>& extra = {});

  // A client of the server, sending `token` as a bearer token unless it is empty.
  std::unique_ptr<httplib::Client> Client(const std::string& token = "") const;
  // A GET, PUT or (any other method) POST with `body` as JSON (no body when null), as the user
  // of `token` (nobody when empty). Status 0 when the server did not answer.
  ApiAnswer Call(const std::string& token, const std::string& method, const std::string& path,
                 const nlohmann::json& body = nullptr, const httplib::Headers& headers = {}) const;
  // Adds a user with one role and the password kTestPassword, as the administrator of
  // `admin_token`, signs them in, and returns their API token ("" when that failed, with a test
  // failure).
  std::string AddUser(const std::string& admin_token, std::string_view name,
                      std::string_view role) const;
  // Everything the server has written to stdout and stderr so far.
  std::string Output() const;
  int port() const { return port_; }
  void Signal(int sig) { process_->Signal(sig); }
  int Wait() { return process_->Wait(); }

 private:
  std::string out_, err_;
  int port_ = 0;
  std::unique_ptr<Process> process_;
};

}  // namespace civharm::testing
