#include "linkage/fellegi_sunter.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include <fmt/format.h>

namespace civharm::linkage {

namespace {

constexpr size_t kMaxLevels = 127;  // levels are int8_t

double ClampProbability(double p) {
  return std::clamp(p, kMinProbability, 1 - kMinProbability);
}

// Scales `p` to sum 1 with every entry at least kMinProbability (and so at most 1 − it). Raising
// an entry to the floor means scaling the others down, which can push another one under it, so
// repeat until none is; each round floors at least one more entry, so at most L rounds.
void FloorAndNormalise(std::vector<double>& p) {
  double sum = 0;
  for (double x : p) sum += x;
  if (!(sum > 0) || !std::isfinite(sum)) {
    std::ranges::fill(p, 1.0 / static_cast<double>(p.size()));
    return;
  }
  for (double& x : p) x /= sum;
  std::vector<bool> floored(p.size(), false);
  for (;;) {
    bool changed = false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (!floored[i] && p[i] < kMinProbability) floored[i] = changed = true;
    }
    if (!changed) return;
    double fixed = 0, rest = 0;
    for (size_t i = 0; i < p.size(); ++i) {
      if (floored[i]) {
        fixed += kMinProbability;
      } else {
        rest += p[i];
      }
    }
    for (size_t i = 0; i < p.size(); ++i) {
      p[i] = floored[i] ? kMinProbability : p[i] * (1 - fixed) / rest;
    }
  }
}

Status CheckComparisons(const std::vector<Comparison>& comparisons) {
  if (comparisons.empty()) return InvalidArgument("no comparisons", "comparisons");
  for (size_t k = 0; k < comparisons.size(); ++k) {
    const size_t levels = comparisons[k].level_labels.size();
    if (levels < 2 || levels > kMaxLevels) {
      return InvalidArgument(fmt::format("comparison \"{}\" has {} levels; it needs 2 to {}",
                                         comparisons[k].name, levels, kMaxLevels),
                             fmt::format("comparisons[{}].level_labels", k));
    }
  }
  return Status::Ok();
}

// `level` when it is a level of comparison k of the model, else kMissing (so a malformed
// pattern can never index out of bounds).
int FittingLevel(const Model& model, size_t k, int level) {
  if (k >= model.m.size() || k >= model.u.size() || level < 0) return kMissing;
  const size_t l = static_cast<size_t>(level);
  if (l >= model.m[k].size() || l >= model.u[k].size()) return kMissing;
  return level;
}

// The level of comparison k in `pattern`, or kMissing when it is missing or does not fit.
int LevelOf(const Model& model, const Pattern& pattern, size_t k) {
  return k < pattern.size() ? FittingLevel(model, k, pattern[k]) : kMissing;
}

double WeightOfLevel(const Model& model, size_t k, int level) {
  const size_t l = static_cast<size_t>(level);
  return std::log2(ClampProbability(model.m[k][l]) / ClampProbability(model.u[k][l]));
}

// The starting point of EM (see EmOptions), or InvalidArgument for a bad options.start.
Result<Model> StartingModel(const std::vector<Comparison>& comparisons,
                            std::span<const PatternCount> patterns, const EmOptions& options) {
  const size_t n_comparisons = comparisons.size();
  Model model;
  model.m.resize(n_comparisons);
  model.u.resize(n_comparisons);
  if (options.start) {
    const Model& start = *options.start;
    if (start.m.size() != n_comparisons || start.u.size() != n_comparisons) {
      return std::unexpected(InvalidArgument(
          "the start model has a different number of comparisons", "options.start"));
    }
    for (size_t k = 0; k < n_comparisons; ++k) {
      const size_t levels = comparisons[k].level_labels.size();
      if (start.m[k].size() != levels || start.u[k].size() != levels) {
        return std::unexpected(
            InvalidArgument(fmt::format("the start model has other levels for comparison \"{}\"",
                                        comparisons[k].name),
                            "options.start"));
      }
      model.m[k] = start.m[k];
      model.u[k] = start.u[k];
      FloorAndNormalise(model.m[k]);
      FloorAndNormalise(model.u[k]);
    }
    if (!(start.prior > 0 && start.prior < 1)) {
      return std::unexpected(InvalidArgument("the start prior must be in (0, 1)", "options.start"));
    }
    model.prior = ClampProbability(start.prior);
    return model;
  }

  // u: the share of each level among all pairs, nearly all of which are non-matches.
  model.u = EstimateU(comparisons, patterns);
  for (size_t k = 0; k < n_comparisons; ++k) {
    const size_t levels = comparisons[k].level_labels.size();
    model.m[k].assign(levels, (1 - options.initial_m_top) / static_cast<double>(levels - 1));
    model.m[k].back() = options.initial_m_top;
    FloorAndNormalise(model.m[k]);
  }
  model.prior = ClampProbability(options.initial_prior);
  return model;
}

// Σ count · ln P(pattern); when `posterior` is given, also each pattern's P(match | pattern).
double LogLikelihood(const Model& model, std::span<const PatternCount> patterns,
                     std::vector<double>* posterior) {
  double total = 0;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const Pattern& pattern = patterns[i].pattern;
    double log_match = std::log(model.prior), log_non_match = std::log1p(-model.prior);
    for (size_t k = 0; k < pattern.size(); ++k) {
      if (pattern[k] == kMissing) continue;
      log_match += std::log(model.m[k][pattern[k]]);
      log_non_match += std::log(model.u[k][pattern[k]]);
    }
    // log(e^a + e^b) without underflow: the patterns of strong matches have tiny likelihoods.
    const double top = std::max(log_match, log_non_match);
    const double log_p = top + std::log(std::exp(log_match - top) + std::exp(log_non_match - top));
    total += static_cast<double>(patterns[i].count) * log_p;
    if (posterior) (*posterior)[i] = std::exp(log_match - log_p);
  }
  return total;
}

// One M step from the posteriors. A comparison with no non-missing pairs (or, for m, no
// posterior mass at all) keeps its previous estimate.
Model Maximise(const Model& previous, std::span<const PatternCount> patterns,
               const std::vector<double>& posterior, bool fix_u,
               const std::vector<size_t>& free_u) {
  Model next = previous;
  std::vector<std::vector<double>> m_mass(previous.m.size()), u_mass(previous.u.size());
  for (size_t k = 0; k < previous.m.size(); ++k) {
    m_mass[k].assign(previous.m[k].size(), 0.0);
    u_mass[k].assign(previous.u[k].size(), 0.0);
  }
  double total = 0, matches = 0;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const double count = static_cast<double>(patterns[i].count);
    const double g = posterior[i];
    total += count;
    matches += count * g;
    const Pattern& pattern = patterns[i].pattern;
    for (size_t k = 0; k < pattern.size(); ++k) {
      if (pattern[k] == kMissing) continue;
      m_mass[k][pattern[k]] += count * g;
      u_mass[k][pattern[k]] += count * (1 - g);
    }
  }
  next.prior = ClampProbability(matches / total);
  auto update = [](std::vector<double>& estimate, std::vector<double>& mass) {
    double sum = 0;
    for (double x : mass) sum += x;
    if (!(sum > 0)) return;
    estimate = std::move(mass);
    FloorAndNormalise(estimate);
  };
  for (size_t k = 0; k < next.m.size(); ++k) {
    update(next.m[k], m_mass[k]);
    if (!fix_u || std::find(free_u.begin(), free_u.end(), k) != free_u.end()) {
      update(next.u[k], u_mass[k]);
    }
  }
  return next;
}

double LargestChange(const Model& a, const Model& b) {
  double change = std::abs(a.prior - b.prior);
  for (size_t k = 0; k < a.m.size(); ++k) {
    for (size_t l = 0; l < a.m[k].size(); ++l) {
      change = std::max({change, std::abs(a.m[k][l] - b.m[k][l]), std::abs(a.u[k][l] - b.u[k][l])});
    }
  }
  return change;
}

// Σ over observed comparisons of the mean of level/(L−1): how much mass `p` puts on high levels.
double HighLevelMass(const std::vector<std::vector<double>>& p, const std::vector<bool>& observed) {
  double mass = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    if (!observed[k]) continue;
    const double top = static_cast<double>(p[k].size() - 1);
    for (size_t l = 0; l < p[k].size(); ++l) mass += p[k][l] * static_cast<double>(l) / top;
  }
  return mass;
}

}  // namespace

std::vector<PatternCount> CountPatterns(std::span<const Pattern> patterns) {
  std::map<Pattern, int64_t> counts;
  for (const Pattern& p : patterns) ++counts[p];
  std::vector<PatternCount> out;
  out.reserve(counts.size());
  for (auto& [pattern, count] : counts) out.push_back({pattern, count});
  return out;
}

Status CheckPattern(std::span<const Comparison> comparisons, const Pattern& pattern) {
  if (pattern.size() != comparisons.size()) {
    return InvalidArgument(fmt::format("the pattern has {} levels for {} comparisons",
                                       pattern.size(), comparisons.size()),
                           "pattern");
  }
  for (size_t k = 0; k < pattern.size(); ++k) {
    const int level = pattern[k];
    const int levels = static_cast<int>(comparisons[k].level_labels.size());
    if (level != kMissing && (level < 0 || level >= levels)) {
      return InvalidArgument(
          fmt::format("level {} of comparison \"{}\" is neither missing (-1) nor "
                      "in 0..{}",
                      level, comparisons[k].name, levels - 1),
          fmt::format("pattern[{}]", k));
    }
  }
  return Status::Ok();
}

std::vector<std::vector<double>> EstimateU(std::span<const Comparison> comparisons,
                                           std::span<const PatternCount> random_pairs) {
  std::vector<std::vector<double>> u(comparisons.size());
  for (size_t k = 0; k < comparisons.size(); ++k) {
    u[k].assign(comparisons[k].level_labels.size(), 0.0);
  }
  for (const PatternCount& pc : random_pairs) {
    for (size_t k = 0; k < comparisons.size() && k < pc.pattern.size(); ++k) {
      const int8_t level = pc.pattern[k];
      if (level != kMissing && static_cast<size_t>(level) < u[k].size()) {
        u[k][static_cast<size_t>(level)] += static_cast<double>(pc.count);
      }
    }
  }
  for (auto& levels : u) FloorAndNormalise(levels);  // uniform when always missing
  return u;
}

Result<EmResult> EstimateEm(std::vector<Comparison> comparisons,
                            std::span<const PatternCount> patterns, const EmOptions& options) {
  CIVHARM_RETURN_IF_ERROR(CheckComparisons(comparisons));
  if (options.fix_u && !options.start) {
    return std::unexpected(
        InvalidArgument("fixing u needs a start model holding it", "options.fix_u"));
  }
  if (options.max_iterations < 1) {
    return std::unexpected(InvalidArgument("must be at least 1", "options.max_iterations"));
  }
  if (!(options.tolerance >= 0)) {
    return std::unexpected(InvalidArgument("must not be negative", "options.tolerance"));
  }
  if (!(options.initial_prior > 0 && options.initial_prior < 1)) {
    return std::unexpected(InvalidArgument("must be in (0, 1)", "options.initial_prior"));
  }
  if (!(options.initial_m_top > 0 && options.initial_m_top < 1)) {
    return std::unexpected(InvalidArgument("must be in (0, 1)", "options.initial_m_top"));
  }
  int64_t total = 0;
  std::vector<bool> observed(comparisons.size(), false);
  for (size_t i = 0; i < patterns.size(); ++i) {
    Status status = CheckPattern(comparisons, patterns[i].pattern);
    if (!status.ok()) {
      status.Prepend(fmt::format("patterns[{}]", i));
      return std::unexpected(std::move(status));
    }
    if (patterns[i].count < 0) {
      return std::unexpected(
          InvalidArgument("a count must not be negative", fmt::format("patterns[{}].count", i)));
    }
    total += patterns[i].count;
    for (size_t k = 0; k < comparisons.size(); ++k) {
      if (patterns[i].count > 0 && patterns[i].pattern[k] != kMissing) observed[k] = true;
    }
  }
  if (total == 0) return std::unexpected(InvalidArgument("no candidate pairs", "patterns"));

  CIVHARM_ASSIGN_OR_RETURN(Model model, StartingModel(comparisons, patterns, options));
  EmResult result;
  std::vector<double> posterior(patterns.size());
  while (result.iterations < options.max_iterations) {
    ++result.iterations;
    LogLikelihood(model, patterns, &posterior);
    Model next = Maximise(model, patterns, posterior, options.fix_u, options.free_u);
    const double change = LargestChange(model, next);
    model = std::move(next);
    if (change < options.tolerance) {
      result.converged = true;
      break;
    }
  }

  // With u fixed from elsewhere the classes cannot swap.
  if (!options.fix_u && HighLevelMass(model.u, observed) > HighLevelMass(model.m, observed)) {
    std::swap(model.m, model.u);
    model.prior = 1 - model.prior;
  }
  result.log_likelihood = LogLikelihood(model, patterns, nullptr);
  model.comparisons = std::move(comparisons);
  result.model = std::move(model);
  return result;
}

Model RefineWithLabels(const Model& model, std::span<const Pattern> patterns,
                       std::span<const bool> is_match, double weight_of_labels) {
  const double w = std::isnan(weight_of_labels) ? 0 : std::clamp(weight_of_labels, 0.0, 1.0);
  if (w == 0) return model;
  const size_t n_comparisons = model.comparisons.size();
  std::vector<std::vector<double>> match_counts(n_comparisons), non_match_counts(n_comparisons);
  for (size_t k = 0; k < n_comparisons; ++k) {
    match_counts[k].assign(model.comparisons[k].level_labels.size(), 0.0);
    non_match_counts[k].assign(model.comparisons[k].level_labels.size(), 0.0);
  }
  const size_t n_pairs = std::min(patterns.size(), is_match.size());
  for (size_t i = 0; i < n_pairs; ++i) {
    if (!CheckPattern(model.comparisons, patterns[i]).ok()) continue;
    auto& counts = is_match[i] ? match_counts : non_match_counts;
    for (size_t k = 0; k < n_comparisons; ++k) {
      if (patterns[i][k] != kMissing) counts[k][patterns[i][k]] += 1;
    }
  }

  Model out = model;
  // (1 − w)·estimate + w·(Laplace-smoothed labelled shares), when there are labels to use and
  // the estimate has the comparison's shape.
  auto blend = [w](std::vector<double>& estimate, const std::vector<double>& counts) {
    double n = 0;
    for (double c : counts) n += c;
    if (n == 0 || estimate.size() != counts.size()) return;
    const double denominator = n + static_cast<double>(counts.size());
    for (size_t l = 0; l < counts.size(); ++l) {
      estimate[l] = (1 - w) * estimate[l] + w * (counts[l] + 1) / denominator;
    }
    FloorAndNormalise(estimate);
  };
  for (size_t k = 0; k < n_comparisons && k < out.m.size() && k < out.u.size(); ++k) {
    blend(out.m[k], match_counts[k]);
    blend(out.u[k], non_match_counts[k]);
  }
  return out;
}

double PriorWeight(const Model& model) {
  const double prior = ClampProbability(model.prior);
  return std::log2(prior / (1 - prior));
}

double MatchWeight(const Model& model, const Pattern& pattern) {
  double evidence = 0;
  for (size_t k = 0; k < model.comparisons.size(); ++k) {
    const int level = LevelOf(model, pattern, k);
    if (level != kMissing) evidence += WeightOfLevel(model, k, level);
  }
  return PriorWeight(model) + evidence;
}

double MatchProbability(const Model& model, const Pattern& pattern) {
  return 1 / (1 + std::exp2(-MatchWeight(model, pattern)));
}

std::vector<Term> Explain(const Model& model, const Pattern& pattern) {
  std::vector<Term> terms;
  terms.reserve(model.comparisons.size());
  for (size_t k = 0; k < model.comparisons.size(); ++k) {
    const Comparison& comparison = model.comparisons[k];
    const int level = LevelOf(model, pattern, k);
    if (level == kMissing) {
      terms.push_back({comparison.name, "missing", 0});
      continue;
    }
    const size_t l = static_cast<size_t>(level);
    std::string label =
        l < comparison.level_labels.size() ? comparison.level_labels[l] : std::to_string(level);
    terms.push_back({comparison.name, std::move(label), WeightOfLevel(model, k, level)});
  }
  return terms;
}

double LevelWeight(const Model& model, size_t comparison, int8_t level) {
  if (comparison >= model.comparisons.size()) return 0;
  const int fitting = FittingLevel(model, comparison, level);
  return fitting == kMissing ? 0 : WeightOfLevel(model, comparison, fitting);
}

double TermFrequencyAdjustment(const Model& model, size_t comparison, double value_frequency) {
  if (comparison >= model.comparisons.size() || comparison >= model.u.size() ||
      model.u[comparison].empty()) {
    return 0;
  }
  if (std::isnan(value_frequency)) return 0;
  const double f = std::clamp(value_frequency, 1e-9, 1.0);
  return std::log2(ClampProbability(model.u[comparison].back()) / f);
}

}  // namespace civharm::linkage
