// A deterministic generator of realistic synthetic civharm data for demonstrations and tests:
// several conflicts and areas, own-force operations with collateral damage estimates, events
// reported by several sources that disagree (casualty figures, times, places, spellings), the
// victims of some of them, and how far the force's case of each has come.
//
//   DemoData d = GenerateDemoData({.seed = 7, .events = 400});   // same options → same data
//
// Pure computation: no ids, no I/O. Links are by position; the loader (demo.cpp) stores the
// operations first, then each event's incident, reports and victims, and resolves the links;
// then it walks each planned case to its status through the case service (demo/cases.h), so
// that every step of the lifecycle is checked and audited. The incidents are generated
// unassessed: their status is the walk's to set.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/records.h"

namespace civharm::service {

struct DemoEvent {
  Incident incident;                // civharm's fused view of the event
  std::vector<Report> reports;      // 1–4 accounts from different sources, as each gave it
  std::vector<Victim> victims;      // named victims, for some events
  std::optional<size_t> operation;  // index into DemoData::operations, for own-force events
  // The status the loader walks the incident's case to, step by step; nullopt: nobody has
  // looked at it yet (it stays unassessed).
  std::optional<AssessmentStatus> case_status;
};

struct DemoData {
  std::vector<Operation> operations;
  std::vector<DemoEvent> events;
};

struct DemoOptions {
  uint64_t seed = 20240611;
  size_t events = 400;
};

DemoData GenerateDemoData(const DemoOptions& options);

}  // namespace civharm::service
