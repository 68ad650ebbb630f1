#include "service/demo/operations.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "service/demo/dates.h"
#include "service/demo/geometry.h"
#include "service/demo/world.h"

namespace civharm::service::demo {
namespace {

constexpr int kCdeExceededPercent = 35;  // of the strikes that harmed civilians
constexpr int kAimpointOffsetMetres = 40;

std::string CdeLevel(int64_t civilians_killed_max, Rng& rng) {
  if (civilians_killed_max == 0) return rng.Percent(50) ? "CDE 1" : "CDE 2";
  if (civilians_killed_max == 1) return "CDE 3";
  if (civilians_killed_max <= 3) return "CDE 4";
  return "CDE 5";
}

// Most estimates cover what happened; about a third of the strikes that harmed civilians harmed
// more than estimated, which is what CDE validation is there to show.
CollateralDamageEstimate EstimateFor(int64_t actual_killed, Rng& rng) {
  const bool exceeded = actual_killed > 0 && rng.Percent(kCdeExceededPercent);
  // How far a cautious estimate exceeds what happened: mostly not at all, at most by three.
  constexpr std::array kMarginWeights = {50, 30, 15, 5};
  const int64_t killed_max =
      exceeded ? rng.Int(0, actual_killed - 1)
               : actual_killed + static_cast<int64_t>(rng.Weighted(kMarginWeights));
  CollateralDamageEstimate cde;
  cde.civilian_killed = {.min = 0, .max = killed_max};
  cde.civilian_injured = {.min = 0, .max = killed_max * 2 + rng.Int(0, 2)};  // about twice
  cde.level = CdeLevel(killed_max, rng);
  return cde;
}

std::string Codename(Rng& rng) {
  constexpr std::array<std::string_view, 10> kAdjectives = {
      "Granite", "Amber",  "Silent",  "Northern", "Iron",
      "Copper",  "Desert", "Falling", "Hollow",   "Crimson"};
  constexpr std::array<std::string_view, 10> kNouns = {"Heron",   "Lantern", "Anvil", "Harbour",
                                                       "Falcon",  "Meadow",  "Spear", "Compass",
                                                       "Orchard", "Beacon"};
  return fmt::format("{} {}", rng.Pick(kAdjectives), rng.Pick(kNouns));
}

Location AimpointOf(const Theatre& theatre, const Town& town, Point point) {
  Location loc;
  const geo::LatLon ll = LatLonOf(point);
  loc.lat = ll.lat;
  loc.lon = ll.lon;
  loc.mgrs = MgrsOf(point);
  loc.country = std::string(theatre.country);
  loc.admin1 = std::string(town.admin1);
  loc.admin2 = std::string(town.admin2);
  loc.place_names = {{std::string(town.name), "en"}};
  loc.precision = LocationPrecision::kExact;
  return loc;
}

std::string NextOperationReference(Timestamp when, Serials& serials) {
  const int year = when.date().year();
  return fmt::format("OP-{}-{:04}", year, serials.Next(fmt::format("OP-{}", year)));
}

}  // namespace

Operation OperationBehind(const Truth& t, Serials& serials, Rng& rng) {
  constexpr int kMinLeadMinutes = 2, kMaxLeadMinutes = 20;
  constexpr int kMinLengthMinutes = 5, kMaxLengthMinutes = 90;
  constexpr int kMinPatternHours = 2, kMaxPatternHours = 72;
  const Timestamp when = t.instant();
  Operation op;
  op.reference = NextOperationReference(when, serials);
  op.name = Codename(rng);
  op.start = AddMinutes(when, -rng.Int(kMinLeadMinutes, kMaxLeadMinutes));
  op.end = AddMinutes(when, rng.Int(kMinLengthMinutes, kMaxLengthMinutes));
  const Point aimpoint = Jitter(t.point, 0, kAimpointOffsetMetres, *t.theatre, rng);
  op.location = AimpointOf(*t.theatre, *t.town, aimpoint);
  op.unit = t.unit;
  op.weapon = std::string(t.weapon->weapon);
  op.target = t.target;
  op.cde = EstimateFor(t.civilians_killed, rng);
  op.notes = fmt::format("Pattern of life observed for {} hours before the strike.",
                         rng.Int(kMinPatternHours, kMaxPatternHours));
  return op;
}

Operation QuietOperationAfter(const Truth& t, Serials& serials, Rng& rng) {
  constexpr int kMinLaterMinutes = 30, kMaxLaterMinutes = 6 * 60;
  constexpr int kMinLengthMinutes = 5, kMaxLengthMinutes = 60;
  const Theatre& theatre = *t.theatre;
  const Timestamp when = AddMinutes(t.instant(), rng.Int(kMinLaterMinutes, kMaxLaterMinutes));
  const OwnArm& arm = rng.Pick(theatre.own_arms);
  const Town& town = rng.Pick(theatre.towns);
  Operation op;
  op.reference = NextOperationReference(when, serials);
  op.name = Codename(rng);
  op.start = when;
  op.end = AddMinutes(when, rng.Int(kMinLengthMinutes, kMaxLengthMinutes));
  const Point aimpoint = Jitter(PointOf(town.lat, town.lon), 0, kTownRadiusMetres, theatre, rng);
  op.location = AimpointOf(theatre, town, aimpoint);
  op.unit = std::string(arm.unit);
  op.weapon = std::string(arm.weapon->weapon);
  op.target = std::string(rng.Pick(theatre.own_force_targets));
  op.cde = EstimateFor(0, rng);
  op.notes = "No civilian harm reported after the strike.";
  return op;
}

}  // namespace civharm::service::demo
