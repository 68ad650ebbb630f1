// Comparing two accounts of an event — a report and an incident, or two reports — for fusion:
// how far apart in time and space they are, whether their casualty figures can describe the
// same harm, and whether they name the same belligerents and means. Each comparison gives an
// agreement level for the Fellegi–Sunter model (fellegi_sunter.h); absent values are missing.
//
//   Pattern p = CompareEvents(sketch_of_report, sketch_of_incident);
//   double w = MatchWeight(model, p);   // model fitted with EventComparisons()
//
// The levels (EventComparisons() names and labels them):
//   date        0 more than 7 days apart · 1 within 7 days · 2 within 1 day · 3 the ranges overlap
//   place       0 more than 25 km apart · 1 within 25 km · 2 within 5 km · 3 within 1 km
//   casualties  0 incompatible · 1 within a factor of 2 · 2 the ranges overlap
//   belligerent 0 none in common · 1 one in common (Jaro–Winkler ≥ 0.92 on normalised names)
//   means       0 different · 1 the same (normalised)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "linkage/fellegi_sunter.h"

namespace civharm::linkage {

struct EventSketch {
  std::optional<int64_t> first_day, last_day;     // the date range, days since 1970-01-01
  std::optional<double> lat, lon;                 // degrees, WGS84
  std::optional<int64_t> killed_min, killed_max;  // civilians killed, as a range
  std::vector<std::string> belligerents;          // names as given (normalised here)
  std::string means;                              // weapon or means, as given
};

std::vector<Comparison> EventComparisons();
Pattern CompareEvents(const EventSketch& a, const EventSketch& b);

// Great-circle distance on a sphere of the earth's mean radius (6,371 km), in km: accurate to
// about 0.5%, which is all that banding distances needs.
double HaversineKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace civharm::linkage
