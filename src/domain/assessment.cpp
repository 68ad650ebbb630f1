#include "domain/assessment.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/problems.h"
#include "core/strings.h"
#include "domain/facts.h"
#include "domain/json_reader.h"

namespace civharm {
namespace {

using internal::JsonReader;
using nlohmann::json;

// ---- validation ----------------------------------------------------------------------------

void RequiredText(std::string_view text, const std::string& field, size_t max_bytes, Problems& p) {
  if (Trim(text).empty()) {
    p.Add(field, "is required");
  } else {
    ValidateText(text, field, max_bytes, p);
  }
}

// The problems of `status` with their fields put under `prefix`.
void AddUnder(Problems& p, std::string_view prefix, const Status& status) {
  for (const FieldError& e : status.details()) p.Add(Path(prefix, e.field), e.message);
}

// An absolute http or https address with a host, and nothing a browser would have to guess at
// (spaces, control characters): evidence others must be able to open.
bool IsWebAddress(std::string_view url) {
  const std::string lower = ToLowerAscii(url.substr(0, 8));
  size_t scheme = 0;
  if (lower.starts_with("https://")) {
    scheme = 8;
  } else if (lower.starts_with("http://")) {
    scheme = 7;
  } else {
    return false;
  }
  const std::string_view rest = url.substr(scheme);
  const size_t host_end = rest.find_first_of("/?#");
  return host_end != 0 && !rest.empty() && IsValidUtf8(url) &&
         std::none_of(url.begin(), url.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

void ValidateEvidence(const Evidence& e, const std::string& field, Problems& p) {
  RequiredText(e.title, Path(field, "title"), kMaxShortText, p);
  ValidateText(e.note, Path(field, "note"), kMaxLongText, p);
  const bool record = e.kind == EvidenceKind::kRecord;
  const std::string url = Path(field, "url");
  if (e.kind == EvidenceKind::kLink && e.url.empty()) {
    p.Add(url, "is required for a link");
  } else if (!e.url.empty() && record) {
    p.Add(url, "a record is cited by its kind and id, not by an address");
  } else if (!e.url.empty() && (e.url.size() > kMaxShortText || !IsWebAddress(e.url))) {
    p.Add(url, "must be an http or https address");
  }
  if (!record) {
    if (e.record_kind || !e.record_id.empty()) {
      p.Add(Path(field, "record_id"), "only a record has a record kind and id");
    }
    return;
  }
  if (!e.record_kind) p.Add(Path(field, "record_kind"), "is required for a record");
  if (e.record_id.empty()) {
    p.Add(Path(field, "record_id"), "is required for a record");
  } else if (!IsValidId(e.record_id)) {
    p.Add(Path(field, "record_id"), "is not a record id");
  }
}

void ValidateScore(const IndicatorScore& s, const std::string& field, const Framework& fw,
                   std::set<std::string_view>& scored, Problems& p) {
  const std::string id = Path(field, "indicator_id");
  if (s.indicator_id.empty()) {
    p.Add(id, "is required");
  } else if (!IsValidUtf8(s.indicator_id) || !fw.FindIndicator(s.indicator_id)) {
    p.Add(id, fmt::format("the framework {} has no such indicator", fw.edition));
  } else if (!scored.insert(s.indicator_id).second) {
    p.Add(id, fmt::format("'{}' is scored twice", s.indicator_id));
  }
  RequiredText(s.rationale, Path(field, "rationale"), kMaxLongText, p);
  for (size_t i = 0; i < s.evidence.size(); ++i) {
    ValidateEvidence(s.evidence[i], Index(Path(field, "evidence"), i), p);
  }
}

// ---- scoring -------------------------------------------------------------------------------

// The computed level, overridden when `o` is an override LevelDecision accepts; one it refuses
// is left out here (Validate reports it), so that reading an assessment never fails.
LevelDecision Decide(Level computed, const LevelOverride* o) {
  if (o) {
    auto d = LevelDecision::Overridden(computed, o->level, o->reason);
    if (d) return *std::move(d);
  }
  return LevelDecision(computed);
}

// The scorecard of what the framework can read: unknown indicators and second scores of an
// indicator are left out.
Scorecard Score(const StateAssessment& a, const Framework& fw) {
  std::map<std::string_view, const IndicatorScore*> first;
  for (const IndicatorScore& s : a.indicators) first.emplace(s.indicator_id, &s);
  Scorecard card;
  card.edition = fw.edition;
  card.rule = fw.aggregation;
  std::vector<LevelDecision> decided;
  for (const Category& c : fw.categories) {
    CategoryScore cs;
    cs.category_id = c.id;
    cs.name = c.name;
    std::vector<Level> levels;
    for (const Indicator& i : c.indicators) {
      if (const auto it = first.find(i.id); it != first.end()) {
        cs.indicators.push_back(*it->second);
        levels.push_back(it->second->level);
      }
    }
    if (auto computed = Aggregate(levels, fw.aggregation)) {
      const auto o = a.category_overrides.find(c.id);
      cs.level = Decide(*computed, o == a.category_overrides.end() ? nullptr : &o->second);
      decided.push_back(*cs.level);
    }
    card.categories.push_back(std::move(cs));
  }
  if (auto computed = OverallLevel(decided, fw.aggregation)) {
    card.overall = Decide(*computed, a.overall_override ? &*a.overall_override : nullptr);
  }
  return card;
}

void CheckOverride(Level computed, const LevelOverride& o, const std::string& field, Problems& p) {
  auto d = LevelDecision::Overridden(computed, o.level, o.reason);
  if (!d) AddUnder(p, field, d.error());
}

const IndicatorScore* ScoreFor(const CategoryScore& c, std::string_view indicator_id) {
  for (const IndicatorScore& s : c.indicators) {
    if (s.indicator_id == indicator_id) return &s;
  }
  return nullptr;
}

// One line of a scorecard, for comparisons: an indicator, a category or the whole, with its
// effective level and why.
struct Line {
  std::string subject;
  std::string name;
  std::optional<Level> level;
  std::string why;
};

Line DecisionLine(std::string subject, std::string name, const std::optional<LevelDecision>& d) {
  return {std::move(subject), std::move(name), d ? std::optional(d->level()) : std::nullopt,
          d ? d->reason() : std::string()};
}

// Every line of the framework, in the order Compare and CompareMany list them.
std::vector<Line> Lines(const StateAssessment& a, const Framework& fw) {
  const Scorecard card = Score(a, fw);
  std::vector<Line> out;
  for (size_t ci = 0; ci < fw.categories.size(); ++ci) {
    const Category& c = fw.categories[ci];
    const CategoryScore& cs = card.categories[ci];
    out.push_back(DecisionLine(std::to_string(c.id), c.name, cs.level));
    for (const Indicator& i : c.indicators) {
      const IndicatorScore* s = ScoreFor(cs, i.id);
      out.push_back({i.id, i.name, s ? std::optional(s->level) : std::nullopt,
                     s ? s->rationale : std::string()});
    }
  }
  out.push_back(DecisionLine(std::string(kOverallSubject), "Overall", card.overall));
  return out;
}

// ---- JSON ----------------------------------------------------------------------------------

void PutText(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}

// A JSON list of `items`, each written by `write`.
template <typename T, typename F>
json List(const std::vector<T>& items, F write) {
  json out = json::array();
  for (const T& item : items) out.push_back(write(item));
  return out;
}

json LevelJson(std::optional<Level> level) {
  return level ? json(EnumName(*level)) : json(nullptr);
}

json OverrideJson(const LevelOverride& o) {
  return {{"level", EnumName(o.level)}, {"reason", o.reason}};
}

json EvidenceJson(const Evidence& e) {
  json j = {{"kind", EnumName(e.kind)}, {"title", e.title}};
  PutText(j, "url", e.url);
  if (e.record_kind) j["record_kind"] = EnumName(*e.record_kind);
  PutText(j, "record_id", e.record_id);
  PutText(j, "note", e.note);
  return j;
}

json ScoreJson(const IndicatorScore& s) {
  return {{"indicator_id", s.indicator_id},
          {"level", EnumName(s.level)},
          {"rationale", s.rationale},
          {"evidence", List(s.evidence, EvidenceJson)}};
}

LevelOverride ReadOverride(const json& j, const std::string& path, Problems& p) {
  JsonReader in(j, path, p);
  LevelOverride o;
  in.Require("level");
  in.Require("reason");
  if (const auto level = in.Enum<Level>("level")) o.level = *level;
  o.reason = in.String("reason");
  in.Finish();
  return o;
}

std::map<int, LevelOverride> ReadCategoryOverrides(const json& j, Problems& p) {
  std::map<int, LevelOverride> out;
  if (!j.is_object()) {
    p.Add("category_overrides", "must be an object of overrides by category id");
    return out;
  }
  for (const auto& [key, value] : j.items()) {
    const std::string field = Path("category_overrides", key);
    const auto id = ParseInt64(key);
    // Only the canonical spelling, so that "02" and "2" cannot both override category 2.
    if (!id || *id < 1 || *id > 99 || std::to_string(*id) != key) {
      p.Add(field, "is not a category id");
      continue;
    }
    out[static_cast<int>(*id)] = ReadOverride(value, field, p);
  }
  return out;
}

Evidence ReadEvidence(const json& j, const std::string& path, Problems& p) {
  JsonReader in(j, path, p);
  Evidence e;
  in.Require("kind");
  in.Require("title");
  if (const auto kind = in.Enum<EvidenceKind>("kind")) e.kind = *kind;
  e.title = in.String("title");
  e.url = in.String("url");
  e.record_kind = in.Enum<EvidenceRecordKind>("record_kind");
  e.record_id = in.String("record_id");
  e.note = in.String("note");
  in.Finish();
  return e;
}

IndicatorScore ReadScore(const json& j, const std::string& path, Problems& p) {
  JsonReader in(j, path, p);
  IndicatorScore s;
  for (const char* key : {"indicator_id", "level", "rationale"}) in.Require(key);
  s.indicator_id = in.String("indicator_id");
  if (const auto level = in.Enum<Level>("level")) s.level = *level;
  s.rationale = in.String("rationale");
  if (const json* list = in.Array("evidence")) {
    for (size_t i = 0; i < list->size(); ++i) {
      s.evidence.push_back(ReadEvidence((*list)[i], Index(in.field("evidence"), i), p));
    }
  }
  in.Finish();
  return s;
}

Period ReadPeriod(const json& j, Problems& p) {
  JsonReader in(j, "period", p);
  Period period;
  in.Require("from");
  in.Require("to");
  if (const auto d = in.DateValue("from")) period.from = *d;
  if (const auto d = in.DateValue("to")) period.to = *d;
  in.Finish();
  return period;
}

}  // namespace

Status Validate(const StateAssessment& a, const Framework& fw) {
  Problems p;
  if (!IsValidId(a.id)) p.Add("id", "is not an assessment id");
  if (a.version < 1) p.Add("version", "must be 1 or more");
  RequiredText(a.state, "state", kMaxShortText, p);
  ValidateText(a.force, "force", kMaxShortText, p);
  if (a.period.to < a.period.from) p.Add("period.to", "must not be before period.from");
  if (a.edition != fw.edition) {
    p.Add("edition", fmt::format("must be the framework's edition, {}", fw.edition));
  }

  std::set<std::string_view> scored;
  for (size_t i = 0; i < a.indicators.size(); ++i) {
    ValidateScore(a.indicators[i], Index("indicators", i), fw, scored, p);
  }
  // A draft is work in progress; what goes to a reviewer, or out, speaks to every indicator.
  if (a.status != ScoreStatus::kDraft) {
    std::vector<std::string_view> missing;
    for (const Category& c : fw.categories) {
      for (const Indicator& i : c.indicators) {
        if (!scored.contains(i.id)) missing.push_back(i.id);
      }
    }
    if (!missing.empty()) {
      p.Add(
          "indicators",
          fmt::format("an assessment under review or published scores every indicator; {} not "
                      "scored: {}",
                      missing.size() == 1 ? "this one is" : "these are", fmt::join(missing, ", ")));
    }
  }

  const Scorecard card = Score(a, fw);
  for (const auto& [id, o] : a.category_overrides) {
    const std::string field = Path("category_overrides", std::to_string(id));
    const auto c =
        std::find_if(card.categories.begin(), card.categories.end(),
                     [id = id](const CategoryScore& cs) { return cs.category_id == id; });
    if (c == card.categories.end()) {
      p.Add(field, fmt::format("the framework {} has no category {}", fw.edition, id));
    } else if (!c->level) {
      p.Add(field, "none of the category's indicators is scored, so it has no level to override");
    } else {
      CheckOverride(c->level->computed(), o, field, p);
    }
  }
  if (a.overall_override) {
    if (!card.overall) {
      p.Add("overall_override",
            "no category has a level, so there is no overall level to override");
    } else {
      CheckOverride(card.overall->computed(), *a.overall_override, "overall_override", p);
    }
  }

  RequiredText(a.assessor, "assessor", kMaxShortText, p);
  ValidateText(a.reviewer, "reviewer", kMaxShortText, p);
  ValidateText(a.review_note, "review_note", kMaxLongText, p);
  if (!a.reviewer.empty() && a.reviewer == a.assessor) {
    p.Add("reviewer", "an assessment is reviewed by someone other than its assessor");
  }
  const bool published = a.status == ScoreStatus::kPublished;
  if (published && a.reviewer.empty())
    p.Add("reviewer", "a published assessment names its reviewer");
  if (published != a.published_at.has_value()) {
    p.Add("published_at",
          published ? "is required when published" : "only a published assessment has it");
  }
  if (a.updated_at < a.created_at) p.Add("updated_at", "must not be before created_at");
  return p.ToStatus();
}

Result<Scorecard> ScoreOf(const StateAssessment& a, const Framework& fw) {
  CIVHARM_RETURN_IF_ERROR(Validate(a, fw));
  return Score(a, fw);
}

std::vector<RoadmapStep> RoadmapOf(const StateAssessment& a, const Framework& fw) {
  const Scorecard card = Score(a, fw);
  std::vector<RoadmapStep> steps;
  for (size_t ci = 0; ci < fw.categories.size(); ++ci) {
    const Category& c = fw.categories[ci];
    const CategoryScore& cs = card.categories[ci];
    if (!cs.level) continue;
    steps.push_back(Roadmap(c, cs.level->level()));
    for (const Indicator& i : c.indicators) {
      if (const IndicatorScore* s = ScoreFor(cs, i.id)) steps.push_back(Roadmap(c, i, s->level));
    }
  }
  return steps;
}

std::vector<LevelChange> Compare(const StateAssessment& before, const StateAssessment& after,
                                 const Framework& fw) {
  const std::vector<Line> was = Lines(before, fw);
  const std::vector<Line> is = Lines(after, fw);
  std::vector<LevelChange> changes;
  for (size_t k = 0; k < was.size(); ++k) {
    const Line& b = was[k];
    const Line& n = is[k];
    if (b.level == n.level) continue;
    LevelShift shift = LevelShift::kUp;
    if (!b.level) {
      shift = LevelShift::kNewlyScored;
    } else if (!n.level) {
      shift = LevelShift::kNoLongerScored;
    } else if (*n.level < *b.level) {
      shift = LevelShift::kDown;
    }
    changes.push_back({n.subject, n.name, b.level, n.level, shift, b.why, n.why});
  }
  return changes;
}

std::vector<ComparisonRow> CompareMany(std::span<const StateAssessment> assessments,
                                       const Framework& fw) {
  std::vector<ComparisonRow> rows;
  for (const StateAssessment& a : assessments) {
    const std::vector<Line> lines = Lines(a, fw);
    if (rows.empty()) {
      for (const Line& l : lines) rows.push_back({l.subject, l.name, {}});
    }
    for (size_t k = 0; k < lines.size(); ++k) rows[k].levels.push_back(lines[k].level);
  }
  return rows;
}

// ---- JSON ----------------------------------------------------------------------------------

json ToJson(const StateAssessment& a) {
  json j = {{"id", a.id},
            {"version", a.version},
            {"state", a.state},
            {"period", {{"from", a.period.from.ToString()}, {"to", a.period.to.ToString()}}},
            {"edition", a.edition},
            {"status", EnumName(a.status)},
            {"indicators", List(a.indicators, ScoreJson)},
            {"assessor", a.assessor},
            {"created_at", a.created_at.ToString()},
            {"updated_at", a.updated_at.ToString()}};
  if (!a.category_overrides.empty()) {
    json overrides = json::object();
    for (const auto& [id, o] : a.category_overrides)
      overrides[std::to_string(id)] = OverrideJson(o);
    j["category_overrides"] = std::move(overrides);
  }
  if (a.overall_override) j["overall_override"] = OverrideJson(*a.overall_override);
  PutText(j, "force", a.force);
  PutText(j, "reviewer", a.reviewer);
  if (a.published_at) j["published_at"] = a.published_at->ToString();
  PutText(j, "review_note", a.review_note);
  return j;
}

namespace {

// The keys an assessor writes: state, force, period, edition, indicators and overrides.
void ReadContent(JsonReader& in, StateAssessment& a, Problems& p) {
  in.Require("state");
  in.Require("period");
  a.state = in.String("state");
  a.force = in.String("force");
  if (const json* period = in.Get("period")) a.period = ReadPeriod(*period, p);
  a.edition = in.String("edition");
  if (const json* list = in.Array("indicators")) {
    for (size_t i = 0; i < list->size(); ++i) {
      a.indicators.push_back(ReadScore((*list)[i], Index("indicators", i), p));
    }
  }
  if (const json* o = in.Get("category_overrides"))
    a.category_overrides = ReadCategoryOverrides(*o, p);
  if (const json* o = in.Get("overall_override")) {
    a.overall_override = ReadOverride(*o, "overall_override", p);
  }
}

}  // namespace

Result<StateAssessment> StateAssessmentFromJson(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  StateAssessment a;
  for (const char* key :
       {"id", "version", "edition", "status", "assessor", "created_at", "updated_at"}) {
    in.Require(key);
  }
  a.id = in.String("id");
  a.version = in.Int("version").value_or(0);
  ReadContent(in, a, p);
  if (const auto s = in.Enum<ScoreStatus>("status")) a.status = *s;
  a.assessor = in.String("assessor");
  a.reviewer = in.String("reviewer");
  if (const auto t = in.TimestampValue("created_at")) a.created_at = *t;
  if (const auto t = in.TimestampValue("updated_at")) a.updated_at = *t;
  a.published_at = in.TimestampValue("published_at");
  a.review_note = in.String("review_note");
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return a;
}

Result<StateAssessment> AssessmentContentFromJson(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  StateAssessment a;
  ReadContent(in, a, p);
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return a;
}

json ToJson(const LevelDecision& d) {
  json j = {{"level", EnumName(d.level())},
            {"computed", EnumName(d.computed())},
            {"overridden", d.overridden().has_value()}};
  PutText(j, "reason", d.reason());
  return j;
}

json ToJson(const Scorecard& s) {
  const auto decision = [](const std::optional<LevelDecision>& d) {
    return d ? ToJson(*d) : json(nullptr);
  };
  const auto category = [&](const CategoryScore& c) -> json {
    return {{"id", c.category_id},
            {"name", c.name},
            {"level", decision(c.level)},
            {"indicators", List(c.indicators, ScoreJson)}};
  };
  return {{"edition", s.edition},
          {"rule", EnumName(s.rule)},
          {"categories", List(s.categories, category)},
          {"overall", decision(s.overall)}};
}

json ToJson(const LevelChange& c) {
  json j = {{"subject", c.subject},
            {"name", c.name},
            {"before", LevelJson(c.before)},
            {"after", LevelJson(c.after)},
            {"shift", EnumName(c.shift)}};
  PutText(j, "rationale_before", c.rationale_before);
  PutText(j, "rationale_after", c.rationale_after);
  return j;
}

json ToJson(const ComparisonRow& r) {
  return {{"subject", r.subject}, {"name", r.name}, {"levels", List(r.levels, LevelJson)}};
}

}  // namespace civharm
