// civharm score editions|framework|add-edition|create|edit|submit|return|publish|list|show|
// roadmap|evidence|compare|table|scorecard: assessments of states under the leadership framework
// (service/score_service.h) as the user of CIVHARM_TOKEN — the same service calls as the API's
// routes. Every command but table and scorecard prints one JSON document on stdout; those two
// write a file (or, for table, standard output).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/json_output.h"
#include "core/strings.h"
#include "service/score_service.h"
#include "service/sitrep.h"

namespace civharm::cli {
namespace {

using nlohmann::json;
using service::ScoreService;

// The database, and the services a score command works with.
struct Scoring {
  explicit Scoring(storage::Store& store) : analytics(store), scores(store, analytics) {}
  service::AnalyticsService analytics;
  ScoreService scores;
};

void AddDb(CLI::App* cmd, std::shared_ptr<std::string> db) {
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
}

// What an assessor writes (AssessmentContentFromJson), from a JSON file.
Result<StateAssessment> ReadContent(const std::string& path) {
  CIVHARM_ASSIGN_OR_RETURN(const std::string text, ReadInput(path, "file"));
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return std::unexpected(InvalidArgument(fmt::format("'{}' is not JSON", path), "file"));
  }
  return AssessmentContentFromJson(j);
}

Result<Id> CheckId(const std::string& id) {
  if (!IsValidId(id)) {
    return std::unexpected(
        InvalidArgument(fmt::format("'{}' is not a state assessment id", id), "assessment"));
  }
  return id;
}

// Runs `fn(scoring, actor)` for the signed-in user of `db`; its exit code.
template <typename F>
int Scored(const std::string& db, F&& fn) {
  return AsSignedIn(db, [&](SignedIn& session) {
    Scoring s(*session.store);
    return fn(s.scores, session.actor);
  });
}

// An assessment as the commands print it: the document with its scorecard.
int PrintAssessment(ScoreService& scores, const Result<StateAssessment>& a) {
  if (!a) return FailAll(a.error());
  auto card = scores.ScoreOf(*a);
  if (!card) return Fail(card.error());
  return PrintJson(service::AssessmentJson(*a, *card));
}

void AddEditions(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  auto* cmd = parent->add_subcommand(
      "editions", "The framework editions: the built-in one and those stored");
  AddDb(cmd, db);
  cmd->callback([db, &command] {
    command.run = [db] {
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        auto editions = scores.Frameworks(actor);
        if (!editions) return Fail(editions.error());
        json items = json::array();
        for (size_t i = 0; i < editions->size(); ++i) {
          items.push_back(service::FrameworkSummaryJson((*editions)[i], i == 0));
        }
        return PrintJson(items);
      });
    };
  });
}

void AddFramework(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  auto edition = std::make_shared<std::string>();
  auto* cmd = parent->add_subcommand(
      "framework",
      "Print a framework edition whole (JSON); without --edition, the built-in one as YAML, to "
      "copy and revise for add-edition");
  AddDb(cmd, db);
  cmd->add_option("--edition", *edition, "A stored edition's name");
  cmd->callback([db, edition, &command] {
    command.run = [db, edition] {
      if (edition->empty()) {
        fmt::print("{}", DefaultFrameworkText());
        return 0;
      }
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        auto fw = scores.GetFramework(actor, *edition);
        if (!fw) return Fail(fw.error());
        return PrintJson(ToJson(*fw));
      });
    };
  });
}

void AddAddEdition(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  auto file = std::make_shared<std::string>();
  auto* cmd = parent->add_subcommand(
      "add-edition", "Store a revised framework edition (YAML or JSON) under a new name");
  AddDb(cmd, db);
  cmd->add_option("file", *file, "The edition, a YAML or JSON file")->required();
  cmd->callback([db, file, &command] {
    command.run = [db, file] {
      auto text = ReadInput(*file, "file");
      if (!text) return Fail(text.error());
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        auto fw = scores.AddFramework(actor, *text);
        if (!fw) return FailAll(fw.error());
        return PrintJson(service::FrameworkSummaryJson(*fw, false));
      });
    };
  });
}

void AddCreate(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  auto file = std::make_shared<std::string>();
  auto* cmd = parent->add_subcommand(
      "create", "Start an assessment of a state (a draft you assess) from a JSON file");
  AddDb(cmd, db);
  cmd->add_option("file", *file,
                  "state, force, period {from, to}, edition, indicators [{indicator_id, level, "
                  "rationale, evidence}], category_overrides, overall_override")
      ->required();
  cmd->callback([db, file, &command] {
    command.run = [db, file] {
      auto content = ReadContent(*file);
      if (!content) return FailAll(Under(content.error(), "file"));
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        return PrintAssessment(scores, scores.Create(actor, std::move(*content)));
      });
    };
  });
}

void AddEdit(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string id, file;
    int64_t version = 0;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand("edit", "Replace a draft's content from a JSON file");
  AddDb(cmd, db);
  cmd->add_option("assessment", o->id, "Its id")->required();
  cmd->add_option("file", o->file, "The content, as for create")->required();
  cmd->add_option("--version", o->version, "The version you read")
      ->required()
      ->check(CLI::PositiveNumber);
  cmd->callback([db, o, &command] {
    command.run = [db, o] {
      auto id = CheckId(o->id);
      if (!id) return Fail(id.error());
      auto content = ReadContent(o->file);
      if (!content) return FailAll(Under(content.error(), "file"));
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        return PrintAssessment(scores, scores.Edit(actor, *id, o->version, std::move(*content)));
      });
    };
  });
}

// submit, return and publish: one assessment at the version read (the current one when
// --version is not given), and a note.
template <typename Apply>
void AddStep(CLI::App* parent, Command& command, std::shared_ptr<std::string> db,
             const char* name, const char* help, const char* note_help, bool note_required,
             Apply apply) {
  struct Options {
    std::string id, note;
    int64_t version = 0;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(name, help);
  AddDb(cmd, db);
  cmd->add_option("assessment", o->id, "Its id")->required();
  cmd->add_option("--version", o->version, "The version you read (default: the current one)")
      ->check(CLI::PositiveNumber);
  if (note_help) {
    auto* note = cmd->add_option("--note", o->note, note_help);
    if (note_required) note->required();
  }
  cmd->callback([db, o, apply, &command] {
    command.run = [db, o, apply] {
      auto id = CheckId(o->id);
      if (!id) return Fail(id.error());
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        int64_t version = o->version;
        if (version == 0) {
          auto current = scores.Get(actor, *id);
          if (!current) return Fail(current.error());
          version = current->version;
        }
        return PrintAssessment(scores, apply(scores, actor, *id, version, o->note));
      });
    };
  });
}

void AddList(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string state, status;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand("list", "Assessments of states, by state and period");
  AddDb(cmd, db);
  cmd->add_option("--state", o->state, "Only this state's (ignoring case)");
  cmd->add_option("--status", o->status, "draft, under_review or published")
      ->check(CLI::IsMember({"draft", "under_review", "published"}));
  cmd->callback([db, o, &command] {
    command.run = [db, o] {
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        storage::StateAssessmentQuery q{.state = o->state};
        if (!o->status.empty()) q.status = ParseEnum<ScoreStatus>(o->status);
        auto list = scores.List(actor, q);
        if (!list) return Fail(list.error());
        json items = json::array();
        for (const StateAssessment& a : *list) {
          items.push_back({{"id", a.id},
                           {"state", a.state},
                           {"period", {{"from", a.period.from.ToString()},
                                       {"to", a.period.to.ToString()}}},
                           {"edition", a.edition},
                           {"status", EnumName(a.status)},
                           {"version", a.version},
                           {"assessor", a.assessor}});
        }
        return PrintJson(items);
      });
    };
  });
}

// A command on one assessment that prints what `run(scores, actor, id)` gives.
template <typename Run>
void AddOnAssessment(CLI::App* parent, Command& command, std::shared_ptr<std::string> db,
                     const char* name, const char* help, Run run) {
  auto id = std::make_shared<std::string>();
  auto* cmd = parent->add_subcommand(name, help);
  AddDb(cmd, db);
  cmd->add_option("assessment", *id, "Its id")->required();
  cmd->callback([db, id, run, &command] {
    command.run = [db, id, run] {
      auto checked = CheckId(*id);
      if (!checked) return Fail(checked.error());
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) -> int {
        Result<json> out = run(scores, actor, *checked);
        if (!out) return Fail(out.error());
        return PrintJson(*out);
      });
    };
  });
}

void AddEvidence(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string id, ids;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(
      "evidence", "Evidence from civharm's records for the assessment's force and period");
  AddDb(cmd, db);
  cmd->add_option("assessment", o->id, "Its id")->required();
  std::vector<std::string> metrics;
  for (const auto& [metric, name] : EnumTraits<analytics::EvidenceMetric>::kNames) {
    metrics.emplace_back(name);
  }
  cmd->add_option("--ids", o->ids, "List the incidents behind this metric's figure")
      ->check(CLI::IsMember(metrics));
  cmd->callback([db, o, &command] {
    command.run = [db, o] {
      auto id = CheckId(o->id);
      if (!id) return Fail(id.error());
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        auto e = scores.Evidence(actor, *id);
        if (!e) return Fail(e.error());
        std::optional<analytics::EvidenceMetric> ids_of;
        if (!o->ids.empty()) ids_of = ParseEnum<analytics::EvidenceMetric>(o->ids);
        return PrintJson(service::EvidenceJson(*e, ids_of));
      });
    };
  });
}

void AddCompare(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string before, after;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(
      "compare", "What changed from one assessment to another (two periods, or two states)");
  AddDb(cmd, db);
  cmd->add_option("before", o->before, "The earlier (or first) assessment's id")->required();
  cmd->add_option("after", o->after, "The later (or second) assessment's id")->required();
  cmd->callback([db, o, &command] {
    command.run = [db, o] {
      for (const std::string* id : {&o->before, &o->after}) {
        if (auto checked = CheckId(*id); !checked) return Fail(checked.error());
      }
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        auto changes = scores.Compare(actor, o->before, o->after);
        if (!changes) return Fail(changes.error());
        json items = json::array();
        for (const LevelChange& c : *changes) items.push_back(ToJson(c));
        return PrintJson({{"before", o->before}, {"after", o->after}, {"changes", items}});
      });
    };
  });
}

void AddTable(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::vector<std::string> ids;
    std::string format = "csv", out;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(
      "table", "Several assessments side by side: a row per category and indicator");
  AddDb(cmd, db);
  cmd->add_option("assessments", o->ids, "Their ids, two or more")->required();
  cmd->add_option("--format", o->format, "json, csv or xlsx")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "csv", "xlsx"}));
  cmd->add_option("--out", o->out, "Output file (default: standard output; xlsx needs one)");
  cmd->callback([db, o, &command] {
    command.run = [db, o] {
      if (o->format == "xlsx" && o->out.empty()) {
        return Fail(InvalidArgument("an XLSX workbook is written to a file: give --out", "out"));
      }
      std::vector<Id> ids;
      for (const std::string& id : o->ids) {
        auto checked = CheckId(id);
        if (!checked) return Fail(checked.error());
        ids.push_back(*checked);
      }
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        auto c = scores.CompareMany(actor, ids);
        if (!c) return Fail(c.error());
        if (o->format == "json") return PrintJson(service::ComparisonJson(*c));
        const io::TableSheet sheet = service::ComparisonSheet(c->assessments, c->rows);
        const auto write = [&](std::ostream& out) {
          return o->format == "csv" ? service::WriteComparisonCsv(sheet, out)
                                    : io::WriteTablesXlsx({sheet}, out);
        };
        const Status s = o->out.empty() ? write(std::cout) : WriteWholeFile(o->out, write);
        std::cout.flush();
        return s.ok() ? 0 : Fail(s);
      });
    };
  });
}

void AddScorecard(CLI::App* parent, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string id, language = "en", format = "pdf", out;
    bool is_public = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = parent->add_subcommand(
      "scorecard", "A state's scorecard as PDF, HTML or XLSX, with the roadmap and evidence");
  AddDb(cmd, db);
  cmd->add_option("assessment", o->id, "Its id")->required();
  cmd->add_option("--language", o->language, "en, fr or ar")->capture_default_str();
  cmd->add_option("--format", o->format, "pdf, html or xlsx (the scorecard's tables)")
      ->capture_default_str()
      ->check(CLI::IsMember({"pdf", "html", "xlsx"}));
  cmd->add_option("--out", o->out, "The file to write")->required();
  cmd->add_flag("--public", o->is_public,
                "As the public sees a published assessment (no user needed): no names, records "
                "cited by kind, small counts suppressed");
  cmd->callback([db, o, &command] {
    command.run = [db, o] {
      auto id = CheckId(o->id);
      if (!id) return Fail(id.error());
      const auto write = [&](const Result<service::ScorecardDocument>& doc) {
        if (!doc) return Fail(doc.error());
        Status s = WriteWholeFile(o->out, [&](std::ostream& out) {
          return service::WriteReport(doc->document, doc->tables,
                                      *ParseEnum<service::ReportFormat>(o->format), out);
        });
        if (!s.ok()) return Fail(s);
        fmt::print("{}\n", o->out);
        return 0;
      };
      if (o->is_public) {
        if (!std::filesystem::exists(*db)) {
          return Fail(NotFound(fmt::format("there is no database at {}", *db)));
        }
        auto store = OpenDb(*db, storage::MigrationPolicy::kCheck);
        if (!store) return Fail(store.error());
        Scoring s(**store);
        return write(s.scores.PublicScorecardReport(*id, o->language));
      }
      return Scored(*db, [&](ScoreService& scores, const service::Actor& actor) {
        return write(scores.ScorecardReport(actor, *id, o->language));
      });
    };
  });
}

}  // namespace

void AddScoreCommand(CLI::App& app, Command& command) {
  auto* score = app.add_subcommand(
      "score",
      "The leadership framework: assess states with evidence, review, publish, compare, roadmap");
  score->require_subcommand(1);
  auto db = std::make_shared<std::string>(kDefaultDb);
  AddEditions(score, command, db);
  AddFramework(score, command, db);
  AddAddEdition(score, command, db);
  AddCreate(score, command, db);
  AddEdit(score, command, db);
  AddStep(score, command, db, "submit", "Send a draft for review: every indicator scored",
          nullptr, false,
          [](ScoreService& s, const service::Actor& a, const Id& id, int64_t v,
             const std::string&) { return s.Submit(a, id, v); });
  AddStep(score, command, db, "return",
          "Return an assessment under review to its assessor, saying why", "Why", true,
          [](ScoreService& s, const service::Actor& a, const Id& id, int64_t v,
             const std::string& note) { return s.Return(a, id, v, note); });
  AddStep(score, command, db, "publish", "Publish an assessment someone else assessed",
          "A note on the review", false,
          [](ScoreService& s, const service::Actor& a, const Id& id, int64_t v,
             const std::string& note) { return s.Publish(a, id, v, note); });
  AddList(score, command, db);
  AddOnAssessment(score, command, db, "show", "An assessment with its scorecard",
                  [](ScoreService& s, const service::Actor& a, const Id& id) -> Result<json> {
                    CIVHARM_ASSIGN_OR_RETURN(const StateAssessment found, s.Get(a, id));
                    CIVHARM_ASSIGN_OR_RETURN(const Scorecard card, s.ScoreOf(found));
                    return service::AssessmentJson(found, card);
                  });
  AddOnAssessment(score, command, db, "roadmap",
                  "For each category and indicator: the current level, the next, the gap",
                  [](ScoreService& s, const service::Actor& a, const Id& id) -> Result<json> {
                    CIVHARM_ASSIGN_OR_RETURN(const auto steps, s.RoadmapFor(a, id));
                    json items = json::array();
                    for (const RoadmapStep& step : steps) items.push_back(ToJson(step));
                    return items;
                  });
  AddEvidence(score, command, db);
  AddCompare(score, command, db);
  AddTable(score, command, db);
  AddScorecard(score, command, db);
}

}  // namespace civharm::cli
