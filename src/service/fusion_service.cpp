#include "service/fusion_service.h"

#include <map>

#include "service/authorization.h"

namespace civharm::service {
namespace {

void SetKilled(const CountRange& r, linkage::EventSketch& s) {
  const auto lo = r.min ? r.min : r.best;
  const auto hi = r.max ? r.max : r.best;
  s.killed_min = lo ? lo : hi;
  s.killed_max = hi ? hi : lo;
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
                                     const linkage::EventLinkOptions& options) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadReports));
  CIVHARM_RETURN_IF_ERROR(query.Check(EntityKind::kReport));
  FusionProposal out;
  std::vector<linkage::EventSketch> sketches;
  std::vector<uint32_t> source_of;
  std::map<std::string, uint32_t> sources;
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
    CIVHARM_RETURN_IF_ERROR(tx->Scan(EntityKind::kReport, query, [&](const AnyRecord& r) {
      const Report& report = std::get<Report>(r);
      out.report_ids.push_back(report.meta.id);
      sketches.push_back(SketchOf(report.facts));
      source_of.push_back(
          sources.emplace(report.source_name, static_cast<uint32_t>(sources.size())).first->second);
      return Status::Ok();
    }));
  }
  linkage::EventLinkOptions with_sources = options;
  if (with_sources.source_of.empty()) with_sources.source_of = std::move(source_of);
  CIVHARM_ASSIGN_OR_RETURN(out.linkage, linkage::LinkEvents(sketches, with_sources));
  return out;
}

}  // namespace civharm::service
