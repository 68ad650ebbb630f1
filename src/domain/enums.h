// The enumerations of civharm's domain and their stable names (see core/enum.h).
//
// Names are stored, exported and published; change them only with a migration.
#pragma once

#include <array>
#include <string_view>
#include <utility>

#include "core/enum.h"

namespace civharm {

// Who gave an account.
enum class SourceType {
  kOwnForceLog,             // the force's own operation or incident logs
  kBattleDamageAssessment,  // the force's post-strike assessment
  kNgo,
  kUn,
  kMedia,
  kHotline,
  kWalkIn,
  kSurvivorWitness,
  kEventDataset,  // a compiled conflict-event dataset such as UCDP GED or ACLED
  kOther,
};

// Admiralty scale: reliability of the source (A completely reliable … E unreliable,
// F cannot be judged), graded separately from the credibility of the information (1–6).
enum class Reliability { kA, kB, kC, kD, kE, kF };

enum class DatePrecision {
  kDay,       // the exact day is known: start == end
  kDayRange,  // the event lies within a range of days
  kWeek,      // only the week is known
  kMonth,     // only the month is known
  kYear,      // only the year is known
};

// How precisely a location is known, on civharm's own scale (finest first). Imports keep the
// source's own code beside it (SourcePrecision) so nothing is lost in the translation.
enum class LocationPrecision {
  kExact,          // the place itself
  kNear,           // within about 25 km of a named place
  kAdmin3,         // only the third-order administrative area
  kAdmin2,         // only the second-order administrative area (district)
  kAdmin1,         // only the first-order administrative area (province)
  kRegion,         // a part of a country larger than a province, or along a road or river
  kCountry,        // only the country
  kInternational,  // international waters or airspace
};

// The scheme a source's own location precision code belongs to.
enum class PrecisionScheme {
  kUcdpWherePrec,      // UCDP GED where_prec, 1–7
  kAcledGeoPrecision,  // ACLED geo_precision, 1–3
};

enum class CasualtyStatus { kCivilian, kCombatant, kUndetermined };
enum class Outcome { kKilled, kInjured };
enum class AgeGroup { kChild, kAdult, kElderly, kUnknown };
enum class Sex { kFemale, kMale, kUnknown };

// Whether a belligerent's involvement is established or only suspected.
enum class Attribution { kKnown, kSuspected };
// The two sides of a dyad as conflict datasets record them (UCDP side_a/side_b, ACLED
// actor1/actor2).
enum class Side { kA, kB };

// UCDP event_clarity: high (the event is clearly defined) or low (aggregated information).
enum class EventClarity { kHigh, kLow };

enum class ObjectKind {
  kResidence,
  kSchool,
  kMedical,
  kPlaceOfWorship,
  kMarket,
  kWater,
  kPower,
  kRoadOrBridge,
  kAgriculture,
  kShelter,
  kOther,
};

// Reverberating (indirect) effects of harm.
enum class EffectKind {
  kDisplacement,
  kServicesCut,
  kLivelihoodLoss,
  kHealth,
  kEducation,
  kPsychosocial,
  kEnvironmental,
  kOther,
};

// External grading on Airwars' scale, kept apart from the force's own assessment.
enum class ExternalGrade { kConfirmed, kFair, kWeak, kContested, kDiscounted };

// The force's own assessment status of an incident (DESIGN.md §3).
enum class AssessmentStatus {
  kUnassessed,
  kAssessing,
  kCredible,
  kNotCredible,
  kInsufficientInfo,
  kDuplicate,
  kInvestigating,
  kInvestigated,
  kResponding,
  kClosed,
  kReopened,
};

enum class VictimOutcome { kKilled, kInjured, kMissing };
enum class Consent { kUnknown, kGiven, kRefused };

using std::string_view_literals::operator""sv;

template <>
struct EnumTraits<SourceType> {
  static constexpr std::array kNames = {
      std::pair{SourceType::kOwnForceLog, "own_force_log"sv},
      std::pair{SourceType::kBattleDamageAssessment, "battle_damage_assessment"sv},
      std::pair{SourceType::kNgo, "ngo"sv},
      std::pair{SourceType::kUn, "un"sv},
      std::pair{SourceType::kMedia, "media"sv},
      std::pair{SourceType::kHotline, "hotline"sv},
      std::pair{SourceType::kWalkIn, "walk_in"sv},
      std::pair{SourceType::kSurvivorWitness, "survivor_witness"sv},
      std::pair{SourceType::kEventDataset, "event_dataset"sv},
      std::pair{SourceType::kOther, "other"sv}};
};
template <>
struct EnumTraits<Reliability> {
  static constexpr std::array kNames = {
      std::pair{Reliability::kA, "A"sv}, std::pair{Reliability::kB, "B"sv},
      std::pair{Reliability::kC, "C"sv}, std::pair{Reliability::kD, "D"sv},
      std::pair{Reliability::kE, "E"sv}, std::pair{Reliability::kF, "F"sv}};
};
template <>
struct EnumTraits<DatePrecision> {
  static constexpr std::array kNames = {
      std::pair{DatePrecision::kDay, "day"sv}, std::pair{DatePrecision::kDayRange, "days"sv},
      std::pair{DatePrecision::kWeek, "week"sv}, std::pair{DatePrecision::kMonth, "month"sv},
      std::pair{DatePrecision::kYear, "year"sv}};
};
template <>
struct EnumTraits<LocationPrecision> {
  static constexpr std::array kNames = {
      std::pair{LocationPrecision::kExact, "exact"sv},
      std::pair{LocationPrecision::kNear, "near"sv},
      std::pair{LocationPrecision::kAdmin3, "admin3"sv},
      std::pair{LocationPrecision::kAdmin2, "admin2"sv},
      std::pair{LocationPrecision::kAdmin1, "admin1"sv},
      std::pair{LocationPrecision::kRegion, "region"sv},
      std::pair{LocationPrecision::kCountry, "country"sv},
      std::pair{LocationPrecision::kInternational, "international"sv}};
};
template <>
struct EnumTraits<PrecisionScheme> {
  static constexpr std::array kNames = {
      std::pair{PrecisionScheme::kUcdpWherePrec, "ucdp_where_prec"sv},
      std::pair{PrecisionScheme::kAcledGeoPrecision, "acled_geo_precision"sv}};
};
template <>
struct EnumTraits<CasualtyStatus> {
  static constexpr std::array kNames = {std::pair{CasualtyStatus::kCivilian, "civilian"sv},
                                        std::pair{CasualtyStatus::kCombatant, "combatant"sv},
                                        std::pair{CasualtyStatus::kUndetermined, "undetermined"sv}};
};
template <>
struct EnumTraits<Outcome> {
  static constexpr std::array kNames = {std::pair{Outcome::kKilled, "killed"sv},
                                        std::pair{Outcome::kInjured, "injured"sv}};
};
template <>
struct EnumTraits<AgeGroup> {
  static constexpr std::array kNames = {
      std::pair{AgeGroup::kChild, "child"sv}, std::pair{AgeGroup::kAdult, "adult"sv},
      std::pair{AgeGroup::kElderly, "elderly"sv}, std::pair{AgeGroup::kUnknown, "unknown"sv}};
};
template <>
struct EnumTraits<Sex> {
  static constexpr std::array kNames = {std::pair{Sex::kFemale, "female"sv},
                                        std::pair{Sex::kMale, "male"sv},
                                        std::pair{Sex::kUnknown, "unknown"sv}};
};
template <>
struct EnumTraits<Attribution> {
  static constexpr std::array kNames = {std::pair{Attribution::kKnown, "known"sv},
                                        std::pair{Attribution::kSuspected, "suspected"sv}};
};
template <>
struct EnumTraits<Side> {
  static constexpr std::array kNames = {std::pair{Side::kA, "a"sv}, std::pair{Side::kB, "b"sv}};
};
template <>
struct EnumTraits<EventClarity> {
  static constexpr std::array kNames = {std::pair{EventClarity::kHigh, "high"sv},
                                        std::pair{EventClarity::kLow, "low"sv}};
};
template <>
struct EnumTraits<ObjectKind> {
  static constexpr std::array kNames = {
      std::pair{ObjectKind::kResidence, "residence"sv},
      std::pair{ObjectKind::kSchool, "school"sv},
      std::pair{ObjectKind::kMedical, "medical"sv},
      std::pair{ObjectKind::kPlaceOfWorship, "place_of_worship"sv},
      std::pair{ObjectKind::kMarket, "market"sv},
      std::pair{ObjectKind::kWater, "water"sv},
      std::pair{ObjectKind::kPower, "power"sv},
      std::pair{ObjectKind::kRoadOrBridge, "road_or_bridge"sv},
      std::pair{ObjectKind::kAgriculture, "agriculture"sv},
      std::pair{ObjectKind::kShelter, "shelter"sv},
      std::pair{ObjectKind::kOther, "other"sv}};
};
template <>
struct EnumTraits<EffectKind> {
  static constexpr std::array kNames = {std::pair{EffectKind::kDisplacement, "displacement"sv},
                                        std::pair{EffectKind::kServicesCut, "services_cut"sv},
                                        std::pair{EffectKind::kLivelihoodLoss, "livelihood_loss"sv},
                                        std::pair{EffectKind::kHealth, "health"sv},
                                        std::pair{EffectKind::kEducation, "education"sv},
                                        std::pair{EffectKind::kPsychosocial, "psychosocial"sv},
                                        std::pair{EffectKind::kEnvironmental, "environmental"sv},
                                        std::pair{EffectKind::kOther, "other"sv}};
};
template <>
struct EnumTraits<ExternalGrade> {
  static constexpr std::array kNames = {std::pair{ExternalGrade::kConfirmed, "confirmed"sv},
                                        std::pair{ExternalGrade::kFair, "fair"sv},
                                        std::pair{ExternalGrade::kWeak, "weak"sv},
                                        std::pair{ExternalGrade::kContested, "contested"sv},
                                        std::pair{ExternalGrade::kDiscounted, "discounted"sv}};
};
template <>
struct EnumTraits<AssessmentStatus> {
  static constexpr std::array kNames = {
      std::pair{AssessmentStatus::kUnassessed, "unassessed"sv},
      std::pair{AssessmentStatus::kAssessing, "assessing"sv},
      std::pair{AssessmentStatus::kCredible, "credible"sv},
      std::pair{AssessmentStatus::kNotCredible, "not_credible"sv},
      std::pair{AssessmentStatus::kInsufficientInfo, "insufficient_info"sv},
      std::pair{AssessmentStatus::kDuplicate, "duplicate"sv},
      std::pair{AssessmentStatus::kInvestigating, "investigating"sv},
      std::pair{AssessmentStatus::kInvestigated, "investigated"sv},
      std::pair{AssessmentStatus::kResponding, "responding"sv},
      std::pair{AssessmentStatus::kClosed, "closed"sv},
      std::pair{AssessmentStatus::kReopened, "reopened"sv}};
};
template <>
struct EnumTraits<VictimOutcome> {
  static constexpr std::array kNames = {std::pair{VictimOutcome::kKilled, "killed"sv},
                                        std::pair{VictimOutcome::kInjured, "injured"sv},
                                        std::pair{VictimOutcome::kMissing, "missing"sv}};
};
template <>
struct EnumTraits<Consent> {
  static constexpr std::array kNames = {std::pair{Consent::kUnknown, "unknown"sv},
                                        std::pair{Consent::kGiven, "given"sv},
                                        std::pair{Consent::kRefused, "refused"sv}};
};

}  // namespace civharm
