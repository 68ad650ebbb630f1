#include "domain/facts.h"

#include <map>
#include <tuple>

#include <fmt/format.h>

#include "core/strings.h"
#include "geo/geo.h"

namespace civharm {
namespace {

// A point may sit this far outside the MGRS square it is given with: coordinates written to five
// decimals are only good to about a metre.
constexpr double kMgrsToleranceMeters = 2.0;

bool IsLangTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35 || tag.front() == '-' || tag.back() == '-') return false;
  for (char c : tag) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void ValidateLocalNames(const std::vector<LocalName>& names, const std::string& field,
                        Problems& problems) {
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string f = Index(field, i);
    if (Trim(names[i].name).empty()) problems.Add(Path(f, "name"), "must not be empty");
    ValidateText(names[i].name, Path(f, "name"), kMaxShortText, problems);
    if (!names[i].lang.empty() && !IsLangTag(names[i].lang)) {
      problems.Add(Path(f, "lang"), "must be a language tag such as 'ar', 'en' or 'ar-Latn'");
    }
  }
}

namespace {

std::string Fmt(const std::optional<int64_t>& v) {
  return v ? std::to_string(*v) : "?";
}

void NoteBest(const CountRange& r, const std::string& field, std::vector<FieldError>& notes) {
  if (!r.best) return;
  if ((r.min && *r.best < *r.min) || (r.max && *r.best > *r.max)) {
    notes.push_back(
        {field, fmt::format("best estimate {} lies outside the range {}–{}; kept as given", *r.best,
                            Fmt(r.min), Fmt(r.max))});
  }
}

constexpr std::array kStatuses = {CasualtyStatus::kCivilian, CasualtyStatus::kCombatant,
                                  CasualtyStatus::kUndetermined};

}  // namespace

std::optional<LocationPrecision> TranslatePrecision(SourcePrecision p) {
  using LP = LocationPrecision;
  switch (p.scheme) {
    case PrecisionScheme::kUcdpWherePrec: {
      // UCDP GED codebook: 1 exact place, 2 within 25 km, 3 second-order administrative
      // division, 4 first-order division, 5 larger part of a country or linear feature,
      // 6 country, 7 international waters or airspace.
      static constexpr std::array kUcdp = {LP::kExact,        LP::kNear,   LP::kAdmin2,
                                           LP::kAdmin1,       LP::kRegion, LP::kCountry,
                                           LP::kInternational};
      if (p.code < 1 || p.code > 7) return std::nullopt;
      return kUcdp[p.code - 1];
    }
    case PrecisionScheme::kAcledGeoPrecision: {
      // ACLED codebook: 1 the named town, 2 near a town or in a part of a region, 3 a larger
      // region (its provincial capital's coordinates are used).
      static constexpr std::array kAcled = {LP::kExact, LP::kNear, LP::kAdmin1};
      if (p.code < 1 || p.code > 3) return std::nullopt;
      return kAcled[p.code - 1];
    }
  }
  return std::nullopt;
}

const Harm& Casualties::of(CasualtyStatus s) const {
  switch (s) {
    case CasualtyStatus::kCivilian:
      return civilian;
    case CasualtyStatus::kCombatant:
      return combatant;
    case CasualtyStatus::kUndetermined:
      return undetermined;
  }
  return undetermined;
}
Harm& Casualties::of(CasualtyStatus s) {
  return const_cast<Harm&>(static_cast<const Casualties&>(*this).of(s));
}

void ValidateText(std::string_view text, const std::string& field, size_t max_bytes,
                  Problems& problems) {
  if (text.empty()) return;
  if (!IsValidUtf8(text)) {
    problems.Add(field, "is not valid UTF-8 text");
    return;
  }
  if (text.size() > max_bytes) {
    problems.Add(field,
                 fmt::format("is {} bytes long; at most {} are accepted", text.size(), max_bytes));
  }
  const bool multiline = max_bytes > kMaxShortText;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && !(multiline && (c == '\n' || c == '\r'))) {
      problems.Add(field, fmt::format("contains the control character U+{:04X}", u));
      return;
    }
  }
}

void ValidateCountRange(const CountRange& r, const std::string& field, Problems& problems) {
  for (const auto& [v, name] :
       {std::pair{r.min, "min"}, std::pair{r.best, "best"}, std::pair{r.max, "max"}}) {
    if (v && *v < 0) problems.Add(Path(field, name), "must not be negative");
  }
  if (r.min && r.max && *r.min > *r.max) {
    problems.Add(Path(field, "max"),
                 fmt::format("must not be less than min ({} < {})", *r.max, *r.min));
  }
}

void ValidateLocation(const Location& loc, const std::string& field, Problems& problems) {
  if (loc.lat.has_value() != loc.lon.has_value()) {
    problems.Add(Path(field, loc.lat ? "lon" : "lat"),
                 "latitude and longitude must be given together");
  }
  bool point_ok = loc.lat && loc.lon;
  if (loc.lat && !geo::IsValidLatitude(*loc.lat)) {
    problems.Add(Path(field, "lat"),
                 fmt::format("{} is not a latitude between -90 and 90", *loc.lat));
    point_ok = false;
  }
  if (loc.lon && !geo::IsValidLongitude(*loc.lon)) {
    problems.Add(Path(field, "lon"),
                 fmt::format("{} is not a longitude between -180 and 180", *loc.lon));
    point_ok = false;
  }
  if (!loc.mgrs.empty()) {
    auto square = geo::ParseMgrs(loc.mgrs);
    if (!square) {
      problems.Add(Path(field, "mgrs"), square.error().message());
    } else if (square->text != loc.mgrs) {
      problems.Add(Path(field, "mgrs"),
                   fmt::format("must be written in canonical form '{}'", square->text));
    } else if (point_ok) {
      auto off = geo::DistanceOutsideSquare(*square, {*loc.lat, *loc.lon});
      if (!off) {
        problems.Add(Path(field, "mgrs"),
                     "does not match the coordinates: " + off.error().message());
      } else if (*off > kMgrsToleranceMeters) {
        problems.Add(Path(field, "mgrs"),
                     fmt::format("does not match the coordinates: the point lies {:.0f} m outside "
                                 "grid square {}",
                                 *off, loc.mgrs));
      }
    }
  }
  ValidateText(loc.country, Path(field, "country"), kMaxShortText, problems);
  ValidateText(loc.admin1, Path(field, "admin1"), kMaxShortText, problems);
  ValidateText(loc.admin2, Path(field, "admin2"), kMaxShortText, problems);
  ValidateText(loc.admin3, Path(field, "admin3"), kMaxShortText, problems);
  ValidateText(loc.description, Path(field, "description"), kMaxLongText, problems);
  ValidateLocalNames(loc.place_names, Path(field, "place_names"), problems);
  if (loc.source_precision) {
    const auto translated = TranslatePrecision(*loc.source_precision);
    if (!translated) {
      problems.Add(Path(field, "source_precision.code"),
                   fmt::format("{} is not a code of {}", loc.source_precision->code,
                               EnumName(loc.source_precision->scheme)));
    } else if (loc.precision && *loc.precision != *translated) {
      problems.Add(Path(field, "precision"),
                   fmt::format("'{}' disagrees with the source's code {} {}, which means '{}'",
                               EnumName(*loc.precision), EnumName(loc.source_precision->scheme),
                               loc.source_precision->code, EnumName(*translated)));
    }
  }
}

void ValidateFacts(const EventFacts& f, std::string_view prefix, Problems& problems) {
  const auto at = [&](std::string_view name) { return Path(prefix, name); };

  if (f.date.end < f.date.start) {
    problems.Add(at("date.end"), fmt::format("{} is before the start {}", f.date.end.ToString(),
                                             f.date.start.ToString()));
  } else if (f.date.precision == DatePrecision::kDay && f.date.end != f.date.start) {
    problems.Add(at("date.end"),
                 "must equal the start when the precision is 'day' (use 'days' for a range)");
  }

  ValidateLocation(f.location, at("location"), problems);
  ValidateText(f.conflict, at("conflict"), kMaxShortText, problems);
  ValidateText(f.event_type, at("event_type"), kMaxShortText, problems);
  ValidateText(f.event_subtype, at("event_subtype"), kMaxShortText, problems);
  ValidateText(f.description, at("description"), kMaxLongText, problems);
  ValidateText(f.means.weapon, at("means.weapon"), kMaxShortText, problems);
  ValidateText(f.means.tactic, at("means.tactic"), kMaxShortText, problems);
  ValidateText(f.means.strike_type, at("means.strike_type"), kMaxShortText, problems);

  for (size_t i = 0; i < f.belligerents.size(); ++i) {
    const std::string b = Index(at("belligerents"), i);
    if (Trim(f.belligerents[i].name).empty()) problems.Add(Path(b, "name"), "must not be empty");
    ValidateText(f.belligerents[i].name, Path(b, "name"), kMaxShortText, problems);
    ValidateCountRange(f.belligerents[i].killed, Path(b, "killed"), problems);
  }

  const Casualties& c = f.casualties;
  const std::string cas = at("casualties");
  for (CasualtyStatus s : kStatuses) {
    const std::string base = Path(cas, EnumName(s));
    ValidateCountRange(c.of(s).killed, Path(base, "killed"), problems);
    ValidateCountRange(c.of(s).injured, Path(base, "injured"), problems);
  }
  ValidateCountRange(c.total_killed, Path(cas, "total_killed"), problems);
  ValidateCountRange(c.total_injured, Path(cas, "total_injured"), problems);

  // Known minimums may not add up to more than a stated maximum.
  for (const auto& [outcome, total] : {std::pair{Outcome::kKilled, &c.total_killed},
                                       std::pair{Outcome::kInjured, &c.total_injured}}) {
    if (!total->max) continue;
    int64_t sum_min = 0;
    for (CasualtyStatus s : kStatuses) {
      const CountRange& r = outcome == Outcome::kKilled ? c.of(s).killed : c.of(s).injured;
      sum_min += r.min.value_or(0);
    }
    if (sum_min > *total->max) {
      problems.Add(
          Path(Path(cas, outcome == Outcome::kKilled ? "total_killed" : "total_injured"), "max"),
          fmt::format("{} is less than the sum of the minimums by status ({})", *total->max,
                      sum_min));
    }
  }

  std::map<std::tuple<CasualtyStatus, Outcome, AgeGroup, Sex>, size_t> seen;
  std::map<std::pair<CasualtyStatus, Outcome>, int64_t> breakdown_min;
  for (size_t i = 0; i < c.breakdown.size(); ++i) {
    const BreakdownEntry& e = c.breakdown[i];
    const std::string field = Index(Path(cas, "breakdown"), i);
    ValidateCountRange(e.count, Path(field, "count"), problems);
    const auto key = std::tuple{e.status, e.outcome, e.age_group, e.sex};
    if (auto [it, inserted] = seen.emplace(key, i); !inserted) {
      problems.Add(field, fmt::format("repeats the cell of breakdown[{}] ({} {} {} {})", it->second,
                                      EnumName(e.status), EnumName(e.outcome),
                                      EnumName(e.age_group), EnumName(e.sex)));
    }
    breakdown_min[{e.status, e.outcome}] += e.count.min.value_or(0);
  }
  for (const auto& [key, sum_min] : breakdown_min) {
    const Harm& h = c.of(key.first);
    const CountRange& r = key.second == Outcome::kKilled ? h.killed : h.injured;
    if (r.max && sum_min > *r.max) {
      problems.Add(
          Path(Path(Path(cas, EnumName(key.first)), EnumName(key.second)), "max"),
          fmt::format("{} is less than the breakdown's minimums add up to ({})", *r.max, sum_min));
    }
  }

  for (size_t i = 0; i < f.civilian_objects.size(); ++i) {
    const std::string field = Index(at("civilian_objects"), i);
    if (f.civilian_objects[i].count && *f.civilian_objects[i].count < 0) {
      problems.Add(Path(field, "count"), "must not be negative");
    }
    ValidateText(f.civilian_objects[i].description, Path(field, "description"), kMaxLongText,
                 problems);
  }
  for (size_t i = 0; i < f.effects.size(); ++i) {
    ValidateText(f.effects[i].description, Path(Index(at("effects"), i), "description"),
                 kMaxLongText, problems);
  }
}

std::vector<FieldError> QualityNotes(const EventFacts& f) {
  std::vector<FieldError> notes;
  const Casualties& c = f.casualties;
  for (CasualtyStatus s : kStatuses) {
    const std::string base = Path("casualties", EnumName(s));
    NoteBest(c.of(s).killed, Path(base, "killed"), notes);
    NoteBest(c.of(s).injured, Path(base, "injured"), notes);
  }
  NoteBest(c.total_killed, "casualties.total_killed", notes);
  NoteBest(c.total_injured, "casualties.total_injured", notes);
  for (size_t i = 0; i < c.breakdown.size(); ++i) {
    NoteBest(c.breakdown[i].count, Path(Index("casualties.breakdown", i), "count"), notes);
  }
  for (size_t i = 0; i < f.belligerents.size(); ++i) {
    NoteBest(f.belligerents[i].killed, Path(Index("belligerents", i), "killed"), notes);
  }
  return notes;
}

}  // namespace civharm
