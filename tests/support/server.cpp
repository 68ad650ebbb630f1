#include "support/server.h"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

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

ApiAnswer TestServer::Call(const std::string& token, const std::string& method,
                           const std::string& path, const nlohmann::json& body,
                           const httplib::Headers& headers) const {
  auto client = Client(token);
  const std::string text = body.is_null() ? "" : body.dump();
  httplib::Result r = method == "GET"   ? client->Get(path, headers)
                      : method == "PUT" ? client->Put(path, headers, text, "application/json")
                                        : client->Post(path, headers, text, "application/json");
  if (!r) return {};
  return {r->status, r->body, nlohmann::json::parse(r->body, nullptr, false), r->headers};
}

std::string TestServer::AddUser(const std::string& admin_token, std::string_view name,
                                std::string_view role) const {
  const ApiAnswer added = Call(admin_token, "POST", "/api/v1/users",
                               {{"name", name}, {"roles", {role}}, {"password", kTestPassword}});
  EXPECT_EQ(added.status, 201) << added.raw;
  const ApiAnswer login = Call("", "POST", "/api/v1/auth/login",
                               {{"name", name}, {"password", kTestPassword}, {"kind", "api"}});
  EXPECT_EQ(login.status, 201) << login.raw;
  return login.status == 201 ? login.body["token"].get<std::string>() : "";
}

}  // namespace civharm::testing
