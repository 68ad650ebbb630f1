// The incident of the demo data, fused from an event's reports as linkage would fuse them: the
// lowest minimum and the highest maximum of the figures, the span the dates cover, the most
// precise location named as civharm's gazetteer names the town, every party blamed, the objects
// and effects any report mentions; then an outside monitor's grade and the force's assessment
// status. Internal to the demo generator (service/demo_data.cpp); not for other modules.
#pragma once

#include <vector>

#include "domain/records.h"
#include "service/demo/rng.h"
#include "service/demo/truth.h"

namespace civharm::service::demo {

// The incident, fused from `reports` (which must not be empty). From `t` it takes no figures,
// only the gazetteer's names for the town, the conflict, the classification and means of the
// attack, and the event's day for the assessment status.
Incident FuseIncident(const std::vector<Report>& reports, const Truth& t, Rng& rng);

}  // namespace civharm::service::demo
