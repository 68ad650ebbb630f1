#include "api/analytics_json.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "domain/codec.h"

namespace civharm::api {
namespace {

using json = nlohmann::json;

json FigureSumJson(const analytics::FigureSum& f) {
  return {{"min", f.lo},
          {"best", f.best},
          {"max", f.hi},
          {"incidents_with_figure", f.known},
          {"best_from_min", f.best_from_lo}};
}

void PutTotals(json& j, const analytics::Totals& t) {
  j["incidents"] = t.incidents;
  j["civilians_killed"] = FigureSumJson(t.killed);
  j["civilians_injured"] = FigureSumJson(t.injured);
}

json TotalsJson(const analytics::Totals& t) {
  json j = json::object();
  PutTotals(j, t);
  return j;
}

template <typename T>
void PutOptional(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

json DurationsJson(const analytics::Durations& d) {
  json j{{"n", d.n}};
  PutOptional(j, "min", d.min);
  PutOptional(j, "p25", d.p25);
  PutOptional(j, "median", d.median);
  PutOptional(j, "p75", d.p75);
  PutOptional(j, "p90", d.p90);
  PutOptional(j, "max", d.max);
  return j;
}

json ShareJson(const analytics::Share& s) {
  json j{{"count", s.count}, {"of", s.of}};
  PutOptional(j, "value", s.value());
  return j;
}

json FigureJson(const analytics::Figure& f) {
  if (f.lo == analytics::kNone) return nullptr;
  return {{"min", f.lo}, {"best", f.best}, {"max", f.hi}, {"best_given", f.best_given}};
}

Result<int> ReadWhole(std::string_view text, std::string_view name, int fallback) {
  if (text.empty()) return fallback;
  auto n = ParseInt64(text);
  if (!n || *n < INT32_MIN || *n > INT32_MAX) {
    return std::unexpected(InvalidArgument("must be a whole number", std::string(name)));
  }
  return static_cast<int>(*n);
}

}  // namespace

Result<analytics::Dimension> ReadDimension(std::string_view by) {
  auto d = ParseEnum<analytics::Dimension>(Trim(by));
  if (!d) {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}' is not {}", by, EnumChoices<analytics::Dimension>()), "by"));
  }
  return *d;
}

Result<analytics::TrendRequest> ReadTrendRequest(std::string_view interval, std::string_view by) {
  analytics::TrendRequest r;
  if (!interval.empty()) {
    auto i = ParseEnum<analytics::Interval>(interval);
    if (!i) {
      return std::unexpected(InvalidArgument(
          fmt::format("'{}' is not {}", interval, EnumChoices<analytics::Interval>()), "interval"));
    }
    r.interval = *i;
  }
  if (!by.empty()) {
    for (std::string_view part : Split(by, ',')) {
      CIVHARM_ASSIGN_OR_RETURN(analytics::Dimension d, ReadDimension(part));
      r.by.push_back(d);
    }
  }
  return r;
}

Result<geo::ClusterOptions> ReadClusterOptions(const storage::Query& filters, std::string_view zoom,
                                               std::string_view cell, std::string_view max_points) {
  geo::ClusterOptions o;
  if (filters.bbox) {
    o.box = {.west = filters.bbox->min_lon, .south = filters.bbox->min_lat,
             .east = filters.bbox->max_lon, .north = filters.bbox->max_lat};
  }
  CIVHARM_ASSIGN_OR_RETURN(o.zoom, ReadWhole(zoom, "zoom", 2));
  CIVHARM_ASSIGN_OR_RETURN(o.cell_pixels, ReadWhole(cell, "cell", 64));
  CIVHARM_ASSIGN_OR_RETURN(int most, ReadWhole(max_points, "max_points", 500));
  if (most < 0) return std::unexpected(InvalidArgument("must not be negative", "max_points"));
  o.max_points = static_cast<uint32_t>(most);
  CIVHARM_RETURN_IF_ERROR(geo::Validate(o));
  return o;
}

json TrendJson(const analytics::Trend& t) {
  json by = json::array();
  for (analytics::Dimension d : t.request.by) by.push_back(EnumName(d));
  json groups = json::array();
  for (const analytics::TrendGroup& g : t.groups) {
    json keys = json::object();
    for (size_t i = 0; i < g.keys.size(); ++i) keys[std::string(EnumName(t.request.by[i]))] = g.keys[i];
    json one{{"period", g.period}, {"keys", std::move(keys)}};
    PutTotals(one, g.totals);
    one["spanning"] = g.spanning;
    groups.push_back(std::move(one));
  }
  return {{"interval", EnumName(t.request.interval)},
          {"by", std::move(by)},
          {"groups", std::move(groups)},
          {"total", TotalsJson(t.total)}};
}

json BreakdownJson(const analytics::Breakdown& b) {
  json rows = json::array();
  for (const analytics::BreakdownRow& r : b.rows) {
    json one{{"key", r.key}};
    PutTotals(one, r.totals);
    PutOptional(one, "incident_share", r.incident_share);
    PutOptional(one, "killed_share", r.killed_share);
    rows.push_back(std::move(one));
  }
  json out{{"by", EnumName(b.by)},
           {"rows", std::move(rows)},
           {"incidents", b.incidents},
           {"killed_best", b.killed_best},
           {"selected", b.selected}};
  if (b.by == analytics::Dimension::kAgeGroup || b.by == analytics::Dimension::kSex) {
    out["not_disaggregated"] = b.not_disaggregated;
  }
  return out;
}

json TimingJson(const analytics::Timing& t) {
  return {{"incidents", t.incidents},
          {"days",
           {{"report_to_assessment", DurationsJson(t.report_to_assessment)},
            {"report_to_investigation", DurationsJson(t.report_to_investigation)},
            {"report_to_acknowledgment", DurationsJson(t.report_to_acknowledgment)},
            {"report_to_amends_offered", DurationsJson(t.report_to_amends_offered)},
            {"report_to_amends_paid", DurationsJson(t.report_to_amends_paid)},
            {"assessment_to_amends_offered", DurationsJson(t.assessment_to_amends_offered)}}},
          {"shares",
           {{"assessed", ShareJson(t.assessed)},
            {"credible", ShareJson(t.credible)},
            {"investigated", ShareJson(t.investigated)},
            {"interviewed_or_visited", ShareJson(t.inquired)},
            {"acknowledged", ShareJson(t.acknowledged)},
            {"offered_amends", ShareJson(t.offered_amends)},
            {"paid", ShareJson(t.paid)},
            {"consulted", ShareJson(t.consulted)},
            {"external_sources", ShareJson(t.external_sources)}}}};
}

json CdeValidationJson(const analytics::CdeValidation& v) {
  json operations = json::array();
  for (const analytics::EstimateCheck& c : v.operations) {
    json one{{"operation_id", c.estimate.operation_id},
             {"reference", c.estimate.reference},
             {"name", c.estimate.name},
             {"estimated_civilians_killed", ToJson(c.estimate.killed)},
             {"estimated_civilians_injured", ToJson(c.estimate.injured)},
             {"assessed_civilians_killed", ToJson(c.assessed_killed)},
             {"assessed_civilians_injured", ToJson(c.assessed_injured)},
             {"verdict", EnumName(c.killed_verdict)},
             {"incident_ids", c.incident_ids}};
    PutOptional(one, "error", c.killed_error);
    operations.push_back(std::move(one));
  }
  static constexpr std::array<const char*, 7> kBins = {"-inf..-10", "-9..-5", "-4..-1", "0",
                                                       "1..4",      "5..9",   "10..inf"};
  json bins = json::array();
  for (size_t i = 0; i < kBins.size(); ++i) {
    bins.push_back({{"error", kBins[i]}, {"operations", v.error_bins[i]}});
  }
  json summary{{"under", v.under},
               {"within", v.within},
               {"over", v.over},
               {"unknown", v.unknown},
               {"error_distribution", std::move(bins)},
               {"estimated_best_total", v.estimated_best_total},
               {"assessed_best_total", v.assessed_best_total},
               {"operations_with_both_best", v.compared}};
  PutOptional(summary, "mean_error", v.mean_error);
  PutOptional(summary, "median_error", v.median_error);
  PutOptional(summary, "mean_absolute_error", v.mean_absolute_error);
  return {{"operations", std::move(operations)}, {"summary", std::move(summary)}};
}

json MapJson(const service::MapView& m) {
  json points = json::array();
  for (const service::MapPoint& p : m.points) {
    points.push_back({{"id", p.id},
                      {"lat", p.lat},
                      {"lon", p.lon},
                      {"status", EnumName(p.status)},
                      {"date", p.date.ToString()},
                      {"civilians_killed", FigureJson(p.killed)}});
  }
  json clusters = json::array();
  for (const service::MapCluster& c : m.clusters) {
    const geo::Box& e = c.cluster.extent;
    clusters.push_back({{"count", c.cluster.count},
                        {"lat", c.cluster.lat},
                        {"lon", c.cluster.lon},
                        {"extent", {e.west, e.south, e.east, e.north}},
                        {"incident_id", c.first_id}});
  }
  return {{"in_view", m.in_view},
          {"without_point", m.without_point},
          {"mode", m.clusters.empty() ? "points" : "clusters"},
          {"points", std::move(points)},
          {"clusters", std::move(clusters)}};
}

}  // namespace civharm::api
