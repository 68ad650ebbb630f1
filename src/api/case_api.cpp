#include "api/case_api.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/case_json.h"
#include "api/query_string.h"
#include "api/responses.h"
#include "core/problems.h"
#include "core/strings.h"
#include "domain/case_records.h"
#include "domain/codec.h"
#include "domain/json_reader.h"
#include "domain/user.h"
#include "service/answers.h"
#include "service/authorization.h"
#include "service/case_service.h"

namespace civharm::api {
namespace {

using nlohmann::json;
using service::Actor;
using service::CaseService;

Date Today() {
  return Timestamp::Now().date();
}

Status CheckId(const std::string& id, const std::string& field = "id") {
  if (!IsValidId(id)) return InvalidArgument(fmt::format("'{}' is not a record id", id), field);
  return Status::Ok();
}

// ---- query strings ---------------------------------------------------------------------------

// The day `today=` names, or today.
Result<Date> TodayOf(const Params& params) {
  const auto it = params.find("today");
  if (it == params.end()) return Today();
  auto d = Date::Parse(it->second);
  if (!d) {
    return std::unexpected(
        InvalidArgument(fmt::format("must be a day YYYY-MM-DD: {}", d.error().message()), "today"));
  }
  return *d;
}

// ---- bodies ----------------------------------------------------------------------------------

// Adds the problems of a nested record's reading under `prefix` ("assessment.finding").
void AddNested(Problems& p, std::string_view prefix, const Status& s) {
  const auto path = [&](const std::string& field) {
    return field.empty() ? std::string(prefix) : Path(prefix, field);
  };
  if (s.details().empty()) {
    p.Add(path(s.field()), s.message());
    return;
  }
  for (const FieldError& e : s.details()) p.Add(path(e.field), e.message);
}

// A case record of kind T under `key` of a request body, for the incident in the URL.
template <typename T>
std::optional<T> ReadNested(internal::JsonReader& in, std::string_view key, const Id& incident_id) {
  const json* v = in.Get(key);
  if (!v) return std::nullopt;
  Result<CaseRecord> read = CaseRecordFromJson(CaseKindOf<T>(), *v);
  if (!read) {
    AddNested(in.problems(), key, read.error());
    return std::nullopt;
  }
  T out = std::get<T>(std::move(*read));
  if (!out.meta.incident_id.empty() && out.meta.incident_id != incident_id) {
    in.problems().Add(Path(key, "incident_id"), "differs from the incident in the URL");
  }
  out.meta.incident_id = incident_id;
  return out;
}

// A request body holding the fields of a case record of kind T, for the incident in the URL.
template <typename T>
Result<T> ReadRecordBody(const HttpRequest& req, const Id& incident_id) {
  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord read, CaseRecordFromJson(CaseKindOf<T>(), body));
  T out = std::get<T>(std::move(read));
  if (!out.meta.incident_id.empty() && out.meta.incident_id != incident_id) {
    return std::unexpected(InvalidArgument("differs from the incident in the URL", "incident_id"));
  }
  out.meta.incident_id = incident_id;
  return out;
}

void ReadExpectedVersion(internal::JsonReader& in, int64_t& version) {
  in.Require("expected_version");
  if (const auto v = in.Int("expected_version")) {
    if (*v < 1) {
      in.problems().Add("expected_version", "must be the version you read (1 or more)");
    } else {
      version = *v;
    }
  }
}

Result<service::StepRequest> ReadStep(const HttpRequest& req, const Id& incident_id) {
  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
  Problems p;
  internal::JsonReader in(body, "", p);
  service::StepRequest out;
  in.Require("step");
  if (const auto step = in.Enum<CaseStep>("step")) out.step = *step;
  out.expected_status = in.Enum<AssessmentStatus>("expected_status");
  out.on = in.DateValue("on");
  out.note = in.String("note");
  out.assessment = ReadNested<Assessment>(in, "assessment", incident_id);
  out.investigation = ReadNested<Investigation>(in, "investigation", incident_id);
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return out;
}

struct InvestigationUpdate {
  Investigation investigation;
  int64_t expected_version = 0;
};

Result<InvestigationUpdate> ReadInvestigationUpdate(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
  Problems p;
  internal::JsonReader in(body, "", p);
  InvestigationUpdate out;
  in.Require("investigation");
  if (const json* v = in.Get("investigation")) {
    Result<CaseRecord> read = CaseRecordFromJson(CaseRecordKind::kInvestigation, *v);
    if (read) {
      out.investigation = std::get<Investigation>(std::move(*read));
      if (!out.investigation.meta.incident_id.empty()) {
        p.Add("investigation.incident_id",
              "is the investigation's incident, which does not change: leave it out");
      }
    } else {
      AddNested(p, "investigation", read.error());
    }
  }
  ReadExpectedVersion(in, out.expected_version);
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return out;
}

// {status, on, note?, expected_version}: a response's or a lesson's next status.
template <typename Enum>
struct ChangeBody {
  Enum status{};
  Date on = Date::FromDays(0);
  std::string note;
  int64_t expected_version = 0;
};

template <typename Enum>
Result<ChangeBody<Enum>> ReadChange(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
  Problems p;
  internal::JsonReader in(body, "", p);
  ChangeBody<Enum> out;
  in.Require("status");
  in.Require("on");
  if (const auto s = in.Enum<Enum>("status")) out.status = *s;
  if (const auto d = in.DateValue("on")) out.on = *d;
  out.note = in.String("note");
  ReadExpectedVersion(in, out.expected_version);
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return out;
}

// ---- answers ---------------------------------------------------------------------------------

HttpResponse RecordResponse(int status, const CaseRecord& record) {
  HttpResponse r = JsonResponse(status, ToJson(record));
  r.headers.emplace_back("ETag", fmt::format("\"{}\"", MetaOf(record).version));
  return r;
}

json DeadlinesJson(const service::Deadlines& d) {
  return {{"assessment_days", d.assessment_days},
          {"investigation_days", d.investigation_days},
          {"response_days", d.response_days}};
}

json CaseFileJson(const service::CaseFile& f) {
  json out{{"incident", ToJson(f.incident)},
           {"status", EnumName(f.incident.status)},
           {"allowed_steps", EnumNamesJson(f.allowed_steps)}};
  out["deadline"] = f.deadline ? DeadlineJson(*f.deadline) : json();
  out["transitions"] = CaseRecordsJson(f.transitions);
  out["assessments"] = CaseRecordsJson(f.assessments);
  out["investigations"] = CaseRecordsJson(f.investigations);
  out["responses"] = CaseRecordsJson(f.responses);
  out["consultations"] = CaseRecordsJson(f.consultations);
  out["lessons"] = CaseRecordsJson(f.lessons);
  return out;
}

json OverdueJson(const std::vector<service::OverdueCase>& cases) {
  json out = json::array();
  for (const service::OverdueCase& c : cases) {
    json one = DeadlineJson(c.deadline);
    one["incident_id"] = c.incident_id;
    one["title"] = c.title;
    one["status"] = EnumName(c.status);
    out.push_back(std::move(one));
  }
  return out;
}

constexpr std::array<std::string_view, 5> kAgeBuckets = {"0-7", "8-30", "31-90", "91-365",
                                                         "over_365"};
static_assert(kAgeBuckets.size() == service::kBacklogAgeBounds.size() + 1);

json BacklogJson(const service::Backlog& b) {
  json stages = json::array();
  for (const service::StageBacklog& s : b.stages) {
    json by_age = json::object();
    for (size_t i = 0; i < kAgeBuckets.size(); ++i)
      by_age[std::string(kAgeBuckets[i])] = s.by_age[i];
    stages.push_back({{"stage", EnumName(s.stage)},
                      {"count", s.count},
                      {"overdue", s.overdue},
                      {"by_age", std::move(by_age)},
                      {"median_age_days", s.median_age_days},
                      {"oldest_age_days", s.oldest_age_days}});
  }
  json by_status = json::object();
  for (const auto& [status, count] : b.by_status) by_status[std::string(EnumName(status))] = count;
  return {{"today", b.today.ToString()},
          {"stages", std::move(stages)},
          {"by_status", std::move(by_status)}};
}

json ReviewQueueJson(const std::vector<service::ReviewItem>& items) {
  json out = json::array();
  for (const service::ReviewItem& i : items) {
    json one{{"incident_id", i.incident_id},
             {"title", i.title},
             {"status", EnumName(i.status)},
             {"found_on", i.found_on.ToString()},
             {"new_reports", i.new_reports}};
    if (i.reason) one["reason"] = EnumName(*i.reason);
    if (i.latest_report_at) one["latest_report_at"] = i.latest_report_at->ToString();
    out.push_back(std::move(one));
  }
  return {{"cases", std::move(out)}};
}

json AmendsJson(const std::vector<service::AmendsTotal>& totals) {
  json out = json::array();
  for (const service::AmendsTotal& t : totals) {
    out.push_back(
        {{"currency", t.currency},
         {"status", EnumName(t.status)},
         {"payments", t.payments},
         {"amount", Money{.thousandths = t.thousandths, .currency = t.currency}.AmountText()}});
  }
  return {{"totals", std::move(out)}};
}

json TimelineJson(const std::vector<service::TimelineEntry>& entries) {
  json out = json::array();
  for (const service::TimelineEntry& e : entries) out.push_back(TimelineEntryJson(e));
  return {{"entries", std::move(out)}};
}

json CdeJson(const std::vector<service::CdeComparison>& comparisons) {
  json out = json::array();
  for (const service::CdeComparison& c : comparisons) {
    json one{{"operation_id", c.operation.meta.id},
             {"reference", c.operation.reference},
             {"estimate",
              {{"killed", ToJson(c.operation.cde.civilian_killed)},
               {"injured", ToJson(c.operation.cde.civilian_injured)}}},
             {"assessed",
              {{"killed", ToJson(c.assessed_killed)}, {"injured", ToJson(c.assessed_injured)}}},
             {"incidents", c.incidents},
             {"killed_exceeds_estimate", c.killed_exceeds_estimate},
             {"injured_exceeds_estimate", c.injured_exceeds_estimate}};
    if (!c.operation.name.empty()) one["name"] = c.operation.name;
    out.push_back(std::move(one));
  }
  return {{"operations", std::move(out)}};
}

json LifecycleJson() {
  json steps = json::array();
  for (const service::StepRule& rule : service::StepRules()) {
    json from = json::array(), to = json::array(), roles = json::array();
    for (AssessmentStatus s : rule.from) from.push_back(EnumName(s));
    for (AssessmentStatus s : rule.to) to.push_back(EnumName(s));
    for (const auto& [role, name] : EnumTraits<Role>::kNames) {
      if (service::RoleAllows(role, rule.action)) roles.push_back(std::string(name));
    }
    steps.push_back({{"step", EnumName(rule.step)},
                     {"from", std::move(from)},
                     {"to", std::move(to)},
                     {"action", std::string(service::ActionName(rule.action))},
                     {"roles", std::move(roles)},
                     {"requires", std::string(rule.requires_)}});
  }
  return {{"steps", std::move(steps)}};
}

// ---- routes ----------------------------------------------------------------------------------

using Cases = std::shared_ptr<CaseService>;

void AddCaseFileRoutes(Router& router, const Cases& cases) {
  router.Add({"GET", "/api/v1/incidents/{id}/case",
              "An incident's case file: its status, the steps allowed next, its deadline and "
              "every case record",
              [cases](const HttpRequest&, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_ASSIGN_OR_RETURN(service::CaseFile f, cases->Get(actor, id));
                  return JsonResponse(200, CaseFileJson(f));
                });
              }});
  router.Add({"POST", "/api/v1/incidents/{id}/case/steps", "Take one step of the case lifecycle",
              [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_ASSIGN_OR_RETURN(service::StepRequest step, ReadStep(req, id));
                  CIVHARM_ASSIGN_OR_RETURN(service::CaseFile f,
                                           cases->Step(actor, id, std::move(step)));
                  return JsonResponse(200, CaseFileJson(f));
                });
              }});
  router.Add(
      {"PUT", "/api/v1/investigations/{id}", "Record the progress of an open investigation",
       [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           const std::string& id = p.at("id");
           CIVHARM_RETURN_IF_ERROR(CheckId(id));
           CIVHARM_ASSIGN_OR_RETURN(InvestigationUpdate u, ReadInvestigationUpdate(req));
           u.investigation.meta.id = id;
           CIVHARM_ASSIGN_OR_RETURN(
               Investigation saved,
               cases->UpdateInvestigation(actor, std::move(u.investigation), u.expected_version));
           return RecordResponse(200, saved);
         });
       }});
  router.Add({"GET", "/api/v1/incidents/{id}/timeline",
              "Everything that happened in an incident's case, in time order",
              [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the timeline"));
                  CIVHARM_ASSIGN_OR_RETURN(auto entries, cases->Timeline(actor, id));
                  return JsonResponse(200, TimelineJson(entries));
                });
              }});
  router.Add({"GET", "/api/v1/lifecycle",
              "The lifecycle's state machine: each step, its statuses and the roles allowed",
              [](const HttpRequest& req, const PathParams&, const Actor&) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the lifecycle"));
                  return JsonResponse(200, LifecycleJson());
                });
              }});
}

void AddResponseRoutes(Router& router, const Cases& cases) {
  router.Add({"POST", "/api/v1/incidents/{id}/responses",
              "Propose a response to the people harmed: acknowledgment, apology, payment, "
              "assistance",
              [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_ASSIGN_OR_RETURN(Response r, ReadRecordBody<Response>(req, id));
                  CIVHARM_ASSIGN_OR_RETURN(Response saved, cases->AddResponse(actor, std::move(r)));
                  HttpResponse out = RecordResponse(201, saved);
                  out.headers.emplace_back("Location", "/api/v1/responses/" + saved.meta.id);
                  return out;
                });
              }});
  router.Add({"POST", "/api/v1/responses/{id}/status", "Move a response to its next status",
              [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_ASSIGN_OR_RETURN(auto c, ReadChange<ResponseStatus>(req));
                  CIVHARM_ASSIGN_OR_RETURN(
                      Response saved,
                      cases->ChangeResponseStatus(
                          actor, id, {.status = c.status, .on = c.on, .note = std::move(c.note)},
                          c.expected_version));
                  return RecordResponse(200, saved);
                });
              }});
  router.Add({"POST", "/api/v1/incidents/{id}/consultations",
              "Record a consultation with the people harmed",
              [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_ASSIGN_OR_RETURN(Consultation c, ReadRecordBody<Consultation>(req, id));
                  CIVHARM_ASSIGN_OR_RETURN(Consultation saved,
                                           cases->AddConsultation(actor, std::move(c)));
                  return RecordResponse(201, saved);
                });
              }});
  router.Add({"GET", "/api/v1/amends/totals", "Payments by currency and status",
              [cases](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(Params q,
                                           ReadQuery(req.query, {"incident"}, "amends totals"));
                  std::optional<Id> incident;
                  if (const auto it = q.find("incident"); it != q.end()) {
                    CIVHARM_RETURN_IF_ERROR(CheckId(it->second, "incident"));
                    incident = it->second;
                  }
                  CIVHARM_ASSIGN_OR_RETURN(auto totals, cases->AmendsTotals(actor, incident));
                  return JsonResponse(200, AmendsJson(totals));
                });
              }});
}

void AddLessonRoutes(Router& router, const Cases& cases) {
  router.Add({"POST", "/api/v1/incidents/{id}/lessons",
              "Record a lesson learnt from an incident: cause, recommendation, owner",
              [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_ASSIGN_OR_RETURN(Lesson l, ReadRecordBody<Lesson>(req, id));
                  CIVHARM_ASSIGN_OR_RETURN(Lesson saved, cases->AddLesson(actor, std::move(l)));
                  return RecordResponse(201, saved);
                });
              }});
  router.Add({"GET", "/api/v1/lessons", "Lessons learnt, optionally of one status",
              [cases](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(Params q, ReadQuery(req.query, {"status"}, "lessons"));
                  std::optional<LessonStatus> status;
                  if (const auto it = q.find("status"); it != q.end()) {
                    status = ParseEnum<LessonStatus>(it->second);
                    if (!status) {
                      return std::unexpected(InvalidArgument(
                          fmt::format("must be {}", EnumChoices<LessonStatus>()), "status"));
                    }
                  }
                  CIVHARM_ASSIGN_OR_RETURN(auto lessons, cases->Lessons(actor, status));
                  return JsonResponse(200, {{"lessons", CaseRecordsJson(lessons)}});
                });
              }});
  router.Add({"POST", "/api/v1/lessons/{id}/status", "Move a lesson to its next status",
              [cases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  const std::string& id = p.at("id");
                  CIVHARM_RETURN_IF_ERROR(CheckId(id));
                  CIVHARM_ASSIGN_OR_RETURN(auto c, ReadChange<LessonStatus>(req));
                  CIVHARM_ASSIGN_OR_RETURN(
                      Lesson saved,
                      cases->ChangeLessonStatus(
                          actor, id, {.status = c.status, .on = c.on, .note = std::move(c.note)},
                          c.expected_version));
                  return RecordResponse(200, saved);
                });
              }});
}

void AddQueueRoutes(Router& router, const Cases& cases) {
  router.Add({"GET", "/api/v1/cases/overdue", "Open cases past their stage's deadline",
              [cases](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(Params q,
                                           ReadQuery(req.query, {"today"}, "overdue cases"));
                  CIVHARM_ASSIGN_OR_RETURN(const Date today, TodayOf(q));
                  CIVHARM_ASSIGN_OR_RETURN(auto overdue, cases->Overdue(actor, today));
                  return JsonResponse(200, {{"today", today.ToString()},
                                            {"deadlines", DeadlinesJson(cases->deadlines())},
                                            {"cases", OverdueJson(overdue)}});
                });
              }});
  router.Add(
      {"GET", "/api/v1/cases/backlog", "How many open cases wait in each stage, and for how long",
       [cases](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(Params q, ReadQuery(req.query, {"today"}, "the backlog"));
           CIVHARM_ASSIGN_OR_RETURN(const Date today, TodayOf(q));
           CIVHARM_ASSIGN_OR_RETURN(service::Backlog b, cases->BacklogOf(actor, today));
           return JsonResponse(200, BacklogJson(b));
         });
       }});
  router.Add({"GET", "/api/v1/cases/review-queue",
              "Cases found not credible, insufficient or duplicate, to look at again",
              [cases](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the review queue"));
                  CIVHARM_ASSIGN_OR_RETURN(auto items, cases->ReviewQueue(actor));
                  return JsonResponse(200, ReviewQueueJson(items));
                });
              }});
  router.Add({"GET", "/api/v1/operations/cde-comparison",
              "Operations' collateral damage estimates beside the civilian harm assessed",
              [cases](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the CDE comparison"));
                  CIVHARM_ASSIGN_OR_RETURN(auto comparisons, cases->CompareCde(actor));
                  return JsonResponse(200, CdeJson(comparisons));
                });
              }});
}

void AddAnswerRoutes(Router& router, storage::Store& store,
                     const std::shared_ptr<RateLimiter>& limit) {
  router.Add({"GET", "/api/v1/public/reports/{reference}/status",
              "What became of a report, for whoever holds its reference code and token",
              [&store, limit](const HttpRequest& req, const PathParams& p, const Actor&) {
                if (auto refused = RefuseOverLimit(*limit, req, "status look-ups")) return *refused;
                return Respond([&]() -> Result<HttpResponse> {
                  // Never the token in the query string: URLs land in logs.
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "a report's status"));
                  CIVHARM_ASSIGN_OR_RETURN(
                      std::string reference,
                      PercentDecode(p.at("reference"), "reference", /*plus_is_space=*/false));
                  const std::string token(Trim(req.header("x-report-token")));
                  if (token.empty()) {
                    return std::unexpected(InvalidArgument(
                        "is required: send the token you were given with the reference code",
                        "X-Report-Token"));
                  }
                  CIVHARM_ASSIGN_OR_RETURN(service::ReportStatus s,
                                           service::StatusByToken(store, reference, token));
                  return JsonResponse(200, ReportStatusJson(s));
                });
              },
              Access::kPublic});
  router.Add({"GET", "/api/v1/my/reports", "What became of each report you submitted",
              [&store](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "your reports"));
                  CIVHARM_ASSIGN_OR_RETURN(auto list, service::SubmissionsOf(store, actor));
                  json reports = json::array();
                  for (const service::ReportStatus& s : list)
                    reports.push_back(ReportStatusJson(s));
                  return JsonResponse(200, {{"reports", std::move(reports)}});
                });
              }});
  router.Add({"GET", "/api/v1/my/reports/{reference}",
              "What became of a report you submitted, under its reference code",
              [&store](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "your report"));
                  CIVHARM_ASSIGN_OR_RETURN(
                      std::string reference,
                      PercentDecode(p.at("reference"), "reference", /*plus_is_space=*/false));
                  CIVHARM_ASSIGN_OR_RETURN(service::ReportStatus s,
                                           service::SubmissionOf(store, actor, reference));
                  return JsonResponse(200, ReportStatusJson(s));
                });
              }});
}

}  // namespace

void AddCaseRoutes(Router& router, storage::Store& store, CaseRouteOptions options) {
  const auto cases = std::make_shared<CaseService>(store, options.deadlines);
  AddCaseFileRoutes(router, cases);
  AddResponseRoutes(router, cases);
  AddLessonRoutes(router, cases);
  AddQueueRoutes(router, cases);
  AddAnswerRoutes(router, store, options.status_lookups);
}

}  // namespace civharm::api
