// Aggregates over the rows of a snapshot (analytics/snapshot.h): trends by day, week, month or
// year, breakdowns by one dimension, times through the case lifecycle, and the validation of
// collateral damage estimates. Every figure comes with its denominator, and every sum says how
// many incidents it rests on; docs/METHODS.md ("Analysis") gives the rules.
//
//   auto rows = Select(snapshot, query, view);
//   Result<Trend> t = ComputeTrend(snapshot, *rows, {.interval = Interval::kWeek});
//   Result<Breakdown> b = ComputeBreakdown(snapshot, *rows, Dimension::kAgeGroup);
//   Timing timing = ComputeTiming(snapshot, *rows);
//
// Pure computation over the snapshot; the caller holds it still while these run.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analytics/snapshot.h"
#include "core/status.h"

namespace civharm::analytics {

enum class Interval { kDay, kWeek, kMonth, kYear };

// A sum of figures (analytics/snapshot.h Figure) over the incidents that give one.
struct FigureSum {
  int64_t lo = 0, best = 0, hi = 0;
  int64_t known = 0;           // incidents with a figure
  int64_t best_from_lo = 0;    // of those, incidents whose best is their lowest figure
  void Add(const Figure& f);
  friend bool operator==(const FigureSum&, const FigureSum&) = default;
};

struct Totals {
  int64_t incidents = 0;
  FigureSum killed;   // civilians
  FigureSum injured;  // civilians
  void Add(const Snapshot& s, uint32_t row);
  friend bool operator==(const Totals&, const Totals&) = default;
};

struct TrendRequest {
  Interval interval = Interval::kMonth;
  std::vector<Dimension> by;  // up to three dimensions of incidents (not age group or sex)
};

struct TrendGroup {
  std::string period;             // "2024-03-05", "2024-W10", "2024-03", "2024"
  std::vector<std::string> keys;  // one per `by` dimension, "" when the record gives none
  Totals totals;
  int64_t spanning = 0;  // incidents whose date range reaches past this period
};

struct Trend {
  TrendRequest request;
  // By period, then keys. Incidents count in the period their date range starts in. Without
  // `by`, every period from the first to the last is present, empty ones with zero incidents.
  std::vector<TrendGroup> groups;
  Totals total;
};

// invalid_argument ("by") for more than three dimensions, a repeated one, age group or sex.
Result<Trend> ComputeTrend(const Snapshot& s, std::span<const uint32_t> rows,
                           const TrendRequest& request);

struct BreakdownRow {
  std::string key;
  Totals totals;
  // Share of the breakdown's incidents in this row (incidents / Breakdown::incidents), and of
  // the civilians killed by best figure (killed.best / Breakdown::killed_best); nullopt when the
  // denominator is 0.
  std::optional<double> incident_share;
  std::optional<double> killed_share;
};

struct Breakdown {
  Dimension by = Dimension::kPerpetrator;
  std::vector<BreakdownRow> rows;  // largest first by incidents, then by key
  int64_t incidents = 0;           // the denominator of incident shares
  int64_t killed_best = 0;         // the denominator of killed shares
  // Age group and sex: the incidents selected, and those that give no breakdown of civilian
  // casualties by age group and sex (they are not in any row).
  int64_t selected = 0;
  int64_t not_disaggregated = 0;
};

// By age group or sex, a row's totals are the civilians the records' breakdowns count in it
// (incidents: those with any count in the row).
Breakdown ComputeBreakdown(const Snapshot& s, std::span<const uint32_t> rows, Dimension by);

// Days between two stages of cases, over the incidents that reached both.
struct Durations {
  int64_t n = 0;
  // Nearest-rank percentiles (the median is the lower median); nullopt when n is 0.
  std::optional<int32_t> min, p25, median, p75, p90, max;
};

struct Share {
  int64_t count = 0;
  int64_t of = 0;
  std::optional<double> value() const {
    return of == 0 ? std::nullopt : std::optional(static_cast<double>(count) / of);
  }
};

struct Timing {
  int64_t incidents = 0;
  Durations report_to_assessment, report_to_investigation, report_to_acknowledgment,
      report_to_amends_offered, report_to_amends_paid, assessment_to_amends_offered;
  Share assessed;                  // incidents with a finding, of all
  Share credible;                  // found credible, of those with a finding
  Share investigated;              // credible with an investigation opened, of credible
  Share inquired;                  // credible with an interview or site visit, of credible
  Share acknowledged;              // credible and acknowledged, of credible
  Share offered_amends;            // credible and offered amends, of credible
  Share paid;                      // amends paid or delivered, of those offered
  Share consulted;                 // credible with a consultation recorded, of credible
  Share external_sources;          // findings resting on a source outside the force, of findings
};

Timing ComputeTiming(const Snapshot& s, std::span<const uint32_t> rows);

// Nearest-rank percentiles of `days` (sorted in place).
Durations DurationsOf(std::vector<int32_t>& days);

// The collateral damage estimate of one operation, for validation.
struct Estimate {
  std::string operation_id;
  std::string reference;
  std::string name;
  CountRange killed;
  CountRange injured;
};

enum class EstimateVerdict {
  kUnder,    // the harm assessed is above the estimate's highest figure
  kWithin,   // the ranges meet
  kOver,     // the harm assessed is below the estimate's lowest figure
  kUnknown,  // a bound is missing on either side
};

struct EstimateCheck {
  Estimate estimate;
  std::vector<std::string> incident_ids;  // the credible incidents linked to the operation
  CountRange assessed_killed;  // a bound of the sum is known when every incident gives it
  CountRange assessed_injured;
  EstimateVerdict killed_verdict = EstimateVerdict::kUnknown;
  std::optional<double> killed_error;  // assessed point − estimated point (best, else midpoint)
};

struct CdeValidation {
  std::vector<EstimateCheck> operations;  // operations with at least one credible incident
  int64_t under = 0, within = 0, over = 0, unknown = 0;
  // The errors' distribution: counts in [−∞,−10], [−9,−5], [−4,−1], [0,0], [1,4], [5,9], [10,∞]
  // (an error between two bins, such as 0.5, goes to the bin nearer zero).
  std::array<int64_t, 7> error_bins{};
  std::optional<double> mean_error, median_error, mean_absolute_error;
  // Over the operations whose estimate and assessment both give a best figure (`compared` of them).
  int64_t estimated_best_total = 0, assessed_best_total = 0, compared = 0;
};

// The sum of ranges, bound by bound; a bound is known only when every part gives it (a sum over
// some would pass for all). Empty when there are no parts.
CountRange SumOfRanges(const std::vector<const CountRange*>& parts);

// Compares each operation's estimate with the civilian harm conceded by the assessments of the
// credible incidents among `rows` linked to it.
CdeValidation ValidateEstimates(const Snapshot& s, std::span<const uint32_t> rows,
                                std::span<const Estimate> estimates);

}  // namespace civharm::analytics

namespace civharm {
template <>
struct EnumTraits<analytics::Interval> {
  static constexpr std::array kNames = {std::pair{analytics::Interval::kDay, "day"sv},
                                        std::pair{analytics::Interval::kWeek, "week"sv},
                                        std::pair{analytics::Interval::kMonth, "month"sv},
                                        std::pair{analytics::Interval::kYear, "year"sv}};
};
template <>
struct EnumTraits<analytics::EstimateVerdict> {
  static constexpr std::array kNames = {
      std::pair{analytics::EstimateVerdict::kUnder, "under"sv},
      std::pair{analytics::EstimateVerdict::kWithin, "within"sv},
      std::pair{analytics::EstimateVerdict::kOver, "over"sv},
      std::pair{analytics::EstimateVerdict::kUnknown, "unknown"sv}};
};
}  // namespace civharm
