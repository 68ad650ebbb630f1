#include "analytics/aggregates.h"

#include <numeric>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::analytics {
namespace {

std::string IdN(int n) { return fmt::format("00000000-0000-7000-8000-{:012}", n); }

struct Row {
  std::string day, end_day, perpetrator, weapon;
  CountRange killed;
  std::vector<BreakdownEntry> breakdown = {};
};

class AggregatesTest : public ::testing::Test {
 protected:
  void Add(const Row& row) {
    Incident i;
    i.meta.id = IdN(++n_);
    i.facts.date.start = *Date::Parse(row.day);
    i.facts.date.end = *Date::Parse(row.end_day.empty() ? row.day : row.end_day);
    if (!row.perpetrator.empty()) i.facts.belligerents.push_back({.name = row.perpetrator});
    i.facts.means.weapon = row.weapon;
    i.facts.casualties.civilian.killed = row.killed;
    i.facts.casualties.breakdown = row.breakdown;
    s_.Put(i);
  }
  std::vector<uint32_t> All() const {
    std::vector<uint32_t> rows(s_.size());
    std::iota(rows.begin(), rows.end(), 0u);
    return rows;
  }
  Snapshot s_;
  int n_ = 0;
};

TEST_F(AggregatesTest, MonthlyTrendByPerpetratorSumsRangesAndCountsWhatItRestsOn) {
  Add({"2024-01-05", "", "Government", "artillery", {.min = 1, .best = 2, .max = 3}});
  Add({"2024-01-20", "", "Government", "airstrike", {.min = 4, .max = 6}});  // no best
  Add({"2024-01-21", "", "IS", "ied", {}});                                   // no figure
  Add({"2024-03-02", "2024-04-02", "IS", "ied", {.best = 7}});                // spans a month
  auto t = ComputeTrend(s_, All(), {.interval = Interval::kMonth, .by = {Dimension::kPerpetrator}});
  ASSERT_TRUE(t) << t.error().ToString();
  ASSERT_EQ(t->groups.size(), 3u);
  const TrendGroup& gov = t->groups[0];
  EXPECT_EQ(gov.period, "2024-01");
  EXPECT_EQ(gov.keys, std::vector<std::string>{"Government"});
  EXPECT_EQ(gov.totals.incidents, 2);
  EXPECT_EQ(gov.totals.killed, (FigureSum{.lo = 5, .best = 6, .hi = 9, .known = 2, .best_from_lo = 1}));
  EXPECT_EQ(t->groups[1].keys, std::vector<std::string>{"IS"});
  EXPECT_EQ(t->groups[1].totals.killed.known, 0);
  EXPECT_EQ(t->groups[2].period, "2024-03");
  EXPECT_EQ(t->groups[2].spanning, 1);
  EXPECT_EQ(t->total.incidents, 4);
  EXPECT_EQ(t->total.killed.hi, 16);
}

TEST_F(AggregatesTest, ATrendWithoutGroupsHasEveryPeriodBetweenFirstAndLast) {
  Add({"2023-12-31", "", "", "", {.best = 1}});  // a Sunday: ISO week 2023-W52
  Add({"2024-01-01", "", "", "", {.best = 1}});  // Monday: 2024-W01
  Add({"2024-01-22", "", "", "", {.best = 1}});  // 2024-W04
  auto t = ComputeTrend(s_, All(), {.interval = Interval::kWeek});
  ASSERT_TRUE(t);
  std::vector<std::string> periods;
  std::vector<int64_t> counts;
  for (const auto& g : t->groups) {
    periods.push_back(g.period);
    counts.push_back(g.totals.incidents);
  }
  EXPECT_THAT(periods, ::testing::ElementsAre("2023-W52", "2024-W01", "2024-W02", "2024-W03",
                                              "2024-W04"));
  EXPECT_THAT(counts, ::testing::ElementsAre(1, 1, 0, 0, 1));
  auto years = ComputeTrend(s_, All(), {.interval = Interval::kYear});
  ASSERT_EQ(years->groups.size(), 2u);
  EXPECT_EQ(years->groups[1].period, "2024");
}

TEST_F(AggregatesTest, TrendRefusesCasualtyDimensionsAndRepeats) {
  EXPECT_EQ(ComputeTrend(s_, All(), {.by = {Dimension::kSex}}).error().field(), "by");
  EXPECT_EQ(ComputeTrend(s_, All(), {.by = {Dimension::kWeapon, Dimension::kWeapon}}).error().field(),
            "by");
}

TEST_F(AggregatesTest, BreakdownByPerpetratorGivesSharesWithTheirDenominators) {
  Add({"2024-01-05", "", "Government", "", {.best = 6}});
  Add({"2024-01-06", "", "Government", "", {.best = 2}});
  Add({"2024-01-07", "", "IS", "", {.best = 2}});
  Add({"2024-01-08", "", "", "", {}});
  const Breakdown b = ComputeBreakdown(s_, All(), Dimension::kPerpetrator);
  EXPECT_EQ(b.incidents, 4);
  EXPECT_EQ(b.killed_best, 10);
  ASSERT_EQ(b.rows.size(), 3u);
  EXPECT_EQ(b.rows[0].key, "Government");
  EXPECT_DOUBLE_EQ(*b.rows[0].incident_share, 0.5);
  EXPECT_DOUBLE_EQ(*b.rows[0].killed_share, 0.8);
  EXPECT_EQ(b.rows[1].key, "");  // ties by key: unknown before IS
  EXPECT_EQ(b.rows[1].totals.killed.known, 0);
  EXPECT_DOUBLE_EQ(*b.rows[2].killed_share, 0.2);
}

TEST_F(AggregatesTest, BreakdownByAgeGroupCountsCiviliansFromTheRecordsBreakdowns) {
  const auto entry = [](AgeGroup a, Sex s, Outcome o, int64_t n) {
    return BreakdownEntry{.status = CasualtyStatus::kCivilian, .outcome = o, .age_group = a,
                          .sex = s, .count = CountRange::Exactly(n)};
  };
  Add({"2024-01-05", "", "", "", {.best = 5},
       {entry(AgeGroup::kChild, Sex::kFemale, Outcome::kKilled, 2),
        entry(AgeGroup::kChild, Sex::kMale, Outcome::kKilled, 1),
        entry(AgeGroup::kAdult, Sex::kMale, Outcome::kInjured, 4)}});
  Add({"2024-01-06", "", "", "", {.best = 1},
       {entry(AgeGroup::kAdult, Sex::kFemale, Outcome::kKilled, 1),
        BreakdownEntry{.status = CasualtyStatus::kCombatant, .age_group = AgeGroup::kAdult,
                       .count = CountRange::Exactly(9)}}});
  Add({"2024-01-07", "", "", "", {.best = 3}});  // no breakdown
  const Breakdown b = ComputeBreakdown(s_, All(), Dimension::kAgeGroup);
  EXPECT_EQ(b.selected, 3);
  EXPECT_EQ(b.not_disaggregated, 1);
  EXPECT_EQ(b.incidents, 2);
  EXPECT_EQ(b.killed_best, 4);  // combatants are not counted
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[0].key, "adult");
  EXPECT_EQ(b.rows[0].totals.incidents, 2);
  EXPECT_EQ(b.rows[0].totals.killed.best, 1);
  EXPECT_EQ(b.rows[0].totals.injured.best, 4);
  EXPECT_EQ(b.rows[1].key, "child");
  EXPECT_EQ(b.rows[1].totals.killed.best, 3);
  EXPECT_DOUBLE_EQ(*b.rows[1].killed_share, 0.75);
}

TEST(DurationsTest, NearestRankPercentiles) {
  std::vector<int32_t> days = {10, 1, 4, 3, 2, 7, 5, 6, 9, 8};
  const Durations d = DurationsOf(days);
  EXPECT_EQ(d.n, 10);
  EXPECT_EQ(d.min, 1);
  EXPECT_EQ(d.p25, 3);
  EXPECT_EQ(d.median, 5);  // the lower median
  EXPECT_EQ(d.p75, 8);
  EXPECT_EQ(d.p90, 9);
  EXPECT_EQ(d.max, 10);
  std::vector<int32_t> none;
  EXPECT_FALSE(DurationsOf(none).median);
}

TEST_F(AggregatesTest, TimingMeasuresStagesAndSharesOfCredibleCases) {
  for (int k = 0; k < 4; ++k) Add({"2024-01-01", "", "", "", {.best = 1}});
  const auto d = [](const char* s) { return *Date::Parse(s); };
  s_.PutCase(IdN(1), {.reported = d("2024-01-02"), .assessed = d("2024-01-12"),
                      .acknowledged = d("2024-02-01"), .amends_offered = d("2024-02-11"),
                      .amends_paid = d("2024-03-01"), .finding = Finding::kCredible,
                      .consulted = true, .external_sources = true});
  s_.PutCase(IdN(2), {.reported = d("2024-01-02"), .assessed = d("2024-01-04"),
                      .investigation_opened = d("2024-01-10"), .finding = Finding::kCredible,
                      .inquired = true});
  s_.PutCase(IdN(3), {.reported = d("2024-01-03"), .assessed = d("2024-01-30"),
                      .finding = Finding::kNotCredible});
  s_.PutCase(IdN(4), {.reported = d("2024-01-03")});
  const Timing t = ComputeTiming(s_, All());
  EXPECT_EQ(t.report_to_assessment.n, 3);
  EXPECT_EQ(t.report_to_assessment.median, 10);
  EXPECT_EQ(t.report_to_assessment.max, 27);
  EXPECT_EQ(t.report_to_amends_paid.median, 59);
  EXPECT_EQ(t.assessment_to_amends_offered.median, 30);
  EXPECT_EQ(t.assessed.count, 3);
  EXPECT_EQ(t.assessed.of, 4);
  EXPECT_EQ(t.credible.count, 2);
  EXPECT_EQ(t.investigated.count, 1);
  EXPECT_EQ(t.investigated.of, 2);
  EXPECT_EQ(t.offered_amends.count, 1);
  EXPECT_EQ(t.paid.count, 1);
  EXPECT_EQ(t.paid.of, 1);
  EXPECT_EQ(t.consulted.count, 1);
  EXPECT_EQ(t.inquired.count, 1);
  EXPECT_EQ(t.external_sources.count, 1);
  EXPECT_EQ(t.external_sources.of, 3);
  EXPECT_DOUBLE_EQ(*t.acknowledged.value(), 0.5);
}

TEST_F(AggregatesTest, EstimatesAreComparedWithTheHarmConcededForCredibleIncidents) {
  for (int k = 0; k < 4; ++k) {
    Incident i;
    i.meta.id = IdN(k + 1);
    i.facts.date.start = i.facts.date.end = *Date::Parse("2024-01-01");
    i.operation_ids = {k < 2 ? "op-a" : k == 2 ? "op-b" : "op-c"};
    s_.Put(i);
  }
  s_.PutCase(IdN(1), {.finding = Finding::kCredible, .assessed_killed = {.min = 3, .best = 4, .max = 5}});
  s_.PutCase(IdN(2), {.finding = Finding::kCredible, .assessed_killed = {.min = 1, .best = 2, .max = 2}});
  s_.PutCase(IdN(3), {.finding = Finding::kCredible, .assessed_killed = {.best = 0}});
  s_.PutCase(IdN(4), {.finding = Finding::kNotCredible, .assessed_killed = {.best = 9}});
  const std::vector<Estimate> estimates = {
      {.operation_id = "op-a", .killed = {.min = 0, .best = 1, .max = 2}},  // 4–7 assessed: under
      {.operation_id = "op-b", .killed = {.min = 1, .best = 1, .max = 3}},  // 0 assessed: over
      {.operation_id = "op-c", .killed = {.best = 0}}};  // its only incident is not credible
  const CdeValidation v = ValidateEstimates(s_, All(), estimates);
  ASSERT_EQ(v.operations.size(), 2u);
  const EstimateCheck& a = v.operations[0];
  EXPECT_EQ(a.incident_ids.size(), 2u);
  EXPECT_EQ(a.assessed_killed, (CountRange{4, 6, 7}));
  EXPECT_EQ(a.killed_verdict, EstimateVerdict::kUnder);
  EXPECT_DOUBLE_EQ(*a.killed_error, 5);
  EXPECT_EQ(v.operations[1].killed_verdict, EstimateVerdict::kOver);
  EXPECT_DOUBLE_EQ(*v.operations[1].killed_error, -1);
  EXPECT_EQ(v.under, 1);
  EXPECT_EQ(v.over, 1);
  EXPECT_EQ(v.error_bins[2], 1);  // −1
  EXPECT_EQ(v.error_bins[5], 1);  // +5
  EXPECT_DOUBLE_EQ(*v.mean_error, 2);
  EXPECT_DOUBLE_EQ(*v.median_error, -1);
  EXPECT_DOUBLE_EQ(*v.mean_absolute_error, 3);
  EXPECT_EQ(v.estimated_best_total, 2);
  EXPECT_EQ(v.assessed_best_total, 6);
}

}  // namespace
}  // namespace civharm::analytics
