// civharm case show|step|investigation|respond|response-status|consult|lesson|lesson-status|
// lessons|overdue|backlog|review-queue|amends|timeline|cde|answer|my-reports: the case lifecycle
// on the store, as the user of CIVHARM_TOKEN (the same service calls as the API's case routes).
// Every command prints one JSON document on stdout; records read from files are request bodies
// (domain/case_records.h), read strictly, `-` standing for standard input.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/case_json.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/json_output.h"
#include "core/id.h"
#include "core/strings.h"
#include "domain/case_records.h"
#include "domain/codec.h"
#include "service/answers.h"
#include "service/case_service.h"
#include "service/lifecycle.h"

namespace civharm::cli {
namespace {

using nlohmann::json;

// ---- output ---------------------------------------------------------------------------------

json CaseFileJson(const service::CaseFile& f) {
  json j = {{"incident_id", f.incident.meta.id},
            {"title", f.incident.title},
            {"status", EnumName(f.incident.status)},
            {"allowed_steps", api::EnumNamesJson(f.allowed_steps)}};
  if (f.deadline) j["deadline"] = api::DeadlineJson(*f.deadline);
  j["transitions"] = api::CaseRecordsJson(f.transitions);
  j["assessments"] = api::CaseRecordsJson(f.assessments);
  j["investigations"] = api::CaseRecordsJson(f.investigations);
  j["responses"] = api::CaseRecordsJson(f.responses);
  j["consultations"] = api::CaseRecordsJson(f.consultations);
  j["lessons"] = api::CaseRecordsJson(f.lessons);
  return j;
}

// ---- input ----------------------------------------------------------------------------------

template <typename E>
std::vector<std::string> NamesOf() {
  std::vector<std::string> out;
  for (const auto& entry : EnumTraits<E>::kNames) out.emplace_back(entry.second);
  return out;
}

// An enum argument CLI11 has already checked against NamesOf<E>().
template <typename E>
E EnumArg(const std::string& text) {
  return *ParseEnum<E>(text);
}

Result<Date> DateArg(const std::string& text, const char* field) {
  auto d = Date::Parse(text);
  if (!d) return std::unexpected(InvalidArgument(d.error().message(), field));
  return *d;
}

Date Today() {
  return Timestamp::Now().date();
}

// `--today` when given, else the date today.
Result<Date> TodayArg(const std::string& text) {
  if (text.empty()) return Today();
  return DateArg(text, "today");
}

// An incident named on the command line.
Status CheckIncidentArg(const Id& id) {
  if (IsValidId(id)) return Status::Ok();
  return InvalidArgument(fmt::format("'{}' is not a record id", id), "incident");
}

// A case record of kind T from the JSON request body in `path` (or standard input), its fields
// named under the kind ("assessment.finding"). The record is about `incident_id` when given:
// the body may name no other incident.
template <typename T>
Result<T> ReadRecord(const std::string& path, const std::optional<Id>& incident_id) {
  const std::string kind(EnumName(CaseKindOf<T>()));
  CIVHARM_ASSIGN_OR_RETURN(std::string text, ReadInput(path, kind));
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    return std::unexpected(InvalidArgument(
        fmt::format("{} is not JSON: {}", path == "-" ? "standard input" : path, e.what()), kind));
  }
  auto record = CaseRecordFromJson(CaseKindOf<T>(), j);
  if (!record) return std::unexpected(Under(record.error(), kind));
  T out = std::get<T>(std::move(*record));
  if (incident_id) {
    if (!out.meta.incident_id.empty() && out.meta.incident_id != *incident_id) {
      return std::unexpected(InvalidArgument(
          fmt::format("names incident {}, not {} (leave it out: the command names the incident)",
                      out.meta.incident_id, *incident_id),
          kind + ".incident_id"));
    }
    out.meta.incident_id = *incident_id;
    // Every problem of the content at once, named in the file's terms, before anything is sent;
    // with the first status the service gives a response or lesson that comes without one.
    CaseRecord check(out);
    if (auto* r = std::get_if<Response>(&check); r && r->history.empty()) {
      r->history.push_back({.status = ResponseStatus::kProposed, .on = Today()});
    }
    if (auto* l = std::get_if<Lesson>(&check); l && l->history.empty()) {
      l->history.push_back({.status = LessonStatus::kProposed, .on = Today()});
    }
    if (Status s = Validate(check); !s.ok()) return std::unexpected(Under(s, kind));
  }
  return out;
}

// The deadline flags of show, overdue and backlog.
void AddDeadlines(CLI::App* cmd, service::Deadlines& d) {
  cmd->add_option("--assessment-days", d.assessment_days,
                  "Days allowed for an allegation's finding")
      ->capture_default_str();
  cmd->add_option("--investigation-days", d.investigation_days,
                  "Days allowed for an investigation's completion")
      ->capture_default_str();
  cmd->add_option("--response-days", d.response_days,
                  "Days allowed for a credible case's response to close")
      ->capture_default_str();
}

// Deadlines::Check, its fields named as the flags are.
Status CheckDeadlines(const service::Deadlines& d) {
  Status s = d.Check();
  if (s.ok()) return s;
  const auto flag = [](std::string field) {
    for (char& c : field) {
      if (c == '_') c = '-';
    }
    return "--" + field;
  };
  std::vector<FieldError> details = s.details();
  for (FieldError& e : details) e.field = flag(e.field);
  Status out(s.code(), s.message(), flag(s.field()));
  out.WithDetails(std::move(details));
  return out;
}

void AddDb(CLI::App* cmd, std::shared_ptr<std::string> db) {
  cmd->add_option("--db", *db, "Database file")->capture_default_str();
}

// What `case step --help` says of every step.
std::string StepsFooter() {
  std::string out = "Steps (the status each starts from → leads to; the action allowed; needs):\n";
  for (const service::StepRule& r : service::StepRules()) {
    std::string from, to;
    for (AssessmentStatus s : r.from)
      from += fmt::format("{}{}", from.empty() ? "" : "|", EnumName(s));
    for (AssessmentStatus s : r.to) to += fmt::format("{}{}", to.empty() ? "" : "|", EnumName(s));
    out += fmt::format("  {}: {} → {}; {}; needs {}\n", EnumName(r.step), from, to,
                       service::ActionName(r.action), r.requires_);
  }
  return out;
}

// ---- commands -------------------------------------------------------------------------------

void AddShow(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    Id incident;
    service::Deadlines deadlines;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand(
      "show", "An incident's case file: status, next steps, deadline and every case record");
  AddDb(cmd, db);
  cmd->add_option("incident", o->incident, "The incident")->required();
  AddDeadlines(cmd, o->deadlines);
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      if (Status s = CheckDeadlines(o->deadlines); !s.ok()) return FailAll(s);
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store, o->deadlines);
        auto f = cases.Get(session.actor, o->incident);
        if (!f) return Fail(f.error());
        return PrintJson(CaseFileJson(*f));
      });
    };
  });
}

void AddStep(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    Id incident;
    std::string step, expect, on, note, assessment, investigation;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand("step", "Take one step of an incident's case lifecycle");
  AddDb(cmd, db);
  cmd->add_option("incident", o->incident, "The incident")->required();
  cmd->add_option("step", o->step, "The step")
      ->required()
      ->check(CLI::IsMember(NamesOf<CaseStep>()));
  cmd->add_option("--expect", o->expect,
                  "Refuse the step unless the case is in this status (someone may have moved it)")
      ->check(CLI::IsMember(NamesOf<AssessmentStatus>()));
  cmd->add_option("--on", o->on, "The day the step was taken (YYYY-MM-DD; default today)");
  cmd->add_option("--note", o->note, "Why (required to reopen)");
  cmd->add_option("--assessment", o->assessment,
                  "record_finding: the assessment, a JSON file (- for standard input)");
  cmd->add_option("--investigation", o->investigation,
                  "open_investigation, complete_investigation: the investigation, a JSON file (- "
                  "for standard input)");
  cmd->footer(StepsFooter());
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      if (o->assessment == "-" && o->investigation == "-") {
        return Fail(
            InvalidArgument("only one of --assessment and --investigation can be read "
                            "from standard input",
                            "investigation"));
      }
      if (Status s = CheckIncidentArg(o->incident); !s.ok()) return Fail(s);
      service::StepRequest request{.step = EnumArg<CaseStep>(o->step), .note = o->note};
      if (!o->expect.empty()) request.expected_status = EnumArg<AssessmentStatus>(o->expect);
      if (!o->on.empty()) {
        auto on = DateArg(o->on, "on");
        if (!on) return Fail(on.error());
        request.on = *on;
      }
      if (!o->assessment.empty()) {
        auto a = ReadRecord<Assessment>(o->assessment, o->incident);
        if (!a) return FailAll(a.error());
        request.assessment = std::move(*a);
      }
      if (!o->investigation.empty()) {
        auto inv = ReadRecord<Investigation>(o->investigation, o->incident);
        if (!inv) return FailAll(inv.error());
        request.investigation = std::move(*inv);
      }
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto f = cases.Step(session.actor, o->incident, std::move(request));
        if (!f) return FailAll(f.error());
        json out = {{"incident_id", f->incident.meta.id},
                    {"status", EnumName(f->incident.status)},
                    {"allowed_steps", api::EnumNamesJson(f->allowed_steps)}};
        if (!f->transitions.empty()) out["transition"] = ToJson(CaseRecord(f->transitions.back()));
        return PrintJson(out);
      });
    };
  });
}

void AddInvestigation(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    Id id;
    std::string file;
    int64_t version = 0;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand(
      "investigation", "Record the progress of an open investigation: its whole content, replaced");
  AddDb(cmd, db);
  cmd->add_option("id", o->id, "The investigation")->required();
  cmd->add_option("--file", o->file, "The investigation, a JSON file (- for standard input)")
      ->required();
  cmd->add_option("--version", o->version, "The version it was read at")->required();
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      auto inv = ReadRecord<Investigation>(o->file, std::nullopt);
      if (!inv) return FailAll(inv.error());
      if (!inv->meta.incident_id.empty()) {
        return Fail(InvalidArgument("leave it out: an investigation stays with its incident",
                                    "investigation.incident_id"));
      }
      inv->meta.id = o->id;
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto saved = cases.UpdateInvestigation(session.actor, std::move(*inv), o->version);
        if (!saved) return FailAll(Under(saved.error(), "investigation", false));
        return PrintJson(ToJson(CaseRecord(*saved)));
      });
    };
  });
}

// respond, consult and lesson: a new case record of kind T for an incident, from a file.
template <typename T, typename Add>
void AddNewRecord(CLI::App* cases, Command& command, std::shared_ptr<std::string> db,
                  const std::string& name, const std::string& description, Add add) {
  struct Options {
    Id incident;
    std::string file;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand(name, description);
  AddDb(cmd, db);
  cmd->add_option("incident", o->incident, "The incident")->required();
  cmd->add_option("--file", o->file,
                  fmt::format("The {}'s fields, a JSON file (- for standard input); its "
                              "incident_id is the incident given",
                              EnumName(CaseKindOf<T>())))
      ->required();
  cmd->callback([o, db, add, &command] {
    command.run = [o, db, add] {
      if (Status s = CheckIncidentArg(o->incident); !s.ok()) return Fail(s);
      auto record = ReadRecord<T>(o->file, o->incident);
      if (!record) return FailAll(record.error());
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        Result<T> saved = add(cases, session.actor, std::move(*record));
        if (!saved) return FailAll(Under(saved.error(), EnumName(CaseKindOf<T>()), false));
        return PrintJson(ToJson(CaseRecord(*saved)));
      });
    };
  });
}

// `case response-status` and `case lesson-status`: a record's next status, through `apply`
// (CaseService::ChangeResponseStatus or ChangeLessonStatus).
template <typename Enum, typename Change, typename Apply>
void AddStatusChange(CLI::App* cases, Command& command, std::shared_ptr<std::string> db,
                     const char* name, const char* help, const char* what, const char* note_help,
                     Apply apply) {
  struct Options {
    Id id;
    std::string status, on, note;
    int64_t version = 0;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand(name, help);
  AddDb(cmd, db);
  cmd->add_option("id", o->id, what)->required();
  cmd->add_option("status", o->status, "Its new status")
      ->required()
      ->check(CLI::IsMember(NamesOf<Enum>()));
  cmd->add_option("--on", o->on, "The day it changed (YYYY-MM-DD)")->required();
  cmd->add_option("--note", o->note, note_help);
  cmd->add_option("--version", o->version, "The version it was read at")->required();
  cmd->callback([o, db, apply, &command] {
    command.run = [o, db, apply] {
      auto on = DateArg(o->on, "on");
      if (!on) return Fail(on.error());
      Change change{.status = EnumArg<Enum>(o->status), .on = *on, .note = o->note};
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto saved = apply(cases, session.actor, o->id, change, o->version);
        if (!saved) return FailAll(saved.error());
        return PrintJson(ToJson(CaseRecord(*saved)));
      });
    };
  });
}

void AddResponseStatus(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  AddStatusChange<ResponseStatus, StatusChange>(
      cases, command, std::move(db), "response-status",
      "Move a response on: proposed → offered → accepted → paid|delivered; declined; withdrawn",
      "The response", "Why (required when declined or withdrawn)",
      [](service::CaseService& c, const service::Actor& a, const Id& id, StatusChange ch,
         int64_t v) { return c.ChangeResponseStatus(a, id, std::move(ch), v); });
}

void AddLessonStatus(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  AddStatusChange<LessonStatus, LessonChange>(
      cases, command, std::move(db), "lesson-status",
      "Move a lesson on: proposed → accepted → implemented; rejected", "The lesson",
      "Why (required when rejected)",
      [](service::CaseService& c, const service::Actor& a, const Id& id, LessonChange ch,
         int64_t v) { return c.ChangeLessonStatus(a, id, std::move(ch), v); });
}

void AddLessons(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  auto status = std::make_shared<std::string>();
  auto* cmd = cases->add_subcommand("lessons", "Every lesson you may see");
  AddDb(cmd, db);
  cmd->add_option("--status", *status, "Only lessons in this status")
      ->check(CLI::IsMember(NamesOf<LessonStatus>()));
  cmd->callback([status, db, &command] {
    command.run = [status, db] {
      std::optional<LessonStatus> only;
      if (!status->empty()) only = EnumArg<LessonStatus>(*status);
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto lessons = cases.Lessons(session.actor, only);
        if (!lessons) return Fail(lessons.error());
        return PrintJson(api::CaseRecordsJson(*lessons));
      });
    };
  });
}

void AddOverdue(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string today;
    service::Deadlines deadlines;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand("overdue", "Open cases past their stage's deadline");
  AddDb(cmd, db);
  cmd->add_option("--today", o->today, "The day to count from (YYYY-MM-DD; default today)");
  AddDeadlines(cmd, o->deadlines);
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      if (Status s = CheckDeadlines(o->deadlines); !s.ok()) return FailAll(s);
      auto today = TodayArg(o->today);
      if (!today) return Fail(today.error());
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store, o->deadlines);
        auto overdue = cases.Overdue(session.actor, *today);
        if (!overdue) return Fail(overdue.error());
        json list = json::array();
        for (const service::OverdueCase& c : *overdue) {
          list.push_back({{"incident_id", c.incident_id},
                          {"title", c.title},
                          {"status", EnumName(c.status)},
                          {"deadline", api::DeadlineJson(c.deadline)}});
        }
        return PrintJson({{"today", today->ToString()}, {"cases", std::move(list)}});
      });
    };
  });
}

void AddBacklog(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string today;
    service::Deadlines deadlines;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand(
      "backlog", "How many open cases wait in each stage, for how long; and cases by status");
  AddDb(cmd, db);
  cmd->add_option("--today", o->today, "The day to count from (YYYY-MM-DD; default today)");
  AddDeadlines(cmd, o->deadlines);
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      if (Status s = CheckDeadlines(o->deadlines); !s.ok()) return FailAll(s);
      auto today = TodayArg(o->today);
      if (!today) return Fail(today.error());
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store, o->deadlines);
        auto backlog = cases.BacklogOf(session.actor, *today);
        if (!backlog) return Fail(backlog.error());
        json stages = json::array();
        for (const service::StageBacklog& b : backlog->stages) {
          // Ages in days, each bucket named by its range: "0-7", "8-30", …, "over_365".
          json by_age = json::object();
          int low = 0;
          for (size_t i = 0; i < service::kBacklogAgeBounds.size(); ++i) {
            by_age[fmt::format("{}-{}", low, service::kBacklogAgeBounds[i])] = b.by_age[i];
            low = service::kBacklogAgeBounds[i] + 1;
          }
          by_age[fmt::format("over_{}", service::kBacklogAgeBounds.back())] = b.by_age.back();
          stages.push_back({{"stage", EnumName(b.stage)},
                            {"count", b.count},
                            {"overdue", b.overdue},
                            {"days_allowed", o->deadlines.DaysFor(b.stage)},
                            {"by_age_days", std::move(by_age)},
                            {"median_age_days", b.median_age_days},
                            {"oldest_age_days", b.oldest_age_days}});
        }
        json by_status = json::object();
        for (const auto& entry : backlog->by_status)
          by_status[std::string(EnumName(entry.first))] = entry.second;
        return PrintJson({{"today", backlog->today.ToString()},
                          {"stages", std::move(stages)},
                          {"by_status", std::move(by_status)}});
      });
    };
  });
}

void AddReviewQueue(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  auto* cmd = cases->add_subcommand(
      "review-queue",
      "Cases found not credible, insufficient or duplicate, those with new reports first");
  AddDb(cmd, db);
  cmd->callback([db, &command] {
    command.run = [db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto queue = cases.ReviewQueue(session.actor);
        if (!queue) return Fail(queue.error());
        json list = json::array();
        for (const service::ReviewItem& item : *queue) {
          json j = {{"incident_id", item.incident_id},
                    {"title", item.title},
                    {"status", EnumName(item.status)},
                    {"found_on", item.found_on.ToString()}};
          if (item.reason) j["reason"] = EnumName(*item.reason);
          j["new_reports"] = item.new_reports;
          if (item.latest_report_at) j["latest_report_at"] = item.latest_report_at->ToString();
          list.push_back(std::move(j));
        }
        return PrintJson(list);
      });
    };
  });
}

void AddAmends(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  auto incident = std::make_shared<Id>();
  auto* cmd = cases->add_subcommand(
      "amends", "Payments by currency and status, their sums exact (one incident's when given)");
  AddDb(cmd, db);
  cmd->add_option("--incident", *incident, "Only this incident's payments");
  cmd->callback([incident, db, &command] {
    command.run = [incident, db] {
      std::optional<Id> only;
      if (!incident->empty()) only = *incident;
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto totals = cases.AmendsTotals(session.actor, only);
        if (!totals) return Fail(totals.error());
        json list = json::array();
        for (const service::AmendsTotal& t : *totals) {
          list.push_back({{"currency", t.currency},
                          {"status", EnumName(t.status)},
                          {"payments", t.payments},
                          {"total", Money{t.thousandths, t.currency}.AmountText()}});
        }
        return PrintJson(list);
      });
    };
  });
}

void AddTimeline(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  auto incident = std::make_shared<Id>();
  auto* cmd = cases->add_subcommand(
      "timeline", "Everything that happened to an incident's case, in time order");
  AddDb(cmd, db);
  cmd->add_option("incident", *incident, "The incident")->required();
  cmd->callback([incident, db, &command] {
    command.run = [incident, db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto timeline = cases.Timeline(session.actor, *incident);
        if (!timeline) return Fail(timeline.error());
        json list = json::array();
        for (const service::TimelineEntry& e : *timeline) list.push_back(api::TimelineEntryJson(e));
        return PrintJson(list);
      });
    };
  });
}

void AddCde(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  auto* cmd = cases->add_subcommand(
      "cde", "Operations' collateral damage estimates beside the civilian harm assessed");
  AddDb(cmd, db);
  cmd->callback([db, &command] {
    command.run = [db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        service::CaseService cases(*session.store);
        auto comparisons = cases.CompareCde(session.actor);
        if (!comparisons) return Fail(comparisons.error());
        json list = json::array();
        for (const service::CdeComparison& c : *comparisons) {
          list.push_back({{"operation", ToJson(c.operation)},
                          {"incidents", c.incidents},
                          {"assessed_killed", ToJson(c.assessed_killed)},
                          {"assessed_injured", ToJson(c.assessed_injured)},
                          {"killed_exceeds_estimate", c.killed_exceeds_estimate},
                          {"injured_exceeds_estimate", c.injured_exceeds_estimate}});
        }
        return PrintJson(list);
      });
    };
  });
}

// The secret token on the first line of standard input.
Result<std::string> ReadToken() {
  std::string token;
  if (!std::getline(std::cin, token)) {
    return std::unexpected(InvalidArgument("no token came on standard input", "token"));
  }
  token = std::string(Trim(token));
  if (token.empty()) {
    return std::unexpected(InvalidArgument("the first line of standard input is empty", "token"));
  }
  return token;
}

void AddAnswer(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  struct Options {
    std::string reference;
    bool token_stdin = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = cases->add_subcommand(
      "answer",
      "What became of a report, for whoever holds its reference code and secret token (no "
      "sign-in)");
  AddDb(cmd, db);
  cmd->add_option("reference", o->reference, "The report's reference code")->required();
  cmd->add_flag("--token-stdin", o->token_stdin,
                "Read the secret token from the first line of standard input");
  cmd->callback([o, db, &command] {
    command.run = [o, db] {
      if (!o->token_stdin) {
        // A token on the command line would be visible to every user of the machine.
        return Fail(InvalidArgument(
            "pass --token-stdin and send the secret token on standard input", "token"));
      }
      auto token = ReadToken();
      if (!token) return Fail(token.error());
      if (!std::filesystem::exists(*db)) {
        return Fail(NotFound(fmt::format("there is no database at {}", *db)));
      }
      auto store = OpenDb(*db, storage::MigrationPolicy::kCheck);
      if (!store) return Fail(store.error());
      auto status = service::StatusByToken(**store, o->reference, *token);
      if (!status) return Fail(status.error());
      return PrintJson(api::ReportStatusJson(*status));
    };
  });
}

void AddMyReports(CLI::App* cases, Command& command, std::shared_ptr<std::string> db) {
  auto* cmd = cases->add_subcommand("my-reports", "What became of each report you submitted");
  AddDb(cmd, db);
  cmd->callback([db, &command] {
    command.run = [db] {
      return AsSignedIn(*db, [&](SignedIn& session) {
        auto mine = service::SubmissionsOf(*session.store, session.actor);
        if (!mine) return Fail(mine.error());
        json list = json::array();
        for (const service::ReportStatus& s : *mine) list.push_back(api::ReportStatusJson(s));
        return PrintJson(list);
      });
    };
  });
}

}  // namespace

void AddCaseCommand(CLI::App& app, Command& command) {
  auto* cases = app.add_subcommand("case", "Follow incidents through the case lifecycle");
  cases->require_subcommand(1);
  auto db = std::make_shared<std::string>(kDefaultDb);
  AddShow(cases, command, db);
  AddStep(cases, command, db);
  AddInvestigation(cases, command, db);
  AddNewRecord<Response>(cases, command, db, "respond",
                         "Propose a response to a credible case: acknowledgment, apology, "
                         "payment, assistance",
                         [](service::CaseService& cases, const service::Actor& actor, Response r) {
                           return cases.AddResponse(actor, std::move(r));
                         });
  AddResponseStatus(cases, command, db);
  AddNewRecord<Consultation>(
      cases, command, db, "consult", "Record a consultation with the people harmed",
      [](service::CaseService& cases, const service::Actor& actor, Consultation c) {
        return cases.AddConsultation(actor, std::move(c));
      });
  AddNewRecord<Lesson>(cases, command, db, "lesson",
                       "Record a lesson: cause, recommendation, owner, due date",
                       [](service::CaseService& cases, const service::Actor& actor, Lesson l) {
                         return cases.AddLesson(actor, std::move(l));
                       });
  AddLessonStatus(cases, command, db);
  AddLessons(cases, command, db);
  AddOverdue(cases, command, db);
  AddBacklog(cases, command, db);
  AddReviewQueue(cases, command, db);
  AddAmends(cases, command, db);
  AddTimeline(cases, command, db);
  AddCde(cases, command, db);
  AddAnswer(cases, command, db);
  AddMyReports(cases, command, db);
}

}  // namespace civharm::cli
