#include "api/analytics_api.h"

#include <sstream>
#include <string>

#include <fmt/format.h>

#include "api/analytics_json.h"
#include "api/list_query.h"
#include "api/responses.h"
#include "service/sitrep.h"

namespace civharm::api {
namespace {

using service::Actor;
using service::AnalyticsService;

constexpr std::string_view ContentType(service::ReportFormat f) {
  switch (f) {
    case service::ReportFormat::kPdf: return "application/pdf";
    case service::ReportFormat::kHtml: return "text/html; charset=utf-8";
    case service::ReportFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

}  // namespace

Result<HttpResponse> ReportResponse(const report::Document& document,
                                    const std::vector<io::TableSheet>& tables,
                                    service::ReportFormat format, std::string_view file_stem) {
  std::ostringstream body;
  CIVHARM_RETURN_IF_ERROR(service::WriteReport(document, tables, format, body));
  HttpResponse r{.content_type = std::string(ContentType(format)), .body = body.str()};
  r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}.{}\"",
                                                            file_stem, EnumName(format)));
  return r;
}

void AddAnalyticsRoutes(Router& router, std::shared_ptr<AnalyticsService> analytics) {
  router.Add(
      {"GET", "/api/v1/analytics/trends",
       "Incidents and civilian casualties (min, best, max) by day, week, month or year, grouped by "
       "up to three dimensions",
       [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(FilterQuery f, ParseFilterQuery(req.query, {"interval", "by"}));
           CIVHARM_ASSIGN_OR_RETURN(auto request,
                                    ReadTrendRequest(ParamOf(f.params, "interval"), ParamOf(f.params, "by")));
           CIVHARM_ASSIGN_OR_RETURN(auto trend, analytics->Trend(actor, f.query, request));
           return JsonResponse(200, TrendJson(trend));
         });
       }});
  router.Add(
      {"GET", "/api/v1/analytics/breakdown",
       "Incidents and civilian casualties by one dimension, with shares and their denominators",
       [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(FilterQuery f, ParseFilterQuery(req.query, {"by"}));
           if (ParamOf(f.params, "by").empty()) {
             return std::unexpected(InvalidArgument("is required: the dimension", "by"));
           }
           CIVHARM_ASSIGN_OR_RETURN(auto by, ReadDimension(ParamOf(f.params, "by")));
           CIVHARM_ASSIGN_OR_RETURN(auto breakdown, analytics->Breakdown(actor, f.query, by));
           return JsonResponse(200, BreakdownJson(breakdown));
         });
       }});
  router.Add({"GET", "/api/v1/analytics/timing",
              "Days from report to assessment, investigation, acknowledgment and amends; shares "
              "assessed, investigated, acknowledged, offered amends and paid",
              [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(FilterQuery f, ParseFilterQuery(req.query, {}));
                  CIVHARM_ASSIGN_OR_RETURN(auto timing, analytics->Timing(actor, f.query));
                  return JsonResponse(200, TimingJson(timing));
                });
              }});
  router.Add({"GET", "/api/v1/analytics/cde-validation",
              "Collateral damage estimates against the civilian harm assessed, per operation and "
              "in aggregate, with the distribution of errors",
              [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(FilterQuery f, ParseFilterQuery(req.query, {}));
                  CIVHARM_ASSIGN_OR_RETURN(auto v, analytics->ValidateEstimates(actor, f.query));
                  return JsonResponse(200, CdeValidationJson(v));
                });
              }});
  router.Add(
      {"GET", "/api/v1/reports/sitrep",
       "A daily, weekly or monthly situation report as PDF, HTML or the XLSX of its tables",
       [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(
               FilterQuery f, ParseFilterQuery(req.query, {"period", "day", "language", "format"}));
           service::SitrepRequest request{.filters = f.query};
           CIVHARM_ASSIGN_OR_RETURN(request.period,
                                    EnumParam(f.params, "period", service::SitrepPeriod::kWeekly));
           CIVHARM_ASSIGN_OR_RETURN(auto format,
                                    EnumParam(f.params, "format", service::ReportFormat::kPdf));
           request.day = Timestamp::Now().date();
           if (const std::string_view day = ParamOf(f.params, "day"); !day.empty()) {
             auto d = Date::Parse(day);
             if (!d) return std::unexpected(InvalidArgument(d.error().message(), "day"));
             request.day = *d;
           }
           if (const std::string_view lang = ParamOf(f.params, "language"); !lang.empty()) {
             request.language = std::string(lang);
           }
           CIVHARM_ASSIGN_OR_RETURN(auto sitrep, service::BuildSitrep(*analytics, actor, request));
           return ReportResponse(sitrep.document, sitrep.tables, format,
                                 fmt::format("sitrep-{}-{}", EnumName(request.period),
                                             sitrep.from.ToString()));
         });
       }});
  router.Add(
      {"GET", "/api/v1/map/clusters",
       "Incidents in a box at a zoom: every point when few enough are in view, else clusters",
       [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(FilterQuery f,
                                    ParseFilterQuery(req.query, {"zoom", "cell", "max_points"}));
           CIVHARM_ASSIGN_OR_RETURN(auto options,
                                    ReadClusterOptions(f.query, ParamOf(f.params, "zoom"), ParamOf(f.params, "cell"),
                                                       ParamOf(f.params, "max_points")));
           CIVHARM_ASSIGN_OR_RETURN(auto map, analytics->Map(actor, f.query, options));
           return JsonResponse(200, MapJson(map));
         });
       }});
}

}  // namespace civharm::api
