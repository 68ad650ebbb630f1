#include "linkage/cluster.h"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <unordered_map>

namespace civharm::linkage {

namespace {

// Union–find over 0…n−1 with path compression (halving) and union by rank.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n), rank_(n, 0) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }

  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }

  // Joins the sets of the roots a ≠ b; returns the root of the joined set.
  uint32_t UnionRoots(uint32_t a, uint32_t b) {
    if (rank_[a] < rank_[b]) std::swap(a, b);
    parent_[b] = a;
    if (rank_[a] == rank_[b]) ++rank_[a];
    return a;
  }

  // Ids 0, 1, … in the order of each set's smallest element.
  std::vector<uint32_t> Number() {
    const size_t n = parent_.size();
    constexpr uint32_t kUnset = UINT32_MAX;
    std::vector<uint32_t> id_of_root(n, kUnset), id(n);
    uint32_t next = 0;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t& root_id = id_of_root[Find(i)];
      if (root_id == kUnset) root_id = next++;
      id[i] = root_id;
    }
    return id;
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint8_t> rank_;  // ≤ log2(n) < 64
};

bool Usable(const ScoredPair& p, size_t n, double threshold) {
  return p.a < n && p.b < n && p.a != p.b && p.weight >= threshold;  // false for NaN
}

std::pair<uint32_t, uint32_t> Ordered(uint32_t a, uint32_t b) {
  return a < b ? std::pair(a, b) : std::pair(b, a);
}

// true when the sorted lists share an element: each of the smaller looked up in the larger.
bool Intersect(const std::vector<uint32_t>& small, const std::vector<uint32_t>& large) {
  return std::ranges::any_of(small,
                             [&](uint32_t g) { return std::ranges::binary_search(large, g); });
}

int64_t PairsIn(int64_t size) {
  return size * (size - 1) / 2;
}

PairMetrics Metrics(int64_t true_positives, int64_t predicted, int64_t truth) {
  PairMetrics m;
  m.true_positives = true_positives;
  m.false_positives = predicted - true_positives;
  m.false_negatives = truth - true_positives;
  m.precision = predicted == 0 ? 1 : static_cast<double>(true_positives) / predicted;
  m.recall = truth == 0 ? 1 : static_cast<double>(true_positives) / truth;
  const double sum = m.precision + m.recall;
  m.f1 = sum == 0 ? 0 : 2 * m.precision * m.recall / sum;
  return m;
}

std::vector<std::pair<uint32_t, uint32_t>> DistinctPairs(
    std::span<const std::pair<uint32_t, uint32_t>> pairs) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.reserve(pairs.size());
  for (auto [a, b] : pairs) {
    if (a != b) out.push_back(Ordered(a, b));
  }
  std::ranges::sort(out);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

std::vector<uint32_t> ConnectedComponents(size_t n, std::span<const ScoredPair> pairs,
                                          double threshold) {
  DisjointSets sets(n);
  for (const ScoredPair& p : pairs) {
    if (!Usable(p, n, threshold)) continue;
    const uint32_t a = sets.Find(p.a), b = sets.Find(p.b);
    if (a != b) sets.UnionRoots(a, b);
  }
  return sets.Number();
}

std::vector<uint32_t> ConstrainedClusters(size_t n, std::span<const ScoredPair> pairs,
                                          double threshold, std::span<const uint32_t> group_of) {
  std::vector<ScoredPair> edges;
  for (const ScoredPair& p : pairs) {
    if (!Usable(p, n, threshold)) continue;
    const auto [a, b] = Ordered(p.a, p.b);
    edges.push_back({a, b, p.weight});
  }
  // Strongest evidence first; ties in a fixed order so the result does not depend on the input's.
  std::ranges::sort(edges, [](const ScoredPair& x, const ScoredPair& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });

  DisjointSets sets(n);
  // groups[root]: the sorted groups of the root's cluster (empty for non-roots).
  std::vector<std::vector<uint32_t>> groups(n);
  for (size_t i = 0; i < n && i < group_of.size(); ++i) {
    if (group_of[i] != kNoGroup) groups[i].push_back(group_of[i]);
  }
  for (const ScoredPair& e : edges) {
    const uint32_t a = sets.Find(e.a), b = sets.Find(e.b);
    if (a == b) continue;
    std::vector<uint32_t>* small = &groups[a];
    std::vector<uint32_t>* large = &groups[b];
    if (small->size() > large->size()) std::swap(small, large);
    if (Intersect(*small, *large)) continue;  // a stronger edge already placed that group
    // Merge the smaller list into the larger, then hand the result to the new root.
    const size_t middle = large->size();
    large->insert(large->end(), small->begin(), small->end());
    std::inplace_merge(large->begin(), large->begin() + static_cast<ptrdiff_t>(middle),
                       large->end());
    std::vector<uint32_t> merged = std::move(*large);
    groups[a].clear();
    groups[b].clear();
    groups[sets.UnionRoots(a, b)] = std::move(merged);
  }
  return sets.Number();
}

ClusterStats ComputeClusterStats(std::span<const uint32_t> cluster_of) {
  std::unordered_map<uint32_t, size_t> sizes;
  for (uint32_t c : cluster_of) ++sizes[c];
  ClusterStats stats;
  stats.clusters = sizes.size();
  for (const auto& [id, size] : sizes) {
    if (size == 1) ++stats.singletons;
    stats.largest = std::max(stats.largest, size);
  }
  return stats;
}

PairMetrics EvaluatePairs(std::span<const std::pair<uint32_t, uint32_t>> predicted,
                          std::span<const std::pair<uint32_t, uint32_t>> truth) {
  const auto p = DistinctPairs(predicted);
  const auto t = DistinctPairs(truth);
  std::vector<std::pair<uint32_t, uint32_t>> both;
  std::ranges::set_intersection(p, t, std::back_inserter(both));
  return Metrics(static_cast<int64_t>(both.size()), static_cast<int64_t>(p.size()),
                 static_cast<int64_t>(t.size()));
}

PairMetrics EvaluateClusters(std::span<const uint32_t> predicted_cluster,
                             std::span<const uint32_t> true_cluster) {
  const size_t n = std::min(predicted_cluster.size(), true_cluster.size());
  std::unordered_map<uint32_t, int64_t> predicted_sizes, true_sizes;
  std::unordered_map<uint64_t, int64_t> cell_sizes;  // key: predicted id << 32 | true id
  for (size_t i = 0; i < n; ++i) {
    ++predicted_sizes[predicted_cluster[i]];
    ++true_sizes[true_cluster[i]];
    ++cell_sizes[uint64_t{predicted_cluster[i]} << 32 | true_cluster[i]];
  }
  // A pair is predicted when its records share a predicted cluster, true when they share a true
  // one, and both when they share a cell.
  int64_t predicted = 0, truth = 0, both = 0;
  for (const auto& [id, size] : predicted_sizes) predicted += PairsIn(size);
  for (const auto& [id, size] : true_sizes) truth += PairsIn(size);
  for (const auto& [cell, size] : cell_sizes) both += PairsIn(size);
  return Metrics(both, predicted, truth);
}

}  // namespace civharm::linkage
