#include "api/analytics_api.h"

#include <string>

#include "api/analytics_json.h"
#include "api/list_query.h"
#include "api/responses.h"

namespace civharm::api {
namespace {

using service::Actor;
using service::AnalyticsService;

std::string_view Param(const FilterQuery& f, const std::string& name) {
  auto it = f.params.find(name);
  return it == f.params.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace

void AddAnalyticsRoutes(Router& router, std::shared_ptr<AnalyticsService> analytics) {
  router.Add(
      {"GET", "/api/v1/analytics/trends",
       "Incidents and civilian casualties (min, best, max) by day, week, month or year, grouped by "
       "up to three dimensions",
       [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(FilterQuery f, ParseFilterQuery(req.query, {"interval", "by"}));
           CIVHARM_ASSIGN_OR_RETURN(auto request,
                                    ReadTrendRequest(Param(f, "interval"), Param(f, "by")));
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
           if (Param(f, "by").empty()) {
             return std::unexpected(InvalidArgument("is required: the dimension", "by"));
           }
           CIVHARM_ASSIGN_OR_RETURN(auto by, ReadDimension(Param(f, "by")));
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
      {"GET", "/api/v1/map/clusters",
       "Incidents in a box at a zoom: every point when few enough are in view, else clusters",
       [analytics](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(FilterQuery f,
                                    ParseFilterQuery(req.query, {"zoom", "cell", "max_points"}));
           CIVHARM_ASSIGN_OR_RETURN(auto options,
                                    ReadClusterOptions(f.query, Param(f, "zoom"), Param(f, "cell"),
                                                       Param(f, "max_points")));
           CIVHARM_ASSIGN_OR_RETURN(auto map, analytics->Map(actor, f.query, options));
           return JsonResponse(200, MapJson(map));
         });
       }});
}

}  // namespace civharm::api
