#include "service/demo.h"

#include <fmt/format.h>

#include "service/authorization.h"

namespace civharm::service {

Result<DemoSummary> LoadDemo(storage::Store& store, const Actor& actor,
                             const DemoOptions& options) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageDatabase));
  const DemoData data = GenerateDemoData(options);
  CIVHARM_ASSIGN_OR_RETURN(
      auto tx, store.BeginWrite({.actor = actor.name, .workload = storage::Workload::kBulk}));
  // The demo's first report is the marker: if it is stored, so is the rest.
  for (const DemoEvent& e : data.events) {
    if (e.reports.empty()) continue;
    const Report& first = e.reports.front();
    CIVHARM_ASSIGN_OR_RETURN(auto found, tx->FindBySourceKey(EntityKind::kReport, first.source_name,
                                                             first.source_record_id));
    if (found) return std::unexpected(AlreadyExists("the demonstration data is already loaded"));
    break;
  }

  DemoSummary summary;
  std::vector<Id> operation_ids;
  for (const Operation& op : data.operations) {
    CIVHARM_ASSIGN_OR_RETURN(Operation saved, storage::InsertAs(*tx, op));
    operation_ids.push_back(saved.meta.id);
    ++summary.operations;
  }
  for (const DemoEvent& e : data.events) {
    Incident incident = e.incident;
    if (e.operation) incident.operation_ids = {operation_ids.at(*e.operation)};
    CIVHARM_ASSIGN_OR_RETURN(Incident saved, storage::InsertAs(*tx, std::move(incident)));
    ++summary.incidents;
    for (Report r : e.reports) {
      r.incident_id = saved.meta.id;
      CIVHARM_RETURN_IF_ERROR(storage::InsertAs(*tx, std::move(r)));
      ++summary.reports;
    }
    for (Victim v : e.victims) {
      v.incident_id = saved.meta.id;
      CIVHARM_RETURN_IF_ERROR(storage::InsertAs(*tx, std::move(v)));
      ++summary.victims;
    }
  }
  CIVHARM_RETURN_IF_ERROR(tx->AppendNote("demo", {{"seed", options.seed},
                                                  {"events", options.events},
                                                  {"incidents", summary.incidents},
                                                  {"reports", summary.reports},
                                                  {"victims", summary.victims},
                                                  {"operations", summary.operations}}));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return summary;
}

}  // namespace civharm::service
