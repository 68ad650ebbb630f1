// A public release: the incidents as they stood at one entry of the audit log, put through one
// set of release rules (domain/release_rules.h), with the status of open assessments on the day
// it was built. One person requests it, another reviews it; only an approved release is public.
// Releases are kept like records — each version of a release's document in the hash-chained
// audit log (entity "release") — and their public rows beside them, fingerprinted by the
// content hash the document holds.
//
//   requested → approved → withdrawn
//             → rejected
//             → withdrawn
//
//   Release r{.version = 3, .status = ReleaseStatus::kRequested, ...};
//   Status s = Validate(r);   // every problem, with its field
//   std::string hash = ReleaseContentHash(rows, r.open_assessments);
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/id.h"
#include "core/status.h"
#include "core/time.h"
#include "domain/release_rules.h"

namespace civharm {

enum class ReleaseStatus { kRequested, kApproved, kRejected, kWithdrawn };
template <>
struct EnumTraits<ReleaseStatus> {
  static constexpr std::array kNames = {std::pair{ReleaseStatus::kRequested, "requested"sv},
                                        std::pair{ReleaseStatus::kApproved, "approved"sv},
                                        std::pair{ReleaseStatus::kRejected, "rejected"sv},
                                        std::pair{ReleaseStatus::kWithdrawn, "withdrawn"sv}};
};

// What building the release did, for its reviewers (never published: it counts incidents the
// public does not see).
struct ReleaseSummary {
  int64_t considered = 0;  // incidents the release could see (not restricted), retracted included
  int64_t released = 0;
  std::map<std::string, int64_t> excluded;     // by Exclusion name: retracted, status, withheld
  std::map<std::string, int64_t> by_level;     // released incidents by sensitivity level
  std::map<std::string, int64_t> coordinates;  // by CoordinateOutcome name
  int64_t dates_coarsened = 0;
  // Released incidents holding a field the release does not publish, by the field's path.
  std::map<std::string, int64_t> withheld_fields;
  friend bool operator==(const ReleaseSummary&, const ReleaseSummary&) = default;
};

// Open cases by stage and by how long they have waited, on the day the release was built.
inline constexpr std::array<int, 4> kOpenAgeBounds = {7, 30, 90, 365};  // days: ≤7, ≤30, …, >365
struct OpenStage {
  std::string stage;  // assessment, investigation, response
  int64_t count = 0;
  std::array<int64_t, 5> by_age{};
  std::optional<int> median_age_days;  // the lower median; absent when count is 0
  std::optional<int> oldest_age_days;
  friend bool operator==(const OpenStage&, const OpenStage&) = default;
};
struct OpenAssessments {
  Date as_of = Date::FromDays(0);
  std::vector<OpenStage> stages;
  friend bool operator==(const OpenAssessments&, const OpenAssessments&) = default;
};
// "0-7", "8-30", "31-90", "91-365", "over_365".
std::array<std::string, 5> OpenAgeBucketNames();

struct Release {
  Id id;
  int64_t version = 0;  // 1, 2, 3… in the order releases were requested
  ReleaseStatus status = ReleaseStatus::kRequested;
  std::string note;  // what the requester says it is for
  std::string requested_by;
  Timestamp requested_at;
  std::string reviewed_by;  // who approved or rejected it: never the requester
  std::optional<Timestamp> reviewed_at;
  std::string review_note;  // the approver's note, or why it was rejected (required then)
  std::string withdrawn_by;
  std::optional<Timestamp> withdrawn_at;
  std::string withdraw_reason;        // required when withdrawn
  int64_t as_of_seq = 0;              // the audit entry the incidents are read as of
  Date built_on = Date::FromDays(0);  // the day open assessments are counted on
  ReleaseRules rules;
  int64_t incidents = 0;     // public rows
  std::string content_hash;  // ReleaseContentHash of the rows and the open assessments
  ReleaseSummary summary;
  OpenAssessments open_assessments;
  friend bool operator==(const Release&, const Release&) = default;
};

// invalid_argument with every problem: a missing requester or time, a review by the requester,
// a reviewed status without its reviewer, a rejection or withdrawal without its reason, a
// malformed hash.
Status Validate(const Release& r);

nlohmann::json ToJson(const Release& r);
nlohmann::json ToJson(const ReleaseSummary& s);
nlohmann::json ToJson(const OpenAssessments& o);
Result<Release> ReleaseFromJson(const nlohmann::json& j);

// The fingerprint of what a release publishes: BLAKE2b-256 over its rows (each the exact text of
// a public incident document, in order) and its open assessments. Streams the rows.
class ReleaseDigest {
 public:
  ReleaseDigest();
  void AddRow(std::string_view row);
  std::string Finish(const OpenAssessments& open);

 private:
  PieceDigest digest_;
};
std::string ReleaseContentHash(std::span<const std::string> rows, const OpenAssessments& open);

// The status of open assessments as published: counts from 1 to k-1 shown as "<k" (with the
// next smallest cell of a stage when one alone would be given away by its total), the median and
// oldest ages only for stages of at least k cases.
nlohmann::json PublicOpenAssessments(const OpenAssessments& open, int64_t k);

}  // namespace civharm
