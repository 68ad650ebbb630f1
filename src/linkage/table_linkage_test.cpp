#include "linkage/table_linkage.h"

#include <random>

#include <gtest/gtest.h>

#include "linkage/cluster.h"

namespace civharm::linkage {
namespace {

TEST(TableLinkageTest, LevelsRunFromDifferentToEqual) {
  const std::vector<FieldComparison> fields = {{"name", 0, Measure::kJaroWinkler, {0.8, 0.9}},
                                               {"year", 1, Measure::kNumber, {5, 1}},
                                               {"code", 2, Measure::kLevenshtein, {2, 1}},
                                               {"place", 3, Measure::kExact, {}}};
  const auto levels = [&](std::vector<std::string> a, std::vector<std::string> b) {
    return ComparePair(a, b, fields);
  };
  EXPECT_EQ(levels({"martha", "1980", "abcd", "x"}, {"martha", "1980", "abcd", "x"}),
            (Pattern{3, 3, 3, 1}));
  EXPECT_EQ(levels({"martha", "1980", "abcd", "x"}, {"marhta", "1981", "abce", "y"}),
            (Pattern{2, 2, 2, 0}));
  EXPECT_EQ(levels({"dwayne", "1980", "abcd", "x"}, {"duane", "1984", "abzz", "x"}),
            (Pattern{1, 1, 1, 1}));
  EXPECT_EQ(levels({"amira", "1980", "abcd", ""}, {"zoltan", "1990", "wxyz", "x"}),
            (Pattern{0, 0, 0, kMissing}));
  EXPECT_EQ(levels({"", "n/a", "", "x"}, {"amira", "1980", "", "x"}),
            (Pattern{kMissing, kMissing, kMissing, 1}));
}

// People, each written down one to three times with typing errors; the linkage must find most
// of the duplicates without labels and link few strangers.
TEST(TableLinkageTest, FindsDuplicatesWithoutLabels) {
  std::mt19937 rng(11);
  const std::vector<std::string> first = {"amira", "bashir", "fatima", "omar",  "leila", "yusuf",
                                          "hana",  "karim",  "nour",   "samir", "rania", "tariq"};
  const std::vector<std::string> last = {"haddad",  "nasser", "khalil", "saleh", "darwish",
                                         "mansour", "aziz",   "hamdan", "qasim", "rahman"};
  std::vector<std::vector<std::string>> rows;
  std::vector<uint32_t> truth;
  std::uniform_int_distribution<int> copies(1, 3), year(1940, 2010), typo(0, 9);
  for (uint32_t person = 0; person < 300; ++person) {
    const std::string f = first[rng() % first.size()], l = last[rng() % last.size()];
    const std::string y = std::to_string(year(rng)), d = std::to_string(1 + rng() % 28);
    for (int c = copies(rng); c > 0; --c) {
      std::string ff = f;
      if (typo(rng) == 0) std::swap(ff[1], ff[2]);
      rows.push_back({ff, l, y, d});
      truth.push_back(person);
    }
  }
  const auto r = Deduplicate(rows,
                             {{"first", 0, Measure::kJaroWinkler, {0.88}, true},
                              {"last", 1, Measure::kJaroWinkler, {0.88}, true},
                              {"year", 2, Measure::kNumber, {1}},
                              {"day", 3, Measure::kExact, {}}},
                             {.blocking = {{1}, {2}}});
  ASSERT_TRUE(r) << r.error().ToString();
  std::vector<std::pair<uint32_t, uint32_t>> predicted, wanted;
  for (const auto& p : r->pairs) {
    if (p.probability >= 0.5) predicted.emplace_back(p.a, p.b);
  }
  for (uint32_t i = 0; i < rows.size(); ++i) {
    for (uint32_t j = i + 1; j < rows.size(); ++j) {
      if (truth[i] == truth[j]) wanted.emplace_back(i, j);
    }
  }
  const PairMetrics m = EvaluatePairs(predicted, wanted);
  EXPECT_GE(m.recall, 0.95);
  EXPECT_GE(m.precision, 0.95);
  // Clusters follow the linked pairs.
  for (auto [a, b] : predicted) EXPECT_EQ(r->clusters[a], r->clusters[b]);
}

TEST(TableLinkageTest, RowsMustBeRectangular) {
  EXPECT_FALSE(Deduplicate({{"a", "b"}, {"c"}}, {{"x", 0, Measure::kExact, {}}}, {}));
  EXPECT_FALSE(Deduplicate({{"a"}}, {{"x", 3, Measure::kExact, {}}}, {}));
  EXPECT_FALSE(Deduplicate({{"a"}}, {}, {}));
  TableLinkOptions bad_rule;
  bad_rule.blocking = {{0}, {5}};
  EXPECT_EQ(Deduplicate({{"a"}, {"b"}}, {{"x", 0, Measure::kExact, {}}}, bad_rule).error().field(),
            "blocking");
}

}  // namespace
}  // namespace civharm::linkage
