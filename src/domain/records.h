// civharm's records: Report, Incident, Victim and Operation, with their validation.
//
// A Report is one source's account, kept as given. An Incident is civharm's view of one event,
// fused from the reports linked to it, carrying the force's own assessment status and the
// external grade side by side. A Victim is one person harmed. An Operation is an own-force action
// with its collateral damage estimate, for comparison with what happened.
//
// Every record carries RecordMeta. Records are never deleted: a retraction says when, by whom
// and why, and may name the record that supersedes it.
//
//   Incident inc;  inc.facts = ...;
//   Status s = Validate(inc);  // invalid_argument with every problem in s.details()
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"
#include "domain/enums.h"
#include "domain/facts.h"

namespace civharm {

enum class EntityKind { kIncident, kReport, kVictim, kOperation };
template <>
struct EnumTraits<EntityKind> {
  static constexpr std::array kNames = {
      std::pair{EntityKind::kIncident, "incident"sv}, std::pair{EntityKind::kReport, "report"sv},
      std::pair{EntityKind::kVictim, "victim"sv}, std::pair{EntityKind::kOperation, "operation"sv}};
};

struct Retraction {
  Timestamp at;
  std::string by;      // who retracted it
  std::string reason;  // required
  std::optional<Id> superseded_by;
  friend bool operator==(const Retraction&, const Retraction&) = default;
};

// Managed by the store: set on create, advanced on every change.
struct RecordMeta {
  Id id;
  int64_t version = 0;  // 1 on create, +1 on every change; for optimistic concurrency
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Retraction> retraction;
  // Need-to-know: when not empty, only members of one of these groups (and admins) may see the
  // record at all; to everyone else it does not exist. Set by users allowed to restrict records.
  std::vector<std::string> restricted_to;
  bool retracted() const { return retraction.has_value(); }
  friend bool operator==(const RecordMeta&, const RecordMeta&) = default;
};

struct Report {
  RecordMeta meta;
  SourceType source_type = SourceType::kOther;
  std::string source_name;       // e.g. "UCDP GED 23.1", "Airwars", "3rd Brigade ops log"
  std::string source_record_id;  // the source's own id for this record; with source_name, the
                                 // key that keeps re-imports from duplicating anything
  std::string reference_code;    // the code the source knows this report by
  std::optional<Timestamp> received_at;
  std::optional<Reliability> reliability;  // of the source, A–F
  std::optional<int> credibility;          // of the information, 1–6
  EventFacts facts;
  std::string account;          // free-text account as given (personal data: testimony)
  std::string contact;          // name and contact details of whoever gave it (personal data)
  std::string citation;         // where the account was published (article, bulletin)
  std::string original_source;  // who first reported it, when the source relays others
  std::map<std::string, std::string> source_fields;  // the source's other fields, verbatim
  std::optional<Id> incident_id;
  friend bool operator==(const Report&, const Report&) = default;
};

struct Incident {
  RecordMeta meta;
  std::string title;
  EventFacts facts;
  std::optional<ExternalGrade> external_grade;
  AssessmentStatus status = AssessmentStatus::kUnassessed;
  std::vector<Id> operation_ids;  // own-force operations this incident may result from
  std::vector<Id> report_ids;     // read-only: the reports linked to it (Report::incident_id)
  friend bool operator==(const Incident&, const Incident&) = default;
};

struct Victim {
  RecordMeta meta;
  std::string source_name;       // the list the person appears on, e.g. "Ministry of Health list"
  std::string source_record_id;  // the person's row id on that list
  std::optional<Id> incident_id;
  std::vector<LocalName> names;  // the same name in several scripts
  std::optional<int> age;
  std::optional<AgeGroup> age_group;
  std::optional<Sex> sex;
  CasualtyStatus status = CasualtyStatus::kCivilian;
  VictimOutcome outcome = VictimOutcome::kKilled;
  std::string family_group_id;
  std::string external_registry_id;
  Consent consent_to_publish = Consent::kUnknown;
  friend bool operator==(const Victim&, const Victim&) = default;
};

// The collateral damage estimate made before an operation.
struct CollateralDamageEstimate {
  CountRange civilian_killed;
  CountRange civilian_injured;
  std::string level;  // the force's CDE category or method, e.g. "CDE 4"
  friend bool operator==(const CollateralDamageEstimate&,
                         const CollateralDamageEstimate&) = default;
};

struct Operation {
  RecordMeta meta;
  std::string reference;  // the force's own designation, unique; the re-import key
  std::string name;
  Timestamp start;
  std::optional<Timestamp> end;
  Location location;
  std::string unit;
  std::string weapon;
  std::string target;
  CollateralDamageEstimate cde;
  std::string notes;
  friend bool operator==(const Operation&, const Operation&) = default;
};

// Any one record, for code that handles every kind alike (storage, import, export, audit).
using AnyRecord = std::variant<Incident, Report, Victim, Operation>;

EntityKind KindOf(const AnyRecord& r);
const RecordMeta& MetaOf(const AnyRecord& r);
RecordMeta& MetaOf(AnyRecord& r);
template <typename T>
constexpr EntityKind KindOf();
template <>
constexpr EntityKind KindOf<Incident>() {
  return EntityKind::kIncident;
}
template <>
constexpr EntityKind KindOf<Report>() {
  return EntityKind::kReport;
}
template <>
constexpr EntityKind KindOf<Victim>() {
  return EntityKind::kVictim;
}
template <>
constexpr EntityKind KindOf<Operation>() {
  return EntityKind::kOperation;
}

// Group names for need-to-know restrictions: 1–64 of [a-z0-9-_.].
bool IsValidGroupName(std::string_view name);

// The age group an age falls in: child under 18, elderly from 60.
AgeGroup AgeGroupOf(int age);

// Each returns OK or invalid_argument with every problem found. They check the content only;
// RecordMeta and links to other records are the store's to check.
Status Validate(const Report& r);
Status Validate(const Incident& i);
Status Validate(const Victim& v);
Status Validate(const Operation& o);
Status Validate(const AnyRecord& r);

}  // namespace civharm
