#include <cstdlib>

#include <pwd.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace civharm::cli {

service::Actor CliActor() {
  std::string name;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) name = pw->pw_name;
  if (name.empty()) {
    if (const char* user = std::getenv("USER")) name = user;
  }
  return {"cli:" + (name.empty() ? std::string("unknown") : name)};
}

Result<std::unique_ptr<storage::Store>> OpenDb(const std::string& path,
                                               storage::MigrationPolicy policy) {
  return storage::OpenStore({.location = path, .migrations = policy});
}

int Run(int argc, char** argv) {
  // Logs go to stderr, so that data written to stdout (exports) stays clean.
  spdlog::set_default_logger(spdlog::stderr_color_mt("civharm"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  CLI::App app{"civharm — civilian harm mitigation and response", "civharm"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "civharm 0.1.0");
  Command command;
  AddServeCommand(app, command);
  AddImportCommand(app, command);
  AddExportCommand(app, command);
  AddAuditCommand(app, command);
  AddDbCommand(app, command);
  AddDemoCommand(app, command);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // CLI11 returns 0 for --help and --version; any other parse problem is a usage error.
    return code == 0 ? 0 : ExitCodeFor(ErrorCode::kInvalidArgument);
  }
  if (!command.run) return Fail(Internal("no command chosen"));
  return command.run();
}

}  // namespace civharm::cli
