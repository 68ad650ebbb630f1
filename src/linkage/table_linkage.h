// Linking rows of text fields — people on victim lists, rows of a partner's spreadsheet — with
// the pieces of this library put together: one comparison per field giving agreement levels,
// blocking rules over fields, Fellegi–Sunter models estimated without labels (u from random
// pairs, m by EM within each blocking rule's candidates, the rule's own fields left out), a
// match weight per pair that can be explained field by field, and clusters at a threshold,
// optionally with at most one record per source list. The method is in docs/METHODS.md.
//
//   std::vector<FieldComparison> fields = {
//       {.name = "surname", .column = 2, .measure = Measure::kJaroWinkler,
//        .thresholds = {0.88, 0.94}, .term_frequency = true},
//       {.name = "date of birth", .column = 9, .measure = Measure::kLevenshtein, .thresholds =
//       {1}}};
//   TableLinkOptions options;
//   options.blocking = {{2}, {9}};
//   CIVHARM_ASSIGN_OR_RETURN(LinkResult r, Deduplicate(rows, fields, options));
//   for (size_t i = 0; i < r.pairs.size(); ++i)      // "surname: equal: +6.2", …
//     Print(Explain(r.fits[r.pairs[i].rule].model, r.PatternOf(i)));
//
// Values are compared after NormalizeName (case, diacritics, Arabic letter variants, spacing);
// an empty value is missing and counts neither for nor against.
//
// At scale: a million rows can give tens of millions of candidate pairs, and memory goes to
// them — 12 bytes a candidate for the pair and the rules that proposed it, 8 more per rule
// while blocking, and one byte per comparison for its levels while it is scored (table_values.h
// holds each distinct value once; patterns are counted for EM without a vector per pair). Set
// keep_probability to keep only the pairs worth showing. Time and memory grow with the candidates,
// which the blocking rules decide: a rule on one common field (a given name, a postcode) pairs
// every two rows sharing it, so at scale block on such a field together with another
// (Candidates.rules reports each rule's pairs and largest block). Comparisons run on all cores (up
// to 8) once there are more than 65,536 candidates; results do not depend on how many.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/blocking.h"
#include "linkage/fellegi_sunter.h"

namespace civharm::linkage {

enum class Measure {
  kExact,         // levels: different, equal
  kJaroWinkler,   // similarity ≥ each threshold (ascending), then equal
  kLevenshtein,   // edit distance ≤ each threshold (descending), then equal
  kTokenJaccard,  // token-set overlap ≥ each threshold (ascending), then equal
  kNumber,        // |a − b| ≤ each threshold (descending), then equal; non-numbers are missing
};

struct FieldComparison {
  std::string name;
  size_t column = 0;
  Measure measure = Measure::kExact;
  // The intermediate levels, from least to most similar. Level 0 is "none of these", the top
  // level is equality; so a comparison has thresholds.size() + 2 levels.
  std::vector<double> thresholds;
  // Adjust the weight of exact agreement by how common the agreed value is.
  bool term_frequency = false;
};

struct TableLinkOptions {
  // Blocking rules: each is a list of columns whose normalised values, joined, form the key.
  // A record with any of them empty gets no key from that rule.
  std::vector<std::vector<size_t>> blocking;
  // (derived, source): column `derived` is made from column `source` (a name's first word, say).
  // Blocking on `derived` makes the comparisons of `source` agree more often among candidates
  // than among random pairs, so within such a rule their u is estimated by EM rather than fixed.
  std::vector<std::pair<size_t, size_t>> derived_columns;
  // A blocking key shared by more rows than this forms no pairs (a block of n rows is n²/2
  // pairs); its rows are paired only by other rules. Candidates.rules reports such keys.
  size_t max_block = 5000;
  EmOptions em;
  // u is estimated from this many pairs drawn at random, with this seed, so results are
  // reproducible.
  size_t random_pairs = 200000;
  uint64_t seed = 20261122;
  // Pairs whose match probability reaches this are linked.
  double threshold = 0.5;
  // When not empty: the source list of each row; a cluster holds at most one row of each list.
  std::vector<uint32_t> source_of;
  // When not empty: linking two tables stacked in `rows`, side[i] 0 or 1; only pairs across the
  // sides are compared (and u is estimated from random pairs across them).
  std::vector<uint8_t> side;
  // Pairs known to be matches (clerical review, a labelled sample), by row index: the m of each
  // rule's model is refined with the labelled matches among its candidates (RefineWithLabels,
  // with weight label_weight). They are scored like any other pair, not forced together. There
  // is no list of known non-matches: u comes from random pairs, which estimate it without the
  // bias of pairs chosen for review (on Splink's fake_1000, its labelled non-matches — near
  // misses — lowered F1 when they refined u).
  std::vector<std::pair<uint32_t, uint32_t>> labelled_matches;
  double label_weight = 0.5;
  // Which scored pairs LinkResult::pairs keeps: 0, every candidate; above 0, only those whose
  // probability reaches it. A million rows give tens of millions of candidates, nearly all of
  // them plainly different people; a caller that shows only the plausible ones should keep only
  // those. Clusters and fits are the same either way.
  double keep_probability = 0;
};

struct ScoredCandidate {
  uint32_t a = 0, b = 0;
  uint32_t rule = 0;       // the blocking rule whose model gave the probability below
  double weight = 0;       // log2 Bayes factor under that model, term-frequency adjusted
  double probability = 0;  // posterior probability of a match, given the pair is in the block
};

struct LinkResult {
  Candidates candidates;
  // One model per blocking rule, fitted on its candidates without the comparisons of its own
  // columns (they agree by construction inside a block); u from random pairs, m and the share
  // of matches among the rule's candidates by EM.
  std::vector<EmResult> fits;
  // The scored candidates in candidates' order: every one, or only those reaching
  // options.keep_probability when that is above 0.
  std::vector<ScoredCandidate> pairs;
  // The agreement levels of the pairs, flat: pairs[i]'s are levels[i·c … i·c + c) for the c
  // comparisons (one small vector per pair would cost more memory than the levels themselves).
  std::vector<int8_t> levels;
  size_t comparisons = 0;
  std::vector<uint32_t> clusters;  // cluster id per row

  // The agreement levels of pairs[i], for Explain(fits[pairs[i].rule].model, …). Undefined
  // unless i < pairs.size().
  Pattern PatternOf(size_t i) const;
};

// The agreement levels of a pair under each comparison (kMissing when a value is empty).
Pattern ComparePair(const std::vector<std::string>& a, const std::vector<std::string>& b,
                    const std::vector<FieldComparison>& fields);

// Deduplicates `rows` (every row the same number of columns), or links its two sides.
// InvalidArgument for ragged rows, a comparison or blocking rule reading a column the rows do
// not have, a blocking rule covering every comparison, or an option out of range (naming it).
// Starts and joins its own threads; safe to call from several threads at once.
Result<LinkResult> Deduplicate(const std::vector<std::vector<std::string>>& rows,
                               const std::vector<FieldComparison>& fields,
                               const TableLinkOptions& options);

}  // namespace civharm::linkage
