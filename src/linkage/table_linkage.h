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
//   CIVHARM_ASSIGN_OR_RETURN(LinkResult r, Deduplicate(rows, fields, {.blocking = {{2}, {9}}}));
//
// Values are compared after NormalizeName (case, diacritics, Arabic letter variants, spacing);
// an empty value is missing and counts neither for nor against.
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
};

struct ScoredCandidate {
  uint32_t a = 0, b = 0;
  Pattern pattern;
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
  std::vector<ScoredCandidate> pairs;  // every candidate, scored, in candidates' order
  std::vector<uint32_t> clusters;      // cluster id per row
};

// The agreement levels of a pair under each comparison (kMissing when a value is empty).
Pattern ComparePair(const std::vector<std::string>& a, const std::vector<std::string>& b,
                    const std::vector<FieldComparison>& fields);

// Deduplicates `rows` (every row the same number of columns), or links its two sides.
Result<LinkResult> Deduplicate(const std::vector<std::vector<std::string>>& rows,
                               const std::vector<FieldComparison>& fields,
                               const TableLinkOptions& options);

}  // namespace civharm::linkage
