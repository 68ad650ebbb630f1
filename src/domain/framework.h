// The leadership framework: the Civilian Protection Monitor's categories of civilian harm
// mitigation and response, their indicators, and the five levels a state can reach in each
// (docs/leadership_framework.yaml is the edition built in; docs/METHODS.md explains the rules).
// A framework is data, checked key by key before use; how indicator levels combine into a
// category's level, and category levels into the overall one, is a named rule; a computed level
// may be overridden only with a reason; the roadmap says what the next level asks for.
//
//   CIVHARM_ASSIGN_OR_RETURN(Framework fw, ParseFramework(text));
//   const Level levels[] = {Level::kLeader, Level::kLeader, Level::kEmergingLeader,
//                           Level::kEmergingLeader};
//   CIVHARM_ASSIGN_OR_RETURN(Level category, Aggregate(levels, fw.aggregation));  // kLeader
//   RoadmapStep step = Roadmap(*fw.FindCategory(1), Level::kEngaged);  // .next: Emerging Leader
//
// Pure: no I/O.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/enum.h"
#include "core/status.h"

namespace civharm {

using std::string_view_literals::operator""sv;

// The framework's levels, from the lowest to the highest: a level's score (1–5) is its value,
// so that levels compare and average in the framework's own order.
enum class Level { kRegressive = 1, kUncommitted, kEngaged, kEmergingLeader, kLeader };
template <>
struct EnumTraits<Level> {
  static constexpr std::array kNames = {
      std::pair{Level::kLeader, "leader"sv}, std::pair{Level::kEmergingLeader, "emerging_leader"sv},
      std::pair{Level::kEngaged, "engaged"sv}, std::pair{Level::kUncommitted, "uncommitted"sv},
      std::pair{Level::kRegressive, "regressive"sv}};
};
inline constexpr size_t kLevelCount = 5;

constexpr int LevelScore(Level level) {
  return static_cast<int>(level);
}
// The level's name as the framework writes it: "Emerging Leader".
std::string_view LevelTitle(Level level);
// The level above, or nullopt for Leader.
std::optional<Level> NextLevel(Level level);

// Who defined an indicator: the Civilian Protection Monitor, or civharm reading the Monitor's
// level descriptions where the Monitor names no indicators.
enum class IndicatorSource { kCpm, kCivharm };
template <>
struct EnumTraits<IndicatorSource> {
  static constexpr std::array kNames = {std::pair{IndicatorSource::kCpm, "cpm"sv},
                                        std::pair{IndicatorSource::kCivharm, "civharm"sv}};
};

// What each level means for one category or indicator: all five texts, or (for an indicator the
// framework describes only through its category) none.
struct LevelDescriptions {
  std::array<std::string, kLevelCount> texts;  // by LevelScore - 1

  const std::string& operator[](Level level) const { return texts[LevelScore(level) - 1]; }
  std::string& operator[](Level level) { return texts[LevelScore(level) - 1]; }
  bool empty() const;
  friend bool operator==(const LevelDescriptions&, const LevelDescriptions&) = default;
};

struct Indicator {
  // "<category id>.<n>", such as "4.2". Stable: assessments refer to indicators by id across
  // editions, so an id, once used, keeps its meaning.
  std::string id;
  std::string name;
  IndicatorSource source = IndicatorSource::kCpm;
  std::string description;   // optional: what the indicator looks at
  LevelDescriptions levels;  // empty: read against the category's levels
  friend bool operator==(const Indicator&, const Indicator&) = default;
};

struct Category {
  int id = 0;  // 1, 2, …: the prefix of its indicators' ids
  std::string name;
  std::string description;
  LevelDescriptions levels;           // all five
  std::vector<Indicator> indicators;  // 3 to 5
  friend bool operator==(const Category&, const Category&) = default;
};

// ---- aggregation -----------------------------------------------------------------------------

// How a set of levels (a category's indicators, or the categories) gives one level. Scores are
// 1 (Regressive) to 5 (Leader); every rule is exact integer arithmetic on them, so that a tie
// is settled the same way everywhere.
enum class AggregationRule {
  kMeanHalfUp,    // the mean score, a half rounded up (4.5 → Leader): the default
  kMeanHalfDown,  // the mean score, a half rounded down (4.5 → Emerging Leader)
  kMedianUpper,   // the median; of an even count, the higher of the two middle levels
  kMedianLower,   // the median; of an even count, the lower of the two middle levels
  kMinimum,       // the weakest level
};
template <>
struct EnumTraits<AggregationRule> {
  static constexpr std::array kNames = {
      std::pair{AggregationRule::kMeanHalfUp, "mean_half_up"sv},
      std::pair{AggregationRule::kMeanHalfDown, "mean_half_down"sv},
      std::pair{AggregationRule::kMedianUpper, "median_upper"sv},
      std::pair{AggregationRule::kMedianLower, "median_lower"sv},
      std::pair{AggregationRule::kMinimum, "minimum"sv}};
};
// Reproduces the worked example: Leader, Leader, Emerging Leader, Emerging Leader give Leader;
// Emerging Leader, Engaged, Engaged, Engaged give Engaged.
inline constexpr AggregationRule kDefaultAggregationRule = AggregationRule::kMeanHalfUp;

// The level `levels` give under `rule`; invalid_argument when there are none.
Result<Level> Aggregate(std::span<const Level> levels, AggregationRule rule);

// A level as computed, and as decided: an assessor may override the computed level, and must
// say why. The effective level is the override when there is one.
class LevelDecision {
 public:
  explicit LevelDecision(Level computed) : computed_(computed) {}
  // invalid_argument (field "reason") when `reason` is blank or not valid text, or (field
  // "level") when `level` is the computed level already.
  static Result<LevelDecision> Overridden(Level computed, Level level, std::string reason);

  Level computed() const { return computed_; }
  std::optional<Level> overridden() const { return overridden_; }
  const std::string& reason() const { return reason_; }  // empty unless overridden
  Level level() const { return overridden_.value_or(computed_); }
  friend bool operator==(const LevelDecision&, const LevelDecision&) = default;

 private:
  Level computed_;
  std::optional<Level> overridden_;
  std::string reason_;
};

// The overall level from the categories' effective levels (overrides included), each category
// counting once; invalid_argument when there are none.
Result<Level> OverallLevel(std::span<const LevelDecision> categories, AggregationRule rule);

// ---- the framework ---------------------------------------------------------------------------

struct Framework {
  // The edition's id, such as "cpm-2025-04" (letters, digits, '.', '-', '_'): assessments keep
  // it, so that one made under an earlier edition is read against that edition.
  std::string edition;
  std::string title;
  std::string source;  // where the framework's texts come from
  AggregationRule aggregation = kDefaultAggregationRule;
  std::vector<Category> categories;

  const Category* FindCategory(int id) const;                 // nullptr when absent
  const Indicator* FindIndicator(std::string_view id) const;  // nullptr when absent
  friend bool operator==(const Framework&, const Framework&) = default;
};

// Reads a framework from YAML or JSON text (JSON is read as JSON, anything else as YAML). Every
// problem is reported at once, each with its path ("categories[2].indicators[0].id"): unknown
// keys, wrong types, blank or invalid text, a category without all five level descriptions,
// category or indicator ids given twice, an indicator id that does not start with its category's
// id, and categories with fewer than 3 or more than 5 indicators.
Result<Framework> ParseFramework(std::string_view text);
// The same from JSON already parsed (the canonical form ToJson writes).
Result<Framework> FrameworkFromJson(const nlohmann::json& j);
// The canonical JSON form: FrameworkFromJson reads it back equal.
nlohmann::json ToJson(const Framework& framework);

// The text of docs/leadership_framework.yaml, built into the program, and the framework it holds.
std::string_view DefaultFrameworkText();
Framework DefaultFramework();

// ---- the roadmap -----------------------------------------------------------------------------

// What a category or indicator at one level would need to reach the next, in the framework's own
// words: its current level's description, the next level's, and a gap that puts the two side by
// side in a fixed template. An indicator without level descriptions of its own is read against
// its category's.
struct RoadmapStep {
  std::string subject;  // the category's id ("4") or the indicator's ("4.1")
  std::string name;
  Level current = Level::kRegressive;
  std::string current_description;
  std::optional<Level> next;           // nullopt at Leader
  std::string next_description;        // empty at Leader
  bool category_descriptions = false;  // the descriptions are the category's
  std::string gap;
  friend bool operator==(const RoadmapStep&, const RoadmapStep&) = default;
};
RoadmapStep Roadmap(const Category& category, Level current);
RoadmapStep Roadmap(const Category& category, const Indicator& indicator, Level current);
// The same by id: a category's ("4") or an indicator's ("4.1"); not_found when the framework has
// no such category or indicator.
Result<RoadmapStep> Roadmap(const Framework& framework, std::string_view subject, Level current);
// {"subject", "name", "current", "current_description", "next", "next_description", "gap",
//  "category_descriptions"}; next and next_description absent at Leader.
nlohmann::json ToJson(const RoadmapStep& step);

}  // namespace civharm
