#include "linkage/table_linkage.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "linkage/cluster.h"
#include "linkage/string_compare.h"
#include "linkage/table_values.h"

namespace civharm::linkage {
namespace {

// Below this many items work is done on one thread: starting threads would cost more.
constexpr size_t kParallelFrom = 1 << 16;

// Calls work(begin, end) over disjoint ranges covering [0, n), on up to the machine's cores.
// `work` must write only what belongs to its range.
template <typename Work>
void ParallelFor(size_t n, const Work& work) {
  const size_t threads =
      n < kParallelFrom ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::jthread> helpers;
  for (size_t t = 1; t < threads; ++t) {
    helpers.emplace_back([&work, n, t, threads] { work(n * t / threads, n * (t + 1) / threads); });
  }
  work(0, n / threads);
}  // the helpers join here

Status CheckInput(const std::vector<std::vector<std::string>>& raw,
                  const std::vector<FieldComparison>& fields, const TableLinkOptions& options) {
  if (fields.empty()) return InvalidArgument("name at least one comparison");
  const size_t columns = raw.empty() ? 0 : raw[0].size();
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i].size() != columns) {
      return InvalidArgument(
          fmt::format("row {} has {} columns, the first has {}", i + 1, raw[i].size(), columns));
    }
  }
  for (const FieldComparison& f : fields) {
    if (f.column >= columns && !raw.empty()) {
      return InvalidArgument(
          fmt::format("comparison '{}' reads column {} of {}", f.name, f.column + 1, columns));
    }
  }
  for (size_t r = 0; r < options.blocking.size(); ++r) {
    for (size_t c : options.blocking[r]) {
      if (c >= columns && !raw.empty()) {
        return InvalidArgument(
            fmt::format("blocking rule {} reads column {} of {}", r + 1, c + 1, columns),
            "blocking");
      }
    }
  }
  if (!options.source_of.empty() && options.source_of.size() != raw.size()) {
    return InvalidArgument("one source per row", "source_of");
  }
  if (!options.side.empty()) {
    if (options.side.size() != raw.size()) return InvalidArgument("one side per row", "side");
    const auto left = std::count(options.side.begin(), options.side.end(), 0);
    if (left == 0 || left == std::ssize(options.side)) {
      return InvalidArgument("linking needs rows on both sides", "side");
    }
  }
  for (auto [a, b] : options.labelled_matches) {
    if (a >= raw.size() || b >= raw.size() || a == b) {
      return InvalidArgument(
          fmt::format("({}, {}) is not a pair of two of the {} rows", a, b, raw.size()),
          "labelled_matches");
    }
  }
  if (!(options.keep_probability >= 0 && options.keep_probability <= 1)) {
    return InvalidArgument("must be between 0 and 1", "keep_probability");
  }
  return Status::Ok();
}

// The levels of every candidate pair, flat: pair p's are levels[p·c … p·c + c) for c fields.
std::vector<int8_t> CompareCandidates(const TableValues& values, const Candidates& candidates,
                                      const std::vector<FieldComparison>& fields) {
  const size_t c = fields.size();
  constexpr size_t kAhead = 8;  // pairs between the steps of a prefetch
  std::vector<int8_t> levels(candidates.pairs.size() * c);
  ParallelFor(candidates.pairs.size(), [&](size_t begin, size_t end) {
    for (size_t p = begin; p < end; ++p) {
      using enum TableValues::Fetch;
      if (p + 3 * kAhead < end)
        values.Prefetch(candidates.pairs[p + 3 * kAhead].second, kIds, fields);
      if (p + 2 * kAhead < end) {
        values.Prefetch(candidates.pairs[p + 2 * kAhead].second, kValues, fields);
      }
      if (p + kAhead < end)
        values.Prefetch(candidates.pairs[p + kAhead].second, kCodePoints, fields);
      const auto [a, b] = candidates.pairs[p];
      for (size_t k = 0; k < c; ++k) {
        levels[p * c + k] = values.Level(a, b, fields[k]);
      }
    }
  });
  return levels;
}

// For each blocking rule, the distinct patterns of its candidates with the comparisons of its
// own columns (masked[r]) made missing, and how many candidates have each — what CountPatterns
// would give for the rule's masked patterns, counted without making one vector per pair.
std::vector<std::vector<PatternCount>> CountByRule(const std::vector<int8_t>& levels, size_t c,
                                                   const std::vector<uint32_t>& rule_mask,
                                                   const std::vector<std::vector<size_t>>& masked) {
  // The distinct patterns, as views of the flat levels; a million pairs have a few hundred.
  std::unordered_map<std::string_view, uint32_t> id_of;
  std::vector<std::string_view> distinct;
  std::vector<std::vector<int64_t>> counts(masked.size());
  const std::string_view all(reinterpret_cast<const char*>(levels.data()), levels.size());
  for (size_t p = 0; p < rule_mask.size(); ++p) {
    const auto [it, added] =
        id_of.try_emplace(all.substr(p * c, c), static_cast<uint32_t>(distinct.size()));
    if (added) {
      distinct.push_back(it->first);
      for (auto& rule_counts : counts) rule_counts.push_back(0);
    }
    for (uint32_t bits = rule_mask[p]; bits != 0; bits &= bits - 1) {
      ++counts[static_cast<size_t>(std::countr_zero(bits))][it->second];
    }
  }
  std::vector<std::vector<PatternCount>> out(masked.size());
  for (size_t r = 0; r < masked.size(); ++r) {
    std::map<Pattern, int64_t> by_pattern;
    for (size_t id = 0; id < distinct.size(); ++id) {
      if (counts[r][id] == 0) continue;
      Pattern pattern(distinct[id].begin(), distinct[id].end());
      for (size_t k : masked[r]) pattern[k] = kMissing;
      by_pattern[pattern] += counts[r][id];
    }
    for (auto& [pattern, count] : by_pattern) out[r].push_back({pattern, count});
  }
  return out;
}

// How common each row's value of each comparison is among the rows that have one, for the
// term-frequency adjustment: [k][i] for comparison k and row i (0 when missing; none at all for
// comparisons without the adjustment).
std::vector<std::vector<double>> RowFrequencies(const TableValues& values,
                                                const std::vector<FieldComparison>& fields) {
  std::vector<std::vector<double>> out(fields.size());
  for (size_t k = 0; k < fields.size(); ++k) {
    if (!fields[k].term_frequency) continue;
    const size_t col = fields[k].column;
    std::vector<int64_t> rows_with(values.Distinct(col), 0);
    for (size_t i = 0; i < values.rows(); ++i) ++rows_with[values.Id(i, col)];
    const auto present = static_cast<double>(
        std::max<int64_t>(static_cast<int64_t>(values.rows()) - rows_with[0], 1));
    out[k].resize(values.rows());
    for (size_t i = 0; i < values.rows(); ++i) {
      const uint32_t id = values.Id(i, col);
      out[k][i] = id == 0 ? 0 : static_cast<double>(rows_with[id]) / present;
    }
  }
  return out;
}

// Refines the m of each rule's model with the labelled matches among its candidates, their
// patterns masked as the rule's model sees them (RefineWithLabels).
void RefineWithLabelledMatches(const std::vector<std::pair<uint32_t, uint32_t>>& matches,
                               double weight, const Candidates& candidates,
                               const std::vector<int8_t>& levels, size_t c,
                               const std::vector<std::vector<size_t>>& masked,
                               std::vector<EmResult>& fits) {
  std::vector<std::vector<Pattern>> patterns(fits.size());
  for (auto [x, y] : matches) {
    const std::pair pair{std::min(x, y), std::max(x, y)};
    const auto it = std::lower_bound(candidates.pairs.begin(), candidates.pairs.end(), pair);
    if (it == candidates.pairs.end() || *it != pair) continue;  // no rule proposed it
    const auto p = static_cast<size_t>(it - candidates.pairs.begin());
    for (uint32_t bits = candidates.rule_mask[p]; bits != 0; bits &= bits - 1) {
      const auto r = static_cast<size_t>(std::countr_zero(bits));
      Pattern& pattern =
          patterns[r].emplace_back(levels.begin() + p * c, levels.begin() + (p + 1) * c);
      for (size_t k : masked[r]) pattern[k] = kMissing;
    }
  }
  for (size_t r = 0; r < fits.size(); ++r) {
    // Every one a match (std::vector<bool> holds no bools a span could point at).
    const auto is_match = std::make_unique<bool[]>(patterns[r].size());
    std::fill_n(is_match.get(), patterns[r].size(), true);
    fits[r].model =
        RefineWithLabels(fits[r].model, patterns[r],
                         std::span<const bool>(is_match.get(), patterns[r].size()), weight);
  }
}

}  // namespace

Pattern LinkResult::PatternOf(size_t i) const {
  const auto first = levels.begin() + static_cast<std::ptrdiff_t>(i * comparisons);
  return Pattern(first, first + static_cast<std::ptrdiff_t>(comparisons));
}

Pattern ComparePair(const std::vector<std::string>& a, const std::vector<std::string>& b,
                    const std::vector<FieldComparison>& fields) {
  Pattern p(fields.size());
  for (size_t k = 0; k < fields.size(); ++k) {
    const std::string& x = a[fields[k].column];
    const std::string& y = b[fields[k].column];
    const std::u32string x_points = CodePoints(x), y_points = CodePoints(y);
    p[k] = LevelOf({x, x_points, NumberIn(x)}, {y, y_points, NumberIn(y)}, x == y, fields[k]);
  }
  return p;
}

Result<LinkResult> Deduplicate(const std::vector<std::vector<std::string>>& raw,
                               const std::vector<FieldComparison>& fields,
                               const TableLinkOptions& options) {
  CIVHARM_RETURN_IF_ERROR(CheckInput(raw, fields, options));
  // The comparisons of each rule's own columns (masked[r]): within its blocks they agree by
  // construction, so they carry no evidence there and the rule's model leaves them out.
  const size_t c = fields.size();
  std::vector<std::vector<size_t>> masked(options.blocking.size());
  for (size_t r = 0; r < options.blocking.size(); ++r) {
    for (size_t k = 0; k < c; ++k) {
      const auto& cols = options.blocking[r];
      if (std::find(cols.begin(), cols.end(), fields[k].column) != cols.end()) {
        masked[r].push_back(k);
      }
    }
    if (masked[r].size() == c) {
      return std::unexpected(InvalidArgument(fmt::format(
          "blocking rule {} covers every comparison, leaving nothing to weigh its pairs by",
          r + 1)));
    }
  }
  // Names normalised, numbers trimmed, each distinct value once.
  std::vector<bool> number_columns(raw.empty() ? 0 : raw[0].size(), false);
  for (const FieldComparison& f : fields) {
    if (f.measure == Measure::kNumber) number_columns[f.column] = true;
  }
  const TableValues values(raw, number_columns);

  std::vector<BlockingRule> rules;
  for (const std::vector<size_t>& cols : options.blocking) {
    std::string name;
    for (size_t col : cols) name += (name.empty() ? "" : "+") + std::to_string(col + 1);
    rules.push_back({"columns " + name, [&values, cols](size_t i, std::vector<BlockKey>& keys) {
                       std::string key;
                       for (size_t col : cols) {
                         const std::string_view value = values.Text(i, col);
                         if (value.empty()) return;
                         key += value;
                         key += '\x1f';
                       }
                       keys.push_back({KeyOf(key)});
                     }});
  }
  LinkResult out;
  out.comparisons = c;
  CIVHARM_ASSIGN_OR_RETURN(
      out.candidates,
      Block(values.rows(), rules, {.side = options.side, .max_block = options.max_block}));
  std::vector<int8_t> levels = CompareCandidates(values, out.candidates, fields);

  std::vector<Comparison> comparisons;
  for (const FieldComparison& f : fields) {
    Comparison comparison{.name = f.name};
    comparison.level_labels.push_back("different");
    for (double t : f.thresholds) comparison.level_labels.push_back(fmt::format("within {}", t));
    comparison.level_labels.push_back("equal");
    comparisons.push_back(std::move(comparison));
  }
  const std::vector<std::vector<double>> row_frequency = RowFrequencies(values, fields);

  Model start{.comparisons = comparisons, .prior = options.em.initial_prior};
  for (const Comparison& comparison : comparisons) {
    const size_t n_levels = comparison.level_labels.size();
    std::vector<double> m(n_levels,
                          (1 - options.em.initial_m_top) / static_cast<double>(n_levels - 1));
    m.back() = options.em.initial_m_top;
    start.m.push_back(std::move(m));
  }
  {
    std::mt19937_64 rng(options.seed);
    std::uniform_int_distribution<size_t> pick(0, values.rows() - 1);
    std::vector<Pattern> random;
    random.reserve(options.random_pairs);
    while (values.rows() >= 2 && random.size() < options.random_pairs) {
      const size_t a = pick(rng), b = pick(rng);
      if (a == b || (!options.side.empty() && options.side[a] == options.side[b])) continue;
      Pattern& pattern = random.emplace_back(c);
      for (size_t k = 0; k < c; ++k) pattern[k] = values.Level(a, b, fields[k]);
    }
    start.u = EstimateU(comparisons, CountPatterns(random));
  }
  // One model per blocking rule, fitted on that rule's candidates without its own comparisons:
  // the other comparisons of non-matches follow u as estimated from random pairs, so EM
  // estimates m and the share of matches. A pair's probability is its highest under the rules
  // that proposed it.
  const std::vector<std::vector<PatternCount>> rule_patterns =
      CountByRule(levels, c, out.candidates.rule_mask, masked);
  for (size_t r = 0; r < options.blocking.size(); ++r) {
    EmOptions em = options.em;
    em.start = start;
    em.fix_u = true;
    for (const auto& [derived, source] : options.derived_columns) {
      const auto& cols = options.blocking[r];
      if (std::find(cols.begin(), cols.end(), derived) == cols.end()) continue;
      for (size_t k = 0; k < c; ++k) {
        if (fields[k].column == source) em.free_u.push_back(k);
      }
    }
    if (rule_patterns[r].empty()) {
      out.fits.push_back({.model = start, .converged = true});
      continue;
    }
    CIVHARM_ASSIGN_OR_RETURN(EmResult fit, EstimateEm(comparisons, rule_patterns[r], em));
    out.fits.push_back(std::move(fit));
  }

  if (!options.labelled_matches.empty()) {
    RefineWithLabelledMatches(options.labelled_matches, options.label_weight, out.candidates,
                              levels, c, masked, out.fits);
  }

  // The weight of a pair under rule r's model: each comparison's log2(m/u) for its level
  // (tabulated: weight[r][k][level + 1], 0 for missing and for the rule's own comparisons), then
  // exact agreement on a common value counting less than on a rare one. The sum runs in the
  // order of Explain's terms, so the weight is exactly the sum of the explanation's terms for
  // the comparisons the rule counts, plus the term-frequency adjustments.
  std::vector<std::vector<std::vector<double>>> weight(options.blocking.size());
  std::vector<std::vector<bool>> counted(options.blocking.size());
  for (size_t r = 0; r < options.blocking.size(); ++r) {
    counted[r].assign(c, true);
    for (size_t k : masked[r]) counted[r][k] = false;
    for (size_t k = 0; k < c; ++k) {
      std::vector<double>& w = weight[r].emplace_back(comparisons[k].level_labels.size() + 1, 0.0);
      for (size_t l = 0; counted[r][k] && l + 1 < w.size(); ++l) {
        w[l + 1] = LevelWeight(out.fits[r].model, k, static_cast<int8_t>(l));
      }
    }
  }
  const auto weigh = [&](size_t r, const int8_t* pattern, uint32_t a) {
    double w = 0;
    for (size_t k = 0; k < c; ++k) w += weight[r][k][static_cast<size_t>(pattern[k] + 1)];
    for (size_t k = 0; k < c; ++k) {
      const auto top = static_cast<int8_t>(fields[k].thresholds.size() + 1);
      if (fields[k].term_frequency && counted[r][k] && pattern[k] == top) {
        w += TermFrequencyAdjustment(out.fits[r].model, k, row_frequency[k][a]);
      }
    }
    return w;
  };
  std::vector<double> prior_weight;
  for (const EmResult& fit : out.fits) prior_weight.push_back(PriorWeight(fit.model));

  // Scored in order; the levels of the pairs kept move down over those of the pairs dropped.
  std::vector<ScoredPair> linked;
  if (options.keep_probability == 0) out.pairs.reserve(out.candidates.pairs.size());
  for (size_t p = 0; p < out.candidates.pairs.size(); ++p) {
    const auto [a, b] = out.candidates.pairs[p];
    const int8_t* pattern = levels.data() + p * c;
    ScoredCandidate s{.a = a, .b = b};
    s.probability = -1;
    for (uint32_t bits = out.candidates.rule_mask[p]; bits != 0; bits &= bits - 1) {
      const auto r = static_cast<size_t>(std::countr_zero(bits));
      const double w = weigh(r, pattern, a);
      const double probability = 1 / (1 + std::exp2(-(w + prior_weight[r])));
      if (probability > s.probability) {
        s.probability = probability;
        s.weight = w;
        s.rule = static_cast<uint32_t>(r);
      }
    }
    if (s.probability >= options.threshold) linked.push_back({a, b, s.probability});
    if (s.probability < options.keep_probability) continue;
    std::memmove(levels.data() + out.pairs.size() * c, pattern, c);
    out.pairs.push_back(s);
  }
  levels.resize(out.pairs.size() * c);
  levels.shrink_to_fit();
  out.levels = std::move(levels);
  out.clusters =
      options.source_of.empty()
          ? ConnectedComponents(values.rows(), linked, options.threshold)
          : ConstrainedClusters(values.rows(), linked, options.threshold, options.source_of);
  return out;
}

}  // namespace civharm::linkage
