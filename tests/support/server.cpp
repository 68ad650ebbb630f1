#include "support/server.h"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace civharm::testing {

TestServer::TestServer(const std::string& db, const std::string& log_dir,
                       const std::vector<std::string>& extra)
    : out_(log_dir + "/server.out"), err_(log_dir + "/server.err") {
  // A port found free may be taken before the server binds it: try a few.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FreePort();
    std::vector<std::string> args = {"serve", "--db", db, "--port", std::to_string(port_)};
    args.insert(args.end(), extra.begin(), extra.end());
    process_ = std::make_unique<Process>(args, out_, err_);
    auto client = Client();
    client->set_connection_timeout(1);
    for (int i = 0; i < 200 && process_->Running(); ++i) {
      if (auto r = client->Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  throw std::runtime_error("the server did not start: " + ReadFile(err_));
}

std::unique_ptr<httplib::Client> TestServer::Client(const std::string& token) const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
  c->set_read_timeout(60);
  if (!token.empty()) c->set_bearer_token_auth(token);
  return c;
}

std::string TestServer::Output() const {
  return ReadFile(out_) + ReadFile(err_);
}

}  // namespace civharm::testing
