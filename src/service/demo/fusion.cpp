#include "service/demo/fusion.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "service/demo/accounts.h"
#include "service/demo/dates.h"
#include "service/demo/reporting.h"

namespace civharm::service::demo {
namespace {

// From the lowest to the highest figure any report gave, with the median of their best
// estimates: the range linkage gives an incident.
CountRange Fuse(const std::vector<const CountRange*>& ranges) {
  std::vector<int64_t> figures, bests;
  for (const CountRange* r : ranges) {
    for (const auto& v : {r->min, r->best, r->max}) {
      if (v) figures.push_back(*v);
    }
    if (r->best) bests.push_back(*r->best);
  }
  if (figures.empty()) return {};
  std::sort(bests.begin(), bests.end());
  CountRange fused{.min = *std::min_element(figures.begin(), figures.end()),
                   .max = *std::max_element(figures.begin(), figures.end())};
  if (!bests.empty()) fused.best = bests[(bests.size() - 1) / 2];
  return fused;
}

Casualties FuseCasualties(const std::vector<Report>& reports) {
  Casualties out;
  constexpr std::array kStatuses = {CasualtyStatus::kCivilian, CasualtyStatus::kCombatant,
                                    CasualtyStatus::kUndetermined};
  for (CasualtyStatus status : kStatuses) {
    for (CountRange Harm::*outcome : {&Harm::killed, &Harm::injured}) {
      std::vector<const CountRange*> ranges;
      for (const Report& r : reports) ranges.push_back(&(r.facts.casualties.of(status).*outcome));
      out.of(status).*outcome = Fuse(ranges);
    }
  }
  // The breakdown of the most detailed report: its cells fit under the fused maximum.
  for (const Report& r : reports) {
    if (r.facts.casualties.breakdown.size() > out.breakdown.size()) {
      out.breakdown = r.facts.casualties.breakdown;
    }
  }
  // Totals where any source gave them, as the sums of the statuses' ranges.
  const auto total = [&](CountRange Harm::*outcome) {
    CountRange sum{.min = 0, .max = 0};
    for (CasualtyStatus status : kStatuses) {
      const CountRange& r = out.of(status).*outcome;
      *sum.min += r.min.value_or(0);
      *sum.max += r.max.value_or(0);
    }
    return sum;
  };
  const bool any_total = std::any_of(reports.begin(), reports.end(), [](const Report& r) {
    return !r.facts.casualties.total_killed.empty();
  });
  if (any_total) out.total_killed = total(&Harm::killed);
  return out;
}

DateSpan FuseDates(const std::vector<Report>& reports) {
  const auto same = [&](const Report& r) { return r.facts.date == reports.front().facts.date; };
  if (std::all_of(reports.begin(), reports.end(), same)) return reports.front().facts.date;
  DateSpan span = reports.front().facts.date;
  for (const Report& r : reports) {
    span.start = std::min(span.start, r.facts.date.start);
    span.end = std::max(span.end, r.facts.date.end);
  }
  span.precision = span.start == span.end ? DatePrecision::kDay : DatePrecision::kDayRange;
  // When the sources agree on the day, the time of the most reliable one that gives a time.
  span.time_of_day.reset();
  const Report* timed = nullptr;
  for (const Report& r : reports) {
    if (r.facts.date.time_of_day && (!timed || r.reliability < timed->reliability)) timed = &r;
  }
  if (span.precision == DatePrecision::kDay && timed) {
    span.time_of_day = timed->facts.date.time_of_day;
  }
  return span;
}

// The most precise location any report gave, named as civharm's gazetteer names the town.
Location FuseLocation(const std::vector<Report>& reports, const Truth& t) {
  const Report* best = &reports.front();
  for (const Report& r : reports) {
    if (*r.facts.location.precision < *best->facts.location.precision) best = &r;
  }
  Location loc = best->facts.location;
  loc.source_precision.reset();
  loc.admin1 = std::string(t.town->admin1);
  if (loc.precision == LocationPrecision::kAdmin1) {  // nobody named the town
    loc.admin2.clear();
    loc.place_names.clear();
    loc.description = loc.admin1;
    return loc;
  }
  loc.admin2 = std::string(t.town->admin2);
  loc.place_names = {{std::string(t.town->name), "en"}};
  if (!t.town->arabic.empty()) loc.place_names.push_back({std::string(t.town->arabic), "ar"});
  loc.description = fmt::format("{}, {}, {}", t.town->name, t.town->admin2, t.town->admin1);
  return loc;
}

std::vector<Belligerent> FuseBelligerents(const std::vector<Report>& reports) {
  std::vector<Belligerent> out;
  for (const Report& r : reports) {
    for (const Belligerent& b : r.facts.belligerents) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const Belligerent& o) { return o.name == b.name; });
      if (it == out.end()) {
        out.push_back({b.name, b.attribution, b.side, {}});
      } else if (b.attribution == Attribution::kKnown) {
        it->attribution = Attribution::kKnown;
      }
    }
  }
  return out;
}

template <typename T, typename Key>
std::vector<T> UnionByKind(const std::vector<Report>& reports, std::vector<T> EventFacts::*list,
                           Key key) {
  std::vector<T> out;
  for (const Report& r : reports) {
    for (const T& item : r.facts.*list) {
      const bool seen =
          std::any_of(out.begin(), out.end(), [&](const T& o) { return key(o) == key(item); });
      if (!seen) out.push_back(item);
    }
  }
  return out;
}

// Airwars-style grade: what outside monitors make of the event. Contested when sources blame
// different parties, confirmed when the force's own records admit civilian harm, fair when
// several outside sources agree, weak otherwise.
std::optional<ExternalGrade> GradeOf(const std::vector<Report>& reports, const EventFacts& fused,
                                     bool own_force, Rng& rng) {
  constexpr int kOwnForceGradedPercent = 75;
  constexpr int kOthersGradedPercent = 10;
  constexpr int kDiscountedPercent = 5;
  if (!rng.Percent(own_force ? kOwnForceGradedPercent : kOthersGradedPercent)) return std::nullopt;
  if (rng.Percent(kDiscountedPercent)) return ExternalGrade::kDiscounted;
  const auto blamed = std::count_if(fused.belligerents.begin(), fused.belligerents.end(),
                                    [](const Belligerent& b) { return b.side == Side::kA; });
  if (blamed > 1) return ExternalGrade::kContested;
  int outside = 0;
  bool records_admit_harm = false;
  for (const Report& r : reports) {
    if (IsOwnForceRecord(r.source_type)) {
      records_admit_harm =
          records_admit_harm || r.facts.casualties.civilian.killed.max.value_or(0) > 0;
    } else {
      ++outside;
    }
  }
  if (records_admit_harm) return ExternalGrade::kConfirmed;
  constexpr int kSeveralSources = 2;
  return outside >= kSeveralSources ? ExternalGrade::kFair : ExternalGrade::kWeak;
}

// The force's own assessment: older allegations have moved further through the lifecycle.
AssessmentStatus StatusOf(Date day, Rng& rng) {
  using enum AssessmentStatus;
  constexpr std::array kOrder = {kUnassessed,       kAssessing, kCredible,      kNotCredible,
                                 kInsufficientInfo, kDuplicate, kInvestigating, kInvestigated,
                                 kResponding,       kClosed,    kReopened};
  constexpr std::array<int, 11> kLastMonth = {80, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  constexpr std::array<int, 11> kLastHalfYear = {50, 20, 8, 6, 8, 3, 5, 0, 0, 0, 0};
  constexpr std::array<int, 11> kOlder = {30, 8, 12, 10, 12, 4, 5, 5, 6, 7, 2};
  constexpr int kMonthDays = 30, kHalfYearDays = 182;
  const int age = FirstDay().AddDays(kPeriodDays).days() - day.days();
  const auto& weights = age < kMonthDays      ? kLastMonth
                        : age < kHalfYearDays ? kLastHalfYear
                                              : kOlder;
  return kOrder[rng.Weighted(weights)];
}

// "Airstrike on houses in Saffa", named after the place as the incident knows it.
std::string TitleOf(const Truth& t, const Location& where) {
  const std::string place =
      where.place_names.empty() ? where.admin1 : where.place_names.front().name;
  if (t.objects.empty()) return fmt::format("{} near {}", t.weapon->headline, place);
  const ObjectKind kind = t.objects.front().kind;
  const bool outside_town = kind == ObjectKind::kRoadOrBridge || kind == ObjectKind::kAgriculture ||
                            kind == ObjectKind::kShelter;
  return fmt::format("{} on {} {} {}", t.weapon->headline, ObjectNoun(kind, *t.theatre),
                     outside_town ? "near" : "in", place);
}

std::string DescriptionOf(const std::string& title, size_t report_count, const EventFacts& f) {
  const std::string sources =
      report_count == 1 ? "one source describes" : fmt::format("{} sources describe", report_count);
  return fmt::format("{} {}, as {} it. Civilians killed: {}; injured: {}.", title, SpanText(f.date),
                     sources, RangeText(f.casualties.civilian.killed),
                     RangeText(f.casualties.civilian.injured));
}

}  // namespace

Incident FuseIncident(const std::vector<Report>& reports, const Truth& t, Rng& rng) {
  Incident inc;
  EventFacts& f = inc.facts;
  f.date = FuseDates(reports);
  f.location = FuseLocation(reports, t);
  inc.title = TitleOf(t, f.location);
  f.conflict = std::string(t.theatre->conflict);
  f.event_type = std::string(t.weapon->event_type);
  f.event_subtype = std::string(t.weapon->event_subtype);
  f.belligerents = FuseBelligerents(reports);
  const auto own_record = std::find_if(reports.begin(), reports.end(), [](const Report& r) {
    return IsOwnForceRecord(r.source_type);
  });
  f.means = own_record != reports.end()
                ? own_record->facts.means
                : Means{std::string(t.weapon->generic), std::string(t.weapon->tactic),
                        std::string(t.weapon->strike_type)};
  f.civilians_targeted = t.weapon->targets_civilians;
  f.clarity = f.date.precision == DatePrecision::kDay ? EventClarity::kHigh : EventClarity::kLow;
  f.casualties = FuseCasualties(reports);
  f.civilian_objects = UnionByKind(reports, &EventFacts::civilian_objects,
                                   [](const CivilianObject& o) { return o.kind; });
  f.effects = UnionByKind(reports, &EventFacts::effects, [](const Effect& e) { return e.kind; });
  f.description = DescriptionOf(inc.title, reports.size(), f);
  inc.external_grade = GradeOf(reports, f, t.own_force(), rng);
  inc.status = StatusOf(t.date.start, rng);
  return inc;
}

}  // namespace civharm::service::demo
