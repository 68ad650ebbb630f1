#include "report/scale.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::report {
namespace {

using ::testing::ElementsAre;

const std::string kLrm(kLeftToRightMark);

TEST(ScaleTest, TicksAreRoundAndCoverTheRange) {
  const Ticks t = NiceTicks(0, 87);
  EXPECT_EQ(t.step, 20);
  EXPECT_THAT(t.Values(), ElementsAre(0, 20, 40, 60, 80, 100));
  const Ticks negative = NiceTicks(-12, 30);
  EXPECT_EQ(negative.step, 10);
  EXPECT_EQ(negative.lo, -20);
  EXPECT_EQ(negative.hi, 30);
  EXPECT_EQ(NiceTicks(0, 0.3).step, 0.1);
  EXPECT_EQ(NiceTicks(0, 0.3).Values().size(), 4u);
  EXPECT_EQ(NiceTicks(0, 12).step, 2.5);
  // An empty range still gets an axis.
  EXPECT_GT(NiceTicks(0, 0).hi, 0);
}

TEST(ScaleTest, TickLabelsHaveTheDecimalsTheStepNeedsAndGroupThousands) {
  EXPECT_EQ(FormatTick(40, 20), "40");
  EXPECT_EQ(FormatTick(2.5, 2.5), "2.5");
  EXPECT_EQ(FormatTick(0.30000000000000004, 0.1), "0.3");
  EXPECT_EQ(FormatTick(12000, 2000), "12\u202f000");
  EXPECT_EQ(FormatTick(1250000, 250000), "1\u202f250\u202f000");
  EXPECT_EQ(FormatTick(-5, 5), kLrm + "-5");
  EXPECT_EQ(FormatTick(-1e-17, 0.1), "0.0");
}

TEST(ScaleTest, GraticuleStepsSuitTheScaleOfTheMap) {
  EXPECT_EQ(GraticuleStep(360), 90);
  EXPECT_EQ(GraticuleStep(40), 10);
  EXPECT_EQ(GraticuleStep(10), 2);
  EXPECT_EQ(GraticuleStep(0.6), 0.1);
  EXPECT_EQ(GraticuleStep(0.2), 0.05);
}

TEST(ScaleTest, DegreeLabelsNameTheHemisphere) {
  EXPECT_EQ(FormatDegrees(36.5, Axis::kLon, 0.5), kLrm + "36.5°E");
  EXPECT_EQ(FormatDegrees(-0.25, Axis::kLat, 0.25), kLrm + "0.25°S");
  EXPECT_EQ(FormatDegrees(-70, Axis::kLon, 10), kLrm + "70°W");
  EXPECT_EQ(FormatDegrees(30, Axis::kLat, 10), kLrm + "30°N");
  EXPECT_EQ(FormatDegrees(0, Axis::kLat, 10), kLrm + "0°");
}

TEST(ScaleTest, MapBoxIsTheGivenOneOrThePointsWithAMargin) {
  const BoundingBox given{30, 10, 40, 20};
  const BoundingBox b = MapBox({.points = {{.lat = 0, .lon = 0}}, .bbox = given});
  EXPECT_EQ(b.min_lon, 30);
  EXPECT_EQ(b.max_lat, 20);

  const BoundingBox fitted = MapBox({.points = {{.lat = 35, .lon = 36}, {.lat = 36, .lon = 38}}});
  EXPECT_DOUBLE_EQ(fitted.min_lon, 35.8);
  EXPECT_DOUBLE_EQ(fitted.max_lon, 38.2);
  EXPECT_DOUBLE_EQ(fitted.min_lat, 34.9);
  EXPECT_DOUBLE_EQ(fitted.max_lat, 36.1);

  const BoundingBox one = MapBox({.points = {{.lat = 35, .lon = 36}}});
  EXPECT_NEAR(one.max_lon - one.min_lon, 0.2, 1e-9);
  EXPECT_NEAR(one.max_lat - one.min_lat, 0.2, 1e-9);

  const BoundingBox edge = MapBox({.points = {{.lat = 90, .lon = 180}, {.lat = 80, .lon = 170}}});
  EXPECT_EQ(edge.max_lat, 90);
  EXPECT_EQ(edge.max_lon, 180);

  const BoundingBox world = MapBox({});
  EXPECT_EQ(world.min_lon, -180);
  EXPECT_EQ(world.max_lat, 90);
}

}  // namespace
}  // namespace civharm::report
