// The own force's operations in the demo data: the strike behind each own-force event and other
// strikes after which nobody reported harm, each with the collateral damage estimate made before
// it — most estimates cover what happened, some fall short, which is what CDE validation is
// there to show. Internal to the demo generator (service/demo_data.cpp); not for other modules.
#pragma once

#include "domain/records.h"
#include "service/demo/rng.h"
#include "service/demo/serials.h"
#include "service/demo/truth.h"

namespace civharm::service::demo {

inline constexpr int kQuietOperationPercent = 60;  // strikes after which no harm was reported

// The strike behind an own-force event, with the estimate made before it.
Operation OperationBehind(const Truth& t, Serials& serials, Rng& rng);

// A strike later the same day after which nobody reported harm: most strikes are like this, and
// CDE validation needs them.
Operation QuietOperationAfter(const Truth& t, Serials& serials, Rng& rng);

}  // namespace civharm::service::demo
