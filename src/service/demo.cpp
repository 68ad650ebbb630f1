#include "service/demo.h"

#include <fmt/format.h>

#include "core/time.h"
#include "service/authorization.h"
#include "service/case_service.h"
#include "service/demo/cases.h"

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
  uint64_t planned_cases = 0;
  for (const DemoEvent& e : data.events) planned_cases += e.case_status.has_value();
  std::vector<Id> operation_ids;
  for (const Operation& op : data.operations) {
    CIVHARM_ASSIGN_OR_RETURN(Operation saved, storage::InsertAs(*tx, op));
    operation_ids.push_back(saved.meta.id);
    ++summary.operations;
  }
  // What was stored for each event, for the cases.
  std::vector<demo::StoredEvent> stored;
  stored.reserve(data.events.size());
  for (const DemoEvent& e : data.events) {
    demo::StoredEvent& ids = stored.emplace_back();
    Incident incident = e.incident;
    if (e.operation) {
      ids.operation_id = operation_ids.at(*e.operation);
      incident.operation_ids = {*ids.operation_id};
    }
    CIVHARM_ASSIGN_OR_RETURN(Incident saved, storage::InsertAs(*tx, std::move(incident)));
    ids.incident_id = saved.meta.id;
    ++summary.incidents;
    for (Report r : e.reports) {
      r.incident_id = saved.meta.id;
      CIVHARM_ASSIGN_OR_RETURN(Report saved_report, storage::InsertAs(*tx, std::move(r)));
      ids.report_ids.push_back(saved_report.meta.id);
      ++summary.reports;
    }
    for (Victim v : e.victims) {
      v.incident_id = saved.meta.id;
      CIVHARM_ASSIGN_OR_RETURN(Victim saved_victim, storage::InsertAs(*tx, std::move(v)));
      ids.victim_ids.push_back(saved_victim.meta.id);
      ++summary.victims;
    }
  }
  CIVHARM_RETURN_IF_ERROR(tx->AppendNote("demo", {{"seed", options.seed},
                                                  {"events", options.events},
                                                  {"incidents", summary.incidents},
                                                  {"reports", summary.reports},
                                                  {"victims", summary.victims},
                                                  {"operations", summary.operations},
                                                  {"cases", planned_cases}}));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  tx.reset();  // the store takes one writer at a time

  // The cases, through the case service like anyone's: every step checked and audited. As
  // civharm itself, dated up to today.
  CaseService cases(store);
  CIVHARM_ASSIGN_OR_RETURN(
      demo::WalkedCases walked,
      demo::WalkCases(cases, data, stored, options.seed, Timestamp::Now().date()));
  summary.cases = walked.cases;
  summary.cases_by_status = std::move(walked.by_status);
  return summary;
}

}  // namespace civharm::service
