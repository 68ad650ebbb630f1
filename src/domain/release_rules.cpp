#include "domain/release_rules.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/problems.h"
#include "core/strings.h"
#include "domain/codec.h"
#include "domain/config_text.h"
#include "domain/json_reader.h"
#include "geo/geo.h"

namespace civharm {
namespace {

using internal::JsonReader;
using nlohmann::json;

// ---- checking ------------------------------------------------------------------------------

// Why a name that is not a ReleaseField can never be one.
std::string WhyNotReleasable(std::string_view name) {
  static const std::set<std::string_view> kPersonal = {
      "names",        "family_group_id", "external_registry_id",
      "account",      "contact",         "victims",
      "victim",       "witness_details", "recipient",
      "participants", "preferences",     "age",
      "sex",          "reports",         "report"};
  if (kPersonal.contains(name)) {
    return fmt::format(
        "'{}' is personal data or belongs to reports and victims, which are never released: "
        "only incidents are published",
        name);
  }
  if (name == "restricted_to") {
    return "'restricted_to' is a need-to-know restriction: restricted incidents are never released";
  }
  if (name == "operation_ids" || name == "report_ids") {
    return fmt::format("'{}' links to own-force operations and reports, which are never released",
                       name);
  }
  if (name == "location.mgrs") {
    return "'location.mgrs' would give the place exactly; releases publish location.coordinates, "
           "coarsened by sensitivity";
  }
  if (name == "location.source_precision" || name == "source_fields") {
    return fmt::format("'{}' is a source's internal code, which is not released", name);
  }
  if (name == "version" || name == "created_at" || name == "updated_at" || name == "retraction") {
    return fmt::format("'{}' is the record's history, which is not released", name);
  }
  if (name == "location.lat" || name == "location.lon" || name == "location.precision") {
    return fmt::format("'{}' is released as part of location.coordinates", name);
  }
  if (name == "date.start" || name == "date.end" || name == "date.precision") {
    return fmt::format("'{}' is released as part of date", name);
  }
  if (name.starts_with("means.")) return fmt::format("'{}' is released as part of means", name);
  if (name.starts_with("casualties.")) {
    return fmt::format("'{}' is released as part of casualties", name);
  }
  if (name == "location") {
    return "'location' is released by its parts: location.coordinates, location.country, "
           "location.admin1, location.admin2, location.admin3, location.place_names, "
           "location.description";
  }
  return fmt::format("'{}' is not an incident field a release can publish ({})", name,
                     EnumChoices<ReleaseField>());
}

template <typename E>
std::vector<E> ReadEnumList(JsonReader& in, std::string_view key, Problems& p) {
  std::vector<E> out;
  const json* list = in.Array(key);
  if (!list) return out;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = Index(in.field(key), i);
    const json& v = (*list)[i];
    if (!v.is_string()) {
      p.Add(at, fmt::format("must be a string, not {}", v.type_name()));
      continue;
    }
    const auto e = ParseEnum<E>(v.get_ref<const std::string&>());
    if (!e) {
      p.Add(at, fmt::format("'{}' is not {}", v.get<std::string>(), EnumChoices<E>()));
    } else if (std::find(out.begin(), out.end(), *e) != out.end()) {
      p.Add(at, fmt::format("'{}' appears twice", v.get<std::string>()));
    } else {
      out.push_back(*e);
    }
  }
  return out;
}

std::vector<std::string> ReadNames(JsonReader& in, std::string_view key, Problems& p) {
  std::vector<std::string> out = in.Strings(key);
  for (size_t i = 0; i < out.size(); ++i) {
    if (Trim(out[i]).empty()) p.Add(Index(in.field(key), i), "must not be empty");
    ValidateText(out[i], Index(in.field(key), i), kMaxShortText, p);
  }
  return out;
}

IncidentCondition ReadCondition(const json& j, const std::string& path, Problems& p) {
  JsonReader in(j, path, p);
  IncidentCondition c;
  c.countries = ReadNames(in, "countries", p);
  c.admin1 = ReadNames(in, "admin1", p);
  c.admin2 = ReadNames(in, "admin2", p);
  c.statuses = ReadEnumList<AssessmentStatus>(in, "statuses", p);
  c.civilians_harmed_at_least = in.Int("civilians_harmed_at_least");
  if (c.civilians_harmed_at_least && *c.civilians_harmed_at_least < 1) {
    p.Add(in.field("civilians_harmed_at_least"), "must be 1 or more");
  }
  in.Finish();
  if (j.is_object() && c.empty()) {
    p.Add(path,
          "must give at least one condition (countries, admin1, admin2, statuses, "
          "civilians_harmed_at_least)");
  }
  return c;
}

// A grid whose cells tile the globe: 180 degrees a whole multiple of the side.
std::optional<std::string> CheckGrid(double g) {
  if (!(g >= 0.001) || g > 180) {
    return fmt::format(
        "must be from 0.001 (about 100 m; to publish points as recorded use coordinates: exact) "
        "to 180 degrees, not {}",
        FormatDouble(g));
  }
  const double cells = 180.0 / g;
  if (std::abs(cells - std::round(cells)) > 1e-9 * cells) {
    return fmt::format(
        "{} does not divide 180 degrees into whole cells (use e.g. 0.01, 0.05, 0.1, 0.25, 0.5 "
        "or 1)",
        FormatDouble(g));
  }
  return std::nullopt;
}

SensitivityLevel ReadLevel(const json& j, const std::string& path, Problems& p) {
  JsonReader in(j, path, p);
  SensitivityLevel level;
  in.Require("name");
  in.Require("coordinates");
  in.Require("areas");
  level.name = in.String("name");
  ValidateText(level.name, in.field("name"), kMaxShortText, p);
  const auto coordinates = in.Enum<CoordinateRelease>("coordinates");
  if (coordinates) level.coordinates = *coordinates;
  if (const auto a = in.Enum<AreaLevel>("areas")) level.areas = *a;
  const auto grid = in.Number("grid_degrees");  // a value of another type is reported
  const bool grid_given =
      j.is_object() && j.contains("grid_degrees") && !j["grid_degrees"].is_null();
  if (coordinates == CoordinateRelease::kGrid) {
    if (!grid_given) {
      p.Add(in.field("grid_degrees"), "is required when coordinates is grid");
    } else if (grid) {
      if (auto problem = CheckGrid(*grid)) {
        p.Add(in.field("grid_degrees"), *problem);
      } else {
        level.grid_degrees = *grid;
      }
    }
  } else if (coordinates && grid_given) {
    p.Add(in.field("grid_degrees"), "is only for coordinates: grid");
  }
  in.Finish();
  return level;
}

void ReadSensitivity(const json& j, ReleaseRules& rules, Problems& p) {
  JsonReader in(j, "sensitivity", p);
  in.Require("default");
  in.Require("levels");
  rules.default_level = in.String("default");
  std::set<std::string> names;
  if (const json* levels = in.Array("levels")) {
    if (levels->empty()) p.Add("sensitivity.levels", "must name at least one level");
    for (size_t i = 0; i < levels->size(); ++i) {
      const std::string at = Index("sensitivity.levels", i);
      SensitivityLevel level = ReadLevel((*levels)[i], at, p);
      if (!level.name.empty() && !names.insert(level.name).second) {
        p.Add(Path(at, "name"), fmt::format("'{}' appears twice", level.name));
      }
      rules.levels.push_back(std::move(level));
    }
  }
  const auto known = [&](const std::string& name, const std::string& at) {
    if (!name.empty() && !names.contains(name)) {
      p.Add(at, fmt::format("'{}' is not one of the levels in sensitivity.levels", name));
    }
  };
  known(rules.default_level, "sensitivity.default");
  if (const json* list = in.Array("rules")) {
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string at = Index("sensitivity.rules", i);
      JsonReader rin((*list)[i], at, p);
      SensitivityRule rule;
      rin.Require("level");
      rin.Require("when");
      rule.level = rin.String("level");
      known(rule.level, Path(at, "level"));
      if (const json* when = rin.Get("when")) rule.when = ReadCondition(*when, Path(at, "when"), p);
      rin.Finish();
      rules.sensitivity.push_back(std::move(rule));
    }
  }
  in.Finish();
}

// ---- the public form -----------------------------------------------------------------------

int64_t Highest(const CountRange& r) {
  return r.max.value_or(r.best.value_or(r.min.value_or(0)));
}

bool AnyOf(const std::vector<std::string>& list, const std::string& value) {
  if (list.empty()) return true;
  const std::string v = ToLowerAscii(value);
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& x) { return ToLowerAscii(x) == v; });
}

Date LastDayOfMonth(Date d) {
  const int year = d.month() == 12 ? d.year() + 1 : d.year();
  const int month = d.month() == 12 ? 1 : d.month() + 1;
  auto next = Date::FromCivil(year, month, 1);
  return next ? next->AddDays(-1) : d;
}

Date FirstDayOfMonth(Date d) {
  return d.AddDays(1 - d.day());
}

bool HasCasualties(const Casualties& c) {
  for (const Harm* h : {&c.civilian, &c.combatant, &c.undetermined}) {
    if (!h->killed.empty() || !h->injured.empty()) return true;
  }
  return !c.total_killed.empty() || !c.total_injured.empty();
}

double Round10(double v) {
  return std::round(v * 1e10) / 1e10;
}

}  // namespace

// ---- rules ---------------------------------------------------------------------------------

bool IncidentCondition::empty() const {
  return countries.empty() && admin1.empty() && admin2.empty() && statuses.empty() &&
         !civilians_harmed_at_least;
}

bool IncidentCondition::Matches(const Incident& incident) const {
  const Location& l = incident.facts.location;
  if (!AnyOf(countries, l.country) || !AnyOf(admin1, l.admin1) || !AnyOf(admin2, l.admin2)) {
    return false;
  }
  if (!statuses.empty() &&
      std::find(statuses.begin(), statuses.end(), incident.status) == statuses.end()) {
    return false;
  }
  if (civilians_harmed_at_least) {
    const Harm& h = incident.facts.casualties.civilian;
    if (Highest(h.killed) + Highest(h.injured) < *civilians_harmed_at_least) return false;
  }
  return true;
}

bool ReleaseRules::Releases(ReleaseField field) const {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

const SensitivityLevel& ReleaseRules::LevelOf(const Incident& incident) const {
  std::optional<size_t> chosen;
  for (const SensitivityRule& rule : sensitivity) {
    if (!rule.when.Matches(incident)) continue;
    for (size_t i = 0; i < levels.size(); ++i) {
      if (levels[i].name == rule.level && (!chosen || i > *chosen)) chosen = i;
    }
  }
  if (!chosen) {
    for (size_t i = 0; i < levels.size(); ++i) {
      if (levels[i].name == default_level) chosen = i;
    }
  }
  // Rules that passed ParseReleaseRules always name a level; otherwise the most sensitive one.
  return levels[chosen.value_or(levels.size() - 1)];
}

Result<ReleaseRules> ReleaseRulesFromJson(const json& j) {
  if (!j.is_object()) {
    return std::unexpected(
        InvalidArgument("release rules are an object with fields, dates, statuses, sensitivity, "
                        "suppression_threshold and methodology (see docs/release_rules.yaml)"));
  }
  Problems p;
  JsonReader in(j, "", p);
  ReleaseRules rules;
  for (const char* key :
       {"fields", "dates", "statuses", "sensitivity", "suppression_threshold", "methodology"}) {
    in.Require(key);
  }
  if (const json* list = in.Array("fields")) {
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string at = Index("fields", i);
      const json& v = (*list)[i];
      if (!v.is_string()) {
        p.Add(at, fmt::format("must be a string, not {}", v.type_name()));
        continue;
      }
      const std::string& name = v.get_ref<const std::string&>();
      const auto field = ParseEnum<ReleaseField>(name);
      if (!field) {
        p.Add(at, WhyNotReleasable(name));
      } else if (rules.Releases(*field)) {
        p.Add(at, fmt::format("'{}' appears twice", name));
      } else {
        rules.fields.push_back(*field);
      }
    }
    if (!rules.Releases(ReleaseField::kDate)) {
      p.Add("fields",
            "must include 'date': every released incident has its date (choose its precision "
            "with 'dates')");
    }
  }
  if (const auto d = in.Enum<DateRelease>("dates")) rules.dates = *d;
  rules.statuses = ReadEnumList<AssessmentStatus>(in, "statuses", p);
  for (size_t i = 0; i < rules.statuses.size(); ++i) {
    if (rules.statuses[i] == AssessmentStatus::kDuplicate) {
      p.Add(Index("statuses", i),
            "'duplicate' incidents repeat another incident and are never released");
    }
  }
  if (j.contains("statuses") && j["statuses"].is_array() && j["statuses"].empty()) {
    p.Add("statuses", "must name at least one status: a release of no incident is empty");
  }
  if (const json* s = in.Get("sensitivity")) ReadSensitivity(*s, rules, p);
  if (const json* list = in.Array("withhold")) {
    for (size_t i = 0; i < list->size(); ++i) {
      rules.withhold.push_back(ReadCondition((*list)[i], Index("withhold", i), p));
    }
  }
  if (const auto k = in.Int("suppression_threshold")) {
    if (*k < 1 || *k > 1000) {
      p.Add("suppression_threshold",
            "must be from 1 (nothing suppressed) to 1000: counts below it are shown as \"<k\"");
    } else {
      rules.suppression_threshold = *k;
    }
  }
  rules.methodology = in.String("methodology");
  ValidateText(rules.methodology, "methodology", kMaxLongText, p);
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return rules;
}

Result<ReleaseRules> ParseReleaseRules(std::string_view text) {
  CIVHARM_ASSIGN_OR_RETURN(json j, ParseConfigText(text, "the rules file"));
  return ReleaseRulesFromJson(j);
}

namespace {
json ConditionJson(const IncidentCondition& c) {
  json j = json::object();
  if (!c.countries.empty()) j["countries"] = c.countries;
  if (!c.admin1.empty()) j["admin1"] = c.admin1;
  if (!c.admin2.empty()) j["admin2"] = c.admin2;
  if (!c.statuses.empty()) {
    json list = json::array();
    for (AssessmentStatus s : c.statuses) list.push_back(EnumName(s));
    j["statuses"] = std::move(list);
  }
  if (c.civilians_harmed_at_least) j["civilians_harmed_at_least"] = *c.civilians_harmed_at_least;
  return j;
}
}  // namespace

json ToJson(const ReleaseRules& rules) {
  json fields = json::array();
  for (ReleaseField f : rules.fields) fields.push_back(EnumName(f));
  json statuses = json::array();
  for (AssessmentStatus s : rules.statuses) statuses.push_back(EnumName(s));
  json levels = json::array();
  for (const SensitivityLevel& l : rules.levels) {
    json level = {{"name", l.name}, {"coordinates", EnumName(l.coordinates)}};
    if (l.coordinates == CoordinateRelease::kGrid) level["grid_degrees"] = l.grid_degrees;
    level["areas"] = EnumName(l.areas);
    levels.push_back(std::move(level));
  }
  json sensitivity_rules = json::array();
  for (const SensitivityRule& r : rules.sensitivity) {
    sensitivity_rules.push_back({{"level", r.level}, {"when", ConditionJson(r.when)}});
  }
  json withhold = json::array();
  for (const IncidentCondition& c : rules.withhold) withhold.push_back(ConditionJson(c));
  return {{"fields", std::move(fields)},
          {"dates", EnumName(rules.dates)},
          {"statuses", std::move(statuses)},
          {"sensitivity",
           {{"default", rules.default_level},
            {"levels", std::move(levels)},
            {"rules", std::move(sensitivity_rules)}}},
          {"withhold", std::move(withhold)},
          {"suppression_threshold", rules.suppression_threshold},
          {"methodology", rules.methodology}};
}

ReleaseRules DefaultReleaseRules() {
  auto rules = ParseReleaseRules(DefaultReleaseRulesText());
  // The built-in file is checked by a unit test; a broken build must not publish anything.
  if (!rules) std::abort();
  return *rules;
}

GridPoint SnapToGrid(double lat, double lon, double grid_degrees) {
  const double g = grid_degrees;
  const auto rows = static_cast<int64_t>(std::llround(180.0 / g));
  const int64_t columns = 2 * rows;
  int64_t row = static_cast<int64_t>(std::floor((lat + 90.0) / g));
  row = std::clamp<int64_t>(row, 0, rows - 1);
  int64_t column = static_cast<int64_t>(std::floor((lon + 180.0) / g));
  column = ((column % columns) + columns) % columns;
  return {.lat = Round10(-90.0 + (static_cast<double>(row) + 0.5) * g),
          .lon = Round10(-180.0 + (static_cast<double>(column) + 0.5) * g)};
}

// ---- the public form -----------------------------------------------------------------------

ReleaseDecision Publish(const Incident& incident, const ReleaseRules& rules) {
  ReleaseDecision d;
  if (!incident.meta.restricted_to.empty()) {
    d.excluded = Exclusion::kRestricted;
    return d;
  }
  if (incident.meta.retracted()) {
    d.excluded = Exclusion::kRetracted;
    return d;
  }
  if (incident.status == AssessmentStatus::kDuplicate ||
      std::find(rules.statuses.begin(), rules.statuses.end(), incident.status) ==
          rules.statuses.end()) {
    d.excluded = Exclusion::kStatus;
    return d;
  }
  for (const IncidentCondition& c : rules.withhold) {
    if (c.Matches(incident)) {
      d.excluded = Exclusion::kWithheld;
      return d;
    }
  }
  const SensitivityLevel& level = rules.LevelOf(incident);
  PublicIncident& out = d.form;
  out.level = level.name;
  // Whether a field the incident holds is published; what is held and not published is noted.
  const auto keep = [&](std::string_view name, bool present, bool allowed) {
    if (present && !allowed) out.withheld.emplace_back(name);
    return present && allowed;
  };
  const auto field = [&](ReleaseField f, bool present, bool also = true) {
    return keep(EnumName(f), present, rules.Releases(f) && also);
  };
  const EventFacts& in = incident.facts;
  Incident p;
  if (field(ReleaseField::kId, !incident.meta.id.empty())) p.meta.id = incident.meta.id;
  if (field(ReleaseField::kTitle, !incident.title.empty())) p.title = incident.title;

  // The date, always; widened to whole months when the rules say so.
  p.facts.date = in.date;
  p.facts.date.time_of_day.reset();
  if (field(ReleaseField::kTimeOfDay, in.date.time_of_day.has_value(),
            rules.dates == DateRelease::kDay)) {
    p.facts.date.time_of_day = in.date.time_of_day;
  }
  if (rules.dates == DateRelease::kMonth && in.date.precision != DatePrecision::kYear) {
    p.facts.date.start = FirstDayOfMonth(in.date.start);
    p.facts.date.end = LastDayOfMonth(in.date.end);
    p.facts.date.precision = DatePrecision::kMonth;
    out.date_coarsened = p.facts.date != in.date;
  }

  // The place, as the level allows.
  const Location& loc = in.location;
  Location& pl = p.facts.location;
  std::optional<geo::LatLon> point;
  if (loc.lat && loc.lon) {
    point = geo::LatLon{*loc.lat, *loc.lon};
  } else if (!loc.mgrs.empty()) {
    if (auto square = geo::ParseMgrs(loc.mgrs)) point = square->center;
  }
  out.coordinates = CoordinateOutcome::kAbsent;
  if (point) {
    const bool published =
        rules.Releases(ReleaseField::kCoordinates) && level.coordinates != CoordinateRelease::kNone;
    keep(EnumName(ReleaseField::kCoordinates), true, published);
    if (!published) {
      out.coordinates = CoordinateOutcome::kDropped;
    } else if (level.coordinates == CoordinateRelease::kExact) {
      pl.lat = point->lat;
      pl.lon = point->lon;
      pl.precision = loc.precision;
      out.coordinates = CoordinateOutcome::kExact;
    } else {
      const GridPoint cell = SnapToGrid(point->lat, point->lon, level.grid_degrees);
      pl.lat = cell.lat;
      pl.lon = cell.lon;
      pl.precision = loc.precision;
      out.coordinates = CoordinateOutcome::kCoarsened;
    }
  }
  keep("location.mgrs", !loc.mgrs.empty(), false);
  keep("location.source_precision", loc.source_precision.has_value(), false);
  if (field(ReleaseField::kCountry, !loc.country.empty())) pl.country = loc.country;
  if (field(ReleaseField::kAdmin1, !loc.admin1.empty(), level.areas >= AreaLevel::kAdmin1)) {
    pl.admin1 = loc.admin1;
  }
  if (field(ReleaseField::kAdmin2, !loc.admin2.empty(), level.areas >= AreaLevel::kAdmin2)) {
    pl.admin2 = loc.admin2;
  }
  if (field(ReleaseField::kAdmin3, !loc.admin3.empty(), level.areas >= AreaLevel::kAdmin3)) {
    pl.admin3 = loc.admin3;
  }
  // Names and words for the place say where it is as well as exact coordinates do.
  const bool exact = level.coordinates == CoordinateRelease::kExact;
  if (field(ReleaseField::kPlaceNames, !loc.place_names.empty(), exact)) {
    pl.place_names = loc.place_names;
  }
  if (field(ReleaseField::kPlaceDescription, !loc.description.empty(), exact)) {
    pl.description = loc.description;
  }

  if (field(ReleaseField::kConflict, !in.conflict.empty())) p.facts.conflict = in.conflict;
  if (field(ReleaseField::kEventType, !in.event_type.empty())) p.facts.event_type = in.event_type;
  if (field(ReleaseField::kEventSubtype, !in.event_subtype.empty())) {
    p.facts.event_subtype = in.event_subtype;
  }
  if (field(ReleaseField::kBelligerents, !in.belligerents.empty())) {
    p.facts.belligerents = in.belligerents;
  }
  if (field(ReleaseField::kMeans, !in.means.empty())) p.facts.means = in.means;
  if (field(ReleaseField::kCiviliansTargeted, in.civilians_targeted.has_value())) {
    p.facts.civilians_targeted = in.civilians_targeted;
  }
  if (field(ReleaseField::kClarity, in.clarity.has_value())) p.facts.clarity = in.clarity;
  if (field(ReleaseField::kCasualties, HasCasualties(in.casualties))) {
    p.facts.casualties = in.casualties;
    p.facts.casualties.breakdown.clear();
  }
  if (field(ReleaseField::kCasualtyBreakdown, !in.casualties.breakdown.empty())) {
    p.facts.casualties.breakdown = in.casualties.breakdown;
  }
  if (field(ReleaseField::kCivilianObjects, !in.civilian_objects.empty())) {
    p.facts.civilian_objects = in.civilian_objects;
  }
  if (field(ReleaseField::kEffects, !in.effects.empty())) p.facts.effects = in.effects;
  if (field(ReleaseField::kDescription, !in.description.empty())) {
    p.facts.description = in.description;
  }
  if (field(ReleaseField::kExternalGrade, incident.external_grade.has_value())) {
    p.external_grade = incident.external_grade;
  }
  const bool status = field(ReleaseField::kStatus, true);
  p.status = incident.status;
  keep("operation_ids", !incident.operation_ids.empty(), false);
  keep("report_ids", !incident.report_ids.empty(), false);

  out.doc = ToJson(p);
  if (!status) out.doc.erase("status");
  if (out.coordinates == CoordinateOutcome::kCoarsened) {
    out.doc[std::string(kCoordinateGridKey)] = level.grid_degrees;
  }
  return d;
}

std::vector<std::string> PublicColumns(const ReleaseRules& rules) {
  std::vector<std::string> columns;
  for (const auto& [field, name] : EnumTraits<ReleaseField>::kNames) {
    if (!rules.Releases(field)) continue;
    switch (field) {
      case ReleaseField::kDate:
        columns.insert(columns.end(), {"date.start", "date.end", "date.precision"});
        break;
      case ReleaseField::kCoordinates:
        columns.insert(columns.end(), {"location.lat", "location.lon", "location.precision",
                                       std::string(kCoordinateGridKey)});
        break;
      case ReleaseField::kMeans:
        columns.insert(columns.end(), {"means.weapon", "means.tactic", "means.strike_type"});
        break;
      case ReleaseField::kCasualties:
        for (const char* status : {"civilian", "combatant", "undetermined"}) {
          for (const char* outcome : {"killed", "injured"}) {
            for (const char* part : {"min", "best", "max"}) {
              columns.push_back(fmt::format("casualties.{}.{}.{}", status, outcome, part));
            }
          }
        }
        for (const char* total : {"total_killed", "total_injured"}) {
          for (const char* part : {"min", "best", "max"}) {
            columns.push_back(fmt::format("casualties.{}.{}", total, part));
          }
        }
        break;
      default:
        columns.emplace_back(name);
    }
  }
  return columns;
}

Result<Incident> IncidentOfPublicDocument(const json& doc) {
  json j = doc;
  if (j.is_object()) j.erase(std::string(kCoordinateGridKey));
  return FromJson<Incident>(j);
}

// ---- suppression ---------------------------------------------------------------------------

std::vector<bool> SuppressedCells(std::span<const int64_t> cells, int64_t k) {
  std::vector<bool> out(cells.size(), false);
  size_t suppressed = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i] >= 1 && cells[i] < k) {
      out[i] = true;
      ++suppressed;
    }
  }
  if (suppressed == 1) {
    // The total minus the cells shown would give the one suppressed: hide the next smallest.
    std::optional<size_t> smallest;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (out[i] || cells[i] <= 0) continue;
      if (!smallest || cells[i] < cells[*smallest]) smallest = i;
    }
    if (smallest) out[*smallest] = true;
  }
  return out;
}

json ShownCount(int64_t count, bool suppressed, int64_t k) {
  if (suppressed) return fmt::format("<{}", k);
  return count;
}

json ShownCount(int64_t count, int64_t k) {
  return ShownCount(count, count >= 1 && count < k, k);
}

}  // namespace civharm
