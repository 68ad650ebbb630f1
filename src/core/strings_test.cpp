#include "core/strings.h"

#include <gtest/gtest.h>

namespace civharm {
namespace {

TEST(StringsTest, TrimRemovesAsciiWhitespaceOnly) {
  EXPECT_EQ(Trim("  a b \r\n"), "a b");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(Trim("\xc2\xa0x"), "\xc2\xa0x");  // no-break space is data, not padding
}

TEST(StringsTest, SplitKeepsEmptyParts) {
  const auto parts = Split("a,,b,", ',');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[3], "");
}

TEST(StringsTest, ParseInt64AcceptsWholeNumbersOnly) {
  EXPECT_EQ(ParseInt64("42"), 42);
  EXPECT_EQ(ParseInt64("-7"), -7);
  EXPECT_FALSE(ParseInt64("12abc"));
  EXPECT_FALSE(ParseInt64("1.5"));
  EXPECT_FALSE(ParseInt64(""));
  EXPECT_FALSE(ParseInt64(" 1"));
  EXPECT_FALSE(ParseInt64("99999999999999999999"));
}

TEST(StringsTest, ParseDoubleRefusesNonFiniteAndJunk) {
  EXPECT_DOUBLE_EQ(ParseDouble("35.763369").value(), 35.763369);
  EXPECT_DOUBLE_EQ(ParseDouble("-9.65").value(), -9.65);
  EXPECT_FALSE(ParseDouble("nan"));
  EXPECT_FALSE(ParseDouble("inf"));
  EXPECT_FALSE(ParseDouble("1.5x"));
  EXPECT_FALSE(ParseDouble("+1"));
}

TEST(StringsTest, FormatDoubleRoundTripsShortest) {
  EXPECT_EQ(FormatDouble(35.763369), "35.763369");
  EXPECT_EQ(FormatDouble(-9.65), "-9.65");
  EXPECT_EQ(FormatDouble(31), "31");
  const double v = 0.1 + 0.2;
  EXPECT_EQ(ParseDouble(FormatDouble(v)).value(), v);
}

TEST(StringsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("Rami \xd8\xa7\xd9\x84\xd8\xb1\xd8\xa7\xd9\x85\xd9\x8a"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(StringsTest, PathsForFieldNames) {
  EXPECT_EQ(Path("location", "lat"), "location.lat");
  EXPECT_EQ(Path("", "lat"), "lat");
  EXPECT_EQ(Index("belligerents", 2), "belligerents[2]");
}

}  // namespace
}  // namespace civharm
