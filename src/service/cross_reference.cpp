#include "service/cross_reference.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "domain/fused_facts.h"
#include "io/csv_writer.h"
#include "service/authorization.h"
#include "service/fusion_service.h"

namespace civharm::service {
namespace {

std::string PlaceOf(const Location& l) {
  if (!l.place_names.empty()) return l.place_names.front().name;
  for (const std::string* area : {&l.admin3, &l.admin2, &l.admin1, &l.country}) {
    if (!area->empty()) return *area;
  }
  return l.description;
}

CrossReferenceEntry EntryOf(const Report& r) {
  CrossReferenceEntry e;
  e.report = r.meta.id;
  e.incident = r.incident_id.value_or(Id());
  e.source_type = r.source_type;
  e.source_name = r.source_name;
  e.reference_code = r.reference_code;
  e.date = r.facts.date;
  e.lat = r.facts.location.lat;
  e.lon = r.facts.location.lon;
  e.place = PlaceOf(r.facts.location);
  e.civilians_killed = r.facts.casualties.civilian.killed;
  return e;
}

constexpr std::array kCsvColumns = {"category",
                                    "report",
                                    "incident",
                                    "source_type",
                                    "source_name",
                                    "reference_code",
                                    "date_start",
                                    "date_end",
                                    "latitude",
                                    "longitude",
                                    "place",
                                    "civilians_killed_min",
                                    "civilians_killed_max",
                                    "matches",
                                    "operations"};

std::vector<std::string> CsvCells(const CrossReferenceEntry& e) {
  const auto number = [](const std::optional<int64_t>& n) {
    return n ? std::to_string(*n) : std::string();
  };
  const auto coordinate = [](const std::optional<double>& d) {
    return d ? fmt::format("{}", *d) : std::string();
  };
  const auto joined = [](const std::vector<Id>& ids) {
    return fmt::format("{}", fmt::join(ids, " "));
  };
  return {std::string(EnumName(e.category)),
          e.report,
          e.incident,
          std::string(EnumName(e.source_type)),
          e.source_name,
          e.reference_code,
          e.date.start.ToString(),
          e.date.end.ToString(),
          coordinate(e.lat),
          coordinate(e.lon),
          e.place,
          number(e.civilians_killed.min),
          number(e.civilians_killed.max),
          joined(e.matches),
          joined(e.operations)};
}

}  // namespace

std::string CrossReferenceCsv(const CrossReference& x) {
  std::string out;
  io::internal::AppendCsvRow(out, {kCsvColumns.begin(), kCsvColumns.end()}, ',');
  for (const CrossReferenceEntry& e : x.entries) io::internal::AppendCsvRow(out, CsvCells(e), ',');
  return out;
}

Result<CrossReference> CrossReferenceReports(storage::Store& store, const Actor& actor,
                                             const storage::Query& query) {
  // One entry per report, in the proposal's order, taken from the reports as fusion reads them.
  std::vector<CrossReferenceEntry> entries;
  CIVHARM_ASSIGN_OR_RETURN(FusionProposal proposal,
                           ProposeFusion(store, actor, query, {}, [&](const Report& report) {
                             entries.push_back(EntryOf(report));
                           }));
  CrossReference out;
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
    // The operations linked to each incident, read once per incident.
    std::map<Id, std::vector<Id>> operations;
    const bool sees_incidents = Allows(actor, Action::kReadIncidents);
    for (CrossReferenceEntry& e : entries) {
      if (e.incident.empty() || !sees_incidents) continue;
      auto it = operations.find(e.incident);
      if (it == operations.end()) {
        CIVHARM_ASSIGN_OR_RETURN(auto inc, storage::GetAs<Incident>(*tx, e.incident));
        it = operations.emplace(e.incident, inc ? inc->operation_ids : std::vector<Id>()).first;
      }
      e.operations = it->second;
    }
  }
  // Reports of one proposed cluster describe one event (reports of one incident are confirmed
  // pairs, so they share a cluster too).
  std::map<uint32_t, std::vector<uint32_t>> clusters;
  for (uint32_t i = 0; i < entries.size(); ++i) clusters[proposal.linkage.clusters[i]].push_back(i);
  for (const auto& [cluster, members] : clusters) {
    for (uint32_t i : members) {
      const bool own = IsOwnForceSource(entries[i].source_type);
      for (uint32_t j : members) {
        if (IsOwnForceSource(entries[j].source_type) != own) {
          entries[i].matches.push_back(entries[j].report);
        }
      }
    }
  }
  for (CrossReferenceEntry& e : entries) {
    const bool own = IsOwnForceSource(e.source_type);
    if (!e.matches.empty() || (!own && !e.operations.empty())) {
      e.category = CrossCategory::kMatched;
      ++out.matched;
    } else if (own) {
      e.category = CrossCategory::kOwnForceUnmatched;
      ++out.own_force_unmatched;
    } else {
      e.category = CrossCategory::kExternalUnmatched;
      ++out.external_unmatched;
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const bool own_a = IsOwnForceSource(a.source_type), own_b = IsOwnForceSource(b.source_type);
    if (own_a != own_b) return own_b;
    return a.date.start < b.date.start;
  });
  out.entries = std::move(entries);
  return out;
}

}  // namespace civharm::service
