// The demonstration dataset: three invented conflicts, reported the way civilian harm is
// reported in the world.
//
// Why it is built this way:
//
// * Determinism. The same DemoOptions must give byte-identical data on every machine: tests,
//   screenshots and walkthroughs refer to it. The <random> distributions are
//   implementation-defined, so demo/rng.h brings its own generator (xoshiro256**, seeded by
//   splitmix64) and draws whole numbers only. Positions are computed in whole micro-degrees and
//   turned into degrees by one correctly rounded division, so no libm function and no fused
//   multiply-add can move a point between compilers. (MGRS references come from GeographicLib; a
//   point would have to lie within a rounding error of a 1 m grid line for them to differ.)
//   Every event draws from its own stream, derived from the seed and the event's position, so
//   changing how one event is drawn does not reshuffle every event after it.
//
// * Fiction. Countries, provinces, towns, armed groups, organisations and people are invented so
//   that nobody mistakes demo data for real events. The coordinates are real land in plausible
//   places only so that maps, MGRS and distances behave as they will with real data.
//
// * Realistic disagreement. Each event is first drawn as what happened (Truth). Every source then
//   reports it through its own lens: the force's own log sees fewer civilians and more
//   combatants, monitors give ranges, the media round up, callers know a part; times slip, places
//   move by hundreds of metres and are spelled differently. The incident is fused from the
//   reports as linkage would fuse it (lowest minimum, highest maximum), never from the truth.
//
// This file plans the events and puts each one together. The parts are in demo/: the random
// numbers (rng.h), record numbers (serials.h), positions (geometry.h), the invented world
// (world.h), dates (dates.h), what happened (truth.h), how each source reports it (reporting.h,
// figures.h, accounts.h), the fused incident (fusion.h), own-force operations (operations.h) and
// named victims (victims.h).

#include "service/demo_data.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/time.h"
#include "service/demo/cases.h"
#include "service/demo/dates.h"
#include "service/demo/fusion.h"
#include "service/demo/operations.h"
#include "service/demo/reporting.h"
#include "service/demo/rng.h"
#include "service/demo/serials.h"
#include "service/demo/truth.h"
#include "service/demo/victims.h"
#include "service/demo/world.h"

namespace civharm::service {

using demo::DrawTruth;
using demo::EventRng;
using demo::FirstDay;
using demo::FuseIncident;
using demo::kPeriodDays;
using demo::kQuietOperationPercent;
using demo::OperationBehind;
using demo::QuietOperationAfter;
using demo::ReportsOf;
using demo::Rng;
using demo::Serials;
using demo::Surge;
using demo::Theatre;
using demo::Theatres;
using demo::Truth;
using demo::VictimsOf;

namespace {

constexpr int kSurgePercent = 35;  // of a theatre's events, those in its periods of heavy fighting

struct PlannedEvent {
  const Theatre* theatre;
  Date day;
};

// Which theatre and day each event falls on, in date order.
std::vector<PlannedEvent> PlanEvents(uint64_t seed, size_t count) {
  const std::vector<Theatre>& theatres = Theatres();
  std::vector<int> weights;
  for (const Theatre& theatre : theatres) weights.push_back(theatre.weight);
  Rng rng(seed);
  std::vector<PlannedEvent> plan;
  plan.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const Theatre& theatre = theatres[rng.Weighted(weights)];
    int offset = static_cast<int>(rng.Int(0, kPeriodDays - 1));
    if (rng.Percent(kSurgePercent)) {
      const Surge& surge = rng.Pick(theatre.surges);
      offset = surge.start_day + static_cast<int>(rng.Int(0, surge.days - 1));
    }
    plan.push_back({&theatre, FirstDay().AddDays(offset)});
  }
  std::stable_sort(plan.begin(), plan.end(),
                   [](const PlannedEvent& a, const PlannedEvent& b) { return a.day < b.day; });
  return plan;
}

}  // namespace

DemoData GenerateDemoData(const DemoOptions& options) {
  DemoData data;
  Serials serials;
  const std::vector<PlannedEvent> plan = PlanEvents(options.seed, options.events);
  data.events.reserve(plan.size());
  for (size_t i = 0; i < plan.size(); ++i) {
    Rng rng = EventRng(options.seed, i);
    const Truth t = DrawTruth(*plan[i].theatre, plan[i].day, rng);
    DemoEvent event;
    if (t.own_force()) {
      data.operations.push_back(OperationBehind(t, serials, rng));
      event.operation = data.operations.size() - 1;
      if (rng.Percent(kQuietOperationPercent)) {
        data.operations.push_back(QuietOperationAfter(t, serials, rng));
      }
    }
    event.reports = ReportsOf(t, serials, rng);
    event.incident = FuseIncident(event.reports, t, rng);
    event.victims = VictimsOf(t, event.incident, serials, rng);
    // Where the force's case stands is planned below and made by the loader through the case
    // service, step by step: no incident starts further than unassessed.
    event.incident.status = AssessmentStatus::kUnassessed;
    data.events.push_back(std::move(event));
  }
  const std::vector<std::optional<AssessmentStatus>> cases =
      demo::PlanCases(data.events, options.seed);
  for (size_t i = 0; i < data.events.size(); ++i) data.events[i].case_status = cases[i];
  return data;
}

}  // namespace civharm::service
