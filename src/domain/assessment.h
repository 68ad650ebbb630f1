// An assessment of a state against the leadership framework (domain/framework.h) for a period:
// a level per indicator with its rationale and the evidence it rests on, category and overall
// levels computed by the framework's aggregation rule (overridable only with a reason), and the
// two-person rule of releases — an assessor writes it, someone else reviews it before it is
// published. An assessment keeps the framework edition it was made under and the indicator ids
// it scores, so that it is still read correctly after the framework is revised.
//
//   draft → under_review → published
//
//   StateAssessment a{.id = NewId(), .version = 1, .state = "Utopia", ...};
//   Status s = Validate(a, fw);                             // every problem, with its field
//   CIVHARM_ASSIGN_OR_RETURN(Scorecard card, ScoreOf(a, fw));
//   std::vector<LevelChange> changes = Compare(last_year, a, fw);
//
// Names avoid the case records' Assessment and AssessmentStatus (domain/case_records.h), which
// are about one allegation of harm, not about a state. Pure: no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"
#include "domain/framework.h"

namespace civharm {

enum class ScoreStatus { kDraft, kUnderReview, kPublished };
template <>
struct EnumTraits<ScoreStatus> {
  static constexpr std::array kNames = {std::pair{ScoreStatus::kDraft, "draft"sv},
                                        std::pair{ScoreStatus::kUnderReview, "under_review"sv},
                                        std::pair{ScoreStatus::kPublished, "published"sv}};
};

// What a piece of evidence is: a document cited by title (and address, when it is online), a
// web page, or a record kept in civharm.
enum class EvidenceKind { kDocument, kLink, kRecord };
template <>
struct EnumTraits<EvidenceKind> {
  static constexpr std::array kNames = {std::pair{EvidenceKind::kDocument, "document"sv},
                                        std::pair{EvidenceKind::kLink, "link"sv},
                                        std::pair{EvidenceKind::kRecord, "record"sv}};
};

// The civharm records evidence may cite. Victims are left out on purpose: an assessment is
// published, and a victim's record is personal data.
enum class EvidenceRecordKind { kIncident, kReport, kOperation, kCase };
template <>
struct EnumTraits<EvidenceRecordKind> {
  static constexpr std::array kNames = {std::pair{EvidenceRecordKind::kIncident, "incident"sv},
                                        std::pair{EvidenceRecordKind::kReport, "report"sv},
                                        std::pair{EvidenceRecordKind::kOperation, "operation"sv},
                                        std::pair{EvidenceRecordKind::kCase, "case"sv}};
};

struct Evidence {
  EvidenceKind kind = EvidenceKind::kDocument;
  std::string title;  // required
  std::string url;    // http or https: required for a link, optional for a document, not a record's
  std::optional<EvidenceRecordKind> record_kind;  // a record's only, and required for it
  Id record_id;                                   // a record's only, and required for it
  std::string note;
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

struct IndicatorScore {
  std::string indicator_id;  // the framework's ("2.3")
  Level level = Level::kRegressive;
  std::string rationale;  // required: why this level
  std::vector<Evidence> evidence;
  friend bool operator==(const IndicatorScore&, const IndicatorScore&) = default;
};

// An assessor's level in place of a computed one, and why.
struct LevelOverride {
  Level level = Level::kRegressive;
  std::string reason;  // required
  friend bool operator==(const LevelOverride&, const LevelOverride&) = default;
};

struct Period {
  Date from = Date::FromDays(0);
  Date to = Date::FromDays(0);  // inclusive; not before `from`
  friend bool operator==(const Period&, const Period&) = default;
};

struct StateAssessment {
  Id id;
  int64_t version = 0;  // 1 on create, +1 on every change
  std::string state;    // the country assessed, by name
  // The belligerent name civharm records the state's forces under, for evidence from its own
  // records (analytics/evidence.h): incidents naming it are the allegations against the state.
  // Empty: none is computed.
  std::string force;
  Period period;
  std::string edition;  // the framework edition it was made under
  std::vector<IndicatorScore> indicators;
  std::map<int, LevelOverride> category_overrides;  // by category id
  std::optional<LevelOverride> overall_override;
  std::string assessor;
  std::string reviewer;  // never the assessor
  ScoreStatus status = ScoreStatus::kDraft;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> published_at;  // when, and only when, published
  std::string review_note;
  friend bool operator==(const StateAssessment&, const StateAssessment&) = default;
};

// invalid_argument with every problem, each with its field path ("indicators[2].evidence[0].url"):
// an edition other than the framework's; an indicator the framework does not have, or scored
// twice; a blank rationale; evidence without what its kind needs (a link's http(s) address, a
// record's kind and id); an assessment under review or published that leaves an indicator
// unscored (a draft may); an override of an unknown or unscored category, without a reason, or
// at the computed level; a reviewer who is the assessor; a publication without a reviewer;
// invalid text anywhere.
Status Validate(const StateAssessment& a, const Framework& framework);

// ---- scores --------------------------------------------------------------------------------

struct CategoryScore {
  int category_id = 0;
  std::string name;
  // By the framework's rule from the indicators scored, with the override beside it; nullopt
  // when none of the category's indicators is scored.
  std::optional<LevelDecision> level;
  std::vector<IndicatorScore> indicators;  // those scored, in the framework's order
  friend bool operator==(const CategoryScore&, const CategoryScore&) = default;
};

struct Scorecard {
  std::string edition;
  AggregationRule rule = kDefaultAggregationRule;
  std::vector<CategoryScore> categories;  // every category of the framework, in its order
  // From the categories that have a level (overrides included); nullopt when none has.
  std::optional<LevelDecision> overall;
  friend bool operator==(const Scorecard&, const Scorecard&) = default;
};

// The assessment's scorecard; the failure of Validate when it is not valid.
Result<Scorecard> ScoreOf(const StateAssessment& a, const Framework& framework);

// A roadmap step (domain/framework.h) for each category with a level, at its effective level,
// followed by one for each of its scored indicators, in the framework's order. Reads what it
// can of an assessment that is not valid: unknown indicators, second scores and overrides that
// Validate would refuse are left out.
std::vector<RoadmapStep> RoadmapOf(const StateAssessment& a, const Framework& framework);

// ---- comparisons ---------------------------------------------------------------------------

enum class LevelShift { kUp, kDown, kNewlyScored, kNoLongerScored };
template <>
struct EnumTraits<LevelShift> {
  static constexpr std::array kNames = {
      std::pair{LevelShift::kUp, "up"sv}, std::pair{LevelShift::kDown, "down"sv},
      std::pair{LevelShift::kNewlyScored, "newly_scored"sv},
      std::pair{LevelShift::kNoLongerScored, "no_longer_scored"sv}};
};

inline constexpr std::string_view kOverallSubject = "overall";

// One level that differs between two assessments: of an indicator ("2.3"), a category ("2") or
// the whole ("overall"). Levels are the effective ones, overrides included.
struct LevelChange {
  std::string subject;
  std::string name;
  std::optional<Level> before;  // nullopt: not scored (or, for a category, no indicator scored)
  std::optional<Level> after;
  LevelShift shift = LevelShift::kUp;
  // Why: an indicator's rationale; a category's or the overall override reason (empty when the
  // level is the computed one).
  std::string rationale_before;
  std::string rationale_after;
  friend bool operator==(const LevelChange&, const LevelChange&) = default;
};

// What changed from `before` to `after`: the same state over two periods, or two states. Both
// are read against `framework` by indicator id, so an indicator the framework no longer has is
// not compared. In the framework's order: each category, then its indicators; overall last.
std::vector<LevelChange> Compare(const StateAssessment& before, const StateAssessment& after,
                                 const Framework& framework);

struct ComparisonRow {
  std::string subject;  // "2", "2.3" or "overall"
  std::string name;
  std::vector<std::optional<Level>> levels;  // one per assessment, in the order given
  friend bool operator==(const ComparisonRow&, const ComparisonRow&) = default;
};

// A table of several assessments side by side: a row per category followed by its indicators,
// and the overall level last.
std::vector<ComparisonRow> CompareMany(std::span<const StateAssessment> assessments,
                                       const Framework& framework);

// ---- JSON ----------------------------------------------------------------------------------

nlohmann::json ToJson(const StateAssessment& a);
// Strict: unknown keys, wrong types and missing required keys are refused, every problem with
// its path. Whether the assessment fits a framework is Validate's question.
Result<StateAssessment> StateAssessmentFromJson(const nlohmann::json& j);
// What an assessor writes, from a request body: state and period (required), force, edition,
// indicators, category_overrides, overall_override; any other key is refused. The rest of the
// assessment is left at its defaults for the service to fill.
Result<StateAssessment> AssessmentContentFromJson(const nlohmann::json& j);

nlohmann::json ToJson(const LevelDecision& d);
nlohmann::json ToJson(const Scorecard& s);
nlohmann::json ToJson(const LevelChange& c);
nlohmann::json ToJson(const ComparisonRow& r);

}  // namespace civharm
