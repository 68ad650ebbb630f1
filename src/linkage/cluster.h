// From scored candidate pairs to clusters of records that describe the same thing, and the
// pairwise precision/recall used to check clusterings against hand-linked (golden) data.
//
// Pairs scored by the Fellegi–Sunter model (linkage/fellegi_sunter.h; Fellegi & Sunter 1969)
// become edges; every edge at or above a threshold joins its two records, and a cluster is a
// connected component. When each source lists a person or event at most once, a cluster may hold
// at most one record per source: ConstrainedClusters adds edges strongest first and refuses any
// that would break that.
//
//   std::vector<ScoredPair> pairs = {{0, 1, 9.2}, {1, 2, 7.5}, {0, 2, -3.0}};
//   std::vector<uint32_t> cluster = ConnectedComponents(3, pairs, /*threshold=*/5.0);
//   // cluster == {0, 0, 0}: 0–1 and 1–2 join, so 0 and 2 are together too.
//   std::vector<uint32_t> source = {0, 1, 0};  // records 0 and 2 come from the same list
//   cluster = ConstrainedClusters(3, pairs, 5.0, source);
//   // cluster == {0, 0, 1}: 0–1 (9.2) goes first, so 1–2 would put 0 and 2 together: refused.
//   PairMetrics quality = EvaluateClusters(cluster, golden_cluster);
//
// Cluster ids are 0, 1, … numbered in the order of each cluster's smallest record index, so the
// output depends only on the input, never on the order of the pairs (ties included).
//
// Pure computation, no I/O, no shared state: every function is safe to call from many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace civharm::linkage {

// A candidate pair of records (indices 0…n−1, a ≠ b, in either order) and its match weight.
struct ScoredPair {
  uint32_t a = 0, b = 0;
  double weight = 0;
};

// For ConstrainedClusters: a record in no group, which any cluster may take.
inline constexpr uint32_t kNoGroup = UINT32_MAX;

// The cluster id of each of the n records: the connected components of the graph whose edges are
// the pairs with weight ≥ threshold (so a chain 0–1–2 puts 0 and 2 together). Pairs naming a
// record ≥ n, self-pairs and NaN weights are ignored. O((n + pairs)·α(n)) by union–find with path
// compression and union by rank.
std::vector<uint32_t> ConnectedComponents(size_t n, std::span<const ScoredPair> pairs,
                                          double threshold);

// Like ConnectedComponents, but a cluster holds at most one record of each group (group_of[i] is
// record i's group, e.g. its source list; kNoGroup or i ≥ group_of.size() for none). The pairs
// with weight ≥ threshold are taken by decreasing weight, ties by (min(a,b), max(a,b)), and a
// pair whose union would put two records of one group in one cluster is skipped, so the stronger
// evidence wins: in a chain A1–B1–A2 with A1–B1 the stronger edge, A2 stays apart. Each cluster
// keeps the sorted list of its groups; a union checks the smaller list against the larger and
// merges it in. O(pairs·log(pairs)) for the sort plus, per union, time linear in the groups of the
// two clusters (a handful of sources in practice).
std::vector<uint32_t> ConstrainedClusters(size_t n, std::span<const ScoredPair> pairs,
                                          double threshold, std::span<const uint32_t> group_of);

struct ClusterStats {
  size_t clusters = 0;    // distinct ids
  size_t singletons = 0;  // clusters of one record
  size_t largest = 0;     // records in the largest cluster (0 when there are no records)
  friend bool operator==(const ClusterStats&, const ClusterStats&) = default;
};

// Counts over a cluster id per record; ids need not be consecutive.
ClusterStats ComputeClusterStats(std::span<const uint32_t> cluster_of);

// Pairwise quality of a linkage against the truth: each unordered pair of records is a unit.
//   precision = TP / (TP + FP), recall = TP / (TP + FN), f1 = 2·P·R / (P + R).
// With nothing predicted precision is 1; with nothing true recall is 1; f1 is 0 when P + R = 0.
struct PairMetrics {
  int64_t true_positives = 0;
  int64_t false_positives = 0;
  int64_t false_negatives = 0;
  double precision = 1;
  double recall = 1;
  double f1 = 1;
};

// Compares predicted links with true links. Pairs are unordered ((1,2) is (2,1)); duplicates are
// counted once and self-pairs (i,i) ignored. O((p + t)·log(p + t)).
PairMetrics EvaluatePairs(std::span<const std::pair<uint32_t, uint32_t>> predicted,
                          std::span<const std::pair<uint32_t, uint32_t>> truth);

// Compares two clusterings of the same records (cluster id per record; ids are arbitrary labels)
// by the pairs they imply: two records are linked when they share a cluster. Counted from the
// sizes of the (predicted, true) cells, Σ C(size, 2), in O(n) expected time. Records beyond the
// shorter span are ignored.
PairMetrics EvaluateClusters(std::span<const uint32_t> predicted_cluster,
                             std::span<const uint32_t> true_cluster);

}  // namespace civharm::linkage
