// civharm audit verify · civharm db migrate|version · civharm demo
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "service/database_service.h"
#include "service/demo.h"
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

void AddDemoCommand(CLI::App& app, Command& command) {
  auto* cmd =
      app.add_subcommand("demo", "Load the demonstration dataset (synthetic, fictional places)");
  auto db = std::make_shared<std::string>(kDefaultDb);
  auto options = std::make_shared<service::DemoOptions>();
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
  cmd->add_option("--events", options->events, "Number of events")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", options->seed, "Random seed (the same seed gives the same data)")
      ->capture_default_str();
  cmd->callback([db, options, &command] {
    command.run = [db, options] {
      auto session = OpenSignedIn(*db);
      if (!session) return Fail(session.error());
      auto summary = service::LoadDemo(*session->store, session->actor, *options);
      if (!summary) return Fail(summary.error());
      fmt::print(
          "loaded the demonstration data: {} incidents, {} reports, {} victims, {} operations\n",
          summary->incidents, summary->reports, summary->victims, summary->operations);
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
