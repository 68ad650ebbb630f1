// The named victims of the demo data: for some of the events in which civilians died, households
// of killed, injured and missing people, as a hospital register or a monitor's victims list
// records them — names in the theatre's pattern (with the father's name where names carry it),
// ages consistent within the family, relatives sharing a family group. Internal to the demo
// generator (service/demo_data.cpp); not for other modules.
#pragma once

#include <vector>

#include "domain/records.h"
#include "service/demo/rng.h"
#include "service/demo/serials.h"
#include "service/demo/truth.h"

namespace civharm::service::demo {

// Named victims for some deadly events, in households, never more per outcome than the
// incident's civilian maximum.
std::vector<Victim> VictimsOf(const Truth& t, const Incident& incident, Serials& serials, Rng& rng);

}  // namespace civharm::service::demo
