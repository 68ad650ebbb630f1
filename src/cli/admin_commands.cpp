// civharm audit verify · civharm db migrate|version · civharm demo
#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "service/database_service.h"
#include "service/demo.h"
#include "service/demo_accounts.h"
#include "service/key_service.h"

namespace civharm::cli {

void AddAuditCommand(CLI::App& app, Command& command) {
  auto* audit = app.add_subcommand("audit", "Check the audit log");
  audit->require_subcommand(1);
  auto* verify =
      audit->add_subcommand("verify", "Check that no history was altered, removed or added");
  auto db = std::make_shared<std::string>(kDefaultDb);
  verify->add_option("--db", *db, "Database file")->capture_default_str();
  verify->callback([db, &command] {
    command.run = [db] {
      auto session = OpenSignedIn(*db, storage::MigrationPolicy::kCheck);
      if (!session) return Fail(session.error());
      auto v = service::VerifyAuditLog(*session->store, session->actor);
      if (!v) return Fail(v.error());
      if (!v->ok()) {
        return Fail(DataLoss(
            v->first_bad && *v->first_bad > 0
                ? fmt::format("audit log broken at entry {}: {}", *v->first_bad, v->problem)
                : fmt::format("audit log broken: {}", v->problem)));
      }
      fmt::print(
          "audit log intact: {} entries, {} records, {} users, {} link decisions and {} case "
          "records match their history, as do {} releases and their public rows, {} framework "
          "editions and {} state assessments; last entry's hash {}\n",
          v->entries, v->records, v->users, v->decisions, v->case_records, v->releases,
          v->frameworks, v->state_assessments, v->head_hash.empty() ? "(none)" : v->head_hash);
      return 0;
    };
  });
}

void AddDbCommand(CLI::App& app, Command& command) {
  auto* dbcmd = app.add_subcommand("db", "Database schema");
  dbcmd->require_subcommand(1);
  auto db = std::make_shared<std::string>(kDefaultDb);
  auto* migrate =
      dbcmd->add_subcommand("migrate", "Apply pending schema migrations (creates the database)");
  auto* version = dbcmd->add_subcommand("version", "Print the schema version");
  migrate->add_option("--db", *db, "Database file")->capture_default_str();
  version->add_option("--db", *db, "Database file")->capture_default_str();
  migrate->callback([db, &command] {
    command.run = [db] {
      auto store = OpenDb(*db, storage::MigrationPolicy::kManual);
      if (!store) return Fail(store.error());
      auto applied = service::MigrateSchema(**store);
      if (!applied) return Fail(applied.error());
      auto status = service::GetSchemaStatus(**store);
      if (!status) return Fail(status.error());
      if (applied->empty()) {
        fmt::print("schema is current at version {}\n", status->current);
      } else {
        fmt::print("applied migrations {}; schema version {}\n", fmt::join(*applied, ", "),
                   status->current);
      }
      return 0;
    };
  });
  version->callback([db, &command] {
    command.run = [db] {
      auto store = OpenDb(*db, storage::MigrationPolicy::kCheck);
      if (!store) return Fail(store.error());
      auto status = service::GetSchemaStatus(**store);
      if (!status) return Fail(status.error());
      fmt::print("schema version {} (this civharm knows up to {})\n", status->current,
                 status->latest);
      return 0;
    };
  });
}

namespace {

// The file `civharm demo --accounts` writes the passwords to: made new (never an existing file)
// and readable by its owner only, before anything is created, so that no account is made whose
// password could not be kept. Removed again unless Keep() is called.
class AccountsFile {
 public:
  static Result<std::unique_ptr<AccountsFile>> Create(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      const int error = errno;
      if (error == EEXIST) {
        return std::unexpected(
            Status(ErrorCode::kAlreadyExists,
                   fmt::format("{} exists already; it is not overwritten (it may hold the "
                               "passwords of accounts made before): name a new file",
                               path),
                   "--accounts"));
      }
      return std::unexpected(InvalidArgument(
          fmt::format("cannot create {}: {}", path, std::strerror(error)), "--accounts"));
    }
    ::fchmod(fd, 0600);  // whatever the umask
    return std::unique_ptr<AccountsFile>(new AccountsFile(path, fd));
  }
  AccountsFile(const AccountsFile&) = delete;
  AccountsFile& operator=(const AccountsFile&) = delete;
  ~AccountsFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!keep_) ::unlink(path_.c_str());
  }

  // Writes everything, syncs and closes the file.
  Status Write(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::write(fd_, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Failed();
      text.remove_prefix(static_cast<size_t>(n));
    }
    if (::fsync(fd_) != 0) return Failed();
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Failed();
    return Status::Ok();
  }
  void Keep() { keep_ = true; }

 private:
  AccountsFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  Status Failed() const {
    return Status(ErrorCode::kUnavailable,
                  fmt::format("writing {} failed: {}", path_, std::strerror(errno)), "--accounts");
  }

  std::string path_;
  int fd_ = -1;
  bool keep_ = false;
};

// "name<TAB>roles<TAB>password" a line, roles separated by commas.
std::string AccountLines(const std::vector<service::DemoAccount>& accounts) {
  std::string text;
  for (const service::DemoAccount& a : accounts) {
    std::vector<std::string_view> roles;
    for (Role r : a.roles) roles.push_back(EnumName(r));
    text += fmt::format("{}\t{}\t{}\n", a.name, fmt::join(roles, ","), a.password);
  }
  return text;
}

}  // namespace

void AddDemoCommand(CLI::App& app, Command& command) {
  auto* cmd =
      app.add_subcommand("demo", "Load the demonstration dataset (synthetic, fictional places)");
  auto db = std::make_shared<std::string>(kDefaultDb);
  auto options = std::make_shared<service::DemoOptions>();
  auto accounts = std::make_shared<std::string>();
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  cmd->add_option("--events", options->events, "Number of events")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", options->seed, "Random seed (the same seed gives the same data)")
      ->capture_default_str();
  cmd->add_option("--accounts", *accounts,
                  "Also make demonstration accounts (two of each role but admin and public), a "
                  "public release and a published leadership-framework assessment, and write "
                  "\"name<TAB>roles<TAB>password\" lines to this new file (mode 0600). On a "
                  "database that holds the demonstration data already, only this step runs");
  cmd->callback([db, options, accounts, &command] {
    command.run = [db, options, accounts] {
      auto session = OpenSignedIn(*db);
      if (!session) return Fail(session.error());
      std::unique_ptr<AccountsFile> file;
      if (!accounts->empty()) {
        auto created = AccountsFile::Create(*accounts);
        if (!created) return Fail(created.error());
        file = std::move(*created);
      }
      auto summary = service::LoadDemo(*session->store, session->actor, *options);
      if (summary) {
        fmt::print(
            "loaded the demonstration data: {} incidents, {} reports, {} victims, {} "
            "operations\n",
            summary->incidents, summary->reports, summary->victims, summary->operations);
      } else if (!file || summary.error().code() != ErrorCode::kAlreadyExists) {
        return Fail(summary.error());
      } else {
        fmt::print("the demonstration data is loaded already: making the accounts only\n");
      }
      if (!file) return 0;

      auto made = service::CreateDemoAccounts(*session->store, session->actor);
      if (!made) return Fail(made.error());
      // The accounts exist now: keep the file even if it cannot be written whole, and say so.
      file->Keep();
      if (Status s = file->Write(AccountLines(made->accounts)); !s.ok()) {
        return Fail(s.Prepend(fmt::format(
            "{} demonstration accounts were made but their passwords not kept (reset them with "
            "civharm user reset-password)",
            made->accounts.size())));
      }
      fmt::print(
          "made {} demonstration accounts (passwords in {}), public release {} and a published "
          "assessment of {}\n",
          made->accounts.size(), *accounts, made->release_version, made->assessed_force);
      return 0;
    };
  });
}

}  // namespace civharm::cli

namespace civharm::cli {

void AddKeysCommand(CLI::App& app, Command& command) {
  auto* keys = app.add_subcommand("keys", "Manage the keys that seal personal data");
  keys->require_subcommand(1);
  auto* rotate = keys->add_subcommand(
      "rotate", "Re-encrypt all personal data under a new key (servers may keep running)");
  auto db = std::make_shared<std::string>(kDefaultDb);
  rotate->add_option("--db", *db, "Database file")->capture_default_str();
  rotate->callback([db, &command] {
    command.run = [db] {
      auto source = OpenKeys(*db, /*create_missing=*/false);
      if (!source) return Fail(source.error());
      if (!*source) {
        return Fail(NotFound("there is no keyring to rotate (set CIVHARM_KEY_FILE to its file)"));
      }
      auto session = OpenSignedIn(*db, storage::MigrationPolicy::kCheck, *source);
      if (!session) return Fail(session.error());
      auto summary = service::RotateKeys(*session->store, **source, session->actor);
      if (!summary) return Fail(summary.error());
      fmt::print("new key {}: {} values re-encrypted, {} older keys removed from {}\n",
                 summary->new_key, summary->resealed, summary->retired_keys, (*source)->path());
      return 0;
    };
  });
}

}  // namespace civharm::cli
