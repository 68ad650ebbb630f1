#include "core/time.h"

#include <gtest/gtest.h>

namespace civharm {
namespace {

TEST(DateTest, ParsesIsoDates) {
  const Date d = Date::Parse("2013-01-03").value();
  EXPECT_EQ(d.year(), 2013);
  EXPECT_EQ(d.month(), 1);
  EXPECT_EQ(d.day(), 3);
  EXPECT_EQ(d.ToString(), "2013-01-03");
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
}

TEST(DateTest, RejectsDaysThatDoNotExist) {
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_TRUE(Date::Parse("2024-02-29"));
  EXPECT_FALSE(Date::Parse("2024-04-31"));
  EXPECT_FALSE(Date::Parse("2024-13-01"));
  EXPECT_FALSE(Date::Parse("2024-00-10"));
  const auto e = Date::Parse("2023-02-29");
  EXPECT_NE(e.error().message().find("not a real date"), std::string::npos);
}

TEST(DateTest, RejectsOtherLayouts) {
  EXPECT_FALSE(Date::Parse("2024-1-05"));
  EXPECT_FALSE(Date::Parse("05/01/2024"));
  EXPECT_FALSE(Date::Parse("2024-01-05T00:00"));
  EXPECT_FALSE(Date::Parse(""));
}

TEST(DateTest, ParsesWithFormat) {
  EXPECT_EQ(Date::ParseWithFormat("03/01/2013", "%d/%m/%Y")->ToString(), "2013-01-03");
  EXPECT_EQ(Date::ParseWithFormat("3/1/2013", "%d/%m/%Y")->ToString(), "2013-01-03");
  EXPECT_EQ(Date::ParseWithFormat("15 January 2023", "%d %B %Y")->ToString(), "2023-01-15");
  EXPECT_EQ(Date::ParseWithFormat("15 jan 2023", "%d %b %Y")->ToString(), "2023-01-15");
  EXPECT_EQ(Date::ParseWithFormat("20230115", "%Y%m%d")->ToString(), "2023-01-15");
  EXPECT_FALSE(Date::ParseWithFormat("31/02/2023", "%d/%m/%Y"));
  EXPECT_FALSE(Date::ParseWithFormat("2023-01-15", "%d/%m/%Y"));
  EXPECT_FALSE(Date::ParseWithFormat("03/01/2013x", "%d/%m/%Y"));
  EXPECT_FALSE(Date::ParseWithFormat("03/01/2013", "%d/%m/%y"));
}

TEST(DateTest, OrdersAndCountsDays) {
  const Date a = Date::Parse("2024-02-28").value();
  EXPECT_EQ(a.AddDays(1).ToString(), "2024-02-29");
  EXPECT_EQ(a.AddDays(2).ToString(), "2024-03-01");
  EXPECT_LT(a, a.AddDays(1));
  EXPECT_EQ(Date::Parse("2024-05-06")->iso_weekday(), 1);  // a Monday
}

TEST(TimeOfDayTest, ParsesAndPrints) {
  EXPECT_EQ(TimeOfDay::Parse("14:30")->ToString(), "14:30");
  EXPECT_EQ(TimeOfDay::Parse("14:30:15")->ToString(), "14:30:15");
  EXPECT_FALSE(TimeOfDay::Parse("24:00"));
  EXPECT_FALSE(TimeOfDay::Parse("9:30"));
  EXPECT_FALSE(TimeOfDay::Parse("12:60"));
}

TEST(TimestampTest, NormalisesOffsetsToUtc) {
  EXPECT_EQ(Timestamp::Parse("2024-05-01T10:15:30+02:00")->ToString(), "2024-05-01T08:15:30Z");
  EXPECT_EQ(Timestamp::Parse("2024-05-01T00:15:00-01:30")->ToString(), "2024-05-01T01:45:00Z");
  EXPECT_EQ(Timestamp::Parse("2024-05-01 23:00:00Z")->ToString(), "2024-05-01T23:00:00Z");
  EXPECT_EQ(Timestamp::Parse("2024-05-01")->ToString(), "2024-05-01T00:00:00Z");
}

TEST(TimestampTest, KeepsFractionsExactlyAndRefusesFinerOnes) {
  EXPECT_EQ(Timestamp::Parse("2024-05-01T10:15:30.250Z")->ToString(), "2024-05-01T10:15:30.25Z");
  EXPECT_EQ(Timestamp::Parse("2024-05-01T10:15:30.000001Z")->unix_micros() % 1000000, 1);
  EXPECT_FALSE(Timestamp::Parse("2024-05-01T10:15:30.0000001Z"));
}

TEST(TimestampTest, RejectsMalformed) {
  EXPECT_FALSE(Timestamp::Parse("2024-05-01T10:15Z"));
  EXPECT_FALSE(Timestamp::Parse("2024-05-01T10:15:30"));
  EXPECT_FALSE(Timestamp::Parse("2024-02-30T10:15:30Z"));
  EXPECT_FALSE(Timestamp::Parse("2024-05-01T10:15:30+25:00"));
}

TEST(TimestampTest, RefusesOffsetThatLeavesYearRange) {
  EXPECT_FALSE(Timestamp::Parse("1000-01-01T00:00:00+00:01"));
  EXPECT_FALSE(Timestamp::Parse("9999-12-31T23:59:00-00:01"));
  EXPECT_EQ(Timestamp::Parse("1000-01-01T00:01:00+00:01")->ToString(), "1000-01-01T00:00:00Z");
}

TEST(TimestampTest, BeforeEpochFormatsCorrectly) {
  EXPECT_EQ(Timestamp::Parse("1969-12-31T23:59:59.5Z")->ToString(), "1969-12-31T23:59:59.5Z");
  EXPECT_EQ(Timestamp::FromUnixSeconds(0).ToString(), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace civharm
