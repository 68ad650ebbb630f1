#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/server.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace civharm::cli {

void AddServeCommand(CLI::App& app, Command& command) {
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API (and web UI) on this machine");
  auto db = std::make_shared<std::string>(kDefaultDb);
  auto port = std::make_shared<uint16_t>(8080);
  auto bind = std::make_shared<std::string>("127.0.0.1");
  auto threads = std::make_shared<unsigned>(0);
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  cmd->add_option("--port", *port, "TCP port")->capture_default_str()->check(CLI::Range(1, 65535));
  cmd->add_option("--bind", *bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--threads", *threads, "Worker threads (0: two per core)");
  cmd->callback([=, &command] {
    command.run = [=] {
      auto store = OpenDb(*db);
      if (!store) return Fail(store.error());
      service::RecordService records(**store);
      api::ApiServices services{**store, records};
      const api::Router router = api::BuildRouter(services);
      if (*bind != "127.0.0.1" && *bind != "::1" && *bind != "localhost") {
        spdlog::warn(
            "listening on {}: anyone who can reach this address can read and change records",
            *bind);
      }
      const Status s =
          api::Serve(router, {.address = *bind,
                              .port = *port,
                              .threads = *threads,
                              .on_listening = [&](const std::string& url) {
                                spdlog::info("civharm serving {} ({})", url, (*store)->Describe());
                              }});
      return s.ok() ? 0 : Fail(s);
    };
  });
}

}  // namespace civharm::cli
