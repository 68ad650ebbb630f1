#include "linkage/event_compare.h"

#include <gtest/gtest.h>

namespace civharm::linkage {
namespace {

EventSketch Strike() {
  return {.first_day = 15000,
          .last_day = 15000,
          .lat = 35.7634,
          .lon = 36.5591,
          .killed_min = 4,
          .killed_max = 6,
          .belligerents = {"Government of Syria"},
          .means = "Airstrike"};
}

TEST(EventCompareTest, TheSameEventAgreesEverywhere) {
  EXPECT_EQ(CompareEvents(Strike(), Strike()), (Pattern{3, 3, 2, 1, 1}));
  EXPECT_EQ(EventComparisons().size(), 5u);
}

TEST(EventCompareTest, LevelsFollowTheBands) {
  EventSketch other = Strike();
  other.first_day = 15001;  // the next day
  other.last_day.reset();
  other.lat = 35.7634 + 0.03;  // about 3.3 km north
  other.killed_min = 9;
  other.killed_max = 11;  // 9–11 against 4–6: within a factor of 2
  other.belligerents = {"GOVERNMENT OF SYRIA", "Syrian insurgents"};
  other.means = "shelling";
  EXPECT_EQ(CompareEvents(Strike(), other), (Pattern{2, 2, 1, 1, 0}));
  other.first_day = 15005;
  other.lat = 35.7634 + 0.2;  // about 22 km
  other.killed_min = other.killed_max = 40;
  other.belligerents = {"Islamic State"};
  EXPECT_EQ(CompareEvents(Strike(), other), (Pattern{1, 1, 0, 0, 0}));
  other.first_day = 15030;
  other.lat = 36.5;
  EXPECT_EQ(CompareEvents(Strike(), other)[0], 0);
  EXPECT_EQ(CompareEvents(Strike(), other)[1], 0);
}

TEST(EventCompareTest, RangesOverlapAcrossDateSpans) {
  EventSketch week = Strike();
  week.first_day = 14995;
  week.last_day = 15002;  // "some day that week" covers the strike's day
  EXPECT_EQ(CompareEvents(Strike(), week)[0], 3);
  EventSketch only_max = Strike();
  only_max.killed_min.reset();
  only_max.killed_max = 5;
  EXPECT_EQ(CompareEvents(Strike(), only_max)[2], 2);
}

TEST(EventCompareTest, AbsentValuesAreMissing) {
  EventSketch bare;
  EXPECT_EQ(CompareEvents(Strike(), bare),
            (Pattern{kMissing, kMissing, kMissing, kMissing, kMissing}));
}

TEST(EventCompareTest, HaversineKnownDistance) {
  // Damascus to Aleppo, about 310 km.
  EXPECT_NEAR(HaversineKm(33.5138, 36.2765, 36.2021, 37.1343), 310, 5);
  EXPECT_NEAR(HaversineKm(0, 179.9, 0, -179.9), 22.2, 0.1) << "across the antimeridian";
}

}  // namespace
}  // namespace civharm::linkage
