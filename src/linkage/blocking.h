// Blocking: which pairs of records are worth comparing. Comparing every pair of a million records
// is 5·10¹¹ comparisons; blocking keeps only pairs that share a key under at least one rule, and
// the rules' candidates are unioned so that a pair missed by one rule (a misspelt surname) can be
// caught by another (the same birth date). Each rule's yield is reported, and where the truth is
// known, the share of true pairs each rule and all of them together kept (their recall).
//
//   BlockingRule surname{"surname", [&](size_t i, std::vector<BlockKey>& keys) {
//     keys.push_back({KeyOf(people[i].surname)});
//   }};
//   CIVHARM_ASSIGN_OR_RETURN(Candidates c, Block(people.size(), {surname, birth_date}, {}));
//
// A rule may give a record several keys. A key is "home" (the record's own cell or value) or a
// "visitor" key (a neighbouring cell): records pair up when they share a key and at least one of
// them is at home, so a record is paired with records of its own cell and of every neighbouring
// cell, but two visitors to a cell are not paired through it. That is how space–time cells let
// nothing fall between them (SpaceTimeKeys).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace civharm::linkage {

struct BlockKey {
  uint64_t key = 0;
  bool home = true;
};

// A 64-bit key for text (FNV-1a). Different texts may share a key, which only adds candidates.
uint64_t KeyOf(std::string_view text);

struct BlockingRule {
  std::string name;
  // Appends record `i`'s keys (none: the rule does not place the record anywhere).
  std::function<void(size_t i, std::vector<BlockKey>& keys)> keys_of;
};

struct BlockingOptions {
  // Linking two sets instead of deduplicating one: side[i] is 0 or 1, and only pairs across the
  // sides are candidates. Empty: every pair may be.
  std::span<const uint8_t> side;
  // A key shared by more records than this forms no pairs (it is too common to tell anything,
  // and would be quadratic); the rule's report counts such blocks.
  size_t max_block = 5000;
};

struct RuleReport {
  std::string name;
  int64_t pairs = 0;            // candidate pairs this rule produced
  int64_t new_pairs = 0;        // of them, pairs no earlier rule had produced
  int64_t largest_block = 0;    // records under the rule's most common key (skipped or not)
  int64_t skipped_blocks = 0;   // keys shared by more than max_block records
  int64_t skipped_records = 0;  // records under those keys: their pairs come from other rules
};

struct Candidates {
  // Unique pairs (a < b), sorted; rules[k] produced pair p when bit k of rule_mask[p] is set.
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<uint32_t> rule_mask;
  std::vector<RuleReport> rules;
};

// The union of the rules' candidate pairs among records 0..n−1. invalid_argument for more than 32
// rules, more than 2³² records, or a side list of the wrong length.
Result<Candidates> Block(size_t n, std::span<const BlockingRule> rules,
                         const BlockingOptions& options);

// The share of `truth` pairs (unordered) among the candidates, overall and per rule: how many true
// pairs blocking kept for comparison. Empty truth gives 1.
struct BlockingRecall {
  double overall = 1;
  std::vector<double> per_rule;
};
BlockingRecall RecallOf(const Candidates& candidates,
                        std::span<const std::pair<uint32_t, uint32_t>> truth);

// Space–time cells for events: the day and position divided into cells `days` wide and about
// `km` across, and the 26 neighbouring cells as visitor keys, so that two events at most one
// cell apart in time and in each direction of space are always candidates. Longitude cells
// narrow toward the poles (their width in degrees grows as 1/cos(latitude)) so that a cell is
// about `km` wide everywhere below 85°; longitudes wrap at the antimeridian.
void SpaceTimeKeys(int64_t day, double lat, double lon, int days, double km,
                   std::vector<BlockKey>& keys);

}  // namespace civharm::linkage
