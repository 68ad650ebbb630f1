// The Fellegi–Sunter model of record linkage: how strongly the agreement pattern of a candidate
// pair of records says "same event" (or "same person"), learned without labels by EM.
//
// Each candidate pair is compared on a few fields; each comparison puts the pair on one of L ≥ 2
// agreement levels, 0 = least similar … L−1 = most similar (date: 0 more than a week apart,
// 1 two to seven days apart, 2 one day apart, 3 same day), or kMissing when either record lacks
// the value. Under conditional independence of the comparisons given the match status, the
// evidence of a pattern γ is the likelihood ratio Π_k m_k(γ_k) / u_k(γ_k), where
//   m_k(l) = P(comparison k at level l | the pair is a match),
//   u_k(l) = P(comparison k at level l | the pair is a non-match),
// and its log2, the match weight, is a sum of one term per comparison (Fellegi & Sunter 1969).
// m, u and the share of matches among candidate pairs (the prior) are estimated from the
// unlabelled patterns by expectation–maximisation (Winkler 1988; Jaro 1989):
//
//   std::vector<Comparison> comparisons = {
//       {"date", {"over a week apart", "2–7 days apart", "1 day apart", "same day"}},
//       {"place", {"over 10 km apart", "2–10 km apart", "within 2 km"}}};
//   std::vector<Pattern> patterns = ...;  // one per candidate pair, e.g. {3, kMissing}
//   CIVHARM_ASSIGN_OR_RETURN(EmResult fit,
//                            EstimateEm(comparisons, CountPatterns(patterns), EmOptions{}));
//   double w = MatchWeight(fit.model, {3, 2});          // log2 likelihood ratio + prior weight
//   for (const Term& t : Explain(fit.model, {3, 0}))    // "date: same day: +4.1",
//     fmt::print("{}: {}: {:+.1f}\n", t.comparison, t.level, t.weight);  // "place: ...: −2.3"
//
// References:
//   I. P. Fellegi and A. B. Sunter (1969), "A theory for record linkage", JASA 64:1183–1210.
//   W. E. Winkler (1988), "Using the EM algorithm for weight computation in the Fellegi–Sunter
//     model of record linkage", Proc. Section on Survey Research Methods, ASA, 667–671.
//   M. A. Jaro (1989), "Advances in record-linkage methodology as applied to matching the 1985
//     Census of Tampa, Florida", JASA 84:414–420.
//   W. E. Winkler (1989), "Frequency-based matching in Fellegi–Sunter model of record linkage",
//     Proc. Section on Survey Research Methods, ASA, 778–783.
//
// Pure computation, no I/O, no shared state: every function is safe to call from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace civharm::linkage {

// The level of a comparison whose value is absent on either side: it contributes nothing to the
// weight and is skipped when estimating.
inline constexpr int8_t kMissing = -1;

// The smallest probability the estimates may take (and 1 − it the largest), so that every
// log2(m/u) stays finite: a level never seen among matches is very strong, not infinite,
// evidence against.
inline constexpr double kMinProbability = 1e-6;

// One comparison of a candidate pair: a name and a label per agreement level, least similar
// first. level_labels.size() is the number of levels L (2…127).
struct Comparison {
  std::string name{};                       // "date"
  std::vector<std::string> level_labels{};  // {"over a week apart", …, "same day"}
};

// The level of each comparison for one pair, in the order of the comparisons, or kMissing.
using Pattern = std::vector<int8_t>;

// A distinct pattern and how many candidate pairs have it. A million pairs typically have a few
// hundred distinct patterns, so estimation works on these.
struct PatternCount {
  Pattern pattern{};
  int64_t count = 0;
  friend bool operator==(const PatternCount&, const PatternCount&) = default;
};

// The distinct patterns with their counts, sorted by pattern (lexicographically).
std::vector<PatternCount> CountPatterns(std::span<const Pattern> patterns);

// InvalidArgument unless `pattern` has one entry per comparison, each kMissing or a level of
// that comparison.
Status CheckPattern(std::span<const Comparison> comparisons, const Pattern& pattern);

// The fitted model. m[k] and u[k] hold one probability per level of comparisons[k], each summing
// to 1; prior = P(match) among the candidate pairs (not among all pairs of records).
struct Model {
  std::vector<Comparison> comparisons{};
  std::vector<std::vector<double>> m{}, u{};
  double prior = 0.01;
};

struct EmOptions {
  int max_iterations = 1000;  // at least 1
  double tolerance = 1e-7;    // converged once no parameter moves more than this in an iteration
  // The default start: prior `initial_prior`; m puts `initial_m_top` on the top level of each
  // comparison and spreads the rest evenly over the others; u is the share of each level among
  // all candidate pairs (nearly all of which are non-matches).
  double initial_prior = 0.01;  // in (0, 1)
  double initial_m_top = 0.9;   // in (0, 1)
  // Start from this model instead (say last run's fit); its m and u must have the shape of the
  // comparisons being estimated. Its comparisons are not used.
  std::optional<Model> start{};
  // Keep u as `start` gives it and estimate only m and the prior. Candidate pairs come from
  // blocking, which makes non-matches agree on the blocked fields far more often than random
  // pairs do; u estimated from random pairs instead (EstimateU) keeps EM from mistaking "same
  // birth year" for the match class. Requires `start`.
  bool fix_u = false;
  // With fix_u: comparisons whose u is estimated all the same — those that blocking makes agree
  // more often among candidates than among random pairs without making them agree outright
  // (a name blocked on one of its words, say).
  std::vector<size_t> free_u{};
};

// u from pairs drawn at random from all records: nearly all of them are non-matches, so the
// share of each level among them estimates u without the bias blocking brings.
std::vector<std::vector<double>> EstimateU(std::span<const Comparison> comparisons,
                                           std::span<const PatternCount> random_pairs);

struct EmResult {
  Model model{};
  int iterations = 0;      // EM steps run
  bool converged = false;  // false: stopped at max_iterations
  // Σ over pairs of ln P(pattern) = ln(prior·Πm + (1−prior)·Πu) under the returned model, in
  // nats; EM never decreases it from one iteration to the next.
  double log_likelihood = 0;
};

// Fits m, u and the prior to the pattern counts by EM under conditional independence (Winkler
// 1988; Jaro 1989). E step: each pattern's posterior probability of being a match; M step: the
// prior is the mean posterior, m_k(l) the posterior-weighted share of level l among the pairs
// where comparison k is not missing (u likewise with 1 − posterior). Missing levels are skipped
// in both steps; a comparison missing in every pair keeps its starting m and u. Every estimate
// is kept within [kMinProbability, 1 − kMinProbability].
//
// EM cannot tell the two classes apart by name, so afterwards the class whose m puts more mass
// on the high levels (larger mean of level/(L−1), summed over comparisons) is made the match
// class: if it is u, m and u are swapped and the prior becomes 1 − prior.
//
// InvalidArgument when there are no comparisons, a comparison has fewer than 2 or more than 127
// levels, there are no patterns (or all counts are 0), a count is negative, a pattern does not
// fit the comparisons (see CheckPattern), or an option is out of range.
Result<EmResult> EstimateEm(std::vector<Comparison> comparisons,
                            std::span<const PatternCount> patterns, const EmOptions& options);

// Blends `model` with what clerically reviewed pairs say. For each comparison k, the labelled
// matches give the Laplace-smoothed shares m̂_k(l) = (n_k(l) + 1) / (n_k + L_k), where n_k(l)
// counts labelled matches at level l and n_k those where k is not missing; then
//   m_k ← (1 − w)·m_k + w·m̂_k,   w = weight_of_labels clamped to [0, 1],
// and u_k likewise from the labelled non-matches. w = 0 returns the model unchanged, w = 1
// replaces m and u by the labelled estimates. A comparison with no labelled matches (non-matches)
// where it is not missing keeps its m (u). The prior is kept: reviewed pairs are chosen for being
// uncertain, so their share of matches says nothing about the share among all candidates.
//
// patterns[i] is labelled is_match[i]; pairs beyond the shorter span and patterns that do not fit
// the model (CheckPattern) are skipped.
Model RefineWithLabels(const Model& model, std::span<const Pattern> patterns,
                       std::span<const bool> is_match, double weight_of_labels);

// log2(prior / (1 − prior)): the weight of a pair before any comparison is looked at. Here and
// below, probabilities are clamped into [kMinProbability, 1 − kMinProbability] so every weight
// is finite, whatever the model holds.
double PriorWeight(const Model& model);

// PriorWeight(model) + Σ log2(m_k(l) / u_k(l)) over the comparisons k not missing in `pattern`.
// Positive means more likely a match than not. `pattern` should fit the model (CheckPattern);
// entries that do not (out-of-range levels, extra entries) are treated as missing.
double MatchWeight(const Model& model, const Pattern& pattern);

// P(match | pattern) = 1 / (1 + 2^−MatchWeight), in [0, 1].
double MatchProbability(const Model& model, const Pattern& pattern);

// One comparison's contribution to a pair's weight.
struct Term {
  std::string comparison{};  // "date"
  std::string level{};       // "same day", or "missing"
  double weight = 0;         // log2(m/u); 0 when missing
};

// One term per comparison, in order, so a UI can print "date: same day: +4.1, place: within
// 2 km: +2.0, weapon: differs: −1.2". The weights sum to MatchWeight − PriorWeight. Same
// treatment of entries that do not fit as MatchWeight.
std::vector<Term> Explain(const Model& model, const Pattern& pattern);

// log2(m_k(l) / u_k(l)) for comparison k at level l: the weight Explain gives that term, 0 when
// the level is kMissing or not a level of the comparison. A caller scoring millions of pairs can
// tabulate it once per level instead of calling Explain per pair.
double LevelWeight(const Model& model, size_t comparison, int8_t level);

// The weight to ADD to MatchWeight when comparison k is at its top (exact-agreement) level and
// the agreed value has relative frequency f among the records, f clamped into [1e-9, 1]:
//   log2(u_k(top) / f).
// That is, u_k(top) — the chance two random records agree on some value — is replaced by f, the
// chance they agree on this one (Winkler 1989; Splink's term-frequency adjustment). A common
// value (f > u_k(top)) lowers the weight, a rare one raises it. 0 when k is not a comparison of
// the model.
double TermFrequencyAdjustment(const Model& model, size_t comparison, double value_frequency);

}  // namespace civharm::linkage
