#include "api/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/account_api.h"
#include "api/analytics_api.h"
#include "api/case_api.h"
#include "api/fusion_api.h"
#include "api/geo_api.h"
#include "api/query_string.h"
#include "api/rate_limiter.h"
#include "api/records_api.h"
#include "api/transfer_api.h"
#include "api/release_api.h"
#include "api/responses.h"
#include "api/score_api.h"
#include "core/strings.h"
#include "domain/codec.h"
#include "service/database_service.h"

namespace civharm::api {
namespace {

using nlohmann::json;
using service::Actor;

json AuditEntryJson(const storage::AuditEntry& e) {
  json j{{"seq", e.seq},       {"at", e.at.ToString()}, {"actor", e.actor},
         {"action", e.action}, {"entity", e.entity},    {"entity_id", e.entity_id},
         {"before", e.before}, {"after", e.after},      {"prev_hash", e.prev_hash},
         {"hash", e.hash}};
  j["prev_seq"] = e.prev_seq ? json(*e.prev_seq) : json();
  return j;
}

Result<std::pair<int64_t, int>> AuditPage(std::string_view query) {
  CIVHARM_ASSIGN_OR_RETURN(QueryParams params, ParseQueryString(query));
  int64_t after = 0;
  int limit = 100;
  for (const auto& [k, v] : params) {
    const std::optional<int64_t> n = ParseInt64(v);
    if (k == "after" && n) {
      after = *n;
    } else if (k == "limit" && n && *n >= 1 && *n <= 1000) {
      limit = static_cast<int>(*n);
    } else if (k == "after" || k == "limit") {
      return std::unexpected(InvalidArgument(
          k == "after" ? "must be an entry's sequence number" : "must be between 1 and 1000", k));
    } else {
      return std::unexpected(InvalidArgument("is not a parameter of the audit log", k));
    }
  }
  return std::pair{after, limit};
}

void AddAuditRoutes(Router& router, storage::Store& store) {
  router.Add({"GET", "/api/v1/audit", "Read the audit log (administrators)",
              [&store](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(auto page, AuditPage(req.query));
                  CIVHARM_ASSIGN_OR_RETURN(
                      auto entries, service::ReadAuditLog(store, actor, page.first, page.second));
                  json items = json::array();
                  for (const auto& e : entries) items.push_back(AuditEntryJson(e));
                  json next = static_cast<int>(entries.size()) == page.second
                                  ? json(entries.back().seq)
                                  : json();
                  return JsonResponse(200, {{"items", std::move(items)}, {"next_after", next}});
                });
              }});
  router.Add({"GET", "/api/v1/audit/verification",
              "Check that no history was altered, removed or added",
              [&store](const HttpRequest&, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(auto v, service::VerifyAuditLog(store, actor));
                  json out{{"ok", v.ok()},
                           {"entries", v.entries},
                           {"records", v.records},
                           {"users", v.users},
                           {"decisions", v.decisions},
                           {"case_records", v.case_records},
                           {"releases", v.releases},
                           {"frameworks", v.frameworks},
                           {"state_assessments", v.state_assessments},
                           {"head_hash", v.head_hash}};
                  out["first_bad"] = v.first_bad ? json(*v.first_bad) : json();
                  out["problem"] = v.problem.empty() ? json() : json(v.problem);
                  return JsonResponse(200, out);
                });
              }});
}

void AddPublicRoutes(Router& router, service::RecordService& records,
                     std::shared_ptr<RateLimiter> limit) {
  router.Add(
      {"POST", "/api/v1/public/reports",
       "Report harm to civilians (anyone; only a reference is returned)",
       [&records, limit](const HttpRequest& req, const PathParams&, const Actor& actor) {
         if (auto refused = RefuseOverLimit(*limit, req, "reports")) return *refused;
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
           if (!body.is_object()) {
             return std::unexpected(InvalidArgument("the body must be a JSON object"));
           }
           // What happened, where, when and to whom, the account and a contact: the rest of a
           // report is for those who assess it.
           for (std::string_view key :
                {"source_type", "source_name", "source_record_id", "reference_code", "received_at",
                 "reliability", "credibility", "citation", "original_source", "source_fields",
                 "incident_id", "restricted_to", "id", "version", "created_at", "updated_at",
                 "retraction"}) {
             if (body.contains(key)) {
               return std::unexpected(InvalidArgument(
                   "is set by whoever assesses the report, not by its sender", std::string(key)));
             }
           }
           body["source_type"] = EnumName(SourceType::kOther);
           body["source_name"] = service::kPublicSubmissionSource;
           CIVHARM_ASSIGN_OR_RETURN(Report report, FromJson<Report>(body));
           CIVHARM_ASSIGN_OR_RETURN(service::SubmissionReceipt receipt,
                                    records.SubmitPublicReport(actor, std::move(report)));
           return JsonResponse(
               202, {{"reference", receipt.reference_code},
                     {"token", receipt.token},
                     {"message",
                      "Thank you. Your report was received; quote this reference if you contact "
                      "us about it. With the reference and this token (keep it secret: it is "
                      "shown only once) you can see what became of your report."}});
         });
       },
       Access::kPublic});
}

}  // namespace

Router BuildRouter(ApiServices& services) {
  Router router(MakeAuthenticator(services.auth));
  router.Add({"GET", "/healthz", "Whether the server and its database answer",
              [&services](const HttpRequest&, const PathParams&, const Actor&) {
                auto schema = service::GetSchemaStatus(services.store);
                if (!schema) return ErrorResponse(schema.error());
                return JsonResponse(200, {{"status", "ok"},
                                          {"schema_version", schema->current},
                                          {"latest_schema_version", schema->latest}});
              },
              Access::kPublic});
  router.Add({"GET", "/api/v1/openapi.json", "This API's OpenAPI document",
              [](const HttpRequest&, const PathParams&, const Actor&) {
                HttpResponse r;
                r.body = std::string(OpenApiDocument());
                return r;
              },
              Access::kPublic});
  AddAccountRoutes(router, services.store, services.auth,
                   {.secure_cookies = services.options.secure_cookies,
                    .attempts = std::make_shared<RateLimiter>(services.options.sign_in_attempts,
                                                              std::chrono::minutes(1))});
  AddRecordRoutes(router, services.records);
  AddFusionRoutes(router, services.store);
  AddCaseRoutes(router, services.store,
                {.deadlines = services.options.deadlines,
                 .status_lookups = std::make_shared<RateLimiter>(
                     services.options.public_submissions, std::chrono::hours(1))});
  auto analytics = std::make_shared<service::AnalyticsService>(services.store);
  AddAnalyticsRoutes(router, analytics);
  // The public read routes (releases, published state assessments) share one limit.
  auto public_reads =
      std::make_shared<RateLimiter>(services.options.public_reads, std::chrono::minutes(1));
  AddReleaseRoutes(router, services.store, public_reads);
  AddScoreRoutes(router, services.store, analytics, public_reads);
  AddGeoRoutes(router, public_reads);
  AddTransferRoutes(router, services.store);
  AddAuditRoutes(router, services.store);
  if (services.site) {
    router.SetFallback([site = services.site](const HttpRequest& req) { return site->Serve(req); });
  }
  AddPublicRoutes(
      router, services.records,
      std::make_shared<RateLimiter>(services.options.public_submissions, std::chrono::hours(1)));
  return router;
}

}  // namespace civharm::api
