#include "domain/framework.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "core/problems.h"
#include "core/strings.h"
#include "domain/facts.h"
#include "domain/config_text.h"
#include "domain/json_reader.h"

namespace civharm {
namespace {

using internal::JsonReader;
using nlohmann::json;

enum class Presence { kRequired, kOptional };

// Text under `key`: when given, not blank, valid UTF-8 and at most `max_bytes` long.
std::string Text(JsonReader& in, std::string_view key, size_t max_bytes, Presence presence) {
  if (presence == Presence::kRequired) in.Require(key);
  std::string s = in.String(key);
  if (!s.empty() && Trim(s).empty()) in.problems().Add(in.field(key), "must not be blank");
  ValidateText(s, in.field(key), max_bytes, in.problems());
  return s;
}

// All five level descriptions: a framework that leaves a level undescribed cannot be scored.
LevelDescriptions ReadLevels(const json& j, const std::string& path, Problems& p) {
  JsonReader in(j, path, p);
  LevelDescriptions out;
  for (const auto& [level, name] : EnumTraits<Level>::kNames) {
    out[level] = Text(in, name, kMaxLongText, Presence::kRequired);
  }
  in.Finish();
  return out;
}

// "<category>.<n>": n a whole number from 1, without leading zeros.
bool IsIndicatorIdOf(int category, std::string_view id) {
  const std::string prefix = fmt::format("{}.", category);
  if (!id.starts_with(prefix)) return false;
  const std::string_view n = id.substr(prefix.size());
  return !n.empty() && n.size() <= 3 && n.front() != '0' &&
         std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `category` is 0 when the category's own id is missing or wrong: the prefix is then unknown.
Indicator ReadIndicator(const json& j, const std::string& path, int category,
                        std::set<std::string>& ids, Problems& p) {
  JsonReader in(j, path, p);
  Indicator ind;
  in.Require("id");
  if (const json* id = in.Get("id")) {
    if (!id->is_string()) {
      // YAML reads an unquoted 1.1 as a number, and 1.10 as the same number.
      p.Add(in.field("id"), fmt::format("must be text such as \"{}.1\" (in quotes in YAML), not {}",
                                        category > 0 ? category : 1, id->type_name()));
    } else if (category > 0 && !id->get_ref<const std::string&>().empty()) {
      ind.id = id->get<std::string>();
      if (!IsIndicatorIdOf(category, ind.id)) {
        p.Add(in.field("id"),
              fmt::format("must be the category's id, a dot and the indicator's number "
                          "(\"{0}.1\", \"{0}.2\", …)",
                          category));
      } else if (!ids.insert(ind.id).second) {
        p.Add(in.field("id"), fmt::format("'{}' appears twice", ind.id));
      }
    }
  }
  ind.name = Text(in, "name", kMaxShortText, Presence::kRequired);
  in.Require("source");
  if (const auto source = in.Enum<IndicatorSource>("source")) ind.source = *source;
  ind.description = Text(in, "description", kMaxLongText, Presence::kOptional);
  if (const json* levels = in.Get("levels")) {
    ind.levels = ReadLevels(*levels, in.field("levels"), p);
  }
  in.Finish();
  return ind;
}

Category ReadCategory(const json& j, const std::string& path, std::set<int>& category_ids,
                      std::set<std::string>& indicator_ids, Problems& p) {
  JsonReader in(j, path, p);
  Category c;
  in.Require("id");
  if (const auto id = in.Int("id")) {
    if (*id < 1 || *id > 99) {
      p.Add(in.field("id"), "must be a whole number from 1 to 99");
    } else if (!category_ids.insert(static_cast<int>(*id)).second) {
      p.Add(in.field("id"), fmt::format("{} appears twice", *id));
    } else {
      c.id = static_cast<int>(*id);
    }
  }
  c.name = Text(in, "name", kMaxShortText, Presence::kRequired);
  c.description = Text(in, "description", kMaxLongText, Presence::kRequired);
  in.Require("levels");
  if (const json* levels = in.Get("levels")) c.levels = ReadLevels(*levels, in.field("levels"), p);
  in.Require("indicators");
  if (const json* list = in.Array("indicators")) {
    if (list->size() < 3 || list->size() > 5) {
      p.Add(in.field("indicators"),
            fmt::format("has {} indicators; a category has 3 to 5", list->size()));
    }
    for (size_t i = 0; i < list->size(); ++i) {
      c.indicators.push_back(
          ReadIndicator((*list)[i], Index(in.field("indicators"), i), c.id, indicator_ids, p));
    }
  }
  in.Finish();
  return c;
}

json LevelsJson(const LevelDescriptions& d) {
  json j = json::object();
  for (const auto& [level, name] : EnumTraits<Level>::kNames) j[std::string(name)] = d[level];
  return j;
}

// ---- the roadmap ---------------------------------------------------------------------------

// `label` names the subject; `d` holds the level descriptions it is read against.
RoadmapStep Step(std::string subject, std::string name, std::string_view label,
                 const LevelDescriptions& d, Level current) {
  RoadmapStep s;
  s.subject = std::move(subject);
  s.name = std::move(name);
  s.current = current;
  s.current_description = d[current];
  s.next = NextLevel(current);
  const std::string_view now = LevelTitle(current);
  if (!s.next) {
    s.gap = fmt::format("{}: {} is the highest level; there is no next level. Now ({}): {}", label,
                        now, now, s.current_description);
    return s;
  }
  s.next_description = d[*s.next];
  const std::string_view next = LevelTitle(*s.next);
  s.gap = fmt::format("{}: from {} to {}. Now ({}): {} Next ({}): {}", label, now, next, now,
                      s.current_description, next, s.next_description);
  return s;
}

}  // namespace

// ---- levels --------------------------------------------------------------------------------

std::string_view LevelTitle(Level level) {
  switch (level) {
    case Level::kLeader:
      return "Leader";
    case Level::kEmergingLeader:
      return "Emerging Leader";
    case Level::kEngaged:
      return "Engaged";
    case Level::kUncommitted:
      return "Uncommitted";
    case Level::kRegressive:
      return "Regressive";
  }
  return "?";
}

std::optional<Level> NextLevel(Level level) {
  if (level == Level::kLeader) return std::nullopt;
  return static_cast<Level>(LevelScore(level) + 1);
}

bool LevelDescriptions::empty() const {
  return std::all_of(texts.begin(), texts.end(), [](const std::string& t) { return t.empty(); });
}

// ---- aggregation ---------------------------------------------------------------------------

Result<Level> Aggregate(std::span<const Level> levels, AggregationRule rule) {
  if (levels.empty()) return std::unexpected(InvalidArgument("there are no levels to aggregate"));
  std::vector<int> scores;
  scores.reserve(levels.size());
  for (Level l : levels) scores.push_back(LevelScore(l));
  std::sort(scores.begin(), scores.end());
  const auto n = static_cast<int64_t>(scores.size());
  const int64_t sum = std::accumulate(scores.begin(), scores.end(), int64_t{0});
  // The mean sum/n rounded half up is floor(sum/n + 1/2) = floor((2 sum + n) / 2n); rounded half
  // down, ceil(sum/n - 1/2) = floor((2 sum + n - 1) / 2n). Integers only, so that 4.5 is exactly
  // a half and every machine rounds it the same way.
  int64_t score = scores.front();
  switch (rule) {
    case AggregationRule::kMeanHalfUp:
      score = (2 * sum + n) / (2 * n);
      break;
    case AggregationRule::kMeanHalfDown:
      score = (2 * sum + n - 1) / (2 * n);
      break;
    case AggregationRule::kMedianUpper:
      score = scores[static_cast<size_t>(n / 2)];
      break;
    case AggregationRule::kMedianLower:
      score = scores[static_cast<size_t>((n - 1) / 2)];
      break;
    case AggregationRule::kMinimum:
      break;
  }
  return static_cast<Level>(score);
}

Result<LevelDecision> LevelDecision::Overridden(Level computed, Level level, std::string reason) {
  Problems p;
  if (Trim(reason).empty()) {
    p.Add("reason", "is required: say why the computed level is overridden");
  } else {
    ValidateText(reason, "reason", kMaxLongText, p);
  }
  if (level == computed) {
    p.Add("level", fmt::format("is the computed level already ({})", EnumName(level)));
  }
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  LevelDecision d(computed);
  d.overridden_ = level;
  d.reason_ = std::move(reason);
  return d;
}

Result<Level> OverallLevel(std::span<const LevelDecision> categories, AggregationRule rule) {
  std::vector<Level> levels;
  levels.reserve(categories.size());
  for (const LevelDecision& c : categories) levels.push_back(c.level());
  return Aggregate(levels, rule);
}

// ---- the framework -------------------------------------------------------------------------

const Category* Framework::FindCategory(int id) const {
  for (const Category& c : categories) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const Indicator* Framework::FindIndicator(std::string_view id) const {
  for (const Category& c : categories) {
    for (const Indicator& i : c.indicators) {
      if (i.id == id) return &i;
    }
  }
  return nullptr;
}

Result<Framework> FrameworkFromJson(const json& j) {
  if (!j.is_object()) {
    return std::unexpected(InvalidArgument(fmt::format(
        "the framework must be an object with edition, title, source and categories, not {}",
        j.type_name())));
  }
  Problems p;
  JsonReader in(j, "", p);
  Framework fw;
  fw.edition = Text(in, "edition", kMaxShortText, Presence::kRequired);
  if (!std::all_of(fw.edition.begin(), fw.edition.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-' || c == '_';
      })) {
    p.Add("edition", "may hold only letters, digits, '.', '-' and '_'");
  }
  fw.title = Text(in, "title", kMaxShortText, Presence::kRequired);
  fw.source = Text(in, "source", kMaxLongText, Presence::kRequired);
  if (const auto rule = in.Enum<AggregationRule>("aggregation")) fw.aggregation = *rule;
  in.Require("categories");
  if (const json* list = in.Array("categories")) {
    if (list->empty()) p.Add("categories", "must hold at least one category");
    std::set<int> category_ids;
    std::set<std::string> indicator_ids;
    for (size_t i = 0; i < list->size(); ++i) {
      fw.categories.push_back(
          ReadCategory((*list)[i], Index("categories", i), category_ids, indicator_ids, p));
    }
  }
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return fw;
}

Result<Framework> ParseFramework(std::string_view text) {
  CIVHARM_ASSIGN_OR_RETURN(json j, ParseConfigText(text, "the framework"));
  return FrameworkFromJson(j);
}

json ToJson(const RoadmapStep& step) {
  json j = {{"subject", step.subject},
            {"name", step.name},
            {"current", EnumName(step.current)},
            {"current_description", step.current_description},
            {"gap", step.gap},
            {"category_descriptions", step.category_descriptions}};
  if (step.next) {
    j["next"] = EnumName(*step.next);
    j["next_description"] = step.next_description;
  }
  return j;
}

json ToJson(const Framework& fw) {
  json categories = json::array();
  for (const Category& c : fw.categories) {
    json indicators = json::array();
    for (const Indicator& i : c.indicators) {
      json ind = {{"id", i.id}, {"name", i.name}, {"source", EnumName(i.source)}};
      if (!i.description.empty()) ind["description"] = i.description;
      if (!i.levels.empty()) ind["levels"] = LevelsJson(i.levels);
      indicators.push_back(std::move(ind));
    }
    categories.push_back({{"id", c.id},
                          {"name", c.name},
                          {"description", c.description},
                          {"levels", LevelsJson(c.levels)},
                          {"indicators", std::move(indicators)}});
  }
  return {{"edition", fw.edition},
          {"title", fw.title},
          {"source", fw.source},
          {"aggregation", EnumName(fw.aggregation)},
          {"categories", std::move(categories)}};
}

Framework DefaultFramework() {
  auto fw = ParseFramework(DefaultFrameworkText());
  // The built-in file is checked by a unit test; a build that cannot read it must not score.
  if (!fw) std::abort();
  return *fw;
}

// ---- the roadmap ---------------------------------------------------------------------------

RoadmapStep Roadmap(const Category& category, Level current) {
  return Step(std::to_string(category.id), category.name,
              fmt::format("{} {}", category.id, category.name), category.levels, current);
}

RoadmapStep Roadmap(const Category& category, const Indicator& indicator, Level current) {
  if (!indicator.levels.empty()) {
    return Step(indicator.id, indicator.name, fmt::format("{} {}", indicator.id, indicator.name),
                indicator.levels, current);
  }
  RoadmapStep s = Step(indicator.id, indicator.name,
                       fmt::format("{} {} (levels of category {} {})", indicator.id, indicator.name,
                                   category.id, category.name),
                       category.levels, current);
  s.category_descriptions = true;
  return s;
}

Result<RoadmapStep> Roadmap(const Framework& framework, std::string_view subject, Level current) {
  for (const Category& c : framework.categories) {
    if (std::to_string(c.id) == subject) return Roadmap(c, current);
    for (const Indicator& i : c.indicators) {
      if (i.id == subject) return Roadmap(c, i, current);
    }
  }
  return std::unexpected(NotFound(fmt::format("the framework {} has no category or indicator '{}'",
                                              framework.edition, subject)));
}

}  // namespace civharm
