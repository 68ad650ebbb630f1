#include "linkage/table_values.h"

#include <gtest/gtest.h>

#include "linkage/normalize.h"

namespace civharm::linkage {
namespace {

TEST(TableValuesTest, SpellingsThatNormaliseAlikeAreOneValueTheCommonestFirst) {
  const TableValues values(
      {{"Omar", "1"}, {"Amira", " 2 "}, {"AMIRA ", "2"}, {"", "x"}, {"amira", "2.0"}, {"Omar", ""}},
      {false, true});
  EXPECT_EQ(values.rows(), 6u);
  EXPECT_EQ(values.Id(1, 0), 1u);  // amira: 3 rows
  EXPECT_EQ(values.Id(2, 0), 1u);
  EXPECT_EQ(values.Id(4, 0), 1u);
  EXPECT_EQ(values.Id(0, 0), 2u);  // omar: 2 rows
  EXPECT_EQ(values.Id(3, 0), 0u);  // empty
  EXPECT_EQ(values.Distinct(0), 3u);
  EXPECT_EQ(values.Text(2, 0), "amira");
  // Numbers are trimmed, not normalised: " 2 " and "2" are one value, "2.0" another.
  EXPECT_EQ(values.Id(1, 1), values.Id(2, 1));
  EXPECT_NE(values.Id(1, 1), values.Id(4, 1));
  EXPECT_EQ(values.Text(1, 1), "2");
}

// The levels from the table equal ComparePair's on the normalised (or trimmed) texts.
TEST(TableValuesTest, LevelsAreThoseOfComparePairOnTheTexts) {
  const std::vector<std::vector<std::string>> raw = {
      {"Martha", "1980", "ABCD", "amira al haddad", "x"},
      {"MARHTA", " 1980.0", "abce", "haddad amira", "x"},
      {"Dwayne", "1983", "abzz", "amira", "y"},
      {"Duane", "n/a", "", "", "X"}};
  const std::vector<FieldComparison> fields = {{"name", 0, Measure::kJaroWinkler, {0.8, 0.9}},
                                               {"year", 1, Measure::kNumber, {5, 1}},
                                               {"code", 2, Measure::kLevenshtein, {2, 1}},
                                               {"words", 3, Measure::kTokenJaccard, {0.5}},
                                               {"place", 4, Measure::kExact, {}}};
  const TableValues values(raw, {false, true, false, false, false});
  std::vector<std::vector<std::string>> texts = raw;
  for (auto& row : texts) {
    for (size_t c = 0; c < row.size(); ++c) {
      row[c] =
          c == 1 ? std::string(row[c] == " 1980.0" ? "1980.0" : row[c]) : NormalizeName(row[c]);
    }
  }
  for (size_t a = 0; a < raw.size(); ++a) {
    for (size_t b = 0; b < raw.size(); ++b) {
      const Pattern expected = ComparePair(texts[a], texts[b], fields);
      for (size_t k = 0; k < fields.size(); ++k) {
        EXPECT_EQ(values.Level(a, b, fields[k]), expected[k]) << a << " " << b << " " << k;
      }
    }
  }
  // Spot checks: 1980 and 1980.0 are equal numbers; "n/a" is not a number; X and x agree.
  EXPECT_EQ(values.Level(0, 1, fields[1]), 3);
  EXPECT_EQ(values.Level(0, 3, fields[1]), kMissing);
  EXPECT_EQ(values.Level(0, 1, fields[0]), 2);
  EXPECT_EQ(values.Level(0, 1, fields[3]), 1);  // two words of three in common
  EXPECT_EQ(values.Level(2, 3, fields[4]), 0);
  EXPECT_EQ(values.Level(0, 3, fields[4]), 1);
}

}  // namespace
}  // namespace civharm::linkage
