#include "linkage/fellegi_sunter.h"

#include <cmath>
#include <map>
#include <memory>
#include <random>

#include <gtest/gtest.h>

namespace civharm::linkage {
namespace {

// The parameters synthetic pairs are drawn from: 3 comparisons with 2, 3 and 4 levels.
struct Truth {
  std::vector<std::vector<double>> m, u;
  double prior = 0;
};

Truth KnownTruth() {
  return {.m = {{0.1, 0.9}, {0.05, 0.15, 0.8}, {0.05, 0.1, 0.25, 0.6}},
          .u = {{0.8, 0.2}, {0.6, 0.3, 0.1}, {0.5, 0.3, 0.15, 0.05}},
          .prior = 0.05};
}

std::vector<Comparison> ThreeComparisons() {
  return {{"name", {"differs", "same"}},
          {"date", {"over a week apart", "2–7 days apart", "same day"}},
          {"place", {"over 10 km", "2–10 km", "0.5–2 km", "within 0.5 km"}}};
}

// The distinct patterns of `n` pairs drawn from `truth` with a fixed seed; each level is replaced
// by kMissing with probability missing_rate[k], independently of everything else.
std::vector<PatternCount> Simulate(const Truth& truth, int n,
                                   std::vector<double> missing_rate = {}) {
  std::mt19937 rng(20240611);
  std::bernoulli_distribution is_match(truth.prior);
  std::vector<std::discrete_distribution<int>> match_level, non_match_level;
  std::vector<std::bernoulli_distribution> is_missing;
  missing_rate.resize(truth.m.size(), 0.0);
  for (size_t k = 0; k < truth.m.size(); ++k) {
    match_level.emplace_back(truth.m[k].begin(), truth.m[k].end());
    non_match_level.emplace_back(truth.u[k].begin(), truth.u[k].end());
    is_missing.emplace_back(missing_rate[k]);
  }
  std::map<Pattern, int64_t> counts;
  Pattern p(truth.m.size());
  for (int i = 0; i < n; ++i) {
    auto& level = is_match(rng) ? match_level : non_match_level;
    for (size_t k = 0; k < p.size(); ++k) {
      const int l = level[k](rng);
      p[k] = is_missing[k](rng) ? kMissing : static_cast<int8_t>(l);
    }
    ++counts[p];
  }
  std::vector<PatternCount> out;
  for (const auto& [pattern, count] : counts) out.push_back({pattern, count});
  return out;
}

void ExpectRecovers(const Model& model, const Truth& truth, double tolerance) {
  EXPECT_NEAR(model.prior, truth.prior, 0.01);
  for (size_t k = 0; k < truth.m.size(); ++k) {
    for (size_t l = 0; l < truth.m[k].size(); ++l) {
      EXPECT_NEAR(model.m[k][l], truth.m[k][l], tolerance)
          << "m, comparison " << k << " level " << l;
      EXPECT_NEAR(model.u[k][l], truth.u[k][l], tolerance)
          << "u, comparison " << k << " level " << l;
    }
  }
}

// m = {{0.2, 0.8}, {0.1, 0.3, 0.6}}, u = {{0.9, 0.1}, {0.7, 0.2, 0.1}}, prior 0.1: weights whose
// logs are easy to check by hand.
Model SmallModel() {
  Model model;
  model.comparisons = {{"weapon", {"differs", "same"}}, {"date", {"far", "near", "same day"}}};
  model.m = {{0.2, 0.8}, {0.1, 0.3, 0.6}};
  model.u = {{0.9, 0.1}, {0.7, 0.2, 0.1}};
  model.prior = 0.1;
  return model;
}

TEST(FellegiSunterTest, CountPatternsGroupsEqualPatterns) {
  const std::vector<Pattern> patterns = {{1, 0}, {0, kMissing}, {1, 0}, {1, 0}, {0, kMissing}};
  const std::vector<PatternCount> expected = {{{0, kMissing}, 2}, {{1, 0}, 3}};
  EXPECT_EQ(CountPatterns(patterns), expected);
  EXPECT_TRUE(CountPatterns({}).empty());
}

// A million candidate pairs (50,000 matches), which is what EM is for. With 20,000 pairs the
// estimates of m scatter by about 0.02 from sample to sample (only 1,000 matches, whose class is
// itself inferred), so a 0.02 tolerance would test the seed rather than the maths.
constexpr int kPairs = 1'000'000;

TEST(FellegiSunterTest, EmRecoversKnownParameters) {
  const Truth truth = KnownTruth();
  const std::vector<PatternCount> counts = Simulate(truth, kPairs);
  ASSERT_LE(counts.size(), 24u);  // 2·3·4 distinct patterns at most
  const auto fit = EstimateEm(ThreeComparisons(), counts, EmOptions{});
  ASSERT_TRUE(fit) << fit.error().ToString();
  EXPECT_TRUE(fit->converged);
  EXPECT_GT(fit->iterations, 1);
  EXPECT_LT(fit->iterations, EmOptions{}.max_iterations);
  EXPECT_EQ(fit->model.comparisons[2].name, "place");
  ExpectRecovers(fit->model, truth, 0.02);
}

TEST(FellegiSunterTest, WithUFixedFromRandomPairsEmEstimatesOnlyMAndThePrior) {
  const Truth truth = KnownTruth();
  // Random pairs: non-matches only, so their level shares are u.
  Truth non_matches = truth;
  non_matches.prior = 0;
  const std::vector<std::vector<double>> u =
      EstimateU(ThreeComparisons(), Simulate(non_matches, kPairs));
  for (size_t k = 0; k < u.size(); ++k) {
    for (size_t l = 0; l < u[k].size(); ++l) EXPECT_NEAR(u[k][l], truth.u[k][l], 0.005);
  }
  EmOptions options;
  options.fix_u = true;
  EXPECT_FALSE(EstimateEm(ThreeComparisons(), Simulate(truth, 1000), options))
      << "fixing u needs a start model";
  Model start{.comparisons = ThreeComparisons(), .u = u, .prior = 0.01};
  for (const Comparison& c : start.comparisons) {
    std::vector<double> m(c.level_labels.size(),
                          0.1 / static_cast<double>(c.level_labels.size() - 1));
    m.back() = 0.9;
    start.m.push_back(m);
  }
  options.start = start;
  const auto fit = EstimateEm(ThreeComparisons(), Simulate(truth, kPairs), options);
  ASSERT_TRUE(fit) << fit.error().ToString();
  for (size_t k = 0; k < u.size(); ++k) {
    for (size_t l = 0; l < u[k].size(); ++l) {
      EXPECT_NEAR(fit->model.u[k][l], u[k][l], 1e-12) << "u stays as given";
    }
  }
  ExpectRecovers(fit->model, truth, 0.02);
}

TEST(FellegiSunterTest, EmRecoversExactParametersFromExpectedCounts) {
  // Counts proportional to the model's own pattern probabilities: no sampling noise, so the
  // maximum-likelihood fit is the truth itself (up to rounding the counts).
  const Truth truth = KnownTruth();
  std::vector<PatternCount> counts;
  for (int8_t a = 0; a < 2; ++a) {
    for (int8_t b = 0; b < 3; ++b) {
      for (int8_t c = 0; c < 4; ++c) {
        const double p = truth.prior * truth.m[0][a] * truth.m[1][b] * truth.m[2][c] +
                         (1 - truth.prior) * truth.u[0][a] * truth.u[1][b] * truth.u[2][c];
        counts.push_back({{a, b, c}, std::llround(1e9 * p)});
      }
    }
  }
  EmOptions options;
  options.tolerance = 1e-10;
  options.max_iterations = 100'000;
  const auto fit = EstimateEm(ThreeComparisons(), counts, options);
  ASSERT_TRUE(fit) << fit.error().ToString();
  EXPECT_TRUE(fit->converged);
  EXPECT_NEAR(fit->model.prior, truth.prior, 1e-4);
  ExpectRecovers(fit->model, truth, 1e-3);
}

TEST(FellegiSunterTest, EmLogLikelihoodNeverDecreases) {
  const auto counts = Simulate(KnownTruth(), 5000);
  double previous = -INFINITY;
  for (int iterations : {1, 2, 3, 5, 10, 20, 50, 200}) {
    EmOptions options;
    options.max_iterations = iterations;
    options.tolerance = 0;
    const auto fit = EstimateEm(ThreeComparisons(), counts, options);
    ASSERT_TRUE(fit);
    EXPECT_EQ(fit->iterations, iterations);
    EXPECT_FALSE(fit->converged);
    EXPECT_GE(fit->log_likelihood, previous - 1e-9) << iterations << " iterations";
    previous = fit->log_likelihood;
  }
}

TEST(FellegiSunterTest, EmStartedOnSwappedLabelsStillCallsMatchesMatches) {
  const Truth truth = KnownTruth();
  const auto counts = Simulate(truth, kPairs);
  // Start at the mirror image of the truth, where EM fits class "match" to the 95% of pairs whose
  // levels are low; the result must be turned the right way round.
  EmOptions options;
  options.start = Model{.comparisons = {}, .m = truth.u, .u = truth.m, .prior = 1 - truth.prior};
  const auto fit = EstimateEm(ThreeComparisons(), counts, options);
  ASSERT_TRUE(fit) << fit.error().ToString();
  EXPECT_TRUE(fit->converged);
  ExpectRecovers(fit->model, truth, 0.02);
  EXPECT_GT(MatchWeight(fit->model, {1, 2, 3}), 0);
  EXPECT_LT(MatchWeight(fit->model, {0, 0, 0}), 0);

  // After a single step from there the classes are surely still mirrored: only the final swap
  // can make the prior small.
  options.max_iterations = 1;
  const auto one_step = EstimateEm(ThreeComparisons(), counts, options);
  ASSERT_TRUE(one_step);
  EXPECT_LT(one_step->model.prior, 0.1);
  EXPECT_GT(one_step->model.m[0][1], one_step->model.u[0][1]);

  // The same fit as from the default start, to within EM's tolerance.
  const auto plain = EstimateEm(ThreeComparisons(), counts, EmOptions{});
  ASSERT_TRUE(plain);
  EXPECT_NEAR(fit->model.prior, plain->model.prior, 1e-4);
  EXPECT_NEAR(fit->log_likelihood, plain->log_likelihood, 1e-2);
}

TEST(FellegiSunterTest, EmSkipsMissingLevels) {
  const Truth truth = KnownTruth();
  // Date missing for 30% of pairs, place for 10%, at random: the estimates stay unbiased.
  const auto counts = Simulate(truth, kPairs, {0.0, 0.3, 0.1});
  const auto fit = EstimateEm(ThreeComparisons(), counts, EmOptions{});
  ASSERT_TRUE(fit) << fit.error().ToString();
  ExpectRecovers(fit->model, truth, 0.02);

  // A fourth comparison missing in every pair changes nothing and keeps its starting values.
  auto comparisons = ThreeComparisons();
  comparisons.push_back({"victim age", {"differs", "same"}});
  std::vector<PatternCount> extended = counts;
  for (PatternCount& pc : extended) pc.pattern.push_back(kMissing);
  const auto with_extra = EstimateEm(comparisons, extended, EmOptions{});
  ASSERT_TRUE(with_extra) << with_extra.error().ToString();
  EXPECT_EQ(with_extra->iterations, fit->iterations);
  EXPECT_NEAR(with_extra->log_likelihood, fit->log_likelihood, 1e-6);
  EXPECT_NEAR(with_extra->model.prior, fit->model.prior, 1e-12);
  for (size_t k = 0; k < 3; ++k) {
    for (size_t l = 0; l < fit->model.m[k].size(); ++l) {
      EXPECT_NEAR(with_extra->model.m[k][l], fit->model.m[k][l], 1e-12);
      EXPECT_NEAR(with_extra->model.u[k][l], fit->model.u[k][l], 1e-12);
    }
  }
  EXPECT_NEAR(with_extra->model.m[3][1], 0.9, 1e-12);  // EmOptions::initial_m_top
  EXPECT_NEAR(with_extra->model.u[3][1], 0.5, 1e-12);  // no data: uniform
}

TEST(FellegiSunterTest, EmKeepsProbabilitiesAwayFromZeroAndOne) {
  // Name agreement is perfect evidence here: level 1 only ever occurs with date level 2, level 0
  // never does. Unclamped, EM would drive some probabilities to 0 and weights to ±infinity.
  std::vector<PatternCount> counts = {
      {{1, 2, 3}, 300}, {{0, 0, 0}, 5000}, {{0, 1, 0}, 2000}, {{0, 0, 1}, 1500}};
  const auto fit = EstimateEm(ThreeComparisons(), counts, EmOptions{});
  ASSERT_TRUE(fit) << fit.error().ToString();
  for (const auto* table : {&fit->model.m, &fit->model.u}) {
    for (const auto& levels : *table) {
      double sum = 0;
      for (double p : levels) {
        EXPECT_GE(p, kMinProbability * (1 - 1e-12));
        EXPECT_LE(p, 1 - kMinProbability);
        sum += p;
      }
      EXPECT_NEAR(sum, 1, 1e-12);
    }
  }
  EXPECT_GE(fit->model.prior, kMinProbability);
  EXPECT_TRUE(std::isfinite(MatchWeight(fit->model, {1, 0, 0})));
  EXPECT_TRUE(std::isfinite(MatchWeight(fit->model, {0, 2, 3})));
  EXPECT_GT(MatchProbability(fit->model, {1, 2, 3}), 0.999);
  EXPECT_LT(MatchProbability(fit->model, {0, 0, 0}), 0.001);
}

TEST(FellegiSunterTest, EmRefusesMalformedInput) {
  const std::vector<PatternCount> good = {{{1, 2, 3}, 10}, {{0, 0, 0}, 90}};
  auto code = [](const Result<EmResult>& r) { return r ? ErrorCode::kOk : r.error().code(); };
  EXPECT_EQ(code(EstimateEm(ThreeComparisons(), good, EmOptions{})), ErrorCode::kOk);
  EXPECT_EQ(code(EstimateEm({}, good, EmOptions{})), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(EstimateEm({{"name", {"only level"}}}, std::vector<PatternCount>{{{0}, 1}},
                            EmOptions{})),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(EstimateEm(ThreeComparisons(), {}, EmOptions{})), ErrorCode::kInvalidArgument);

  const std::vector<std::vector<PatternCount>> bad = {
      {{{1, 2}, 10}},        // too short
      {{{1, 2, 3, 0}, 10}},  // too long
      {{{2, 2, 3}, 10}},     // name has levels 0..1
      {{{1, 2, 4}, 10}},     // place has levels 0..3
      {{{-2, 2, 3}, 10}},    // below kMissing
      {{{1, 2, 3}, -1}},     // negative count
      {{{1, 2, 3}, 0}},      // no pairs at all
  };
  for (const auto& patterns : bad) {
    const auto fit = EstimateEm(ThreeComparisons(), patterns, EmOptions{});
    ASSERT_FALSE(fit);
    EXPECT_EQ(fit.error().code(), ErrorCode::kInvalidArgument) << fit.error().ToString();
  }
  const auto out_of_range = EstimateEm(ThreeComparisons(), bad[3], EmOptions{});
  EXPECT_EQ(out_of_range.error().field(), "pattern[2]");

  EmOptions options;
  options.max_iterations = 0;
  EXPECT_EQ(code(EstimateEm(ThreeComparisons(), good, options)), ErrorCode::kInvalidArgument);
  options = {};
  options.initial_prior = 1;
  EXPECT_EQ(code(EstimateEm(ThreeComparisons(), good, options)), ErrorCode::kInvalidArgument);
  options = {};
  options.start = SmallModel();  // two comparisons, not three
  EXPECT_EQ(code(EstimateEm(ThreeComparisons(), good, options)), ErrorCode::kInvalidArgument);
}

TEST(FellegiSunterTest, CheckPatternNamesTheBadEntry) {
  const auto comparisons = ThreeComparisons();
  EXPECT_TRUE(CheckPattern(comparisons, {1, kMissing, 3}).ok());
  EXPECT_EQ(CheckPattern(comparisons, {1, 3, 3}).field(), "pattern[1]");
  EXPECT_EQ(CheckPattern(comparisons, {1}).code(), ErrorCode::kInvalidArgument);
}

TEST(FellegiSunterTest, WeightsAreSumsOfLog2LikelihoodRatios) {
  const Model model = SmallModel();
  // log2(0.1/0.9) = −3.169925…, log2(0.8/0.1) = 3, log2(0.6/0.1) = log2(6) = 2.584963…
  EXPECT_NEAR(PriorWeight(model), -3.1699250014423126, 1e-12);
  EXPECT_NEAR(MatchWeight(model, {1, 2}), -3.1699250014423126 + 3 + 2.5849625007211563, 1e-12);
  // log2(0.2/0.9) = −2.169925…, log2(0.3/0.2) = 0.584963…
  EXPECT_NEAR(MatchWeight(model, {0, 1}),
              -3.1699250014423126 - 2.1699250014423126 + 0.5849625007211562, 1e-12);
  // Odds 1/9 · 8 · 6 = 16/3, so P = 16/19.
  EXPECT_NEAR(MatchProbability(model, {1, 2}), 16.0 / 19.0, 1e-12);
}

TEST(FellegiSunterTest, MissingComparisonsContributeNothing) {
  const Model model = SmallModel();
  EXPECT_NEAR(MatchWeight(model, {1, kMissing}), PriorWeight(model) + 3, 1e-12);
  EXPECT_NEAR(MatchWeight(model, {kMissing, kMissing}), PriorWeight(model), 1e-12);
  EXPECT_NEAR(MatchProbability(model, {kMissing, kMissing}), 0.1, 1e-12);
  // Entries that do not fit are read as missing rather than indexing out of bounds.
  EXPECT_NEAR(MatchWeight(model, {1, 7}), PriorWeight(model) + 3, 1e-12);
  EXPECT_NEAR(MatchWeight(model, {1}), PriorWeight(model) + 3, 1e-12);
}

TEST(FellegiSunterTest, ExplainGivesOneLabelledTermPerComparison) {
  const Model model = SmallModel();
  const std::vector<Term> terms = Explain(model, {0, 2});
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].comparison, "weapon");
  EXPECT_EQ(terms[0].level, "differs");
  EXPECT_NEAR(terms[0].weight, std::log2(0.2 / 0.9), 1e-12);
  EXPECT_EQ(terms[1].comparison, "date");
  EXPECT_EQ(terms[1].level, "same day");
  EXPECT_NEAR(terms[1].weight, std::log2(6.0), 1e-12);

  const std::vector<Term> missing = Explain(model, {kMissing, 1});
  EXPECT_EQ(missing[0].level, "missing");
  EXPECT_EQ(missing[0].weight, 0);

  for (const Pattern& p : std::vector<Pattern>{{0, 0}, {1, 1}, {kMissing, 2}, {1, kMissing}}) {
    double sum = 0;
    for (const Term& t : Explain(model, p)) sum += t.weight;
    EXPECT_NEAR(sum, MatchWeight(model, p) - PriorWeight(model), 1e-12);
  }
}

TEST(FellegiSunterTest, LevelWeightIsExplainsTermForThatLevel) {
  const Model model = SmallModel();
  for (int8_t weapon = 0; weapon < 2; ++weapon) {
    for (int8_t date = 0; date < 3; ++date) {
      const std::vector<Term> terms = Explain(model, {weapon, date});
      EXPECT_EQ(LevelWeight(model, 0, weapon), terms[0].weight);  // bit for bit
      EXPECT_EQ(LevelWeight(model, 1, date), terms[1].weight);
    }
  }
  EXPECT_NEAR(LevelWeight(model, 1, 2), std::log2(6.0), 1e-12);
  EXPECT_EQ(LevelWeight(model, 0, kMissing), 0);
  EXPECT_EQ(LevelWeight(model, 0, 2), 0);  // weapon has levels 0 and 1 only
  EXPECT_EQ(LevelWeight(model, 2, 0), 0);  // there is no third comparison
}

TEST(FellegiSunterTest, RefineWithLabelsBlendsLaplaceSmoothedShares) {
  const Model model = SmallModel();
  // 10 labelled matches, all with weapon "differs" and date "same day"; 2 labelled non-matches,
  // date missing in one.
  const std::vector<Pattern> patterns = {{0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2},
                                         {0, 2}, {0, 2}, {0, 2}, {0, 2}, {1, 0}, {1, kMissing}};
  auto is_match = std::make_unique<bool[]>(patterns.size());
  for (size_t i = 0; i < 10; ++i) is_match[i] = true;
  const std::span<const bool> labels(is_match.get(), patterns.size());

  const Model half = RefineWithLabels(model, patterns, labels, 0.5);
  // Labelled m for weapon: (10 + 1) / (10 + 2) on "differs", (0 + 1) / 12 on "same".
  EXPECT_NEAR(half.m[0][0], 0.5 * 0.2 + 0.5 * 11.0 / 12.0, 1e-12);
  EXPECT_NEAR(half.m[0][1], 0.5 * 0.8 + 0.5 * 1.0 / 12.0, 1e-12);
  EXPECT_NEAR(half.m[1][2], 0.5 * 0.6 + 0.5 * 11.0 / 13.0, 1e-12);
  // Labelled u for weapon: 2 non-matches at "same": 1/4 and 3/4; for date 1 of 1 at "far".
  EXPECT_NEAR(half.u[0][1], 0.5 * 0.1 + 0.5 * 3.0 / 4.0, 1e-12);
  EXPECT_NEAR(half.u[1][0], 0.5 * 0.7 + 0.5 * 2.0 / 4.0, 1e-12);
  EXPECT_EQ(half.prior, model.prior);
  EXPECT_GT(half.m[0][0], model.m[0][0]);  // toward what the labels show

  const Model labels_only = RefineWithLabels(model, patterns, labels, 1.0);
  EXPECT_NEAR(labels_only.m[0][0], 11.0 / 12.0, 1e-12);
  const Model unchanged = RefineWithLabels(model, patterns, labels, 0.0);
  EXPECT_EQ(unchanged.m, model.m);
  EXPECT_EQ(unchanged.u, model.u);

  // No labelled non-matches: u is kept as it was.
  const Model matches_only =
      RefineWithLabels(model, std::span(patterns).first(10), labels.first(10), 0.5);
  EXPECT_EQ(matches_only.u, model.u);
  EXPECT_NEAR(matches_only.m[0][0], half.m[0][0], 1e-12);
}

TEST(FellegiSunterTest, TermFrequencyAdjustmentReplacesUTopByTheValuesFrequency) {
  const Model model = SmallModel();                                 // u_top of weapon = 0.1
  EXPECT_NEAR(TermFrequencyAdjustment(model, 0, 0.4), -2, 1e-12);   // common: weaker evidence
  EXPECT_NEAR(TermFrequencyAdjustment(model, 0, 0.025), 2, 1e-12);  // rare: stronger
  EXPECT_NEAR(TermFrequencyAdjustment(model, 0, 0.1), 0, 1e-12);
  EXPECT_NEAR(TermFrequencyAdjustment(model, 0, 0), std::log2(0.1 / 1e-9), 1e-9);
  EXPECT_NEAR(TermFrequencyAdjustment(model, 0, 3), std::log2(0.1), 1e-12);
  EXPECT_EQ(TermFrequencyAdjustment(model, 5, 0.4), 0);
  // Adjusted weight = the weight with u_top replaced by f: log2(m_top / f).
  EXPECT_NEAR(MatchWeight(model, {1, kMissing}) + TermFrequencyAdjustment(model, 0, 0.4),
              PriorWeight(model) + std::log2(0.8 / 0.4), 1e-12);
}

}  // namespace
}  // namespace civharm::linkage
