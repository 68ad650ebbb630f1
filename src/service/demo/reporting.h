// How each kind of source reports an event of the demo data: which sources report it, when each
// report reaches civharm, and the day, time, place, spelling, parties and means each gives, with
// the figures (figures.h) and the account and citation (accounts.h) in its own words. The
// force's own log sees fewer civilians and more combatants, monitors give ranges, the media
// round up, callers know a part; times slip, places move by hundreds of metres and are spelled
// differently. Internal to the demo generator (service/demo_data.cpp); not for other modules.
#pragma once

#include <vector>

#include "domain/fused_facts.h"
#include "domain/records.h"
#include "service/demo/rng.h"
#include "service/demo/serials.h"
#include "service/demo/truth.h"

namespace civharm::service::demo {

// The event's reports in the order they arrived. For an own-force event, the first report to
// blame anyone blames the force, so the incident always names it.
std::vector<Report> ReportsOf(const Truth& t, Serials& serials, Rng& rng);

}  // namespace civharm::service::demo
