// A real `civharm serve` process on a free loopback port, for tests that speak HTTP to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <httplib.h>

#include "support/process.h"

namespace civharm::testing {

class TestServer {
 public:
  // Serves the database `db`, writing its output to files in `log_dir`; `extra` is appended to
  // the command line. Throws when the server does not answer /healthz.
  TestServer(const std::string& db, const std::string& log_dir,
             const std::vector<std::string>& extra = {});

  // A client of the server, sending `token` as a bearer token unless it is empty.
  std::unique_ptr<httplib::Client> Client(const std::string& token = "") const;
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
