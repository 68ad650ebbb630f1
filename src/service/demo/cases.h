// The case files of the demo data: which incidents the force has worked on and how far, and the
// walk that takes each of them there through CaseService, step by step, as civharm itself
// (Actor::System()), so that every step is checked by the lifecycle and audited like any other.
//
//   PlanCases(events, seed)   which events have a case and the status it reaches (pure, by
//                             position, part of GenerateDemoData)
//   WalkCases(...)            the loader's part (demo.cpp): once the incidents, reports, victims
//                             and operations are stored, the steps, assessments,
//                             investigations, responses, consultations and lessons of each case
//
// What the walk makes, case by case, with its own random stream: assessments that cite the
// reports received by the day of the finding and the incident's operations, to the standard
// more_likely_than_not; the civilian harm conceded drawn from the incident's fused ranges;
// not-credible reasons that fit the event (another party, no own-force activity, no civilian
// harm, not corroborated); duplicates naming an incident near in place and time;
// investigations (mostly administrative, some referred to a criminal authority) with witness
// interviews and site visits, some remote or not possible; causes, lessons with owners and due
// dates; consultations in the language of the place; acknowledgments, apologies, condolence and
// ex gratia payments in dollars and local currency, assistance, each through its statuses. A few
// findings are made before the event's last reports arrived (the review queue shows the new
// information), a few cases are reopened. Every step is dated in the months after the event,
// never after today and never before the case's last step; some open cases were taken up
// recently, so that the overdue and backlog views show cases on time and cases late.
// Internal to the demo generator (service/demo_data.cpp) and its loader (service/demo.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/records.h"
#include "service/case_service.h"
#include "service/demo_data.h"

namespace civharm::service::demo {

// For each event, the status its case reaches, or nullopt when nobody has looked at it yet
// (unassessed). An eighth of the events, at least 44 (or every event, if fewer) and at most
// 300, every status among them when there are enough events of the right kind: only events of
// the own force with civilian harm reported are found credible.
std::vector<std::optional<AssessmentStatus>> PlanCases(const std::vector<DemoEvent>& events,
                                                       uint64_t seed);

// What the loader stored for one event.
struct StoredEvent {
  Id incident_id;
  std::vector<Id> report_ids;  // in the order of DemoEvent::reports (the order they arrived)
  std::vector<Id> victim_ids;  // in the order of DemoEvent::victims
  std::optional<Id> operation_id;
};

struct WalkedCases {
  uint64_t cases = 0;
  std::map<AssessmentStatus, uint64_t> by_status;
};

// Walks every planned case (DemoEvent::case_status) of `data` to its status through `cases`,
// as Actor::System(), dated up to `today`. `stored` is parallel to data.events. Fails with the
// first refusal of the service.
Result<WalkedCases> WalkCases(CaseService& cases, const DemoData& data,
                              const std::vector<StoredEvent>& stored, uint64_t seed, Date today);

}  // namespace civharm::service::demo
