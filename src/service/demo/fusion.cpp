#include "service/demo/fusion.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "domain/fused_facts.h"
#include "service/demo/accounts.h"
#include "service/demo/dates.h"
#include "service/demo/reporting.h"

namespace civharm::service::demo {
namespace {

// The most precise location any report gave, named as civharm's gazetteer names the town.
Location NamedLocation(const std::vector<Report>& reports, const Truth& t) {
  Location loc = FuseLocation(reports);
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
    if (IsOwnForceSource(r.source_type)) {
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
  f = FuseFacts(reports);
  f.location = NamedLocation(reports, t);
  inc.title = TitleOf(t, f.location);
  f.conflict = std::string(t.theatre->conflict);
  f.event_type = std::string(t.weapon->event_type);
  f.event_subtype = std::string(t.weapon->event_subtype);
  const auto own_record = std::find_if(reports.begin(), reports.end(), [](const Report& r) {
    return IsOwnForceSource(r.source_type);
  });
  f.means = own_record != reports.end()
                ? own_record->facts.means
                : Means{std::string(t.weapon->generic), std::string(t.weapon->tactic),
                        std::string(t.weapon->strike_type)};
  f.civilians_targeted = t.weapon->targets_civilians;
  f.description = DescriptionOf(inc.title, reports.size(), f);
  inc.external_grade = GradeOf(reports, f, t.own_force(), rng);
  inc.status = StatusOf(t.date.start, rng);
  return inc;
}

}  // namespace civharm::service::demo
