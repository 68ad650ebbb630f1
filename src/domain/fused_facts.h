// An incident's facts fused from the reports linked to it, keeping the sources' disagreement in
// view: every casualty figure becomes the range from the lowest figure any source gave to the
// highest (with the median of their best estimates), the date the span all of them cover, the
// location the most precise one given, the parties, objects and effects the union of what any
// of them names. Each source's own figures stay on its report; service/incident_fusion.h shows
// them side by side. The rules are in docs/METHODS.md ("Fused incidents").
//
//   std::vector<Report> reports = ...;        // the incident's reports, at least one
//   incident.facts = FuseFacts(reports);
#pragma once

#include <span>

#include "domain/records.h"

namespace civharm {

// The force's own records of what it did: its logs and its battle damage assessments.
bool IsOwnForceSource(SourceType type);

// From the lowest to the highest figure of any range (min, best or max), with the median of
// the best estimates (the lower middle one of an even count); empty when no range has a figure.
CountRange FuseRanges(std::span<const CountRange* const> ranges);

// Every casualty range fused across the reports; totals where any report gave one, as the sums
// of the fused statuses; the breakdown of the most detailed report.
Casualties FuseCasualties(std::span<const Report> reports);

// The span from the earliest start to the latest end; when all agree on one day, the time of
// day of the most reliable report that gives one.
DateSpan FuseDates(std::span<const Report> reports);

// The location of the most precise report (the earliest of equally precise ones; a location of
// unknown precision counts as the least precise), without the source's own precision code.
Location FuseLocation(std::span<const Report> reports);

// Every party any report names, once, known when any report says known.
std::vector<Belligerent> FuseBelligerents(std::span<const Report> reports);

// All of the above, with the means of the force's own record when there is one (else of the
// first report giving any), the first classification given, civilians targeted when any report
// says so, and a clear event when the fused date is a single day. The description is left to
// the caller. `reports` must not be empty.
EventFacts FuseFacts(std::span<const Report> reports);

}  // namespace civharm
