// The account of an event in each source's own words, in the demo data — a log entry with its
// date-time group and grid, a monitor's bulletin, a news item, a hotline note, a survivor's
// statement (in Arabic with a translation, where Arabic is spoken) — and the citation of the
// sources that publish. Internal to the demo generator (service/demo_data.cpp); not for other
// modules.
#pragma once

#include <string>

#include "domain/records.h"
#include "service/demo/truth.h"
#include "service/demo/world.h"

namespace civharm::service::demo {

// A count as an account states it: "no", "up to 3", "2 to 4", "about 5", "at least 1".
std::string RangeText(const CountRange& r);

// The account `source` gives in report `r`: figures, date and place from the report's facts; the
// means, what they hit and, for the force's records, the unit, target and time from `t`.
std::string AccountOf(const Source& source, const Report& r, const Truth& t);

// How the report is cited, for the sources that publish; empty for the others.
std::string CitationOf(const Source& source, const Report& r);

}  // namespace civharm::service::demo
