#include "service/demo/truth.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

#include <fmt/format.h>

namespace civharm::service::demo {

Point Jitter(Point from, int min_m, int max_m, const Theatre& theatre, Rng& rng) {
  int64_t dx = 0, dy = 0;
  if (max_m > 0) {
    const int64_t lo2 = int64_t{min_m} * min_m, hi2 = int64_t{max_m} * max_m;
    do {
      dx = rng.Int(-max_m, max_m);
      dy = rng.Int(-max_m, max_m);
    } while (dx * dx + dy * dy < lo2 || dx * dx + dy * dy > hi2);
  }
  Point p{from.lat_e6 + std::llround(static_cast<double>(dy) * (kMicro / kMetresPerDegreeLat)),
          from.lon_e6 +
              std::llround(static_cast<double>(dx) * (kMicro / theatre.metres_per_degree_lon))};
  const Point low = PointOf(theatre.box.lat_min, theatre.box.lon_min);
  const Point high = PointOf(theatre.box.lat_max, theatre.box.lon_max);
  p.lat_e6 = std::clamp(p.lat_e6, low.lat_e6, high.lat_e6);
  p.lon_e6 = std::clamp(p.lon_e6, low.lon_e6, high.lon_e6);
  return p;
}

std::string_view ObjectNoun(ObjectKind kind, const Theatre& theatre) {
  switch (kind) {
    case ObjectKind::kResidence:
      return "houses";
    case ObjectKind::kSchool:
      return "a school";
    case ObjectKind::kMedical:
      return "a health centre";
    case ObjectKind::kPlaceOfWorship:
      return theatre.place_of_worship;
    case ObjectKind::kMarket:
      return "the market";
    case ObjectKind::kWater:
      return "a water pumping station";
    case ObjectKind::kPower:
      return "an electricity substation";
    case ObjectKind::kRoadOrBridge:
      return "a vehicle on the road";
    case ObjectKind::kAgriculture:
      return "farmland";
    case ObjectKind::kShelter:
      return "a displacement site";
    case ObjectKind::kOther:
      break;
  }
  return "buildings";
}

namespace {

// Civilians killed: five tiers, weighted by the means' severity (most events kill few).
struct Tier {
  int min, max;
};
constexpr std::array<Tier, 5> kKilledTiers = {{{0, 0}, {1, 3}, {4, 10}, {11, 25}, {26, 60}}};
constexpr std::array<std::array<int, 5>, 3> kTierWeights = {{
    {30, 50, 17, 3, 0},   // light
    {20, 45, 27, 7, 1},   // medium
    {10, 30, 35, 18, 7},  // heavy
}};

constexpr int kDayKnownPercent = 85;  // of the events not caused by the own force

// The span of an event whose day nobody could establish: a few days, a week or a month.
DateSpan CoarseSpan(Date day, Rng& rng) {
  switch (rng.Weighted({40, 30, 30})) {
    case 0: {
      const int days = static_cast<int>(rng.Int(2, 4));
      Date start = day.AddDays(-static_cast<int>(rng.Int(0, days - 1)));
      const Date last = FirstDay().AddDays(kPeriodDays - 1);
      if (start.AddDays(days - 1) > last) start = last.AddDays(1 - days);
      return {
          .start = start, .end = start.AddDays(days - 1), .precision = DatePrecision::kDayRange};
    }
    case 1:
      return WeekSpan(day);
    default:
      return MonthSpan(day);
  }
}

CivilianObject DamagedObject(ObjectKind kind, const Theatre& theatre, Rng& rng) {
  if (kind == ObjectKind::kResidence) {
    const int houses = static_cast<int>(rng.Int(1, 6));
    return {kind, houses,
            fmt::format("{} {} destroyed or damaged", houses, houses == 1 ? "house" : "houses")};
  }
  return {kind, 1, fmt::format("{} damaged", ObjectNoun(kind, theatre))};
}

// The knock-on harm a damaged object causes, when it causes any.
std::optional<Effect> EffectOf(const CivilianObject& object, const Town& town, Rng& rng) {
  const int64_t people = rng.Int(5, 80) * 100;
  const int64_t weeks = rng.Int(1, 8);
  switch (object.kind) {
    case ObjectKind::kResidence:
    case ObjectKind::kShelter:
      return Effect{EffectKind::kDisplacement,
                    fmt::format("{} families left {} after the attack", rng.Int(3, 60), town.name)};
    case ObjectKind::kWater:
      return Effect{EffectKind::kServicesCut,
                    fmt::format("water cut to about {} people for {} weeks", people, weeks)};
    case ObjectKind::kPower:
      return Effect{EffectKind::kServicesCut,
                    fmt::format("electricity cut to about {} people for {} weeks", people, weeks)};
    case ObjectKind::kMarket:
      return Effect{EffectKind::kLivelihoodLoss,
                    fmt::format("{} traders lost their stalls and stock", rng.Int(5, 40))};
    case ObjectKind::kAgriculture:
      return Effect{EffectKind::kLivelihoodLoss,
                    "crops burnt and livestock killed; the harvest was lost"};
    case ObjectKind::kSchool:
      return Effect{EffectKind::kEducation,
                    fmt::format("school closed for {} weeks; about {} pupils without classes",
                                weeks, rng.Int(2, 9) * 50)};
    case ObjectKind::kMedical:
      return Effect{EffectKind::kHealth,
                    fmt::format("the health centre closed; about {} people without care", people)};
    default:
      return std::nullopt;
  }
}

constexpr int kSecondObjectPercent = 30;
constexpr int kEffectPercent = 45;

// Half to two and a half times as many injured as killed, plus a few injured outright.
constexpr int kMinInjuredPercent = 50, kMaxInjuredPercent = 250, kMaxExtraInjured = 3;
constexpr int kMaxCombatantsKilled = 6;  // where fighters were the target
constexpr int kUndeterminedPercent = 20, kMaxUndetermined = 3;

void DrawHarm(Truth& t, Rng& rng) {
  const Tier tier = kKilledTiers[rng.Weighted(kTierWeights[t.weapon->severity])];
  t.civilians_killed = static_cast<int>(rng.Int(tier.min, tier.max));
  t.civilians_injured =
      t.civilians_killed * static_cast<int>(rng.Int(kMinInjuredPercent, kMaxInjuredPercent)) / 100 +
      static_cast<int>(rng.Int(0, kMaxExtraInjured));
  if (t.civilians_killed + t.civilians_injured == 0) t.civilians_injured = 1;  // a harm event
  const bool fighting = t.own_force() || t.weapon->event_type == "Battles";
  t.combatants_killed = fighting ? static_cast<int>(rng.Int(0, kMaxCombatantsKilled)) : 0;
  t.undetermined_killed =
      rng.Percent(kUndeterminedPercent) ? static_cast<int>(rng.Int(1, kMaxUndetermined)) : 0;

  const std::vector<ObjectKind>& hits = t.weapon->hits;
  t.objects.push_back(DamagedObject(hits.front(), *t.theatre, rng));
  if (hits.size() > 1 && rng.Percent(kSecondObjectPercent)) {
    t.objects.push_back(
        DamagedObject(hits[static_cast<size_t>(rng.Int(1, static_cast<int64_t>(hits.size()) - 1))],
                      *t.theatre, rng));
  }
  for (const CivilianObject& object : t.objects) {
    if (!rng.Percent(kEffectPercent)) continue;
    if (auto effect = EffectOf(object, *t.town, rng)) t.effects.push_back(*std::move(effect));
  }
}

}  // namespace

Truth DrawTruth(const Theatre& theatre, Date day, Rng& rng) {
  Truth t;
  t.theatre = &theatre;
  const bool own = !theatre.own_arms.empty() && rng.Percent(theatre.own_force_percent);
  if (own) {
    const OwnArm& arm = rng.Pick(theatre.own_arms);
    t.perpetrator = &theatre.own_force;
    t.weapon = arm.weapon;
    t.unit = arm.unit;
    t.target = rng.Pick(theatre.own_force_targets);
  } else {
    t.perpetrator = &rng.Pick(theatre.others);
    t.weapon = rng.Pick(t.perpetrator->weapons);
  }
  t.town = &rng.Pick(theatre.towns);
  t.point = Jitter(PointOf(t.town->lat, t.town->lon), 0, kTownRadiusMetres, theatre, rng);
  t.date = (own || rng.Percent(kDayKnownPercent)) ? DaySpan(day) : CoarseSpan(day, rng);
  constexpr int kClockStep = 5;  // minutes: events are timed to the nearest five minutes
  t.minutes = static_cast<int>(rng.Int(0, kMinutesPerDay / kClockStep - 1)) * kClockStep;
  DrawHarm(t, rng);
  return t;
}

}  // namespace civharm::service::demo
