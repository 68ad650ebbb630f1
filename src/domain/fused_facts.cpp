#include "domain/fused_facts.h"

#include <algorithm>
#include <array>
#include <vector>

namespace civharm {
namespace {

constexpr std::array kStatuses = {CasualtyStatus::kCivilian, CasualtyStatus::kCombatant,
                                  CasualtyStatus::kUndetermined};

template <typename T, typename Key>
std::vector<T> UnionByKind(std::span<const Report> reports, std::vector<T> EventFacts::*list,
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

int PrecisionRank(const Location& l) {
  constexpr int kUnknown = 1000;
  return l.precision ? static_cast<int>(*l.precision) : kUnknown;
}

}  // namespace

bool IsOwnForceSource(SourceType type) {
  return type == SourceType::kOwnForceLog || type == SourceType::kBattleDamageAssessment;
}

CountRange FuseRanges(std::span<const CountRange* const> ranges) {
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

Casualties FuseCasualties(std::span<const Report> reports) {
  Casualties out;
  const auto fuse = [&](auto&& range_of) {
    std::vector<const CountRange*> ranges;
    for (const Report& r : reports) ranges.push_back(&range_of(r.facts.casualties));
    return FuseRanges(ranges);
  };
  for (CasualtyStatus status : kStatuses) {
    for (CountRange Harm::*outcome : {&Harm::killed, &Harm::injured}) {
      out.of(status).*outcome =
          fuse([&](const Casualties& c) -> const CountRange& { return c.of(status).*outcome; });
    }
  }
  for (const Report& r : reports) {
    if (r.facts.casualties.breakdown.size() > out.breakdown.size()) {
      out.breakdown = r.facts.casualties.breakdown;
    }
  }
  // A total is at least the sum of the statuses' minimums and at most the sum of their maximums;
  // a total some source gave directly widens that range.
  for (auto totals : {std::pair{&Casualties::total_killed, &Harm::killed},
                      std::pair{&Casualties::total_injured, &Harm::injured}}) {
    // Named copies: clang 14 does not let a lambda capture a structured binding.
    CountRange Casualties::*const total = totals.first;
    CountRange Harm::*const outcome = totals.second;
    const bool any = std::any_of(reports.begin(), reports.end(), [&](const Report& r) {
      return !(r.facts.casualties.*total).empty();
    });
    if (!any) continue;
    CountRange sum{.min = 0, .max = 0};
    for (CasualtyStatus status : kStatuses) {
      const CountRange& r = out.of(status).*outcome;
      *sum.min += r.min.value_or(0);
      *sum.max += r.max.value_or(0);
    }
    const CountRange given =
        fuse([&](const Casualties& c) -> const CountRange& { return c.*total; });
    out.*total = {.min = std::min(*sum.min, given.min.value_or(*sum.min)),
                  .best = given.best,
                  .max = std::max(*sum.max, given.max.value_or(*sum.max))};
  }
  return out;
}

DateSpan FuseDates(std::span<const Report> reports) {
  const auto same = [&](const Report& r) { return r.facts.date == reports.front().facts.date; };
  if (std::all_of(reports.begin(), reports.end(), same)) return reports.front().facts.date;
  DateSpan span = reports.front().facts.date;
  for (const Report& r : reports) {
    span.start = std::min(span.start, r.facts.date.start);
    span.end = std::max(span.end, r.facts.date.end);
  }
  span.precision = span.start == span.end ? DatePrecision::kDay : DatePrecision::kDayRange;
  span.time_of_day.reset();
  const Report* timed = nullptr;
  for (const Report& r : reports) {
    // An unknown reliability ranks after F.
    const auto rank = [](const Report& x) { return x.reliability ? int(*x.reliability) : 99; };
    if (r.facts.date.time_of_day && (!timed || rank(r) < rank(*timed))) timed = &r;
  }
  if (span.precision == DatePrecision::kDay && timed) {
    span.time_of_day = timed->facts.date.time_of_day;
  }
  return span;
}

Location FuseLocation(std::span<const Report> reports) {
  const Report* best = &reports.front();
  for (const Report& r : reports) {
    if (PrecisionRank(r.facts.location) < PrecisionRank(best->facts.location)) best = &r;
  }
  Location loc = best->facts.location;
  loc.source_precision.reset();
  return loc;
}

std::vector<Belligerent> FuseBelligerents(std::span<const Report> reports) {
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

EventFacts FuseFacts(std::span<const Report> reports) {
  EventFacts f;
  f.date = FuseDates(reports);
  f.location = FuseLocation(reports);
  f.belligerents = FuseBelligerents(reports);
  const auto first_given = [&](std::string EventFacts::*field) {
    for (const Report& r : reports) {
      if (!(r.facts.*field).empty()) return r.facts.*field;
    }
    return std::string();
  };
  f.conflict = first_given(&EventFacts::conflict);
  f.event_type = first_given(&EventFacts::event_type);
  f.event_subtype = first_given(&EventFacts::event_subtype);
  const Report* means = nullptr;
  for (const Report& r : reports) {
    if (r.facts.means.empty()) continue;
    if (!means || (IsOwnForceSource(r.source_type) && !IsOwnForceSource(means->source_type))) {
      means = &r;
    }
  }
  if (means) f.means = means->facts.means;
  for (const Report& r : reports) {
    if (r.facts.civilians_targeted) {
      f.civilians_targeted = f.civilians_targeted.value_or(false) || *r.facts.civilians_targeted;
    }
  }
  f.clarity = f.date.precision == DatePrecision::kDay ? EventClarity::kHigh : EventClarity::kLow;
  f.casualties = FuseCasualties(reports);
  f.civilian_objects = UnionByKind(reports, &EventFacts::civilian_objects,
                                   [](const CivilianObject& o) { return o.kind; });
  f.effects = UnionByKind(reports, &EventFacts::effects, [](const Effect& e) { return e.kind; });
  return f;
}

}  // namespace civharm
