#include "geo/geo.h"

#include <cmath>

#include <gtest/gtest.h>

namespace civharm::geo {
namespace {

TEST(GeoTest, CoordinateRanges) {
  EXPECT_TRUE(IsValidLatitude(-90));
  EXPECT_FALSE(IsValidLatitude(90.0001));
  EXPECT_TRUE(IsValidLongitude(180));
  EXPECT_FALSE(IsValidLongitude(-180.5));
  EXPECT_FALSE(IsValidLatitude(std::nan("")));
}

TEST(MgrsTest, ParsesAndNormalises) {
  const auto sq = ParseMgrs("38s mb 44 88");
  ASSERT_TRUE(sq) << sq.error().ToString();
  EXPECT_EQ(sq->text, "38SMB4488");
  EXPECT_EQ(sq->zone, 38);
  EXPECT_TRUE(sq->north);
  EXPECT_EQ(sq->precision, 2);
  EXPECT_DOUBLE_EQ(sq->size_m, 1000);
  EXPECT_NEAR(sq->center.lat, 33.33, 0.05);  // central Iraq
  EXPECT_NEAR(sq->center.lon, 44.40, 0.05);
}

TEST(MgrsTest, PadsSingleDigitZones) {
  const auto sq = ParseMgrs("4QFJ1234567890");
  ASSERT_TRUE(sq) << sq.error().ToString();
  EXPECT_EQ(sq->text, "04QFJ1234567890");
  EXPECT_EQ(sq->precision, 5);
}

TEST(MgrsTest, RejectsMalformedReferences) {
  EXPECT_FALSE(ParseMgrs(""));
  EXPECT_FALSE(ParseMgrs("38SMB448"));   // odd number of digits
  EXPECT_FALSE(ParseMgrs("61SMB4488"));  // no zone 61
  EXPECT_FALSE(ParseMgrs("38SIB4488"));  // I is not an MGRS letter
  EXPECT_FALSE(ParseMgrs("hello"));
  EXPECT_FALSE(ParseMgrs("38SMB44X8"));
  EXPECT_FALSE(ParseMgrs("INV"));
}

TEST(MgrsTest, RefusesNulAndNonexistentGridZones) {
  EXPECT_FALSE(ParseMgrs(std::string_view("\0T", 2)));
  EXPECT_FALSE(ParseMgrs(std::string_view("4\0Q", 3)));
  EXPECT_FALSE(ParseMgrs("32X"));
  EXPECT_FALSE(ParseMgrs("34XEK"));
  EXPECT_FALSE(ParseMgrs("36X"));
  EXPECT_TRUE(ParseMgrs("33X"));
}

TEST(MgrsTest, RoundTripsThroughAPoint) {
  const LatLon baghdad{33.3152, 44.3661};
  const auto ref = ToMgrs(baghdad, 5);
  ASSERT_TRUE(ref);
  const auto sq = ParseMgrs(*ref);
  ASSERT_TRUE(sq);
  EXPECT_LT(DistanceMeters(sq->center, baghdad), 1.0);
  EXPECT_DOUBLE_EQ(DistanceOutsideSquare(*sq, baghdad).value(), 0.0);
}

TEST(MgrsTest, MeasuresHowFarAPointIsFromTheSquare) {
  const LatLon p{33.3152, 44.3661};
  const auto sq = ParseMgrs(ToMgrs(p, 3).value()).value();  // 100 m square around p
  const LatLon two_km_north{p.lat + 0.018, p.lon};
  const double d = DistanceOutsideSquare(sq, two_km_north).value();
  EXPECT_GT(d, 1800);
  EXPECT_LT(d, 2100);
}

TEST(MgrsTest, WorksAcrossTheEquatorAndInThePolarRegions) {
  const LatLon just_south{-0.0005, 36.8};
  const auto sq = ParseMgrs(ToMgrs(just_south, 5).value()).value();
  EXPECT_FALSE(sq.north);
  EXPECT_DOUBLE_EQ(DistanceOutsideSquare(sq, just_south).value(), 0.0);
  const LatLon pole{-89.5, 10};
  const auto ups = ParseMgrs(ToMgrs(pole, 4).value()).value();
  EXPECT_EQ(ups.zone, 0);
  EXPECT_DOUBLE_EQ(DistanceOutsideSquare(ups, pole).value(), 0.0);
}

TEST(MgrsTest, GridZoneOnlyChecksTheZone) {
  const auto gz = ParseMgrs("38S").value();
  EXPECT_EQ(gz.precision, -1);
  EXPECT_DOUBLE_EQ(DistanceOutsideSquare(gz, {33.3, 44.4}).value(), 0.0);
  EXPECT_FALSE(DistanceOutsideSquare(gz, {48.85, 2.35}));  // Paris is in 31U
}

TEST(GeodesicTest, KnownDistance) {
  // One degree of latitude at the equator is 110,574 m on WGS84.
  EXPECT_NEAR(DistanceMeters({0, 0}, {1, 0}), 110574.4, 1.0);
}

}  // namespace
}  // namespace civharm::geo
