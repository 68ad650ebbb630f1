// The case file of an incident: what the force did about an allegation of civilian harm, step by
// step (DESIGN.md §3). Every case record belongs to one incident:
//
//   Transition     a change of the incident's assessment status: from, to, who, when, why
//   Assessment     the civilian harm assessment: sources considered, the standard, the finding
//   Investigation  administrative, or a referral to a criminal authority: interviews, site
//                  visits, sources, findings, causes
//   Response       acknowledgment, apology, payments, assistance, restoration — each with its
//                  status history, until resolved
//   Consultation   a meeting with the people harmed: their preferences, the language, who met them
//   Lesson         cause → recommendation → owner → due date → status
//
// Case records are kept like records (the store keeps each version's document in the audit log,
// personal fields sealed) and never deleted; the state machine that decides which transition is
// allowed, for whom, lives in service/lifecycle.h.
//
//   Assessment a;  a.incident_id = inc;  a.finding = Finding::kCredible;  ...
//   Status s = Validate(CaseRecord(a));   // invalid_argument with every problem and its field
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/enum.h"
#include "core/id.h"
#include "core/status.h"
#include "core/time.h"
#include "domain/enums.h"
#include "domain/facts.h"

namespace civharm {

enum class CaseRecordKind { kTransition, kAssessment, kInvestigation, kResponse, kConsultation, kLesson };

// Set by the store: id and version on insert, the times and names on every write.
struct CaseMeta {
  Id id;
  Id incident_id;  // required: the incident the record is about
  int64_t version = 0;
  std::string created_by;
  Timestamp created_at;
  std::string updated_by;
  Timestamp updated_at;
  friend bool operator==(const CaseMeta&, const CaseMeta&) = default;
};

// The steps of the lifecycle; each is one transition of the state machine.
enum class CaseStep {
  kStartAssessment,        // unassessed | reopened → assessing
  kRecordFinding,          // assessing → credible | not_credible | insufficient_info | duplicate
  kOpenInvestigation,      // credible → investigating
  kCompleteInvestigation,  // investigating → investigated
  kStartResponse,          // credible | investigated → responding
  kClose,                  // responding → closed (every response resolved)
  kReopen,                 // not_credible | insufficient_info | duplicate | closed → reopened
};

struct Transition {
  CaseMeta meta;
  CaseStep step = CaseStep::kStartAssessment;
  AssessmentStatus from = AssessmentStatus::kUnassessed;
  AssessmentStatus to = AssessmentStatus::kUnassessed;
  // The day the step was taken (it may be recorded later than it happened); stages and
  // deadlines count from it.
  Date on = Date::FromDays(0);
  std::string note;           // why (required to reopen)
  std::optional<Id> record;   // the assessment or investigation the step recorded
  friend bool operator==(const Transition&, const Transition&) = default;
};

enum class Finding { kCredible, kNotCredible, kInsufficientInfo, kDuplicate };

// The evidentiary standard a finding was made to.
enum class EvidenceStandard {
  kMoreLikelyThanNot,    // the default of current civilian harm policies
  kReasonableCertainty,  // a stricter standard some forces apply
};

// Why an allegation was found not credible, as forces report it.
enum class NotCredibleReason {
  kNoOwnForceActivity,  // no strike or engagement of the force at that time and place
  kOtherPartyResponsible,
  kNoCivilianHarm,  // those harmed were found to be combatants, or nobody was harmed
  kEventNotCorroborated,
  kOther,
};

struct Assessment {
  CaseMeta meta;
  std::vector<Id> reports_considered;     // own-force and external reports, by record
  std::vector<Id> operations_considered;  // own-force operations checked
  std::vector<std::string> other_sources; // sources not in civharm (imagery, strike logs …)
  EvidenceStandard standard = EvidenceStandard::kMoreLikelyThanNot;
  Finding finding = Finding::kInsufficientInfo;
  std::optional<NotCredibleReason> not_credible_reason;  // required when not credible
  std::optional<Id> duplicate_of;                         // the incident, when a duplicate
  std::string reasoning;  // the assessor's reasoning (required unless credible)
  // Civilian harm the force concedes: required for a credible finding (at least one range).
  CountRange civilians_killed;
  CountRange civilians_injured;
  friend bool operator==(const Assessment&, const Assessment&) = default;
};

enum class InvestigationKind {
  kAdministrative,    // by the force
  kCriminalReferral,  // referred to an independent criminal authority
};

enum class InquiryKind { kWitnessInterview, kSiteVisit };
enum class InquiryOutcome {
  kDone,         // in person
  kRemote,       // by telephone, video or through an intermediary
  kNotPossible,  // with the reason why
};

// One witness interview or site visit. Who the witness is goes in Investigation::witness_details
// (personal data); this says only what was done.
struct Inquiry {
  InquiryKind kind = InquiryKind::kWitnessInterview;
  InquiryOutcome outcome = InquiryOutcome::kDone;
  std::optional<Date> on;
  std::string reason;  // required when not possible
  std::string summary;
  friend bool operator==(const Inquiry&, const Inquiry&) = default;
};

enum class CauseKind {
  kTargetMisidentification,
  kConfirmationBias,
  kCdeError,  // collateral damage estimate error
  kWeaponMalfunction,
  kPatternOfLifeGap,
  kPartnerForceAction,
  kOther,
};

struct Cause {
  CauseKind kind = CauseKind::kOther;
  std::string detail;  // required for kOther
  friend bool operator==(const Cause&, const Cause&) = default;
};

struct Investigation {
  CaseMeta meta;
  InvestigationKind kind = InvestigationKind::kAdministrative;
  std::string authority;  // who investigates; for a referral, the authority referred to
  // Whether the chain of command of the unit involved led it (nullopt: not known).
  std::optional<bool> led_by_unit_chain_of_command;
  std::vector<Inquiry> inquiries;
  std::vector<std::string> sources_consulted;
  std::string findings;  // required to complete
  std::vector<Cause> causes;
  std::optional<Date> completed_on;  // set when the investigation is completed
  std::string witness_details;       // personal: witnesses' names, contacts, statements
  friend bool operator==(const Investigation&, const Investigation&) = default;
};

enum class ResponseKind {
  kAcknowledgment,
  kApology,
  kCondolencePayment,
  kExGratiaPayment,
  kLivelihoodAssistance,
  kMedicalAssistance,
  kPsychosocialAssistance,
  kInfrastructureRestoration,
  kOther,
};
// Payments carry an amount; the other responses do not.
bool IsPayment(ResponseKind kind);

enum class ResponseStatus {
  kProposed,
  kOffered,
  kAccepted,
  kDeclined,   // by the people it was offered to
  kPaid,       // payments
  kDelivered,  // every other response
  kWithdrawn,  // by the force, with the reason
};
// Resolved: nothing more is to happen (paid, delivered, declined, withdrawn).
bool IsResolved(ResponseStatus status);

// An amount of money, exact: a decimal with at most 3 fraction digits, in thousandths.
struct Money {
  int64_t thousandths = 0;
  std::string currency;  // ISO 4217 code, three capital letters
  // "1500", "1500.5", "0.125" → thousandths; invalid_argument for anything else (a sign,
  // exponent, more than 3 fraction digits, more than 15 whole digits).
  static Result<int64_t> ParseAmount(std::string_view text);
  // The amount as exact text: "1500.00", "1500.50", "0.125" (two decimals unless a third is
  // needed).
  std::string AmountText() const;
  friend bool operator==(const Money&, const Money&) = default;
};

struct StatusChange {
  ResponseStatus status = ResponseStatus::kProposed;
  Date on = Date::FromDays(0);
  std::string by;
  std::string note;  // required for declined and withdrawn
  friend bool operator==(const StatusChange&, const StatusChange&) = default;
};

struct Response {
  CaseMeta meta;
  ResponseKind kind = ResponseKind::kAcknowledgment;
  bool is_public = false;  // acknowledgments and apologies: made publicly, or privately
  std::optional<Money> amount;  // payments only, required for them
  std::string recipient;        // personal: to whom (a family, a person)
  std::vector<Id> victim_ids;   // the victims the response is for, when recorded
  std::string description;
  // Oldest first; the last is the current status. Never empty once stored.
  std::vector<StatusChange> history;
  ResponseStatus status() const {
    return history.empty() ? ResponseStatus::kProposed : history.back().status;
  }
  friend bool operator==(const Response&, const Response&) = default;
};

enum class ConsultationMode { kInPerson, kPhone, kVideo, kThroughIntermediary };

struct Consultation {
  CaseMeta meta;
  Date held_on = Date::FromDays(0);
  ConsultationMode mode = ConsultationMode::kInPerson;
  std::string language;  // the language used, as a BCP 47 tag or name ("ar", "Kurdish")
  std::string met_by;    // who met them for the force
  std::vector<ResponseKind> preferred_responses;  // what they asked for
  std::string participants;  // personal: who was met
  std::string preferences;   // personal: their preferences and concerns in their words
  friend bool operator==(const Consultation&, const Consultation&) = default;
};

enum class LessonStatus { kProposed, kAccepted, kImplemented, kRejected };

struct LessonChange {
  LessonStatus status = LessonStatus::kProposed;
  Date on = Date::FromDays(0);
  std::string by;
  std::string note;  // required when rejected (the reason)
  friend bool operator==(const LessonChange&, const LessonChange&) = default;
};

struct Lesson {
  CaseMeta meta;
  Cause cause;
  std::string recommendation;
  std::string owner;  // who is to implement it (a unit, an office)
  std::optional<Date> due;
  std::vector<LessonChange> history;  // oldest first; never empty once stored
  LessonStatus status() const {
    return history.empty() ? LessonStatus::kProposed : history.back().status;
  }
  friend bool operator==(const Lesson&, const Lesson&) = default;
};

using CaseRecord =
    std::variant<Transition, Assessment, Investigation, Response, Consultation, Lesson>;

CaseRecordKind KindOf(const CaseRecord& r);
const CaseMeta& MetaOf(const CaseRecord& r);
CaseMeta& MetaOf(CaseRecord& r);
template <typename T>
constexpr CaseRecordKind CaseKindOf();

// The document keys of a kind's personal fields (sealed at rest, absent for roles that may not
// read personal data).
std::span<const std::string_view> PersonalKeys(CaseRecordKind kind);
// Clears every personal field.
void RemovePersonalData(CaseRecord& record);
// The personal fields `record` carries (non-empty), as document keys.
std::vector<std::string_view> PersonalFieldsPresent(const CaseRecord& record);

// invalid_argument with every problem and its field. Checks content only: that the incident and
// the records named exist is the store's and the service's to check.
Status Validate(const CaseRecord& record);

// The document of a case record: {"kind", "id", "incident_id", "version", "created_by",
// "created_at", "updated_by", "updated_at", …the kind's fields}. Reading is strict: unknown keys,
// wrong types and bad values are refused with their paths.
nlohmann::json ToJson(const CaseRecord& record);
Result<CaseRecord> CaseRecordFromJson(const nlohmann::json& j);
// Reads the fields of a kind from a request body (no "kind" key; meta keys refused).
Result<CaseRecord> CaseRecordFromJson(CaseRecordKind kind, const nlohmann::json& j);

using std::string_view_literals::operator""sv;

template <>
struct EnumTraits<CaseRecordKind> {
  static constexpr std::array kNames = {
      std::pair{CaseRecordKind::kTransition, "transition"sv},
      std::pair{CaseRecordKind::kAssessment, "assessment"sv},
      std::pair{CaseRecordKind::kInvestigation, "investigation"sv},
      std::pair{CaseRecordKind::kResponse, "response"sv},
      std::pair{CaseRecordKind::kConsultation, "consultation"sv},
      std::pair{CaseRecordKind::kLesson, "lesson"sv}};
};
template <>
struct EnumTraits<CaseStep> {
  static constexpr std::array kNames = {
      std::pair{CaseStep::kStartAssessment, "start_assessment"sv},
      std::pair{CaseStep::kRecordFinding, "record_finding"sv},
      std::pair{CaseStep::kOpenInvestigation, "open_investigation"sv},
      std::pair{CaseStep::kCompleteInvestigation, "complete_investigation"sv},
      std::pair{CaseStep::kStartResponse, "start_response"sv},
      std::pair{CaseStep::kClose, "close"sv},
      std::pair{CaseStep::kReopen, "reopen"sv}};
};
template <>
struct EnumTraits<Finding> {
  static constexpr std::array kNames = {std::pair{Finding::kCredible, "credible"sv},
                                        std::pair{Finding::kNotCredible, "not_credible"sv},
                                        std::pair{Finding::kInsufficientInfo, "insufficient_info"sv},
                                        std::pair{Finding::kDuplicate, "duplicate"sv}};
};
template <>
struct EnumTraits<EvidenceStandard> {
  static constexpr std::array kNames = {
      std::pair{EvidenceStandard::kMoreLikelyThanNot, "more_likely_than_not"sv},
      std::pair{EvidenceStandard::kReasonableCertainty, "reasonable_certainty"sv}};
};
template <>
struct EnumTraits<NotCredibleReason> {
  static constexpr std::array kNames = {
      std::pair{NotCredibleReason::kNoOwnForceActivity, "no_own_force_activity"sv},
      std::pair{NotCredibleReason::kOtherPartyResponsible, "other_party_responsible"sv},
      std::pair{NotCredibleReason::kNoCivilianHarm, "no_civilian_harm"sv},
      std::pair{NotCredibleReason::kEventNotCorroborated, "event_not_corroborated"sv},
      std::pair{NotCredibleReason::kOther, "other"sv}};
};
template <>
struct EnumTraits<InvestigationKind> {
  static constexpr std::array kNames = {
      std::pair{InvestigationKind::kAdministrative, "administrative"sv},
      std::pair{InvestigationKind::kCriminalReferral, "criminal_referral"sv}};
};
template <>
struct EnumTraits<InquiryKind> {
  static constexpr std::array kNames = {
      std::pair{InquiryKind::kWitnessInterview, "witness_interview"sv},
      std::pair{InquiryKind::kSiteVisit, "site_visit"sv}};
};
template <>
struct EnumTraits<InquiryOutcome> {
  static constexpr std::array kNames = {std::pair{InquiryOutcome::kDone, "done"sv},
                                        std::pair{InquiryOutcome::kRemote, "remote"sv},
                                        std::pair{InquiryOutcome::kNotPossible, "not_possible"sv}};
};
template <>
struct EnumTraits<CauseKind> {
  static constexpr std::array kNames = {
      std::pair{CauseKind::kTargetMisidentification, "target_misidentification"sv},
      std::pair{CauseKind::kConfirmationBias, "confirmation_bias"sv},
      std::pair{CauseKind::kCdeError, "cde_error"sv},
      std::pair{CauseKind::kWeaponMalfunction, "weapon_malfunction"sv},
      std::pair{CauseKind::kPatternOfLifeGap, "pattern_of_life_gap"sv},
      std::pair{CauseKind::kPartnerForceAction, "partner_force_action"sv},
      std::pair{CauseKind::kOther, "other"sv}};
};
template <>
struct EnumTraits<ResponseKind> {
  static constexpr std::array kNames = {
      std::pair{ResponseKind::kAcknowledgment, "acknowledgment"sv},
      std::pair{ResponseKind::kApology, "apology"sv},
      std::pair{ResponseKind::kCondolencePayment, "condolence_payment"sv},
      std::pair{ResponseKind::kExGratiaPayment, "ex_gratia_payment"sv},
      std::pair{ResponseKind::kLivelihoodAssistance, "livelihood_assistance"sv},
      std::pair{ResponseKind::kMedicalAssistance, "medical_assistance"sv},
      std::pair{ResponseKind::kPsychosocialAssistance, "psychosocial_assistance"sv},
      std::pair{ResponseKind::kInfrastructureRestoration, "infrastructure_restoration"sv},
      std::pair{ResponseKind::kOther, "other"sv}};
};
template <>
struct EnumTraits<ResponseStatus> {
  static constexpr std::array kNames = {std::pair{ResponseStatus::kProposed, "proposed"sv},
                                        std::pair{ResponseStatus::kOffered, "offered"sv},
                                        std::pair{ResponseStatus::kAccepted, "accepted"sv},
                                        std::pair{ResponseStatus::kDeclined, "declined"sv},
                                        std::pair{ResponseStatus::kPaid, "paid"sv},
                                        std::pair{ResponseStatus::kDelivered, "delivered"sv},
                                        std::pair{ResponseStatus::kWithdrawn, "withdrawn"sv}};
};
template <>
struct EnumTraits<ConsultationMode> {
  static constexpr std::array kNames = {
      std::pair{ConsultationMode::kInPerson, "in_person"sv},
      std::pair{ConsultationMode::kPhone, "phone"sv}, std::pair{ConsultationMode::kVideo, "video"sv},
      std::pair{ConsultationMode::kThroughIntermediary, "through_intermediary"sv}};
};
template <>
struct EnumTraits<LessonStatus> {
  static constexpr std::array kNames = {std::pair{LessonStatus::kProposed, "proposed"sv},
                                        std::pair{LessonStatus::kAccepted, "accepted"sv},
                                        std::pair{LessonStatus::kImplemented, "implemented"sv},
                                        std::pair{LessonStatus::kRejected, "rejected"sv}};
};

template <>
constexpr CaseRecordKind CaseKindOf<Transition>() {
  return CaseRecordKind::kTransition;
}
template <>
constexpr CaseRecordKind CaseKindOf<Assessment>() {
  return CaseRecordKind::kAssessment;
}
template <>
constexpr CaseRecordKind CaseKindOf<Investigation>() {
  return CaseRecordKind::kInvestigation;
}
template <>
constexpr CaseRecordKind CaseKindOf<Response>() {
  return CaseRecordKind::kResponse;
}
template <>
constexpr CaseRecordKind CaseKindOf<Consultation>() {
  return CaseRecordKind::kConsultation;
}
template <>
constexpr CaseRecordKind CaseKindOf<Lesson>() {
  return CaseRecordKind::kLesson;
}

}  // namespace civharm
