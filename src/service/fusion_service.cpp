#include "service/fusion_service.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "service/authorization.h"

namespace civharm::service {
namespace {

void SetKilled(const CountRange& r, linkage::EventSketch& s) {
  const auto lo = r.min ? r.min : r.best;
  const auto hi = r.max ? r.max : r.best;
  s.killed_min = lo ? lo : hi;
  s.killed_max = hi ? hi : lo;
}

// Every two reports in one incident are a confirmed pair; "different" decisions about two of the
// reports are rejected pairs.
void Labels(const FusionProposal& p, const std::vector<LinkDecision>& decisions,
            linkage::EventLinkOptions& options) {
  std::map<Id, uint32_t> index;
  std::map<Id, std::vector<uint32_t>> members;
  for (uint32_t i = 0; i < p.report_ids.size(); ++i) {
    index.emplace(p.report_ids[i], i);
    if (!p.incident_of[i].empty()) members[p.incident_of[i]].push_back(i);
  }
  for (const auto& [incident, reports] : members) {
    for (size_t x = 0; x < reports.size(); ++x) {
      for (size_t y = x + 1; y < reports.size(); ++y) {
        options.confirmed.emplace_back(reports[x], reports[y]);
      }
    }
  }
  for (const LinkDecision& d : decisions) {
    if (d.verdict != Verdict::kDifferent) continue;
    auto a = index.find(d.a), b = index.find(d.b);
    if (a != index.end() && b != index.end()) options.rejected.emplace_back(a->second, b->second);
  }
}

}  // namespace

linkage::EventSketch SketchOf(const EventFacts& facts) {
  linkage::EventSketch s;
  s.first_day = facts.date.start.days();
  s.last_day = facts.date.end.days();
  s.lat = facts.location.lat;
  s.lon = facts.location.lon;
  const CountRange& civilians = facts.casualties.civilian.killed;
  SetKilled(civilians.empty() ? facts.casualties.total_killed : civilians, s);
  for (const Belligerent& b : facts.belligerents) s.belligerents.push_back(b.name);
  s.means = !facts.means.strike_type.empty() ? facts.means.strike_type : facts.means.weapon;
  return s;
}

Result<FusionProposal> ProposeFusion(storage::Store& store, const Actor& actor,
                                     const storage::Query& query,
                                     const linkage::EventLinkOptions& options,
                                     const std::function<void(const Report&)>& each) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadReports));
  CIVHARM_RETURN_IF_ERROR(query.Check(EntityKind::kReport));
  FusionProposal out;
  std::vector<linkage::EventSketch> sketches;
  std::vector<uint32_t> source_of;
  std::map<std::string, uint32_t> sources;
  std::vector<LinkDecision> decisions;
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
    CIVHARM_RETURN_IF_ERROR(tx->Scan(EntityKind::kReport, query, [&](const AnyRecord& r) {
      const Report& report = std::get<Report>(r);
      if (each) each(report);
      out.report_ids.push_back(report.meta.id);
      out.incident_of.push_back(report.incident_id.value_or(Id()));
      sketches.push_back(SketchOf(report.facts));
      source_of.push_back(
          sources.emplace(report.source_name, static_cast<uint32_t>(sources.size())).first->second);
      return Status::Ok();
    }));
    if (options.confirmed.empty() && options.rejected.empty()) {
      CIVHARM_ASSIGN_OR_RETURN(decisions, tx->ListLinkDecisions());
    }
  }
  linkage::EventLinkOptions with_sources = options;
  if (with_sources.source_of.empty()) with_sources.source_of = std::move(source_of);
  if (options.confirmed.empty() && options.rejected.empty()) {
    Labels(out, decisions, with_sources);
  }
  CIVHARM_ASSIGN_OR_RETURN(out.linkage, linkage::LinkEvents(sketches, with_sources));
  return out;
}

namespace {

// A box `km` around a point, in degrees (longitudes widen toward the poles), clamped to the globe.
storage::BBox BoxAround(double lat, double lon, double km) {
  constexpr double kKmPerDegree = 111.2;
  const double dlat = km / kKmPerDegree;
  const double dlon = km / (kKmPerDegree * std::max(0.05, std::cos(lat * M_PI / 180)));
  if (dlon >= 180) return {-180, std::max(-90.0, lat - dlat), 180, std::min(90.0, lat + dlat)};
  auto wrap = [](double x) { return x < -180 ? x + 360 : (x > 180 ? x - 360 : x); };
  return {wrap(lon - dlon), std::max(-90.0, lat - dlat), wrap(lon + dlon),
          std::min(90.0, lat + dlat)};
}

}  // namespace

Result<ReportCandidates> CandidateIncidents(storage::Store& store, const Actor& actor,
                                            const Id& report_id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadReports));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadIncidents));
  if (!IsValidId(report_id)) {
    return std::unexpected(
        InvalidArgument(fmt::format("'{}' is not a record id", report_id), "id"));
  }
  ReportCandidates out;
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
    CIVHARM_ASSIGN_OR_RETURN(auto found, storage::GetAs<Report>(*tx, report_id));
    if (!found) return std::unexpected(NotFound(fmt::format("there is no report {}", report_id)));
    out.report = std::move(*found);
  }
  const linkage::EventSketch sketch = SketchOf(out.report.facts);
  if (!sketch.lat || !sketch.lon) return out;  // no point: nothing to compare it with

  // The model, from the neighbourhood's reports and decisions.
  const linkage::EventLinkOptions defaults;
  constexpr int kNeighbourhoodDays = 365;
  constexpr double kNeighbourhoodKm = 500;
  storage::Query around{.date_from = out.report.facts.date.start.AddDays(-kNeighbourhoodDays),
                        .date_to = out.report.facts.date.end.AddDays(kNeighbourhoodDays),
                        .bbox = BoxAround(*sketch.lat, *sketch.lon, kNeighbourhoodKm)};
  CIVHARM_ASSIGN_OR_RETURN(FusionProposal local, ProposeFusion(store, actor, around));
  out.neighbourhood_reports = local.report_ids.size();
  out.fit = std::move(local.linkage.fit);
  if (out.fit.model.comparisons.empty()) return out;  // nothing near enough to learn from

  // The candidates: incidents within two cells in time and space.
  const int days = 2 * defaults.days;
  storage::Query near{.date_from = out.report.facts.date.start.AddDays(-days),
                      .date_to = out.report.facts.date.end.AddDays(days),
                      .bbox = BoxAround(*sketch.lat, *sketch.lon, 2 * defaults.km)};
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
  CIVHARM_RETURN_IF_ERROR(tx->Scan(EntityKind::kIncident, near, [&](const AnyRecord& r) {
    const Incident& incident = std::get<Incident>(r);
    if (incident.meta.id == out.report.incident_id) return Status::Ok();
    IncidentCandidate c{.incident = incident,
                        .pattern = linkage::CompareEvents(sketch, SketchOf(incident.facts))};
    c.weight = linkage::MatchWeight(out.fit.model, c.pattern) - linkage::PriorWeight(out.fit.model);
    c.probability = linkage::MatchProbability(out.fit.model, c.pattern);
    out.candidates.push_back(std::move(c));
    return Status::Ok();
  }));
  std::sort(out.candidates.begin(), out.candidates.end(),
            [](const auto& a, const auto& b) { return a.probability > b.probability; });
  return out;
}

}  // namespace civharm::service
