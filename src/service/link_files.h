// Linking plain files with no database: deduplicating one CSV file, or linking the rows of two
// (a partner's victim list against one's own, say), writing the scored pairs and the clusters
// as CSV. The files are read and written only; nothing is stored.
//
//   LinkFilesRequest r{.files = {"moh.csv", "ngo.csv"},
//                      .fields = {{"name", Measure::kJaroWinkler, {0.88, 0.94}, true},
//                                 {"age", Measure::kNumber, {2}}},
//                      .blocking = {{"name"}, {"age", "district"}},
//                      .pairs_out = "pairs.csv", .clusters_out = "clusters.csv"};
//   CIVHARM_ASSIGN_OR_RETURN(LinkFilesSummary s, LinkFiles(r));
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/table_linkage.h"

namespace civharm::service {

struct FieldSpec {
  std::string column;  // header name
  linkage::Measure measure = linkage::Measure::kExact;
  std::vector<double> thresholds;
  bool term_frequency = false;
};

struct LinkFilesRequest {
  std::vector<std::filesystem::path> files;        // one: deduplicate it; two: link across them
  std::vector<FieldSpec> fields;                   // at least one
  std::vector<std::vector<std::string>> blocking;  // each rule: header names, at least one rule
  double threshold = 0.5;
  // A blocking value shared by more rows than this forms no pairs (see TableLinkOptions); the
  // summary says which rules had such values.
  size_t max_block = 5000;
  std::filesystem::path
      pairs_out;  // file,row,other_file,other_row,probability,weight,linked,reasons
  std::filesystem::path clusters_out;  // file,row,cluster (every row; empty path: not written)
};

struct LinkFilesSummary {
  std::vector<int64_t> rows;  // per file
  int64_t candidate_pairs = 0;
  int64_t pairs_written = 0;  // probability ≥ 0.05 or linked
  int64_t linked_pairs = 0;
  int64_t clusters = 0;  // with two rows or more
  // Per blocking rule, named by its columns ("surname+district"): its pairs, how many no earlier
  // rule had, its largest block, and the values too common to pair (rows under them were paired
  // only by other rules).
  std::vector<linkage::RuleReport> rules;
};

// invalid_argument naming the file, row and column of the first problem (a missing column,
// invalid UTF-8, a row longer than the header); nothing is written then. Outputs are written
// beside their target and renamed when complete.
Result<LinkFilesSummary> LinkFiles(const LinkFilesRequest& request);

}  // namespace civharm::service
