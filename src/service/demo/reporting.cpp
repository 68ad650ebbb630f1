#include "service/demo/reporting.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "domain/fused_facts.h"
#include "service/demo/accounts.h"
#include "service/demo/dates.h"
#include "service/demo/figures.h"
#include "service/demo/geometry.h"
#include "service/demo/world.h"

namespace civharm::service::demo {

namespace {

struct SourceProfile {
  int min_delay_minutes, max_delay_minutes;  // from the event to the report reaching civharm
  Reliability reliability;                   // the usual grade of such a source
  int credibility;                           // the usual grade of its information
  int min_offset_m, max_offset_m;            // how far from the spot it places the event
  LocationPrecision precision;
  bool exact_time_and_grid;  // the force's own records: the logged time and an MGRS grid
  int states_time_percent;
  int wrong_day_percent;
};

// clang-format off
SourceProfile ProfileOf(SourceType type) {
  using enum Reliability;
  using enum LocationPrecision;
  constexpr int kHour = 60, kDay = 24 * kHour;
  switch (type) {
    //          delay (minutes)        grades  offset (m)  precision grid   time  wrong day
    case SourceType::kOwnForceLog:
      return {5, 3 * kHour,             kB, 2,  0, 30,      kExact,   true,  100,  0};
    case SourceType::kBattleDamageAssessment:
      return {kDay, 3 * kDay,           kB, 3,  0, 30,      kExact,   true,  100,  0};
    case SourceType::kNgo:
      return {kDay, 10 * kDay,          kB, 2,  100, 900,   kExact,   false, 70,   5};
    case SourceType::kUn:
      return {7 * kDay, 45 * kDay,      kA, 2,  400, 2500,  kNear,    false, 40,   3};
    case SourceType::kMedia:
      return {2 * kHour, kDay,          kC, 3,  300, 3000,  kNear,    false, 60,   10};
    case SourceType::kHotline:
      return {30, 2 * kDay,             kF, 4,  500, 4000,  kNear,    false, 80,   8};
    case SourceType::kWalkIn:
      return {kDay, 30 * kDay,          kD, 3,  300, 3000,  kNear,    false, 50,   12};
    case SourceType::kSurvivorWitness:
      return {3 * kDay, 60 * kDay,      kC, 2,  50, 600,    kExact,   false, 60,   10};
    case SourceType::kEventDataset:
      return {7 * kDay, 14 * kDay,      kB, 3,  0, 0,       kExact,   false, 0,    3};
    case SourceType::kOther:
      break;
  }
  return {kDay, 7 * kDay, kF, 6, 500, 5000, kNear, false, 20, 10};
}
// clang-format on

// Whether a report may blame someone other than the perpetrator.
enum class Misattribution { kAllowed, kNotAllowed };

constexpr std::array<int, 4> kReportCountWeights = {30, 35, 22, 13};  // one to four reports
constexpr int kOwnLogPercent = 70;  // own-force events with the force's own log
constexpr int kBdaPercent = 30;     // own-force events with a battle damage assessment
constexpr int kMisattributionPercent = 10;
constexpr int kGradeShiftPercent = 25;  // reliability or credibility one step off the usual

// The sources that report an event: the force's own records first, then outside sources drawn
// by weight, all different.
std::vector<const Source*> ChooseSources(const Truth& t, Rng& rng) {
  const size_t wanted = 1 + rng.Weighted(kReportCountWeights);
  std::vector<const Source*> chosen;
  const auto add_own = [&](SourceType type) {
    for (const Source& s : t.theatre->sources) {
      if (s.type == type && chosen.size() < wanted) chosen.push_back(&s);
    }
  };
  if (t.own_force() && rng.Percent(kOwnLogPercent)) add_own(SourceType::kOwnForceLog);
  if (t.own_force() && rng.Percent(kBdaPercent)) add_own(SourceType::kBattleDamageAssessment);

  std::vector<const Source*> outside;
  std::vector<int> weights;
  for (const Source& s : t.theatre->sources) {
    if (s.weight > 0) {
      outside.push_back(&s);
      weights.push_back(s.weight);
    }
  }
  while (chosen.size() < wanted && !outside.empty()) {
    const size_t i = rng.Weighted(weights);
    chosen.push_back(outside[i]);
    outside.erase(outside.begin() + static_cast<std::ptrdiff_t>(i));
    weights.erase(weights.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return chosen;
}

template <typename E>
E ShiftGrade(E typical, int lowest, int highest, Rng& rng) {
  int grade = static_cast<int>(typical);
  if (grade < lowest || grade > highest || !rng.Percent(kGradeShiftPercent)) return typical;
  grade += rng.Percent(50) ? 1 : -1;
  return static_cast<E>(std::clamp(grade, lowest, highest));
}

// When the report reaches civharm: after the event, and no later than the dataset's cutoff.
Timestamp ReceivedAt(const SourceProfile& profile, const Truth& t, Rng& rng) {
  constexpr int kEveningMinutes = 18 * 60;  // a coarse span is taken to end that evening
  constexpr int kAtLeastMinutes = 10;
  const Timestamp base = t.date.precision == DatePrecision::kDay
                             ? t.instant()
                             : InstantOf(t.date.end, kEveningMinutes, *t.theatre);
  const Timestamp received =
      AddMinutes(base, rng.Int(profile.min_delay_minutes, profile.max_delay_minutes));
  return std::min(received, std::max(AddMinutes(base, kAtLeastMinutes), Cutoff()));
}

// The day and time as the source gives them: the day now and then off by one (never after the
// report arrived), the time rounded and shifted by up to two hours.
DateSpan ReportedDate(const SourceProfile& profile, const Truth& t, Timestamp received, Rng& rng) {
  if (t.date.precision != DatePrecision::kDay) return t.date;
  Date day = t.date.start;
  if (rng.Percent(profile.wrong_day_percent)) {
    const Date later = day.AddDays(1);
    day = (rng.Percent(50) && later < received.date()) ? later : day.AddDays(-1);
  }
  DateSpan span = DaySpan(day);
  if (profile.exact_time_and_grid) {
    span.time_of_day = TimeOfDayOf(t.minutes);
  } else if (rng.Percent(profile.states_time_percent)) {
    constexpr int kQuarterHour = 15;
    constexpr int kMaxShiftQuarters = 8;
    const int rounded = t.minutes / kQuarterHour * kQuarterHour;
    const int shift =
        static_cast<int>(rng.Int(-kMaxShiftQuarters, kMaxShiftQuarters)) * kQuarterHour;
    span.time_of_day = TimeOfDayOf(std::clamp(rounded + shift, 0, kMinutesPerDay - 1));
  }
  return span;
}

const Town& SeatOf(const Theatre& theatre, std::string_view admin1, std::string_view admin2) {
  for (const Town& town : theatre.towns) {
    if (town.admin1 == admin1 && (admin2.empty() || town.admin2 == admin2)) return town;
  }
  return theatre.towns.front();
}

std::string_view Spelling(const Town& town, Rng& rng) {
  const size_t i = static_cast<size_t>(rng.Int(0, static_cast<int64_t>(town.spellings.size())));
  return i == 0 ? town.name : town.spellings[i - 1];
}

// ACLED geo_precision as a dataset gives it: 1 the town, 2 near it (within about 25 km), 3 only
// the province, placed at its seat.
constexpr std::array<int, 3> kDatasetPrecisionWeights = {60, 30, 10};
constexpr int kNearMinMetres = 1000, kNearMaxMetres = 8000;
constexpr int kUnDistrictOnlyPercent = 25;
constexpr int kArabicNamePercent = 50;  // of survivors' statements, where Arabic is spoken

Location ReportedLocation(const Source& source, const SourceProfile& profile, const Truth& t,
                          Rng& rng) {
  const Theatre& theatre = *t.theatre;
  const Town& town = *t.town;
  Location loc;
  loc.country = std::string(theatre.country);
  loc.admin1 = std::string(town.admin1);
  loc.admin2 = std::string(town.admin2);
  loc.precision = profile.precision;
  Point at = Jitter(t.point, profile.min_offset_m, profile.max_offset_m, theatre, rng);
  const Town* named = &town;

  if (source.type == SourceType::kEventDataset) {
    const int code = static_cast<int>(rng.Weighted(kDatasetPrecisionWeights)) + 1;
    loc.source_precision = SourcePrecision{PrecisionScheme::kAcledGeoPrecision, code};
    loc.precision = TranslatePrecision(*loc.source_precision);
    if (code == 1) at = PointOf(town.lat, town.lon);
    if (code == 2) at = Jitter(t.point, kNearMinMetres, kNearMaxMetres, theatre, rng);
    if (code == 3) {
      named = &SeatOf(theatre, town.admin1, "");
      at = PointOf(named->lat, named->lon);
      loc.admin2.clear();
    }
  } else if (source.type == SourceType::kUn && rng.Percent(kUnDistrictOnlyPercent)) {
    const Town& seat = SeatOf(theatre, town.admin1, town.admin2);
    loc.precision = LocationPrecision::kAdmin2;
    at = PointOf(seat.lat, seat.lon);
  }
  const geo::LatLon ll = LatLonOf(at);
  loc.lat = ll.lat;
  loc.lon = ll.lon;
  if (profile.exact_time_and_grid) loc.mgrs = MgrsOf(at);

  const bool arabic = !town.arabic.empty() && source.type == SourceType::kSurvivorWitness &&
                      rng.Percent(kArabicNamePercent);
  const std::string_view place = arabic ? town.arabic : Spelling(*named, rng);
  loc.place_names.push_back({std::string(place), arabic ? "ar" : "en"});
  if (loc.precision == LocationPrecision::kAdmin1) {
    loc.description = loc.admin1;
  } else if (loc.precision == LocationPrecision::kAdmin2) {
    loc.description = fmt::format("{}, {}", loc.admin2, loc.admin1);
  } else if (!loc.mgrs.empty()) {
    loc.description = fmt::format("grid {}, near {}", loc.mgrs, place);
  } else {
    loc.description = fmt::format("{}{}",
                                  rng.Pick(std::array<std::string_view, 4>{
                                      "", "outskirts of ", "centre of ", "road leading out of "}),
                                  place);
  }
  return loc;
}

std::vector<Belligerent> ReportedBelligerents(const Source& source, const Truth& t,
                                              Misattribution misattribution, Rng& rng) {
  const Theatre& theatre = *t.theatre;
  std::vector<Belligerent> out;
  if (IsOwnForceSource(source.type)) {
    out.push_back({std::string(kOwnForce), Attribution::kKnown, Side::kA, {}});
    out.push_back({std::string(theatre.own_force_enemy), Attribution::kKnown, Side::kB, {}});
    return out;
  }
  const Actor* blamed = t.perpetrator;
  if (misattribution == Misattribution::kAllowed && theatre.others.size() > 1 &&
      rng.Percent(kMisattributionPercent)) {
    do {
      blamed = &rng.Pick(theatre.others);
    } while (blamed == t.perpetrator);
  }
  const int known_percent = source.type == SourceType::kUn    ? 60
                            : source.type == SourceType::kNgo ? 50
                                                              : 35;
  const bool known = blamed == t.perpetrator && rng.Percent(known_percent);
  const Attribution attribution = known ? Attribution::kKnown : Attribution::kSuspected;
  out.push_back({std::string(blamed->name), attribution, Side::kA, {}});
  return out;
}

Means ReportedMeans(const Source& source, const Truth& t) {
  const Weapon& w = *t.weapon;
  if (IsOwnForceSource(source.type)) {
    return {std::string(w.weapon), std::string(w.tactic), std::string(w.strike_type)};
  }
  if (source.type == SourceType::kUn || source.type == SourceType::kEventDataset) {
    return {std::string(w.generic), "", std::string(w.strike_type)};
  }
  return {std::string(w.generic), "", ""};
}

// One source's report of the event. `misattribution` says whether it may blame the wrong party.
Report ReportOf(const Source& source, const Truth& t, Misattribution misattribution,
                Serials& serials, Rng& rng) {
  const SourceProfile profile = ProfileOf(source.type);
  Report r;
  r.source_type = source.type;
  r.source_name = std::string(source.name);
  r.received_at = ReceivedAt(profile, t, rng);
  const int64_t serial = serials.Next(source.name);
  r.source_record_id = fmt::format("{}-{:06}", source.code, serial);
  r.reference_code = fmt::format("{}/{}/{:04}", source.code, r.received_at->date().year(), serial);
  constexpr int kGradeA = 0, kGradeE = 4, kCredibility1 = 1, kCredibility5 = 5;
  r.reliability = ShiftGrade(profile.reliability, kGradeA, kGradeE, rng);  // F stays F
  r.credibility = ShiftGrade(profile.credibility, kCredibility1, kCredibility5, rng);

  EventFacts& f = r.facts;
  f.date = ReportedDate(profile, t, *r.received_at, rng);
  f.location = ReportedLocation(source, profile, t, rng);
  f.conflict = std::string(t.theatre->conflict);
  const bool monitor = source.type == SourceType::kUn || source.type == SourceType::kNgo ||
                       source.type == SourceType::kEventDataset;
  if (source.type == SourceType::kEventDataset) {
    f.event_type = std::string(t.weapon->event_type);
    f.event_subtype = std::string(t.weapon->event_subtype);
    f.clarity = f.date.precision == DatePrecision::kDay ? EventClarity::kHigh : EventClarity::kLow;
  }
  f.belligerents = ReportedBelligerents(source, t, misattribution, rng);
  f.means = ReportedMeans(source, t);
  if (monitor) f.civilians_targeted = t.weapon->targets_civilians;
  f.casualties = ReportedCasualties(source.type, t, rng);
  f.civilian_objects = ReportedObjects(source.type, t, rng);
  f.effects = ReportedEffects(source.type, t, rng);

  r.account = AccountOf(source, r, t);
  r.citation = CitationOf(source, r);
  if (source.type == SourceType::kMedia) {
    constexpr std::array<std::string_view, 3> kRelayed = {"residents", "a local medic",
                                                          "civil defence volunteers"};
    r.original_source = std::string(rng.Pick(kRelayed));
  }
  if (source.type == SourceType::kOwnForceLog) {
    r.source_fields = {{"dtg", DateTimeGroup(t.instant())}, {"unit", t.unit}};
  }
  if (source.type == SourceType::kEventDataset) {
    r.source_fields = {{"event_id", fmt::format("{}{:05}", source.code, serial)},
                       {"geo_precision", std::to_string(f.location.source_precision->code)}};
  }
  return r;
}

}  // namespace

std::vector<Report> ReportsOf(const Truth& t, Serials& serials, Rng& rng) {
  std::vector<Report> reports;
  bool perpetrator_named = !t.own_force();
  for (const Source* source : ChooseSources(t, rng)) {
    const Misattribution m =
        perpetrator_named ? Misattribution::kAllowed : Misattribution::kNotAllowed;
    reports.push_back(ReportOf(*source, t, m, serials, rng));
    perpetrator_named =
        perpetrator_named || reports.back().facts.belligerents.front().name == t.perpetrator->name;
  }
  std::stable_sort(reports.begin(), reports.end(), [](const Report& a, const Report& b) {
    return *a.received_at < *b.received_at;
  });
  return reports;
}

}  // namespace civharm::service::demo
