// civharm release request|list|show|approve|reject|withdraw|verify|download|rules: public
// releases (service/release_service.h) as the user of CIVHARM_TOKEN — the same service calls as
// the API's publisher routes. A release is named by its version (3) or its id. Every command but
// download and rules prints one JSON document on stdout; verify exits with 7 (data loss) when the
// release no longer matches its history.
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/json_output.h"
#include "core/strings.h"
#include "io/dataset_writer.h"
#include "service/release_service.h"

namespace civharm::cli {
namespace {

using nlohmann::json;
using service::ReleaseService;

// A release as printed by the commands that change or list releases: everything but its rules,
// of which the fields, dates and threshold (`civharm release show` prints the whole of it).
json Brief(const Release& r) {
  json j = ToJson(r);
  j.erase("rules");
  json fields = json::array();
  for (ReleaseField f : r.rules.fields) fields.push_back(EnumName(f));
  j["published_fields"] = std::move(fields);
  j["suppressed_below"] = r.rules.suppression_threshold;
  return j;
}

// The release a command names: all digits for a version, else an id.
Result<Release> Find(ReleaseService& releases, const service::Actor& actor,
                     const std::string& name) {
  if (const auto version = ParseInt64(name); version && *version >= 1) {
    return releases.GetVersion(actor, *version);
  }
  if (IsValidId(name)) return releases.Get(actor, name);
  return std::unexpected(InvalidArgument(
      fmt::format("'{}' is neither a release version (1, 2, 3…) nor a release id", name),
      "release"));
}

void AddDb(CLI::App* cmd, std::shared_ptr<std::string> db) {
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
}

void AddRequest(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string rules, note;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(
      "request", "Build a release of the incidents as they are now, for another person to review");
  AddDb(cmd, db);
  cmd->add_option("--rules", o->rules,
                  "Release rules, a YAML or JSON file (default: the built-in rules; see `civharm "
                  "release rules`)");
  cmd->add_option("--note", o->note, "What the release is for");
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      service::ReleaseRequest request{.note = o->note};
      if (!o->rules.empty()) {
        auto text = ReadInput(o->rules, "rules");
        if (!text) return Fail(text.error());
        auto rules = ParseReleaseRules(*text);
        if (!rules) return FailAll(Under(rules.error(), "rules"));
        request.rules = std::move(*rules);
      }
      return AsSignedIn(*db, [&](SignedIn& session) {
        ReleaseService releases(*session.store);
        auto r = releases.Request(session.actor, std::move(request));
        if (!r) return FailAll(r.error());
        return PrintJson(Brief(*r));
      });
    };
  });
}

void AddList(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  auto* cmd = parent->add_subcommand("list", "Every release, in any status, newest first");
  AddDb(cmd, db);
  cmd->callback([db, &command] {
    command.run = [db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        ReleaseService releases(*session.store);
        auto list = releases.List(session.actor);
        if (!list) return Fail(list.error());
        json items = json::array();
        for (const Release& r : *list) items.push_back(Brief(r));
        return PrintJson(items);
      });
    };
  });
}

// A command on one release named by its version or id: `run(releases, actor, release)` gives
// its exit code.
template <typename Run>
void AddOnRelease(CLI::App* parent, Command& command, std::shared_ptr<std::string> db,
                  const char* name, const char* help, Run run) {
  auto release = std::make_shared<std::string>();
  auto* cmd = parent->add_subcommand(name, help);
  AddDb(cmd, db);
  cmd->add_option("release", *release, "Its version or id")->required();
  cmd->callback([release, db, run, &command] {
    command.run = [release, db, run] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        ReleaseService releases(*session.store);
        auto found = Find(releases, session.actor, *release);
        if (!found) return Fail(found.error());
        return run(releases, session.actor, *found);
      });
    };
  });
}

void AddShow(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  AddOnRelease(parent, command, db, "show",
               "A release whole: its rules, what building it excluded and coarsened, its review",
               [](ReleaseService&, const service::Actor&, const Release& r) {
                 return PrintJson(ToJson(r));
               });
}

// approve, reject and withdraw: one release and one text, through `apply`.
template <typename Apply>
void AddReview(CLI::App* parent, Command& command, std::shared_ptr<std::string> db,
               const char* name, const char* help, const char* flag, const char* flag_help,
               bool required, Apply apply) {
  struct Options {
    std::string release, text;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(name, help);
  AddDb(cmd, db);
  cmd->add_option("release", o->release, "Its version or id")->required();
  auto* option = cmd->add_option(flag, o->text, flag_help);
  if (required) option->required();
  cmd->callback([o, db, apply, &command] {
    command.run = [o, db, apply] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        ReleaseService releases(*session.store);
        auto found = Find(releases, session.actor, o->release);
        if (!found) return Fail(found.error());
        Result<Release> r = apply(releases, session.actor, found->id, o->text);
        if (!r) return FailAll(r.error());
        return PrintJson(Brief(*r));
      });
    };
  });
}

void AddVerify(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  AddOnRelease(
      parent, command, db, "verify",
      "Build a release again from the audit log and compare it with what is stored",
      [](ReleaseService& releases, const service::Actor& actor, const Release& found) {
        auto v = releases.Verify(actor, found.id);
        if (!v) return Fail(v.error());
        PrintJson(service::VerificationJson(*v));
        if (v->ok()) return 0;
        return Fail(DataLoss(fmt::format(
            "release {} does not match {}", v->version,
            v->stored_hash != v->content_hash
                ? "its content hash: its stored rows were changed"
                : "the release built again from the audit log: its history was changed")));
      });
}

void AddDownload(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string release, format, out;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(
      "download", "A release's data as it is (or would be) published, in any status");
  AddDb(cmd, db);
  cmd->add_option("release", o->release, "Its version or id")->required();
  cmd->add_option("--format", o->format, "csv (with HXL hashtags), json, geojson or xlsx")
      ->required()
      ->check(CLI::IsMember({"csv", "json", "geojson", "xlsx"}));
  cmd->add_option("--out", o->out, "Output file (default: standard output)");
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      const io::ExportFormat format = *ParseEnum<io::ExportFormat>(o->format);
      return AsSignedIn(*db, [&](SignedIn& session) {
        ReleaseService releases(*session.store);
        auto found = Find(releases, session.actor, o->release);
        if (!found) return Fail(found.error());
        if (o->out.empty()) {
          Status s = releases.Download(session.actor, found->id, format, std::cout);
          std::cout.flush();
          return s.ok() ? 0 : Fail(s);
        }
        Status s = WriteWholeFile(o->out, [&](std::ostream& out) {
          return releases.Download(session.actor, found->id, format, out);
        });
        if (!s.ok()) return Fail(s);
        fmt::print(stderr, "wrote release {} ({} incidents) to {}\n", found->version,
                   found->incidents, o->out);
        return 0;
      });
    };
  });
}

void AddRules(CLI::App* parent, Command& command) {
  auto* cmd = parent->add_subcommand(
      "rules", "Print the built-in release rules (YAML), to copy and change for --rules");
  cmd->callback([&command] {
    command.run = [] {
      fmt::print("{}", DefaultReleaseRulesText());
      return 0;
    };
  });
}

}  // namespace

void AddReleaseCommand(CLI::App& app, Command& command) {
  auto* releases = app.add_subcommand(
      "release", "Public releases: request one, have another person approve it, verify, download");
  releases->require_subcommand(1);
  auto db = std::make_shared<std::string>(kDefaultDb);
  AddRequest(releases, command, db);
  AddList(releases, command, db);
  AddShow(releases, command, db);
  AddReview(releases, command, db, "approve",
            "Approve a release someone else requested: it becomes public", "--note",
            "A note on the review", false,
            [](ReleaseService& s, const service::Actor& a, const Id& id, const std::string& t) {
              return s.Approve(a, id, t);
            });
  AddReview(releases, command, db, "reject", "Reject a release someone else requested", "--reason",
            "Why", true,
            [](ReleaseService& s, const service::Actor& a, const Id& id, const std::string& t) {
              return s.Reject(a, id, t);
            });
  AddReview(releases, command, db, "withdraw",
            "Withdraw a requested or approved release: it is no longer public", "--reason", "Why",
            true,
            [](ReleaseService& s, const service::Actor& a, const Id& id, const std::string& t) {
              return s.Withdraw(a, id, t);
            });
  AddVerify(releases, command, db);
  AddDownload(releases, command, db);
  AddRules(releases, command);
}

}  // namespace civharm::cli
