// The subcommands of `civharm`. Each Add…Command registers its options on `app` and the action
// that runs when it is chosen; the action's result is the process' exit code.
//
//   civharm serve | import | export | audit verify | db migrate|version | demo | keys rotate |
//           user init|add|list|show|disable|enable|reset-password|grant|revoke |
//           token create|list|revoke | link |
//           fusion propose|fuse|split|decide|decisions|cross-reference |
//           case show|step|investigation|respond|response-status|consult|lesson|lesson-status|
//                lessons|overdue|backlog|review-queue|amends|timeline|cde|answer|my-reports |
//           analyze trends|breakdown|timing|cde|map | report sitrep |
//           release request|list|show|approve|reject|withdraw|verify|download|rules |
//           score editions|framework|add-edition|create|edit|submit|return|publish|list|show|
//                 roadmap|evidence|compare|table|scorecard
//
// Every command that reads or changes records, users or keys acts as the user whose API token is
// in CIVHARM_TOKEN, with that user's roles. Only the host operator's commands need none: serve
// (its clients sign in), db migrate|version, user init (on a database without users), token
// create (which checks a password), link (which reads and writes only the files it is given) and
// case answer (whose secret token, read from standard input, shows one report's status).
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/exit_codes.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::cli {

inline constexpr const char* kDefaultDb = "./data/civharm.db";

// Filled in by the chosen subcommand; run after parsing.
struct Command {
  std::function<int()> run;
};

void AddServeCommand(CLI::App& app, Command& command);
void AddImportCommand(CLI::App& app, Command& command);
void AddExportCommand(CLI::App& app, Command& command);
void AddAuditCommand(CLI::App& app, Command& command);
void AddDbCommand(CLI::App& app, Command& command);
void AddDemoCommand(CLI::App& app, Command& command);
void AddKeysCommand(CLI::App& app, Command& command);
void AddUserCommand(CLI::App& app, Command& command);
void AddTokenCommand(CLI::App& app, Command& command);
void AddLinkCommand(CLI::App& app, Command& command);
void AddFusionCommand(CLI::App& app, Command& command);
void AddCaseCommand(CLI::App& app, Command& command);
void AddAnalyzeCommand(CLI::App& app, Command& command);
void AddReportCommand(CLI::App& app, Command& command);
void AddReleaseCommand(CLI::App& app, Command& command);
void AddScoreCommand(CLI::App& app, Command& command);

// Shared by the commands.
// The personal-data keyring: the text in CIVHARM_KEYRING, else the file CIVHARM_KEY_FILE names,
// else <database>.keyring beside the database (created with a fresh key when missing and
// `create_missing`; otherwise null: no personal data can then be stored or read).
Result<std::shared_ptr<storage::KeySource>> OpenKeys(const std::string& db_path,
                                                     bool create_missing = true);
Result<std::unique_ptr<storage::Store>> OpenDb(
    const std::string& path, storage::MigrationPolicy policy = storage::MigrationPolicy::kApply);

// The database at `path`, opened for the user whose API token is in CIVHARM_TOKEN. not_found
// when there is no database there; unauthenticated without a valid token.
struct SignedIn {
  std::unique_ptr<storage::Store> store;
  service::Actor actor;
};
// `keys`, when given, replaces the keyring OpenKeys would find.
Result<SignedIn> OpenSignedIn(const std::string& path,
                              storage::MigrationPolicy policy = storage::MigrationPolicy::kApply,
                              std::shared_ptr<storage::KeySource> keys = nullptr);
// Runs `fn(session)` for the signed-in user of the existing database `db`; the exit code of a
// failure to open it or sign in, else fn's.
template <typename F>
int AsSignedIn(const std::string& db, F&& fn) {
  auto session = OpenSignedIn(db, storage::MigrationPolicy::kCheck);
  if (!session) return Fail(session.error());
  return fn(*session);
}
// The whole of the file `path`, or of standard input for "-"; invalid_argument naming `field`
// when it cannot be read.
Result<std::string> ReadInput(const std::string& path, std::string_view field);
// Writes the file `path` through `write`: beside it first ("<path>.partial"), renamed into place
// once complete, so that a failure never leaves a truncated file that looks whole. Returns the
// first failure (of `write`, of the stream, or of the rename); nothing is left behind then.
Status WriteWholeFile(const std::string& path, const std::function<Status(std::ostream&)>& write);

// A password from the first line of standard input (`from_stdin`), or typed at the terminal
// without echo after `prompt`.
Result<std::string> ReadPassword(bool from_stdin, const std::string& prompt);

// Runs the `civharm` command line; returns the exit code.
int Run(int argc, char** argv);

}  // namespace civharm::cli
