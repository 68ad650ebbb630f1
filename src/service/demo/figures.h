// Casualty figures as each kind of source gives them in the demo data, and the damaged civilian
// objects and knock-on effects each mentions: the force's log counts fewer civilians and more
// enemy, a battle damage assessment gives maxima, monitors give ranges and age and sex
// breakdowns, the media round up, callers and survivors know a part. Internal to the demo
// generator (service/demo_data.cpp); not for other modules.
#pragma once

#include <vector>

#include "domain/records.h"
#include "service/demo/rng.h"
#include "service/demo/truth.h"

namespace civharm::service::demo {

// The casualty figures a source of this type gives for the event.
Casualties ReportedCasualties(SourceType type, const Truth& t, Rng& rng);

// The damaged objects and the knock-on effects a source of this type mentions, each by chance.
std::vector<CivilianObject> ReportedObjects(SourceType type, const Truth& t, Rng& rng);
std::vector<Effect> ReportedEffects(SourceType type, const Truth& t, Rng& rng);

}  // namespace civharm::service::demo
