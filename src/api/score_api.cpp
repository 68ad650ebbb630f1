#include "api/score_api.h"

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/analytics_api.h"
#include "api/query_string.h"
#include "api/responses.h"
#include "core/problems.h"
#include "core/strings.h"
#include "domain/json_reader.h"
#include "service/score_service.h"

namespace civharm::api {
namespace {

using nlohmann::json;
using service::Actor;
using service::ScoreService;
using Scores = std::shared_ptr<ScoreService>;

// ---- request parts ---------------------------------------------------------------------------

Result<Id> IdParam(const PathParams& p) {
  const std::string& id = p.at("id");
  if (!IsValidId(id)) {
    return std::unexpected(
        InvalidArgument(fmt::format("'{}' is not a state assessment id", id), "id"));
  }
  return id;
}

Result<storage::StateAssessmentQuery> ReadListQuery(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(Params params,
                           ReadQuery(req.query, {"state", "status"}, "state assessments"));
  storage::StateAssessmentQuery q;
  q.state = std::string(ParamOf(params, "state"));
  if (params.contains("status")) {
    const auto status = ParseEnum<ScoreStatus>(params.at("status"));
    if (!status) {
      return std::unexpected(InvalidArgument(
          fmt::format("'{}' is not {}", params.at("status"), EnumChoices<ScoreStatus>()),
          "status"));
    }
    q.status = *status;
  }
  return q;
}

// What an assessor writes, and for an edit the version it was read at (body "version" or
// If-Match).
struct ContentBody {
  StateAssessment content;
  int64_t version = 0;
};

Result<ContentBody> ReadContent(const HttpRequest& req, bool with_version) {
  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
  ContentBody out;
  int64_t body_version = 0;
  if (with_version && body.is_object() && body.contains("version")) {
    const json& v = body["version"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1) {
      return std::unexpected(
          InvalidArgument("must be the version you read (a whole number, 1 or more)", "version"));
    }
    body_version = v.get<int64_t>();
    body.erase("version");
  }
  CIVHARM_ASSIGN_OR_RETURN(out.content, AssessmentContentFromJson(body));
  if (with_version) {
    CIVHARM_ASSIGN_OR_RETURN(out.version, ExpectedVersion(req, body_version));
  }
  return out;
}

// {"version", "note"}: what a step of the review takes.
struct StepBody {
  int64_t version = 0;
  std::string note;
};

Result<StepBody> ReadStep(const HttpRequest& req) {
  json body = json::object();
  if (!Trim(req.body).empty()) {
    CIVHARM_ASSIGN_OR_RETURN(body, ParseBody(req));
  }
  Problems p;
  internal::JsonReader in(body, "", p);
  StepBody out;
  const std::optional<int64_t> version = in.Int("version");
  if (version && *version < 1) p.Add("version", "must be the version you read (1 or more)");
  out.note = in.String("note");
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  CIVHARM_ASSIGN_OR_RETURN(out.version, ExpectedVersion(req, version.value_or(0)));
  return out;
}

// "a,b,c" → ids, each checked.
Result<std::vector<Id>> ReadIds(std::string_view list, const char* field) {
  std::vector<Id> ids;
  for (std::string_view part : Split(list, ',')) {
    const std::string id(Trim(part));
    if (!IsValidId(id)) {
      return std::unexpected(
          InvalidArgument(fmt::format("'{}' is not a state assessment id", id), field));
    }
    ids.push_back(id);
  }
  return ids;
}

Result<service::ReportFormat> ReportParams(const Params& params, std::string& language) {
  CIVHARM_ASSIGN_OR_RETURN(const auto format,
                           EnumParam(params, "format", service::ReportFormat::kPdf));
  language = std::string(ParamOf(params, "language"));
  if (language.empty()) language = "en";
  return format;
}

// ---- responses -------------------------------------------------------------------------------

HttpResponse AssessmentResponse(int status, const StateAssessment& a, const Scorecard& card) {
  HttpResponse r = JsonResponse(status, service::AssessmentJson(a, card));
  r.headers.emplace_back("ETag", fmt::format("\"{}\"", a.version));
  return r;
}

// The assessment with its scorecard, as the store now holds it.
Result<HttpResponse> Answer(ScoreService& scores, const Result<StateAssessment>& a,
                            int status) {
  if (!a) return std::unexpected(a.error());
  CIVHARM_ASSIGN_OR_RETURN(const Scorecard card, scores.ScoreOf(*a));
  return AssessmentResponse(status, *a, card);
}

std::string FileStem(const StateAssessment& a) {
  std::string state = ToLowerAscii(a.state);
  for (char& c : state) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) c = '-';
  }
  return fmt::format("civharm-scorecard-{}-{}", state, a.period.from.ToString().substr(0, 4));
}

// ---- the signed-in routes --------------------------------------------------------------------

void AddFrameworkRoutes(Router& router, const Scores& scores) {
  router.Add({"GET", "/api/v1/framework/editions",
              "The leadership framework editions: the built-in one and those stored",
              [scores](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the editions"));
                  CIVHARM_ASSIGN_OR_RETURN(auto editions, scores->Frameworks(actor));
                  json items = json::array();
                  for (size_t i = 0; i < editions.size(); ++i) {
                    items.push_back(service::FrameworkSummaryJson(editions[i], i == 0));
                  }
                  return JsonResponse(200, {{"items", std::move(items)}});
                });
              }});
  router.Add({"GET", "/api/v1/framework/editions/{edition}",
              "A framework edition whole: categories, level descriptions, indicators",
              [scores](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "an edition"));
                  CIVHARM_ASSIGN_OR_RETURN(const Framework fw,
                                           scores->GetFramework(actor, p.at("edition")));
                  return JsonResponse(200, ToJson(fw));
                });
              }});
  router.Add({"POST", "/api/v1/framework/editions",
              "Store a new framework edition (JSON or YAML); earlier assessments keep theirs",
              [scores](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  if (Trim(req.body).empty()) {
                    return std::unexpected(InvalidArgument("send the edition as the body"));
                  }
                  CIVHARM_ASSIGN_OR_RETURN(const Framework fw,
                                           scores->AddFramework(actor, req.body));
                  HttpResponse out = JsonResponse(201, ToJson(fw));
                  out.headers.emplace_back("Location", "/api/v1/framework/editions/" + fw.edition);
                  return out;
                });
              }});
}

void AddAssessmentRoutes(Router& router, const Scores& scores) {
  router.Add({"GET", "/api/v1/state-assessments",
              "Assessments of states, by state and period; filters state and status",
              [scores](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const auto query, ReadListQuery(req));
                  CIVHARM_ASSIGN_OR_RETURN(auto list, scores->List(actor, query));
                  json items = json::array();
                  for (const StateAssessment& a : list) items.push_back(ToJson(a));
                  return JsonResponse(200, {{"items", std::move(items)}});
                });
              }});
  router.Add({"POST", "/api/v1/state-assessments",
              "Start an assessment of a state for a period (a draft, assessed by the caller)",
              [scores](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(ContentBody body, ReadContent(req, false));
                  const auto created = scores->Create(actor, std::move(body.content));
                  CIVHARM_ASSIGN_OR_RETURN(HttpResponse out, Answer(*scores, created, 201));
                  out.headers.emplace_back("Location", "/api/v1/state-assessments/" + created->id);
                  return out;
                });
              }});
  router.Add({"GET", "/api/v1/state-assessments/{id}",
              "An assessment with its scorecard (category and overall levels)",
              [scores](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "an assessment"));
                  return Answer(*scores, scores->Get(actor, id), 200);
                });
              }});
  router.Add({"PUT", "/api/v1/state-assessments/{id}",
              "Replace a draft's content (its edition stays)",
              [scores](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_ASSIGN_OR_RETURN(ContentBody body, ReadContent(req, true));
                  return Answer(*scores, scores->Edit(actor, id, body.version, std::move(body.content)),
                                200);
                });
              }});
  const auto step = [scores](const char* path, const char* summary, auto call) {
    return Route{"POST", path, summary,
                 [scores, call](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                   return Respond([&]() -> Result<HttpResponse> {
                     CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                     CIVHARM_ASSIGN_OR_RETURN(StepBody body, ReadStep(req));
                     return Answer(*scores, call(*scores, actor, id, std::move(body)), 200);
                   });
                 }};
  };
  router.Add(step("/api/v1/state-assessments/{id}/submit",
                  "Send a draft for review: every indicator must be scored",
                  [](ScoreService& s, const Actor& a, const Id& id, StepBody b) {
                    if (!b.note.empty()) {
                      return Result<StateAssessment>(std::unexpected(
                          InvalidArgument("submitting takes no note", "note")));
                    }
                    return s.Submit(a, id, b.version);
                  }));
  router.Add(step("/api/v1/state-assessments/{id}/return",
                  "Return an assessment under review to its assessor, saying why",
                  [](ScoreService& s, const Actor& a, const Id& id, StepBody b) {
                    return s.Return(a, id, b.version, std::move(b.note));
                  }));
  router.Add(step("/api/v1/state-assessments/{id}/publish",
                  "Publish an assessment someone else assessed",
                  [](ScoreService& s, const Actor& a, const Id& id, StepBody b) {
                    return s.Publish(a, id, b.version, std::move(b.note));
                  }));
  router.Add({"GET", "/api/v1/state-assessments/{id}/roadmap",
              "For each category and indicator: the current level, the next, and the gap",
              [scores](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "a roadmap"));
                  CIVHARM_ASSIGN_OR_RETURN(auto steps, scores->RoadmapFor(actor, id));
                  json items = json::array();
                  for (const RoadmapStep& s : steps) items.push_back(ToJson(s));
                  return JsonResponse(200, {{"items", std::move(items)}});
                });
              }});
  router.Add({"GET", "/api/v1/state-assessments/{id}/evidence",
              "Evidence from civharm's records for the assessment's force and period",
              [scores](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_ASSIGN_OR_RETURN(Params params,
                                           ReadQuery(req.query, {"ids"}, "evidence"));
                  std::optional<analytics::EvidenceMetric> ids_of;
                  if (params.contains("ids")) {
                    ids_of = ParseEnum<analytics::EvidenceMetric>(params.at("ids"));
                    if (!ids_of) {
                      return std::unexpected(InvalidArgument(
                          fmt::format("'{}' is not {}", params.at("ids"),
                                      EnumChoices<analytics::EvidenceMetric>()),
                          "ids"));
                    }
                  }
                  CIVHARM_ASSIGN_OR_RETURN(auto e, scores->Evidence(actor, id));
                  return JsonResponse(200, service::EvidenceJson(
                                               e, ids_of, req.path));
                });
              }});
  router.Add({"GET", "/api/v1/state-assessments/{id}/scorecard",
              "The scorecard as PDF, HTML or the XLSX of its tables, in en, fr or ar",
              [scores](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_ASSIGN_OR_RETURN(
                      Params params, ReadQuery(req.query, {"format", "language"}, "a scorecard"));
                  std::string language;
                  CIVHARM_ASSIGN_OR_RETURN(const auto format, ReportParams(params, language));
                  CIVHARM_ASSIGN_OR_RETURN(const StateAssessment a, scores->Get(actor, id));
                  CIVHARM_ASSIGN_OR_RETURN(auto doc, scores->ScorecardReport(actor, id, language));
                  return ReportResponse(doc.document, doc.tables, format,
                                        FileStem(a) + "-" + language);
                });
              }});
  router.Add({"GET", "/api/v1/state-assessments/compare",
              "What changed from one assessment to another: levels up, down, newly scored",
              [scores](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(
                      Params params, ReadQuery(req.query, {"before", "after"}, "a comparison"));
                  std::vector<Id> pair;
                  for (const char* key : {"before", "after"}) {
                    if (!params.contains(key)) {
                      return std::unexpected(InvalidArgument("is required", key));
                    }
                    CIVHARM_ASSIGN_OR_RETURN(auto ids, ReadIds(params.at(key), key));
                    if (ids.size() != 1) {
                      return std::unexpected(InvalidArgument("must name one assessment", key));
                    }
                    pair.push_back(ids[0]);
                  }
                  CIVHARM_ASSIGN_OR_RETURN(auto changes, scores->Compare(actor, pair[0], pair[1]));
                  json items = json::array();
                  for (const LevelChange& c : changes) items.push_back(ToJson(c));
                  return JsonResponse(200, {{"before", pair[0]},
                                            {"after", pair[1]},
                                            {"changes", std::move(items)}});
                });
              }});
  router.Add({"GET", "/api/v1/state-assessments/comparison",
              "Several assessments side by side, as JSON, CSV or XLSX",
              [scores](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(
                      Params params, ReadQuery(req.query, {"ids", "format"}, "a comparison"));
                  if (!params.contains("ids")) {
                    return std::unexpected(InvalidArgument("is required", "ids"));
                  }
                  CIVHARM_ASSIGN_OR_RETURN(auto ids, ReadIds(params.at("ids"), "ids"));
                  const std::string format(ParamOf(params, "format"));
                  if (!format.empty() && format != "json" && format != "csv" &&
                      format != "xlsx") {
                    return std::unexpected(InvalidArgument(
                        fmt::format("'{}' is not json, csv or xlsx", format), "format"));
                  }
                  CIVHARM_ASSIGN_OR_RETURN(auto c, scores->CompareMany(actor, ids));
                  if (format.empty() || format == "json") {
                    return JsonResponse(200, service::ComparisonJson(c));
                  }
                  const io::TableSheet sheet = service::ComparisonSheet(c.assessments, c.rows);
                  std::ostringstream body;
                  HttpResponse r;
                  if (format == "csv") {
                    CIVHARM_RETURN_IF_ERROR(service::WriteComparisonCsv(sheet, body));
                    r.content_type = "text/csv; charset=utf-8";
                  } else {
                    CIVHARM_RETURN_IF_ERROR(io::WriteTablesXlsx({sheet}, body));
                    r.content_type =
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                  }
                  r.body = body.str();
                  r.headers.emplace_back(
                      "Content-Disposition",
                      fmt::format("attachment; filename=\"civharm-comparison.{}\"", format));
                  return r;
                });
              }});
}

// ---- the public routes -----------------------------------------------------------------------

void AddPublicScoreRoutes(Router& router, const Scores& scores,
                          const std::shared_ptr<RateLimiter>& limit) {
  // Every public route: counted per client address first, then answered.
  const auto add = [&](const char* path, const char* summary, auto answer) {
    router.Add(PublicRead(path, summary, limit, answer));
  };
  add("/api/v1/public/state-assessments", "The published assessments of states (anyone)",
      [scores](const HttpRequest& req, const PathParams&) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const auto query, ReadListQuery(req));
        CIVHARM_ASSIGN_OR_RETURN(auto list, scores->PublicList(query));
        json items = json::array();
        for (const StateAssessment& a : list) {
          CIVHARM_ASSIGN_OR_RETURN(const Scorecard card, scores->ScoreOf(a));
          items.push_back(service::PublicAssessmentJson(a, card));
        }
        return JsonResponse(200, {{"items", std::move(items)}});
      });
  add("/api/v1/public/state-assessments/{id}",
      "A published assessment with its scorecard (anyone)",
      [scores](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
        CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "an assessment"));
        CIVHARM_ASSIGN_OR_RETURN(const StateAssessment a, scores->PublicGet(id));
        CIVHARM_ASSIGN_OR_RETURN(const Scorecard card, scores->ScoreOf(a));
        return JsonResponse(200, service::PublicAssessmentJson(a, card));
      });
  add("/api/v1/public/state-assessments/{id}/evidence",
      "Evidence from civharm's records for a published assessment, small counts suppressed "
      "(anyone)",
      [scores](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
        CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "evidence"));
        CIVHARM_ASSIGN_OR_RETURN(auto e, scores->PublicEvidence(id));
        return JsonResponse(200, service::EvidenceJson(e));
      });
  add("/api/v1/public/state-assessments/{id}/scorecard",
      "A published assessment's scorecard as PDF, HTML or XLSX, in en, fr or ar (anyone)",
      [scores](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
        CIVHARM_ASSIGN_OR_RETURN(Params params,
                                 ReadQuery(req.query, {"format", "language"}, "a scorecard"));
        std::string language;
        CIVHARM_ASSIGN_OR_RETURN(const auto format, ReportParams(params, language));
        CIVHARM_ASSIGN_OR_RETURN(const StateAssessment a, scores->PublicGet(id));
        CIVHARM_ASSIGN_OR_RETURN(auto doc, scores->PublicScorecardReport(id, language));
        return ReportResponse(doc.document, doc.tables, format, FileStem(a) + "-" + language);
      });
}

}  // namespace

void AddScoreRoutes(Router& router, storage::Store& store,
                    std::shared_ptr<service::AnalyticsService> analytics,
                    std::shared_ptr<RateLimiter> public_reads) {
  // The service refers to the analytics service, which the routes keep alive beside it.
  auto scores = std::shared_ptr<ScoreService>(
      new ScoreService(store, *analytics),
      [analytics](ScoreService* s) { delete s; });
  AddFrameworkRoutes(router, scores);
  AddAssessmentRoutes(router, scores);
  AddPublicScoreRoutes(router, scores, public_reads);
}

}  // namespace civharm::api
