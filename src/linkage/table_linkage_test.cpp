#include "linkage/table_linkage.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "linkage/cluster.h"
#include "linkage/normalize.h"

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

// People, each written down one to three times with typing errors: first name, last name,
// birth year, birth day. truth[i] is row i's person.
struct People {
  std::vector<std::vector<std::string>> rows;
  std::vector<uint32_t> truth;
};

People MakePeople(uint32_t n, unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<std::string> first = {"amira", "bashir", "fatima", "omar",  "leila", "yusuf",
                                          "hana",  "karim",  "nour",   "samir", "rania", "tariq"};
  const std::vector<std::string> last = {"haddad",  "nasser", "khalil", "saleh", "darwish",
                                         "mansour", "aziz",   "hamdan", "qasim", "rahman"};
  People out;
  std::uniform_int_distribution<int> copies(1, 3), year(1940, 2010), typo(0, 9);
  for (uint32_t person = 0; person < n; ++person) {
    const std::string f = first[rng() % first.size()], l = last[rng() % last.size()];
    const std::string y = std::to_string(year(rng)), d = std::to_string(1 + rng() % 28);
    for (int c = copies(rng); c > 0; --c) {
      std::string ff = f;
      if (typo(rng) == 0) std::swap(ff[1], ff[2]);
      out.rows.push_back({ff, l, y, d});
      out.truth.push_back(person);
    }
  }
  return out;
}

const std::vector<FieldComparison> kPeopleFields = {
    {"first", 0, Measure::kJaroWinkler, {0.88}, true},
    {"last", 1, Measure::kJaroWinkler, {0.88}, true},
    {"year", 2, Measure::kNumber, {1}},
    {"day", 3, Measure::kExact, {}}};

// The linkage must find most of the duplicates without labels and link few strangers.
TEST(TableLinkageTest, FindsDuplicatesWithoutLabels) {
  const People people = MakePeople(300, 11);
  const auto& rows = people.rows;
  const auto r = Deduplicate(rows, kPeopleFields, {.blocking = {{1}, {2}}});
  ASSERT_TRUE(r) << r.error().ToString();
  std::vector<std::pair<uint32_t, uint32_t>> predicted, wanted;
  for (const auto& p : r->pairs) {
    if (p.probability >= 0.5) predicted.emplace_back(p.a, p.b);
  }
  for (uint32_t i = 0; i < rows.size(); ++i) {
    for (uint32_t j = i + 1; j < rows.size(); ++j) {
      if (people.truth[i] == people.truth[j]) wanted.emplace_back(i, j);
    }
  }
  const PairMetrics m = EvaluatePairs(predicted, wanted);
  EXPECT_GE(m.recall, 0.95);
  EXPECT_GE(m.precision, 0.95);
  // Clusters follow the linked pairs.
  for (auto [a, b] : predicted) EXPECT_EQ(r->clusters[a], r->clusters[b]);
}

// Every candidate is scored in candidates' order; its levels are the pair's comparison, and its
// weight is the sum of the explanation's terms other than those of its rule's own columns.
TEST(TableLinkageTest, EachPairsWeightIsTheSumOfItsExplanation) {
  const People people = MakePeople(200, 5);
  std::vector<FieldComparison> fields = kPeopleFields;
  for (auto& f : fields) f.term_frequency = false;
  TableLinkOptions options;
  options.blocking = {{1}, {2}};
  const auto r = Deduplicate(people.rows, fields, options);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->pairs.size(), r->candidates.pairs.size());
  ASSERT_EQ(r->levels.size(), r->pairs.size() * fields.size());
  for (size_t i = 0; i < r->pairs.size(); ++i) {
    const ScoredCandidate& p = r->pairs[i];
    ASSERT_EQ(std::pair(p.a, p.b), r->candidates.pairs[i]);
    ASSERT_TRUE(r->candidates.rule_mask[i] & (uint32_t{1} << p.rule));
    EXPECT_EQ(r->PatternOf(i), ComparePair(people.rows[p.a], people.rows[p.b], fields));
    const Model& model = r->fits[p.rule].model;
    const size_t own = options.blocking[p.rule][0];  // this rule's column, weighed by no term
    double sum = 0;
    const std::vector<Term> terms = Explain(model, r->PatternOf(i));
    for (size_t k = 0; k < terms.size(); ++k) sum += fields[k].column == own ? 0 : terms[k].weight;
    EXPECT_DOUBLE_EQ(p.weight, sum) << i;
    EXPECT_DOUBLE_EQ(p.probability, 1 / (1 + std::exp2(-(p.weight + PriorWeight(model)))));
  }
}

// keep_probability keeps the plausible pairs only, with their levels, and changes nothing else.
TEST(TableLinkageTest, KeepingOnlyPlausiblePairsChangesNothingElse) {
  const People people = MakePeople(300, 12);
  TableLinkOptions every;
  every.blocking = {{1}, {2}};
  TableLinkOptions plausible = every;
  plausible.keep_probability = 0.2;
  const auto all = Deduplicate(people.rows, kPeopleFields, every);
  const auto kept = Deduplicate(people.rows, kPeopleFields, plausible);
  ASSERT_TRUE(all && kept);
  std::vector<size_t> reaching;
  for (size_t i = 0; i < all->pairs.size(); ++i) {
    if (all->pairs[i].probability >= 0.2) reaching.push_back(i);
  }
  ASSERT_GT(reaching.size(), 100u);
  ASSERT_LT(reaching.size(), all->pairs.size() / 2);
  ASSERT_EQ(kept->pairs.size(), reaching.size());
  EXPECT_EQ(kept->levels.size(), reaching.size() * kPeopleFields.size());
  for (size_t j = 0; j < reaching.size(); ++j) {
    const ScoredCandidate &x = kept->pairs[j], &y = all->pairs[reaching[j]];
    EXPECT_EQ(std::tie(x.a, x.b, x.rule), std::tie(y.a, y.b, y.rule));
    EXPECT_EQ(x.probability, y.probability);
    EXPECT_EQ(kept->PatternOf(j), all->PatternOf(reaching[j]));
  }
  EXPECT_EQ(kept->clusters, all->clusters);
  EXPECT_EQ(kept->candidates.pairs, all->candidates.pairs);
  plausible.keep_probability = 1.5;
  EXPECT_EQ(Deduplicate(people.rows, kPeopleFields, plausible).error().field(), "keep_probability");
}

// Enough candidates to be compared on several threads: each pair gets its own levels still.
TEST(TableLinkageTest, ManyCandidatesAreComparedAsOneAtATime) {
  std::mt19937 rng(8);
  std::vector<std::vector<std::string>> rows;
  const std::vector<std::string> names = {"Amira", "AMIRA", "Amria", "Omar", "", "Ömer"};
  for (int i = 0; i < 500; ++i) {
    rows.push_back({"same block", names[rng() % names.size()], std::to_string(1950 + rng() % 9),
                    rng() % 5 == 0 ? "" : std::to_string(rng() % 3)});
  }
  const std::vector<FieldComparison> fields = {{"name", 1, Measure::kJaroWinkler, {0.8, 0.9}, true},
                                               {"year", 2, Measure::kNumber, {2}},
                                               {"code", 3, Measure::kExact, {}}};
  TableLinkOptions options;
  options.blocking = {{0}};
  const auto r = Deduplicate(rows, fields, options);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->pairs.size(), 500u * 499 / 2);
  for (size_t i = 0; i < r->pairs.size(); ++i) {
    std::vector<std::string> a = rows[r->pairs[i].a], b = rows[r->pairs[i].b];
    a[1] = NormalizeName(a[1]);
    b[1] = NormalizeName(b[1]);
    ASSERT_EQ(r->PatternOf(i), ComparePair(a, b, fields)) << i;
  }
}

TEST(TableLinkageTest, RowsMustBeRectangular) {
  EXPECT_FALSE(Deduplicate({{"a", "b"}, {"c"}}, {{"x", 0, Measure::kExact, {}}}, {}));
  EXPECT_FALSE(Deduplicate({{"a"}}, {{"x", 3, Measure::kExact, {}}}, {}));
  EXPECT_FALSE(Deduplicate({{"a"}}, {}, {}));
  TableLinkOptions bad_rule;
  bad_rule.blocking = {{0}, {5}};
  EXPECT_EQ(Deduplicate({{"a"}, {"b"}}, {{"x", 0, Measure::kExact, {}}}, bad_rule).error().field(),
            "blocking");
  TableLinkOptions bad_label;
  bad_label.blocking = {{0}};
  bad_label.labelled_matches = {{0, 2}};
  EXPECT_EQ(Deduplicate({{"a"}, {"b"}}, {{"x", 0, Measure::kExact, {}}}, bad_label).error().field(),
            "labelled_matches");
}

}  // namespace
}  // namespace civharm::linkage
