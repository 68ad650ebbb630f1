#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/server.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "service/user_service.h"

namespace civharm::cli {
namespace {

struct ServeOptions {
  std::string db = kDefaultDb;
  std::string web = CIVHARM_WEB_DIST;  // the built web UI (web/dist of the source tree)
  api::ServerOptions server;
  api::ApiOptions api;
};

bool IsLoopback(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address == "localhost";
}

}  // namespace

void AddServeCommand(CLI::App& app, Command& command) {
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API (and web UI) on this machine");
  auto o = std::make_shared<ServeOptions>();
  cmd->add_option("--db", o->db, "Database file")->capture_default_str();
  cmd->add_option("--port", o->server.port, "TCP port")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--bind", o->server.address, "Address to listen on")->capture_default_str();
  auto* web = cmd->add_option("--web", o->web,
                              "Folder of the built web UI served at / (empty: the API only)")
                  ->capture_default_str();
  cmd->add_option("--threads", o->server.threads, "Worker threads (0: two per core)");
  cmd->add_flag("--secure-cookies", o->api.secure_cookies,
                "Clients come over HTTPS (a TLS reverse proxy): Secure cookies and HSTS");
  cmd->add_flag("--trust-proxy", o->server.trust_forwarded_for,
                "Take client addresses from the X-Forwarded-For header a reverse proxy sets");
  cmd->add_option("--sign-in-limit", o->api.sign_in_attempts,
                  "Sign-in attempts per client address per minute (0: unlimited)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--submission-limit", o->api.public_submissions,
                  "Public reports per client address per hour (0: unlimited)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--public-read-limit", o->api.public_reads,
                  "Requests to the public release routes per client address per minute (0: "
                  "unlimited)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--assessment-days", o->api.deadlines.assessment_days,
                  "Days allowed for an allegation's assessment (1-3650)")
      ->capture_default_str();
  cmd->add_option("--investigation-days", o->api.deadlines.investigation_days,
                  "Days allowed for an investigation (1-3650)")
      ->capture_default_str();
  cmd->add_option("--response-days", o->api.deadlines.response_days,
                  "Days allowed for a credible case's response, until it closes (1-3650)")
      ->capture_default_str();
  cmd->callback([o, web, &command] {
    command.run = [o, web] {
      if (const Status s = o->api.deadlines.Check(); !s.ok()) {
        // Named as the flag that set it: "assessment_days" → "--assessment-days".
        std::string flag = "--" + s.field();
        std::replace(flag.begin(), flag.end(), '_', '-');
        return Fail(Status(s.code(), s.message(), flag));
      }
      auto store = OpenDb(o->db);
      if (!store) return Fail(store.error());
      auto first = service::EnsureFirstAdmin(**store);
      if (!first) return Fail(first.error());
      if (*first) {
        // Shown once, on the console of whoever started the server; only its hash is kept.
        fmt::print(stderr,
                   "\ncivharm: first start: created the administrator '{}' with the password\n\n"
                   "    {}\n\nIt is shown only now. Sign in and change it.\n\n",
                   (*first)->user.name, (*first)->password);
      }
      o->server.secure_transport = o->api.secure_cookies;
      service::RecordService records(**store);
      service::AuthService auth(**store);
      api::ApiServices services{**store, records, auth, o->api};
      if (!o->web.empty()) {
        auto site = api::StaticSite::Load(o->web);
        if (site) {
          spdlog::info("web UI: {} files from {}", site->file_count(), o->web);
          services.site = std::make_shared<const api::StaticSite>(*std::move(site));
        } else if (web->count() > 0) {
          return Fail(Status(site.error().code(), site.error().message(), "--web"));
        } else {
          spdlog::warn("no web UI: {}; serving the API only", site.error().message());
        }
      }
      const api::Router router = api::BuildRouter(services);
      if (!IsLoopback(o->server.address) && !o->api.secure_cookies) {
        spdlog::warn(
            "listening on {} without --secure-cookies: passwords and session cookies cross the "
            "network in clear unless a TLS proxy stands in front (see the README)",
            o->server.address);
      }
      api::ServerOptions server = o->server;
      server.on_listening = [&](const std::string& url) {
        spdlog::info("civharm serving {} ({})", url, (*store)->Describe());
      };
      const Status s = api::Serve(router, server);
      return s.ok() ? 0 : Fail(s);
    };
  });
}

}  // namespace civharm::cli
