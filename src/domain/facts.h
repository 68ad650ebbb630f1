// The facts of a harm event — when, where, who, by what means, and with what harm — shared by a
// Report (one source's account) and an Incident (civharm's fused view of one event).
//
//   EventFacts f;
//   f.date = {.start = *Date::Parse("2013-01-03"), .end = *Date::Parse("2013-01-03")};
//   f.location.lat = 35.763369;  f.location.lon = 36.558974;
//   f.casualties.civilian.killed = {.min = 2, .max = 4};
//   Problems p;  ValidateFacts(f, "", p);   // every problem with its field path
//
// Counts are ranges: sources disagree, and a range states that honestly. A value that is not
// known is absent (std::nullopt or empty), never zero.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/problems.h"
#include "core/time.h"
#include "domain/enums.h"

namespace civharm {

// A count known as a range, with an optional best estimate. Any part may be unknown.
// min ≤ max is required; a best estimate outside [min, max] is kept as the source gave it (real
// datasets contain such rows) and reported by QualityNotes().
struct CountRange {
  std::optional<int64_t> min;
  std::optional<int64_t> best;
  std::optional<int64_t> max;

  bool empty() const { return !min && !best && !max; }
  static CountRange Exactly(int64_t n) { return {n, n, n}; }
  friend bool operator==(const CountRange&, const CountRange&) = default;
};

struct DateSpan {
  Date start = Date::FromDays(0);
  Date end = Date::FromDays(0);
  DatePrecision precision = DatePrecision::kDay;
  std::optional<TimeOfDay> time_of_day;  // local time of the event, when known
  friend bool operator==(const DateSpan&, const DateSpan&) = default;
};

// A name in one script or language; `lang` is a BCP 47 tag ("ar", "en", "ar-Latn") or empty.
struct LocalName {
  std::string name;
  std::string lang;
  friend bool operator==(const LocalName&, const LocalName&) = default;
};

// A source's own precision code, kept so that translating it to civharm's scale loses nothing.
struct SourcePrecision {
  PrecisionScheme scheme = PrecisionScheme::kUcdpWherePrec;
  int code = 0;
  friend bool operator==(const SourcePrecision&, const SourcePrecision&) = default;
};

// civharm's precision for a source code, or nullopt when the code is outside its scheme.
std::optional<LocationPrecision> TranslatePrecision(SourcePrecision p);

struct Location {
  std::optional<double> lat;  // WGS84 degrees; lat and lon come together
  std::optional<double> lon;
  std::string mgrs;  // canonical MGRS grid reference (geo::ParseMgrs), or empty
  std::string country;
  std::string admin1, admin2, admin3;
  std::vector<LocalName> place_names;
  std::string description;  // the source's words for the place
  std::optional<LocationPrecision> precision;
  std::optional<SourcePrecision> source_precision;
  friend bool operator==(const Location&, const Location&) = default;
};

struct Belligerent {
  std::string name;
  Attribution attribution = Attribution::kKnown;
  std::optional<Side> side;
  CountRange killed;  // the party's own dead, when a dataset records them (UCDP deaths_a/_b)
  friend bool operator==(const Belligerent&, const Belligerent&) = default;
};

struct Means {
  std::string weapon;       // e.g. "guided bomb", "artillery"
  std::string tactic;       // e.g. "dynamic strike", "ground raid"
  std::string strike_type;  // e.g. "airstrike", "drone strike", "shelling"
  bool empty() const { return weapon.empty() && tactic.empty() && strike_type.empty(); }
  friend bool operator==(const Means&, const Means&) = default;
};

struct Harm {
  CountRange killed;
  CountRange injured;
  friend bool operator==(const Harm&, const Harm&) = default;
};

// One cell of the breakdown of casualties by status, outcome, age group and sex.
struct BreakdownEntry {
  CasualtyStatus status = CasualtyStatus::kCivilian;
  Outcome outcome = Outcome::kKilled;
  AgeGroup age_group = AgeGroup::kUnknown;
  Sex sex = Sex::kUnknown;
  CountRange count;
  friend bool operator==(const BreakdownEntry&, const BreakdownEntry&) = default;
};

struct Casualties {
  Harm civilian;
  Harm combatant;
  Harm undetermined;
  // Totals over all statuses, for sources that give them (UCDP low/best/high).
  CountRange total_killed;
  CountRange total_injured;
  std::vector<BreakdownEntry> breakdown;

  const Harm& of(CasualtyStatus s) const;
  Harm& of(CasualtyStatus s);
  friend bool operator==(const Casualties&, const Casualties&) = default;
};

struct CivilianObject {
  ObjectKind kind = ObjectKind::kOther;
  std::optional<int64_t> count;
  std::string description;
  friend bool operator==(const CivilianObject&, const CivilianObject&) = default;
};

struct Effect {
  EffectKind kind = EffectKind::kOther;
  std::string description;
  friend bool operator==(const Effect&, const Effect&) = default;
};

struct EventFacts {
  DateSpan date;
  Location location;
  std::string conflict;    // the conflict or context, e.g. "Syria: Government"
  std::string event_type;  // the source's classification, e.g. ACLED "Explosions/Remote violence"
  std::string event_subtype;  // e.g. "Air/drone strike"
  std::vector<Belligerent> belligerents;
  Means means;
  std::optional<bool> civilians_targeted;
  std::optional<EventClarity> clarity;
  Casualties casualties;
  std::vector<CivilianObject> civilian_objects;
  std::vector<Effect> effects;  // reverberating effects
  std::string description;
  friend bool operator==(const EventFacts&, const EventFacts&) = default;
};

// Limits on text, so that nothing is ever cut short silently: longer input is refused.
inline constexpr size_t kMaxShortText = 4000;    // names, labels, codes
inline constexpr size_t kMaxLongText = 1 << 20;  // descriptions, accounts

// Checks text for valid UTF-8, the length limit, and no control characters other than tab
// (and, in long text, line breaks).
void ValidateText(std::string_view text, const std::string& field, size_t max_bytes,
                  Problems& problems);
// Each name non-empty text, each language tag well-formed ("ar", "en", "ar-Latn").
void ValidateLocalNames(const std::vector<LocalName>& names, const std::string& field,
                        Problems& problems);
void ValidateCountRange(const CountRange& r, const std::string& field, Problems& problems);
void ValidateLocation(const Location& loc, const std::string& field, Problems& problems);
// Adds every problem of `facts` to `problems`, with field paths under `prefix`.
void ValidateFacts(const EventFacts& facts, std::string_view prefix, Problems& problems);

// Data-quality notes that do not make the facts invalid but deserve a look: a best estimate
// outside its range, a breakdown larger than its total.
std::vector<FieldError> QualityNotes(const EventFacts& facts);

}  // namespace civharm
