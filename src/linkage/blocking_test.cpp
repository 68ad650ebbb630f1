#include "linkage/blocking.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "linkage/event_compare.h"

namespace civharm::linkage {
namespace {

using Pair = std::pair<uint32_t, uint32_t>;

BlockingRule ByText(std::string name, std::vector<std::string> values) {
  return {std::move(name), [values = std::move(values)](size_t i, std::vector<BlockKey>& keys) {
            if (!values[i].empty()) keys.push_back({KeyOf(values[i])});
          }};
}

TEST(BlockingTest, RulesAreUnionedAndEachReportsWhatItAdded) {
  const std::vector<BlockingRule> rules = {
      ByText("surname", {"haddad", "haddad", "hadad", "nasser", ""}),
      ByText("birth year", {"1980", "1981", "1980", "1980", "1980"})};
  const Candidates c = Block(5, rules, {}).value();
  EXPECT_EQ(c.pairs, (std::vector<Pair>{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {2, 3}, {2, 4}, {3, 4}}));
  EXPECT_EQ(c.rule_mask, (std::vector<uint32_t>{1, 2, 2, 2, 2, 2, 2}));
  EXPECT_EQ(c.rules[0].pairs, 1);
  EXPECT_EQ(c.rules[0].new_pairs, 1);
  EXPECT_EQ(c.rules[1].pairs, 6);
  EXPECT_EQ(c.rules[1].new_pairs, 6);
  EXPECT_EQ(c.rules[1].largest_block, 4);

  const BlockingRecall r = RecallOf(c, std::vector<Pair>{{1, 0}, {2, 0}, {1, 2}, {4, 4}});
  EXPECT_DOUBLE_EQ(r.overall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(r.per_rule[0], 1.0 / 3);
  EXPECT_DOUBLE_EQ(r.per_rule[1], 1.0 / 3);
}

TEST(BlockingTest, OverlyCommonKeysAndSameSidePairsFormNoPairs) {
  const std::vector<BlockingRule> rules = {ByText("country", {"x", "x", "x", "y", "y"})};
  const Candidates skipped = Block(5, rules, {.max_block = 2}).value();
  EXPECT_EQ(skipped.pairs, (std::vector<Pair>{{3, 4}}));
  EXPECT_EQ(skipped.rules[0].skipped_blocks, 1);
  EXPECT_EQ(skipped.rules[0].skipped_records, 3);
  EXPECT_EQ(skipped.rules[0].largest_block, 3);

  const std::vector<uint8_t> side = {0, 0, 1, 0, 1};
  const Candidates linked = Block(5, rules, {.side = side}).value();
  EXPECT_EQ(linked.pairs, (std::vector<Pair>{{0, 2}, {1, 2}, {3, 4}}));
  EXPECT_FALSE(Block(4, rules, {.side = side}));
}

// The union of several rules, each proposing pairs the others also propose, is every pair of
// any rule once, in order, with the bits of exactly the rules that proposed it.
TEST(BlockingTest, UnionOfManyRulesMatchesEachRuleAlone) {
  std::mt19937 rng(3);
  std::vector<std::vector<std::string>> columns(5, std::vector<std::string>(300));
  for (auto& column : columns) {
    for (auto& v : column) v = std::to_string(rng() % 40);
  }
  std::vector<BlockingRule> rules;
  for (size_t r = 0; r < columns.size(); ++r) rules.push_back(ByText("c", columns[r]));
  const Candidates all = Block(300, rules, {}).value();
  std::map<Pair, uint32_t> expected;
  for (size_t r = 0; r < rules.size(); ++r) {
    const Candidates alone = Block(300, std::span(&rules[r], 1), {}).value();
    EXPECT_EQ(all.rules[r].pairs, std::ssize(alone.pairs));
    for (const Pair& p : alone.pairs) expected[p] |= uint32_t{1} << r;
  }
  ASSERT_EQ(all.pairs.size(), expected.size());
  size_t i = 0;
  int64_t new_pairs = 0;
  for (const auto& [pair, mask] : expected) {
    EXPECT_EQ(all.pairs[i], pair);
    EXPECT_EQ(all.rule_mask[i], mask);
    ++i;
  }
  for (const RuleReport& r : all.rules) new_pairs += r.new_pairs;
  EXPECT_EQ(new_pairs, std::ssize(all.pairs));
}

TEST(BlockingTest, VisitorsPairWithResidentsButNotWithEachOther) {
  // Records 0 and 2 only visit key 7; record 1 lives there.
  BlockingRule rule{"cells", [](size_t i, std::vector<BlockKey>& keys) {
                      keys.push_back({7, i == 1});
                    }};
  const Candidates c = Block(3, std::span(&rule, 1), {}).value();
  EXPECT_EQ(c.pairs, (std::vector<Pair>{{0, 1}, {1, 2}}));
}

TEST(BlockingTest, SpaceTimeCellsLetNoCloseEventsFallBetweenThem) {
  struct Event {
    int64_t day;
    double lat, lon;
  };
  std::mt19937 rng(7);
  std::vector<Event> events;
  // Clusters near the equator, at 60° and 80° north, and across the antimeridian.
  for (auto [lat, lon] : {std::pair{1.0, 30.0}, {60.0, 10.0}, {80.0, -40.0}, {-10.0, 179.9}}) {
    std::normal_distribution<double> d(0, 0.3);
    std::uniform_int_distribution<int> day(0, 20);
    for (int i = 0; i < 150; ++i) {
      double x = lon + d(rng) * 3;
      if (x > 180) x -= 360;
      events.push_back({day(rng), lat + d(rng), x});
    }
  }
  const int days = 3;
  const double km = 25;
  BlockingRule rule{"space-time", [&](size_t i, std::vector<BlockKey>& keys) {
                      SpaceTimeKeys(events[i].day, events[i].lat, events[i].lon, days, km, keys);
                    }};
  const Candidates c = Block(events.size(), std::span(&rule, 1), {.max_block = 100000}).value();
  std::vector<Pair> close;
  for (uint32_t a = 0; a < events.size(); ++a) {
    for (uint32_t b = a + 1; b < events.size(); ++b) {
      if (std::abs(events[a].day - events[b].day) < days &&
          HaversineKm(events[a].lat, events[a].lon, events[b].lat, events[b].lon) < km * 0.99) {
        close.emplace_back(a, b);
      }
    }
  }
  ASSERT_GT(close.size(), 200u);
  for (auto [a, b] : close) {
    if (!std::binary_search(c.pairs.begin(), c.pairs.end(), Pair{a, b})) {
      ADD_FAILURE() << "missed " << events[a].day << " " << events[a].lat << " " << events[a].lon
                    << " / " << events[b].day << " " << events[b].lat << " " << events[b].lon;
    }
  }
  EXPECT_DOUBLE_EQ(RecallOf(c, close).overall, 1.0);
  // And blocking still leaves out most pairs.
  EXPECT_LT(c.pairs.size(), events.size() * (events.size() - 1) / 2 / 4);
}

}  // namespace
}  // namespace civharm::linkage
