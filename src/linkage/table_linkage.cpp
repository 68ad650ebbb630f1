#include "linkage/table_linkage.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <unordered_map>

#include <fmt/format.h>

#include "core/strings.h"
#include "linkage/cluster.h"
#include "linkage/normalize.h"
#include "linkage/string_compare.h"

namespace civharm::linkage {
namespace {

std::optional<double> Number(const std::string& s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

int8_t Level(const std::string& a, const std::string& b, const FieldComparison& f) {
  if (a.empty() || b.empty()) return kMissing;
  const auto top = static_cast<int8_t>(f.thresholds.size() + 1);
  if (f.measure == Measure::kNumber) {
    const auto x = Number(a), y = Number(b);
    if (!x || !y) return kMissing;
    if (*x == *y) return top;
  } else if (a == b) {
    return top;
  }
  double similarity = 0;  // larger is more similar, compared with ascending thresholds
  switch (f.measure) {
    case Measure::kExact:
      return 0;
    case Measure::kJaroWinkler:
      similarity = JaroWinkler(a, b);
      break;
    case Measure::kTokenJaccard:
      similarity = TokenJaccard(a, b);
      break;
    case Measure::kLevenshtein:
      similarity = -static_cast<double>(Levenshtein(a, b));
      break;
    case Measure::kNumber:
      similarity = -std::abs(*Number(a) - *Number(b));
      break;
  }
  int8_t level = 0;
  for (size_t i = 0; i < f.thresholds.size(); ++i) {
    const bool distance = f.measure == Measure::kLevenshtein || f.measure == Measure::kNumber;
    // Distances: thresholds are given from the loosest (largest) to the tightest.
    const double t = distance ? -f.thresholds[i] : f.thresholds[i];
    if (similarity >= t) level = static_cast<int8_t>(i + 1);
  }
  return level;
}

}  // namespace

Pattern ComparePair(const std::vector<std::string>& a, const std::vector<std::string>& b,
                    const std::vector<FieldComparison>& fields) {
  Pattern p(fields.size());
  for (size_t k = 0; k < fields.size(); ++k) {
    p[k] = Level(a[fields[k].column], b[fields[k].column], fields[k]);
  }
  return p;
}

Result<LinkResult> Deduplicate(const std::vector<std::vector<std::string>>& raw,
                               const std::vector<FieldComparison>& fields,
                               const TableLinkOptions& options) {
  if (fields.empty()) return std::unexpected(InvalidArgument("name at least one comparison"));
  const size_t columns = raw.empty() ? 0 : raw[0].size();
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i].size() != columns) {
      return std::unexpected(InvalidArgument(
          fmt::format("row {} has {} columns, the first has {}", i + 1, raw[i].size(), columns)));
    }
  }
  for (const FieldComparison& f : fields) {
    if (f.column >= columns && !raw.empty()) {
      return std::unexpected(InvalidArgument(
          fmt::format("comparison '{}' reads column {} of {}", f.name, f.column + 1, columns)));
    }
  }
  for (size_t r = 0; r < options.blocking.size(); ++r) {
    for (size_t c : options.blocking[r]) {
      if (c >= columns && !raw.empty()) {
        return std::unexpected(InvalidArgument(
            fmt::format("blocking rule {} reads column {} of {}", r + 1, c + 1, columns),
            "blocking"));
      }
    }
  }
  if (!options.source_of.empty() && options.source_of.size() != raw.size()) {
    return std::unexpected(InvalidArgument("one source per row", "source_of"));
  }
  if (!options.side.empty()) {
    if (options.side.size() != raw.size()) {
      return std::unexpected(InvalidArgument("one side per row", "side"));
    }
    if (std::count(options.side.begin(), options.side.end(), 0) == 0 ||
        std::count(options.side.begin(), options.side.end(), 0) == std::ssize(options.side)) {
      return std::unexpected(InvalidArgument("linking needs rows on both sides", "side"));
    }
  }
  // Normalised once; numbers are kept as given.
  std::vector<std::vector<std::string>> rows(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    rows[i].reserve(columns);
    for (const std::string& v : raw[i]) rows[i].push_back(NormalizeName(v));
  }
  for (const FieldComparison& f : fields) {
    if (f.measure != Measure::kNumber) continue;
    for (size_t i = 0; i < raw.size(); ++i) rows[i][f.column] = std::string(Trim(raw[i][f.column]));
  }

  std::vector<BlockingRule> rules;
  for (const std::vector<size_t>& cols : options.blocking) {
    std::string name;
    for (size_t c : cols) name += (name.empty() ? "" : "+") + std::to_string(c + 1);
    rules.push_back({"columns " + name, [&rows, cols](size_t i, std::vector<BlockKey>& keys) {
                       std::string key;
                       for (size_t c : cols) {
                         if (c >= rows[i].size() || rows[i][c].empty()) return;
                         key += rows[i][c];
                         key += '\x1f';
                       }
                       keys.push_back({KeyOf(key)});
                     }});
  }
  LinkResult out;
  CIVHARM_ASSIGN_OR_RETURN(
      out.candidates,
      Block(rows.size(), rules, {.side = options.side, .max_block = options.max_block}));

  std::vector<Pattern> patterns;
  patterns.reserve(out.candidates.pairs.size());
  for (auto [a, b] : out.candidates.pairs)
    patterns.push_back(ComparePair(rows[a], rows[b], fields));

  std::vector<Comparison> comparisons;
  for (const FieldComparison& f : fields) {
    Comparison c{.name = f.name};
    c.level_labels.push_back("different");
    for (double t : f.thresholds) c.level_labels.push_back(fmt::format("within {}", t));
    c.level_labels.push_back("equal");
    comparisons.push_back(std::move(c));
  }
  // How often each value occurs, for the term-frequency adjustment.
  std::vector<std::unordered_map<std::string, double>> frequency(fields.size());
  for (size_t k = 0; k < fields.size(); ++k) {
    if (!fields[k].term_frequency) continue;
    int64_t present = 0;
    for (const auto& r : rows) {
      if (!r[fields[k].column].empty()) {
        ++frequency[k][r[fields[k].column]];
        ++present;
      }
    }
    for (auto& [value, n] : frequency[k]) n /= static_cast<double>(std::max<int64_t>(present, 1));
  }
  // The weight of a pair's pattern under `model`: each comparison's log2(m/u), exact agreement
  // on a common value counting less than on a rare one.
  const auto weigh = [&](const Model& model, const Pattern& pattern, uint32_t a) {
    double w = 0;
    for (const Term& t : Explain(model, pattern)) w += t.weight;
    for (size_t k = 0; k < fields.size(); ++k) {
      const auto top = static_cast<int8_t>(fields[k].thresholds.size() + 1);
      if (fields[k].term_frequency && pattern[k] == top) {
        w += TermFrequencyAdjustment(model, k, frequency[k][rows[a][fields[k].column]]);
      }
    }
    return w;
  };

  // One model per blocking rule, fitted on that rule's candidates with the comparisons of the
  // rule's own columns left out: within a block those fields agree by construction, so they
  // carry no evidence there, and the other comparisons of non-matches follow u as estimated
  // from random pairs. A pair's probability is its highest under the rules that proposed it.
  std::vector<std::vector<size_t>> masked(options.blocking.size());
  for (size_t r = 0; r < options.blocking.size(); ++r) {
    for (size_t k = 0; k < fields.size(); ++k) {
      const auto& cols = options.blocking[r];
      if (std::find(cols.begin(), cols.end(), fields[k].column) != cols.end()) {
        masked[r].push_back(k);
      }
    }
    if (masked[r].size() == fields.size()) {
      return std::unexpected(InvalidArgument(fmt::format(
          "blocking rule {} covers every comparison, leaving nothing to weigh its pairs by",
          r + 1)));
    }
  }
  const auto mask = [&](size_t r, Pattern pattern) {
    for (size_t k : masked[r]) pattern[k] = kMissing;
    return pattern;
  };
  Model start{.comparisons = comparisons, .prior = options.em.initial_prior};
  for (const Comparison& c : comparisons) {
    const size_t levels = c.level_labels.size();
    std::vector<double> m(levels, (1 - options.em.initial_m_top) / static_cast<double>(levels - 1));
    m.back() = options.em.initial_m_top;
    start.m.push_back(std::move(m));
  }
  {
    std::mt19937_64 rng(options.seed);
    std::uniform_int_distribution<size_t> pick(0, rows.size() - 1);
    std::vector<Pattern> random;
    random.reserve(options.random_pairs);
    while (rows.size() >= 2 && random.size() < options.random_pairs) {
      const size_t a = pick(rng), b = pick(rng);
      if (a == b || (!options.side.empty() && options.side[a] == options.side[b])) continue;
      random.push_back(ComparePair(rows[a], rows[b], fields));
    }
    start.u = EstimateU(comparisons, CountPatterns(random));
  }
  for (size_t r = 0; r < options.blocking.size(); ++r) {
    std::vector<Pattern> rule_patterns;
    for (size_t p = 0; p < patterns.size(); ++p) {
      if (out.candidates.rule_mask[p] & (uint32_t{1} << r))
        rule_patterns.push_back(mask(r, patterns[p]));
    }
    EmOptions em = options.em;
    em.start = start;
    em.fix_u = true;
    for (const auto& [derived, source] : options.derived_columns) {
      const auto& cols = options.blocking[r];
      if (std::find(cols.begin(), cols.end(), derived) == cols.end()) continue;
      for (size_t k = 0; k < fields.size(); ++k) {
        if (fields[k].column == source) em.free_u.push_back(k);
      }
    }
    if (rule_patterns.empty()) {
      out.fits.push_back({.model = start, .converged = true});
      continue;
    }
    CIVHARM_ASSIGN_OR_RETURN(EmResult fit,
                             EstimateEm(comparisons, CountPatterns(rule_patterns), em));
    out.fits.push_back(std::move(fit));
  }

  std::vector<ScoredPair> linked;
  out.pairs.reserve(patterns.size());
  for (size_t p = 0; p < patterns.size(); ++p) {
    const auto [a, b] = out.candidates.pairs[p];
    ScoredCandidate s{.a = a, .b = b, .pattern = std::move(patterns[p])};
    s.probability = -1;
    for (size_t r = 0; r < options.blocking.size(); ++r) {
      if (!(out.candidates.rule_mask[p] & (uint32_t{1} << r))) continue;
      const Model& model = out.fits[r].model;
      const double w = weigh(model, mask(r, s.pattern), a);
      const double probability = 1 / (1 + std::exp2(-(w + PriorWeight(model))));
      if (probability > s.probability) {
        s.probability = probability;
        s.weight = w;
        s.rule = static_cast<uint32_t>(r);
      }
    }
    if (s.probability >= options.threshold) linked.push_back({a, b, s.probability});
    out.pairs.push_back(std::move(s));
  }
  out.clusters =
      options.source_of.empty()
          ? ConnectedComponents(rows.size(), linked, options.threshold)
          : ConstrainedClusters(rows.size(), linked, options.threshold, options.source_of);
  return out;
}

}  // namespace civharm::linkage
