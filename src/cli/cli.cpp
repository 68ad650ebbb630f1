#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "service/auth_service.h"

namespace civharm::cli {

std::filesystem::path DefaultKeyFile(const std::string& db_path) {
  return std::filesystem::path(db_path).replace_extension(".keyring");
}

Result<std::string> ReadInput(const std::string& path, std::string_view field) {
  std::stringstream s;
  if (path == "-") {
    s << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return std::unexpected(
          InvalidArgument(fmt::format("cannot read '{}'", path), std::string(field)));
    }
    s << in.rdbuf();
  }
  return s.str();
}

Status WriteWholeFile(const std::string& path,
                      const std::function<Status(std::ostream&)>& write) {
  const std::string partial = path + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) return Unavailable(fmt::format("cannot write '{}'", partial));
  Status s = write(out);
  out.close();
  if (s.ok() && !out) s = Unavailable(fmt::format("writing '{}' failed", path));
  std::error_code ec;
  if (s.ok()) {
    std::filesystem::rename(partial, path, ec);
    if (ec) s = Unavailable(fmt::format("cannot create '{}': {}", path, ec.message()));
  }
  if (!s.ok()) std::filesystem::remove(partial, ec);
  return s;
}

Result<std::shared_ptr<storage::KeySource>> OpenKeys(const std::string& db_path,
                                                     bool create_missing) {
  if (const char* text = std::getenv("CIVHARM_KEYRING"); text && *text) {
    auto ring = Keyring::Parse(text);
    if (!ring) return std::unexpected(Status(ring.error()).Prepend("CIVHARM_KEYRING"));
    return storage::KeySource::FromKeyring(std::move(*ring));
  }
  std::string path;
  if (const char* file = std::getenv("CIVHARM_KEY_FILE"); file && *file) {
    path = file;
  } else {
    path = DefaultKeyFile(db_path).string();
    if (!create_missing && !std::filesystem::exists(path)) return nullptr;
    CIVHARM_ASSIGN_OR_RETURN(bool created, storage::KeySource::CreateFile(path));
    if (created) {
      spdlog::warn(
          "created the personal-data keyring {}; keep a copy apart from the database (without it "
          "no name or testimony can be read), and set CIVHARM_KEY_FILE to keep it elsewhere",
          path);
    }
  }
  return storage::KeySource::FromFile(path);
}

Result<std::unique_ptr<storage::Store>> OpenDb(const std::string& path,
                                               storage::MigrationPolicy policy) {
  // A database that is only being looked at gets no keyring created beside it.
  CIVHARM_ASSIGN_OR_RETURN(auto keys, OpenKeys(path, policy != storage::MigrationPolicy::kCheck));
  return storage::OpenStore({.location = path, .migrations = policy, .keys = std::move(keys)});
}

Result<SignedIn> OpenSignedIn(const std::string& path, storage::MigrationPolicy policy,
                              std::shared_ptr<storage::KeySource> keys) {
  if (!std::filesystem::exists(path)) {
    return std::unexpected(NotFound(fmt::format(
        "there is no database at {}; create it and its first administrator with `civharm user "
        "init --db {}`",
        path, path)));
  }
  const char* token = std::getenv("CIVHARM_TOKEN");
  if (!token || !*token) {
    return std::unexpected(Status(
        ErrorCode::kUnauthenticated,
        "this command needs a signed-in user: set CIVHARM_TOKEN to an API token (`civharm token "
        "create --user NAME` gives one)"));
  }
  CIVHARM_ASSIGN_OR_RETURN(
      auto store, keys ? storage::OpenStore({.location = path, .migrations = policy, .keys = keys})
                       : OpenDb(path, policy));
  auto actor = service::AuthService(*store).Authenticate(token);
  if (!actor) return std::unexpected(Status(actor.error()).Prepend("CIVHARM_TOKEN"));
  return SignedIn{std::move(store), std::move(*actor)};
}

Result<std::string> ReadPassword(bool from_stdin, const std::string& prompt) {
  std::string password;
  if (from_stdin) {
    if (!std::getline(std::cin, password)) {
      return std::unexpected(InvalidArgument("no password came on standard input"));
    }
  } else if (isatty(STDIN_FILENO)) {
    fmt::print(stderr, "{}: ", prompt);
    termios before{};
    tcgetattr(STDIN_FILENO, &before);
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, password);
    tcsetattr(STDIN_FILENO, TCSANOW, &before);
    fmt::print(stderr, "\n");
  } else {
    return std::unexpected(InvalidArgument(
        "standard input is not a terminal: pass --password-stdin and send the password on it"));
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
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
  AddKeysCommand(app, command);
  AddUserCommand(app, command);
  AddTokenCommand(app, command);
  AddLinkCommand(app, command);
  AddFusionCommand(app, command);
  AddCaseCommand(app, command);
  AddAnalyzeCommand(app, command);
  AddReportCommand(app, command);
  AddReleaseCommand(app, command);
  AddScoreCommand(app, command);
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
