#include "domain/fused_facts.h"

#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace civharm {
namespace {

Report Said(SourceType type, std::optional<int64_t> min, std::optional<int64_t> best,
            std::optional<int64_t> max) {
  Report r = testing::SampleReport();
  r.source_type = type;
  r.facts.casualties = {};
  r.facts.casualties.civilian.killed = {.min = min, .best = best, .max = max};
  return r;
}

TEST(FusedFactsTest, RangeRunsFromTheLowestFigureToTheHighestWithTheMedianBest) {
  const CountRange a{.min = 3, .best = 4, .max = 6}, b{.best = 9}, c{.min = 1, .max = 2};
  const std::vector<const CountRange*> all = {&a, &b, &c};
  EXPECT_EQ(FuseRanges(all), (CountRange{.min = 1, .best = 4, .max = 9}));
  const CountRange none;
  const std::vector<const CountRange*> empty = {&none, &none};
  EXPECT_TRUE(FuseRanges(empty).empty());
}

TEST(FusedFactsTest, CasualtiesKeepEverySourcesExtremes) {
  const std::vector<Report> reports = {Said(SourceType::kNgo, 2, 3, 5),
                                       Said(SourceType::kOwnForceLog, 0, 0, 0),
                                       Said(SourceType::kMedia, std::nullopt, 12, std::nullopt)};
  const Casualties c = FuseCasualties(reports);
  EXPECT_EQ(c.civilian.killed, (CountRange{.min = 0, .best = 3, .max = 12}));
  EXPECT_TRUE(c.civilian.injured.empty());
  EXPECT_TRUE(c.total_killed.empty());  // nobody gave a total
}

TEST(FusedFactsTest, GivenTotalsWidenTheSumOfTheStatuses) {
  std::vector<Report> reports = {Said(SourceType::kNgo, 2, 2, 2), Said(SourceType::kUn, 4, 4, 4)};
  reports[1].facts.casualties.total_killed = {.min = 10, .max = 10};
  const Casualties c = FuseCasualties(reports);
  EXPECT_EQ(c.total_killed.min, 2);   // the civilian minimum, no other status given
  EXPECT_EQ(c.total_killed.max, 10);  // the UN's total
}

TEST(FusedFactsTest, DatesCoverEverySourceAndLocationIsTheMostPrecise) {
  std::vector<Report> reports = {testing::SampleReport(), testing::SampleReport()};
  reports[0].facts.date = {.start = *Date::Parse("2024-03-02"), .end = *Date::Parse("2024-03-02")};
  reports[1].facts.date = {.start = *Date::Parse("2024-03-01"),
                           .end = *Date::Parse("2024-03-03"),
                           .precision = DatePrecision::kDayRange};
  reports[0].facts.location.precision = LocationPrecision::kAdmin2;
  reports[0].facts.location.description = "district";
  reports[1].facts.location.precision = LocationPrecision::kExact;
  reports[1].facts.location.description = "the market";
  const EventFacts f = FuseFacts(reports);
  EXPECT_EQ(f.date.start, *Date::Parse("2024-03-01"));
  EXPECT_EQ(f.date.end, *Date::Parse("2024-03-03"));
  EXPECT_EQ(f.date.precision, DatePrecision::kDayRange);
  EXPECT_EQ(f.clarity, EventClarity::kLow);
  EXPECT_EQ(f.location.description, "the market");
  EXPECT_FALSE(f.location.source_precision);
}

TEST(FusedFactsTest, MeansOfTheForcesOwnRecordAndEveryPartyOnce) {
  std::vector<Report> reports = {Said(SourceType::kMedia, 1, 1, 1),
                                 Said(SourceType::kOwnForceLog, 1, 1, 1)};
  reports[0].facts.means = {.weapon = "rocket"};
  reports[1].facts.means = {.weapon = "guided bomb", .strike_type = "airstrike"};
  reports[0].facts.belligerents = {{.name = "Air Force", .attribution = Attribution::kSuspected}};
  reports[1].facts.belligerents = {{.name = "Air Force", .attribution = Attribution::kKnown},
                                   {.name = "Militia", .attribution = Attribution::kSuspected}};
  const EventFacts f = FuseFacts(reports);
  EXPECT_EQ(f.means.weapon, "guided bomb");
  ASSERT_EQ(f.belligerents.size(), 2u);
  EXPECT_EQ(f.belligerents[0].attribution, Attribution::kKnown);
  EXPECT_TRUE(IsOwnForceSource(SourceType::kBattleDamageAssessment));
  EXPECT_FALSE(IsOwnForceSource(SourceType::kNgo));
}

}  // namespace
}  // namespace civharm
