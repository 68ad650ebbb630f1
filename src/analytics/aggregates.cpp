#include "analytics/aggregates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

namespace civharm::analytics {
namespace {

int32_t FloorDiv(int32_t a, int32_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Period indexes: days since 1970-01-01, ISO weeks since the one holding 1970-01-01 (a
// Thursday), months and years since year 0.
int32_t DayPeriod(Interval interval, int32_t days, int32_t month) {
  switch (interval) {
    case Interval::kDay: return days;
    case Interval::kWeek: return FloorDiv(days + 3, 7);
    case Interval::kMonth: return month;
    case Interval::kYear: return FloorDiv(month, 12);
  }
  return 0;
}

std::string PeriodLabel(Interval interval, int32_t p) {
  switch (interval) {
    case Interval::kDay: return Date::FromDays(p).ToString();
    case Interval::kWeek: {
      // The ISO year and week are those of the week's Thursday.
      const Date thursday = Date::FromDays(p * 7);
      const Date jan1 = *Date::FromCivil(thursday.year(), 1, 1);
      return fmt::format("{:04}-W{:02}", thursday.year(),
                         (thursday.days() - jan1.days()) / 7 + 1);
    }
    case Interval::kMonth: return fmt::format("{:04}-{:02}", FloorDiv(p, 12), p - FloorDiv(p, 12) * 12 + 1);
    case Interval::kYear: return fmt::format("{:04}", p);
  }
  return {};
}

std::optional<double> PointOf(const CountRange& r) {
  if (r.best) return static_cast<double>(*r.best);
  if (r.min && r.max) return (static_cast<double>(*r.min) + static_cast<double>(*r.max)) / 2;
  if (r.min) return static_cast<double>(*r.min);
  if (r.max) return static_cast<double>(*r.max);
  return std::nullopt;
}


}  // namespace

CountRange SumOfRanges(const std::vector<const CountRange*>& parts) {
  CountRange total{0, 0, 0};
  for (std::optional<int64_t> CountRange::*bound :
       {&CountRange::min, &CountRange::best, &CountRange::max}) {
    for (const CountRange* part : parts) {
      const std::optional<int64_t>& v = part->*bound;
      if (!v || !(total.*bound)) {
        total.*bound = std::nullopt;
        break;
      }
      total.*bound = *(total.*bound) + *v;
    }
  }
  if (parts.empty()) total = {};
  return total;
}

void FigureSum::Add(const Figure& f) {
  if (f.lo == kNone) return;
  ++known;
  lo += f.lo;
  best += f.best;
  hi += f.hi;
  if (!f.best_given) ++best_from_lo;
}

void Totals::Add(const Snapshot& s, uint32_t row) {
  ++incidents;
  killed.Add(s.killed(row));
  injured.Add(s.injured(row));
}

Result<Trend> ComputeTrend(const Snapshot& s, std::span<const uint32_t> rows,
                           const TrendRequest& request) {
  if (request.by.size() > 3) {
    return std::unexpected(Status(ErrorCode::kInvalidArgument,
                                  "a trend groups by at most three dimensions", "by"));
  }
  for (size_t i = 0; i < request.by.size(); ++i) {
    const Dimension d = request.by[i];
    if (d == Dimension::kAgeGroup || d == Dimension::kSex) {
      return std::unexpected(Status(ErrorCode::kInvalidArgument,
                                    fmt::format("{} breaks down casualties, not incidents: ask "
                                                "for a breakdown instead",
                                                EnumName(d)),
                                    "by"));
    }
    if (std::find(request.by.begin(), request.by.begin() + i, d) != request.by.begin() + i) {
      return std::unexpected(Status(ErrorCode::kInvalidArgument,
                                    fmt::format("{} is named twice", EnumName(d)), "by"));
    }
  }
  const Interval interval = request.interval;
  Trend trend{.request = request};
  if (rows.empty()) return trend;

  // Group keys in mixed radix: the period (from the first), then each dimension's code.
  int32_t first = INT32_MAX, last = INT32_MIN;
  for (uint32_t r : rows) {
    const int32_t p = DayPeriod(interval, s.date_start(r).days(), s.month_start(r));
    first = std::min(first, p);
    last = std::max(last, p);
  }
  std::vector<std::vector<std::string>> names;
  uint64_t radix = static_cast<uint64_t>(last - first) + 1;
  for (Dimension d : request.by) {
    names.push_back(s.Names(d));
    radix *= names.back().size();
  }
  struct Acc {
    uint64_t key;
    Totals totals;
    int64_t spanning = 0;
  };
  std::vector<Acc> groups;
  // Dense slots when the key space is small enough, which it is for any real mix of periods,
  // perpetrators and weapons; a hash map otherwise.
  constexpr uint64_t kDenseLimit = uint64_t{1} << 24;
  std::vector<int32_t> dense(radix <= kDenseLimit ? radix : 0, -1);
  std::unordered_map<uint64_t, int32_t> sparse;
  for (uint32_t r : rows) {
    const int32_t p = DayPeriod(interval, s.date_start(r).days(), s.month_start(r));
    uint64_t key = static_cast<uint64_t>(p - first);
    for (size_t i = 0; i < request.by.size(); ++i) {
      key = key * names[i].size() + s.code(request.by[i], r);
    }
    int32_t* slot;
    if (!dense.empty()) {
      slot = &dense[key];
    } else {
      slot = &sparse.try_emplace(key, -1).first->second;
    }
    if (*slot < 0) {
      *slot = static_cast<int32_t>(groups.size());
      groups.push_back({.key = key});
    }
    Acc& g = groups[*slot];
    g.totals.Add(s, r);
    if (DayPeriod(interval, s.date_end(r).days(), s.month_end(r)) != p) ++g.spanning;
    trend.total.Add(s, r);
  }

  std::sort(groups.begin(), groups.end(), [](const Acc& a, const Acc& b) { return a.key < b.key; });
  const auto decode = [&](uint64_t key) {
    std::vector<std::string> keys(request.by.size());
    for (size_t i = request.by.size(); i-- > 0;) {
      keys[i] = names[i][key % names[i].size()];
      key /= names[i].size();
    }
    return std::pair{static_cast<int32_t>(key) + first, std::move(keys)};
  };
  int32_t next = first;
  for (const Acc& g : groups) {
    auto [period, keys] = decode(g.key);
    for (; request.by.empty() && next < period; ++next) {
      trend.groups.push_back({.period = PeriodLabel(interval, next)});
    }
    next = period + 1;
    trend.groups.push_back({.period = PeriodLabel(interval, period),
                            .keys = std::move(keys),
                            .totals = g.totals,
                            .spanning = g.spanning});
  }
  // Within a period, order the groups by their keys' text rather than by code.
  std::stable_sort(trend.groups.begin(), trend.groups.end(),
                   [](const TrendGroup& a, const TrendGroup& b) {
                     return std::tie(a.period, a.keys) < std::tie(b.period, b.keys);
                   });
  return trend;
}

Breakdown ComputeBreakdown(const Snapshot& s, std::span<const uint32_t> rows, Dimension by) {
  Breakdown out{.by = by, .selected = static_cast<int64_t>(rows.size())};
  const std::vector<std::string> names = s.Names(by);
  std::vector<Totals> acc(names.size());
  if (by == Dimension::kAgeGroup || by == Dimension::kSex) {
    std::vector<char> seen(names.size());
    for (uint32_t r : rows) {
      const auto cells = s.cells(r);
      if (cells.empty()) {
        ++out.not_disaggregated;
        continue;
      }
      ++out.incidents;
      std::fill(seen.begin(), seen.end(), 0);
      for (const Snapshot::Cell& c : cells) {
        const auto k = static_cast<size_t>(by == Dimension::kAgeGroup ? static_cast<int>(c.age_group)
                                                                      : static_cast<int>(c.sex));
        if (!seen[k]) ++acc[k].incidents;
        seen[k] = 1;
        (c.outcome == Outcome::kKilled ? acc[k].killed : acc[k].injured).Add(c.count);
      }
    }
    for (const Totals& t : acc) out.killed_best += t.killed.best;
  } else {
    for (uint32_t r : rows) {
      acc[s.code(by, r)].Add(s, r);
      out.killed_best += s.killed(r).lo == kNone ? 0 : s.killed(r).best;
    }
    out.incidents = out.selected;
  }
  for (size_t k = 0; k < acc.size(); ++k) {
    if (acc[k].incidents == 0) continue;
    BreakdownRow row{.key = names[k], .totals = acc[k]};
    if (out.incidents > 0) {
      row.incident_share = static_cast<double>(acc[k].incidents) / static_cast<double>(out.incidents);
    }
    if (out.killed_best > 0) {
      row.killed_share = static_cast<double>(acc[k].killed.best) / static_cast<double>(out.killed_best);
    }
    out.rows.push_back(std::move(row));
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const BreakdownRow& a, const BreakdownRow& b) {
    if (a.totals.incidents != b.totals.incidents) return a.totals.incidents > b.totals.incidents;
    return a.key < b.key;
  });
  return out;
}

Durations DurationsOf(std::vector<int32_t>& days) {
  Durations d{.n = static_cast<int64_t>(days.size())};
  if (days.empty()) return d;
  std::sort(days.begin(), days.end());
  const auto rank = [&](int percent) {
    // Nearest rank: the smallest value with at least `percent` % of values at or below it.
    const size_t n = days.size();
    const size_t k = (n * static_cast<size_t>(percent) + 99) / 100;
    return days[std::max<size_t>(k, 1) - 1];
  };
  d.min = days.front();
  d.p25 = rank(25);
  d.median = rank(50);
  d.p75 = rank(75);
  d.p90 = rank(90);
  d.max = days.back();
  return d;
}

Timing ComputeTiming(const Snapshot& s, std::span<const uint32_t> rows) {
  Timing t{.incidents = static_cast<int64_t>(rows.size())};
  std::array<std::vector<int32_t>, 6> spans;
  const auto between = [](const std::optional<Date>& a, const std::optional<Date>& b,
                          std::vector<int32_t>& out) {
    if (a && b) out.push_back(b->days() - a->days());
  };
  for (uint32_t r : rows) {
    const CaseFacts& f = s.case_facts(r);
    between(f.reported, f.assessed, spans[0]);
    between(f.reported, f.investigation_opened, spans[1]);
    between(f.reported, f.acknowledged, spans[2]);
    between(f.reported, f.amends_offered, spans[3]);
    between(f.reported, f.amends_paid, spans[4]);
    between(f.assessed, f.amends_offered, spans[5]);
    ++t.assessed.of;
    if (!f.finding) continue;
    ++t.assessed.count;
    ++t.credible.of;
    ++t.external_sources.of;
    if (f.external_sources) ++t.external_sources.count;
    if (*f.finding != Finding::kCredible) continue;
    ++t.credible.count;
    for (Share* sh : {&t.investigated, &t.inquired, &t.acknowledged, &t.offered_amends, &t.consulted}) {
      ++sh->of;
    }
    if (f.investigation_opened) ++t.investigated.count;
    if (f.inquired) ++t.inquired.count;
    if (f.acknowledged) ++t.acknowledged.count;
    if (f.consulted) ++t.consulted.count;
    if (f.amends_offered) {
      ++t.offered_amends.count;
      ++t.paid.of;
      if (f.amends_paid) ++t.paid.count;
    }
  }
  t.report_to_assessment = DurationsOf(spans[0]);
  t.report_to_investigation = DurationsOf(spans[1]);
  t.report_to_acknowledgment = DurationsOf(spans[2]);
  t.report_to_amends_offered = DurationsOf(spans[3]);
  t.report_to_amends_paid = DurationsOf(spans[4]);
  t.assessment_to_amends_offered = DurationsOf(spans[5]);
  return t;
}

CdeValidation ValidateEstimates(const Snapshot& s, std::span<const uint32_t> rows,
                                std::span<const Estimate> estimates) {
  std::unordered_map<std::string_view, std::vector<uint32_t>> linked;
  for (uint32_t r : rows) {
    const CaseFacts& f = s.case_facts(r);
    if (f.finding != Finding::kCredible) continue;
    for (const std::string& op : s.operation_ids(r)) linked[op].push_back(r);
  }
  CdeValidation out;
  std::vector<double> errors;
  for (const Estimate& e : estimates) {
    auto it = linked.find(e.operation_id);
    if (it == linked.end()) continue;
    EstimateCheck c{.estimate = e};
    std::vector<const CountRange*> killed, injured;
    for (uint32_t r : it->second) {
      c.incident_ids.emplace_back(s.id(r));
      killed.push_back(&s.case_facts(r).assessed_killed);
      injured.push_back(&s.case_facts(r).assessed_injured);
    }
    c.assessed_killed = SumOfRanges(killed);
    c.assessed_injured = SumOfRanges(injured);
    const CountRange& a = c.assessed_killed;
    const std::optional<int64_t> est_hi = e.killed.max ? e.killed.max : e.killed.best;
    const std::optional<int64_t> est_lo = e.killed.min ? e.killed.min : e.killed.best;
    const std::optional<int64_t> a_lo = a.min ? a.min : a.best;
    const std::optional<int64_t> a_hi = a.max ? a.max : a.best;
    if (a_lo && est_hi && *a_lo > *est_hi) {
      c.killed_verdict = EstimateVerdict::kUnder;
      ++out.under;
    } else if (a_hi && est_lo && *a_hi < *est_lo) {
      c.killed_verdict = EstimateVerdict::kOver;
      ++out.over;
    } else if (a_lo && a_hi && est_lo && est_hi) {
      c.killed_verdict = EstimateVerdict::kWithin;
      ++out.within;
    } else {
      ++out.unknown;
    }
    const auto ap = PointOf(a), ep = PointOf(e.killed);
    if (ap && ep) {
      c.killed_error = *ap - *ep;
      errors.push_back(*c.killed_error);
      const auto t = static_cast<int64_t>(std::trunc(*c.killed_error));
      const size_t bin = t <= -10 ? 0 : t <= -5 ? 1 : t < 0 ? 2 : t == 0 ? 3 : t < 5 ? 4 : t < 10 ? 5 : 6;
      ++out.error_bins[bin];
    }
    if (a.best && e.killed.best) {
      out.assessed_best_total += *a.best;
      out.estimated_best_total += *e.killed.best;
      ++out.compared;
    }
    out.operations.push_back(std::move(c));
  }
  if (!errors.empty()) {
    double sum = 0, abs_sum = 0;
    for (double x : errors) {
      sum += x;
      abs_sum += std::abs(x);
    }
    const double n = static_cast<double>(errors.size());
    out.mean_error = sum / n;
    out.mean_absolute_error = abs_sum / n;
    std::sort(errors.begin(), errors.end());
    out.median_error = errors[(errors.size() - 1) / 2];
  }
  return out;
}

}  // namespace civharm::analytics
