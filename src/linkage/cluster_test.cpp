#include "linkage/cluster.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

namespace civharm::linkage {
namespace {

using Ids = std::vector<uint32_t>;
using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;

TEST(ClusterTest, ChainsLinkTransitively) {
  const std::vector<ScoredPair> pairs = {{0, 1, 5}, {1, 2, 5}, {2, 3, 5}, {4, 5, 5}};
  EXPECT_EQ(ConnectedComponents(7, pairs, 1.0), (Ids{0, 0, 0, 0, 1, 1, 2}));
}

TEST(ClusterTest, ThresholdExcludesWeakerPairs) {
  const std::vector<ScoredPair> pairs = {{0, 1, 3.0}, {1, 2, 2.999}, {2, 3, 10}};
  EXPECT_EQ(ConnectedComponents(4, pairs, 3.0), (Ids{0, 0, 1, 1}));  // ≥ threshold joins
  EXPECT_EQ(ConnectedComponents(4, pairs, 2.0), (Ids{0, 0, 0, 0}));
  EXPECT_EQ(ConnectedComponents(4, pairs, 20.0), (Ids{0, 1, 2, 3}));
}

TEST(ClusterTest, IgnoresPairsOutsideTheRecordsAndNaNWeights) {
  const std::vector<ScoredPair> pairs = {{0, 9, 5}, {1, 1, 5}, {1, 2, NAN}};
  EXPECT_EQ(ConnectedComponents(3, pairs, 0), (Ids{0, 1, 2}));
  EXPECT_TRUE(ConnectedComponents(0, pairs, 0).empty());
}

TEST(ClusterTest, IdsFollowSmallestRecordIndexWhateverThePairOrder) {
  std::vector<ScoredPair> pairs = {{5, 3, 4}, {6, 0, 4}, {1, 4, 4}, {4, 2, 4}, {7, 3, 4}};
  const Ids expected = {0, 1, 1, 2, 1, 2, 0, 2};
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::ranges::shuffle(pairs, rng);
    for (ScoredPair& p : pairs) {
      if (rng() % 2) std::swap(p.a, p.b);
    }
    EXPECT_EQ(ConnectedComponents(8, pairs, 1), expected);
    EXPECT_EQ(ConstrainedClusters(8, pairs, 1, {}), expected);
  }
}

TEST(ClusterTest, ConstraintSplitsChainInFavourOfTheStrongerEdge) {
  // A1 (record 0) and A2 (record 2) are on list A, B1 (record 1) on list B.
  const Ids group_of = {0, 1, 0};
  const std::vector<ScoredPair> a1_b1_stronger = {{0, 1, 9}, {1, 2, 7}};
  EXPECT_EQ(ConnectedComponents(3, a1_b1_stronger, 5), (Ids{0, 0, 0}));
  EXPECT_EQ(ConstrainedClusters(3, a1_b1_stronger, 5, group_of), (Ids{0, 0, 1}));
  const std::vector<ScoredPair> b1_a2_stronger = {{0, 1, 7}, {2, 1, 9}};
  EXPECT_EQ(ConstrainedClusters(3, b1_a2_stronger, 5, group_of), (Ids{0, 1, 1}));
  // Equal weights: (0,1) sorts before (1,2) and wins, whichever way the pairs come in.
  const std::vector<ScoredPair> tied = {{2, 1, 7}, {1, 0, 7}};
  EXPECT_EQ(ConstrainedClusters(3, tied, 5, group_of), (Ids{0, 0, 1}));
}

TEST(ClusterTest, ConstraintChecksWholeClustersNotJustTheTwoRecords) {
  // Lists A=0, B=1, C=2. Clusters {A1, B1} and {C1, A2} may not merge through B1–C1, since that
  // would put A1 and A2 together; records of no list join freely.
  const Ids group_of = {0, 1, 2, 0, kNoGroup, kNoGroup};
  const std::vector<ScoredPair> pairs = {{0, 1, 9}, {2, 3, 8}, {1, 2, 7},
                                         {3, 4, 6}, {4, 5, 6}, {5, 0, 2}};
  EXPECT_EQ(ConstrainedClusters(6, pairs, 1, group_of), (Ids{0, 0, 1, 1, 1, 1}));
  // Without the conflict (A2 moved to list D) everything joins.
  EXPECT_EQ(ConstrainedClusters(6, pairs, 1, Ids{0, 1, 2, 3, kNoGroup, kNoGroup}),
            (Ids{0, 0, 0, 0, 0, 0}));
}

TEST(ClusterTest, ConstraintWithDistinctGroupsEqualsConnectedComponents) {
  std::mt19937 rng(99);
  const size_t n = 200;
  std::vector<ScoredPair> pairs;
  std::uniform_int_distribution<uint32_t> record(0, n - 1);
  std::uniform_real_distribution<double> weight(-10, 10);
  for (int i = 0; i < 300; ++i) pairs.push_back({record(rng), record(rng), weight(rng)});
  Ids group_of(n);
  for (uint32_t i = 0; i < n; ++i) group_of[i] = i;
  EXPECT_EQ(ConstrainedClusters(n, pairs, 2, group_of), ConnectedComponents(n, pairs, 2));

  // With 3 groups, no cluster holds two records of one group.
  for (uint32_t i = 0; i < n; ++i) group_of[i] = i % 3;
  const Ids cluster = ConstrainedClusters(n, pairs, -5, group_of);
  std::vector<std::vector<bool>> seen(n, std::vector<bool>(3, false));
  for (uint32_t i = 0; i < n; ++i) {
    EXPECT_FALSE(seen[cluster[i]][group_of[i]]) << "record " << i;
    seen[cluster[i]][group_of[i]] = true;
  }
  EXPECT_LE(ComputeClusterStats(cluster).largest, 3u);
}

TEST(ClusterTest, StatsCountClustersSingletonsAndLargest) {
  EXPECT_EQ(ComputeClusterStats(Ids{7, 7, 3, 9, 7, 3}), (ClusterStats{3, 1, 3}));
  EXPECT_EQ(ComputeClusterStats(Ids{}), (ClusterStats{0, 0, 0}));
}

TEST(ClusterTest, EvaluatePairsCountsUnorderedDistinctPairs) {
  // Predicted {0,1} (given twice, once reversed), {1,2} and a self-pair; true {0,1} and {2,3}.
  const PairMetrics m = EvaluatePairs(Pairs{{0, 1}, {1, 0}, {1, 2}, {3, 3}}, Pairs{{1, 0}, {2, 3}});
  EXPECT_EQ(m.true_positives, 1);
  EXPECT_EQ(m.false_positives, 1);
  EXPECT_EQ(m.false_negatives, 1);
  EXPECT_DOUBLE_EQ(m.precision, 0.5);
  EXPECT_DOUBLE_EQ(m.recall, 0.5);
  EXPECT_DOUBLE_EQ(m.f1, 0.5);

  const PairMetrics n = EvaluatePairs(Pairs{{0, 1}, {0, 2}, {1, 2}}, Pairs{{0, 1}});
  EXPECT_DOUBLE_EQ(n.precision, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(n.recall, 1.0);
  EXPECT_DOUBLE_EQ(n.f1, 0.5);  // 2·(1/3)·1 / (4/3)
}

TEST(ClusterTest, EvaluatePairsEdgeCases) {
  const PairMetrics none = EvaluatePairs(Pairs{}, Pairs{});
  EXPECT_EQ(none.precision, 1);
  EXPECT_EQ(none.recall, 1);
  EXPECT_EQ(none.f1, 1);
  const PairMetrics missed = EvaluatePairs(Pairs{}, Pairs{{0, 1}});
  EXPECT_EQ(missed.false_negatives, 1);
  EXPECT_EQ(missed.precision, 1);
  EXPECT_EQ(missed.recall, 0);
  EXPECT_EQ(missed.f1, 0);
  const PairMetrics wrong = EvaluatePairs(Pairs{{0, 2}}, Pairs{{0, 1}});
  EXPECT_EQ(wrong.precision, 0);
  EXPECT_EQ(wrong.f1, 0);
}

TEST(ClusterTest, EvaluateClustersCountsCoMembership) {
  // Predicted {0,1,2} {3}: pairs 01 02 12. True {0,1} {2,3}: pairs 01 23. Shared: 01.
  const PairMetrics m = EvaluateClusters(Ids{5, 5, 5, 8}, Ids{0, 0, 1, 1});
  EXPECT_EQ(m.true_positives, 1);
  EXPECT_EQ(m.false_positives, 2);
  EXPECT_EQ(m.false_negatives, 1);
  EXPECT_DOUBLE_EQ(m.precision, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.recall, 0.5);
  EXPECT_DOUBLE_EQ(m.f1, 0.4);  // 2·(1/6) / (5/6)

  const PairMetrics same = EvaluateClusters(Ids{3, 3, 1, 1, 2}, Ids{0, 0, 4, 4, 9});
  EXPECT_EQ(same.true_positives, 2);
  EXPECT_EQ(same.f1, 1);
}

TEST(ClusterTest, EvaluateClustersEqualsEvaluatePairsOnImpliedPairs) {
  std::mt19937 rng(12345);
  const uint32_t n = 120;
  std::uniform_int_distribution<uint32_t> predicted_id(0, 30), true_id(100, 135);
  Ids predicted(n), truth(n);
  for (uint32_t i = 0; i < n; ++i) {
    predicted[i] = predicted_id(rng);
    truth[i] = true_id(rng);
  }
  auto implied = [](const Ids& cluster) {
    Pairs pairs;
    for (uint32_t i = 0; i < cluster.size(); ++i) {
      for (uint32_t j = i + 1; j < cluster.size(); ++j) {
        if (cluster[i] == cluster[j]) pairs.emplace_back(j, i);
      }
    }
    return pairs;
  };
  const PairMetrics by_clusters = EvaluateClusters(predicted, truth);
  const PairMetrics by_pairs = EvaluatePairs(implied(predicted), implied(truth));
  EXPECT_GT(by_pairs.true_positives, 0);
  EXPECT_EQ(by_clusters.true_positives, by_pairs.true_positives);
  EXPECT_EQ(by_clusters.false_positives, by_pairs.false_positives);
  EXPECT_EQ(by_clusters.false_negatives, by_pairs.false_negatives);
  EXPECT_DOUBLE_EQ(by_clusters.precision, by_pairs.precision);
  EXPECT_DOUBLE_EQ(by_clusters.recall, by_pairs.recall);
  EXPECT_DOUBLE_EQ(by_clusters.f1, by_pairs.f1);
}

}  // namespace
}  // namespace civharm::linkage
