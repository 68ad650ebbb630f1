// Release rules: what of civharm's records may be published, and how. A release (domain/release.h)
// applies one set of rules to the incidents as they stood at one point of the audit log; the
// rules are configuration (YAML or JSON, docs/release_rules.yaml is the default), checked field by
// field before anything is built.
//
//   CIVHARM_ASSIGN_OR_RETURN(ReleaseRules rules, ParseReleaseRules(text));
//   ReleaseDecision d = Publish(incident, rules);
//   if (!d.excluded) rows.push_back(d.form.doc.dump());   // only released fields, coarsened
//
// What the rules can never do, whatever they say:
// - release anything of a report or a victim: only incidents are published, and an incident's
//   public form is built from an allow-list of its fields (ReleaseField), none of them personal;
// - release an incident restricted to need-to-know groups, a retracted one, or a duplicate;
// - release an MGRS reference, the source's precision codes, operations, reports or the record's
//   history (version, times, retraction).
// Coordinates are coarsened by sensitivity: each incident gets the level of the most sensitive
// rule it matches (the default level otherwise), whose coordinates are exact, snapped to the
// centre of a grid cell (so that every point of the cell gives the same published point), or not
// published at all; the level also says how fine an administrative area is published. Counts in
// public aggregate tables below the suppression threshold are shown as "<k", never as the number.
// Pure: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/records.h"

namespace civharm {

// The incident fields a release may publish. Names are the codec's paths.
enum class ReleaseField {
  kId,                 // "id": civharm's incident id (stable across releases)
  kTitle,              // "title"
  kDate,               // "date": start, end, precision (required)
  kTimeOfDay,          // "date.time": only with day precision
  kCoordinates,        // "location.coordinates": lat, lon and the location's precision
  kCountry,            // "location.country"
  kAdmin1,             // "location.admin1"
  kAdmin2,             // "location.admin2"
  kAdmin3,             // "location.admin3"
  kPlaceNames,         // "location.place_names": only where coordinates are exact
  kPlaceDescription,   // "location.description": only where coordinates are exact
  kConflict,           // "conflict"
  kEventType,          // "event_type"
  kEventSubtype,       // "event_subtype"
  kBelligerents,       // "belligerents"
  kMeans,              // "means": weapon, tactic, strike type
  kCiviliansTargeted,  // "civilians_targeted"
  kClarity,            // "clarity"
  kCasualties,         // "casualties": ranges by status and the totals
  kCasualtyBreakdown,  // "casualties.breakdown": by age group and sex
  kCivilianObjects,    // "civilian_objects"
  kEffects,            // "effects"
  kDescription,        // "description"
  kExternalGrade,      // "external_grade"
  kStatus,             // "status": the force's assessment status
};
template <>
struct EnumTraits<ReleaseField> {
  static constexpr std::array kNames = {
      std::pair{ReleaseField::kId, "id"sv},
      std::pair{ReleaseField::kTitle, "title"sv},
      std::pair{ReleaseField::kDate, "date"sv},
      std::pair{ReleaseField::kTimeOfDay, "date.time"sv},
      std::pair{ReleaseField::kCoordinates, "location.coordinates"sv},
      std::pair{ReleaseField::kCountry, "location.country"sv},
      std::pair{ReleaseField::kAdmin1, "location.admin1"sv},
      std::pair{ReleaseField::kAdmin2, "location.admin2"sv},
      std::pair{ReleaseField::kAdmin3, "location.admin3"sv},
      std::pair{ReleaseField::kPlaceNames, "location.place_names"sv},
      std::pair{ReleaseField::kPlaceDescription, "location.description"sv},
      std::pair{ReleaseField::kConflict, "conflict"sv},
      std::pair{ReleaseField::kEventType, "event_type"sv},
      std::pair{ReleaseField::kEventSubtype, "event_subtype"sv},
      std::pair{ReleaseField::kBelligerents, "belligerents"sv},
      std::pair{ReleaseField::kMeans, "means"sv},
      std::pair{ReleaseField::kCiviliansTargeted, "civilians_targeted"sv},
      std::pair{ReleaseField::kClarity, "clarity"sv},
      std::pair{ReleaseField::kCasualties, "casualties"sv},
      std::pair{ReleaseField::kCasualtyBreakdown, "casualties.breakdown"sv},
      std::pair{ReleaseField::kCivilianObjects, "civilian_objects"sv},
      std::pair{ReleaseField::kEffects, "effects"sv},
      std::pair{ReleaseField::kDescription, "description"sv},
      std::pair{ReleaseField::kExternalGrade, "external_grade"sv},
      std::pair{ReleaseField::kStatus, "status"sv}};
};

enum class DateRelease { kDay, kMonth };
template <>
struct EnumTraits<DateRelease> {
  static constexpr std::array kNames = {std::pair{DateRelease::kDay, "day"sv},
                                        std::pair{DateRelease::kMonth, "month"sv}};
};

enum class CoordinateRelease {
  kExact,  // as recorded
  kGrid,   // the centre of the grid cell the point falls in
  kNone,   // no coordinates: only the administrative areas the level allows
};
template <>
struct EnumTraits<CoordinateRelease> {
  static constexpr std::array kNames = {std::pair{CoordinateRelease::kExact, "exact"sv},
                                        std::pair{CoordinateRelease::kGrid, "grid"sv},
                                        std::pair{CoordinateRelease::kNone, "none"sv}};
};

// The finest administrative area a level publishes.
enum class AreaLevel { kCountry, kAdmin1, kAdmin2, kAdmin3 };
template <>
struct EnumTraits<AreaLevel> {
  static constexpr std::array kNames = {
      std::pair{AreaLevel::kCountry, "country"sv}, std::pair{AreaLevel::kAdmin1, "admin1"sv},
      std::pair{AreaLevel::kAdmin2, "admin2"sv}, std::pair{AreaLevel::kAdmin3, "admin3"sv}};
};

struct SensitivityLevel {
  std::string name;
  CoordinateRelease coordinates = CoordinateRelease::kGrid;
  double grid_degrees = 0;  // kGrid: the side of a cell, in degrees; 180 is a whole multiple of it
  AreaLevel areas = AreaLevel::kAdmin3;
  friend bool operator==(const SensitivityLevel&, const SensitivityLevel&) = default;
};

// Conditions on an incident as recorded (before anything is coarsened); every condition given
// must hold, and a list holds when any of its values does.
struct IncidentCondition {
  std::vector<std::string> countries;  // location.country, ignoring ASCII case
  std::vector<std::string> admin1;
  std::vector<std::string> admin2;
  std::vector<AssessmentStatus> statuses;
  // Civilians killed plus injured, each at its highest figure (max, else best, else min).
  std::optional<int64_t> civilians_harmed_at_least;

  bool empty() const;
  bool Matches(const Incident& incident) const;
  friend bool operator==(const IncidentCondition&, const IncidentCondition&) = default;
};

struct SensitivityRule {
  std::string level;
  IncidentCondition when;
  friend bool operator==(const SensitivityRule&, const SensitivityRule&) = default;
};

struct ReleaseRules {
  std::vector<ReleaseField> fields;        // what is published of each released incident
  DateRelease dates = DateRelease::kDay;   // the finest date precision published
  std::vector<AssessmentStatus> statuses;  // incidents in these statuses are released
  std::vector<SensitivityLevel> levels;    // from the least to the most sensitive
  std::string default_level;               // for incidents no rule matches
  std::vector<SensitivityRule> sensitivity;
  std::vector<IncidentCondition> withhold;  // incidents matching any are not released
  int64_t suppression_threshold = 5;        // k: counts 1..k-1 in public tables are "<k"
  std::string methodology;                  // Markdown, published beside the data

  bool Releases(ReleaseField field) const;
  // The level of the most sensitive rule `incident` matches, else the default level.
  const SensitivityLevel& LevelOf(const Incident& incident) const;
  friend bool operator==(const ReleaseRules&, const ReleaseRules&) = default;
};

// Reads rules from YAML or JSON text (JSON is read as JSON, anything else as YAML). Every problem
// is reported at once, each with its path in the rules ("sensitivity.levels[1].grid_degrees"):
// unknown keys, wrong types, fields that are not releasable (personal data and internal fields
// are named as such), levels that do not exist, grids that do not divide 180 degrees.
Result<ReleaseRules> ParseReleaseRules(std::string_view text);
// The same from JSON already parsed (the canonical form ToJson writes).
Result<ReleaseRules> ReleaseRulesFromJson(const nlohmann::json& j);
// The canonical JSON form: every key, in a fixed order; ReleaseRulesFromJson reads it back equal.
nlohmann::json ToJson(const ReleaseRules& rules);

// The text of docs/release_rules.yaml, built into the program: the rules used when none are given.
std::string_view DefaultReleaseRulesText();
ReleaseRules DefaultReleaseRules();

// The centre of the cell of a `grid_degrees` grid (anchored at 90° S, 180° W) that holds the
// point, rounded to 10 decimals so that it prints the same everywhere. A point on a cell's edge
// belongs to the cell north or east of it; 90° N to the northernmost row; 180° E is 180° W.
struct GridPoint {
  double lat = 0, lon = 0;
  friend bool operator==(const GridPoint&, const GridPoint&) = default;
};
GridPoint SnapToGrid(double lat, double lon, double grid_degrees);

// ---- the public form of an incident --------------------------------------------------------

enum class Exclusion {
  kRestricted,  // restricted to need-to-know groups
  kRetracted,
  kStatus,    // its status is not one the rules release
  kWithheld,  // it matches a withhold condition
};
template <>
struct EnumTraits<Exclusion> {
  static constexpr std::array kNames = {std::pair{Exclusion::kRestricted, "restricted"sv},
                                        std::pair{Exclusion::kRetracted, "retracted"sv},
                                        std::pair{Exclusion::kStatus, "status"sv},
                                        std::pair{Exclusion::kWithheld, "withheld"sv}};
};

enum class CoordinateOutcome {
  kExact,      // published as recorded
  kCoarsened,  // snapped to a grid cell's centre
  kDropped,    // recorded but not published
  kAbsent,     // none recorded
};
template <>
struct EnumTraits<CoordinateOutcome> {
  static constexpr std::array kNames = {std::pair{CoordinateOutcome::kExact, "exact"sv},
                                        std::pair{CoordinateOutcome::kCoarsened, "coarsened"sv},
                                        std::pair{CoordinateOutcome::kDropped, "dropped"sv},
                                        std::pair{CoordinateOutcome::kAbsent, "absent"sv}};
};

// The key of a public document holding the grid, in degrees, its coordinates were snapped to
// (absent when they are exact or there are none).
inline constexpr std::string_view kCoordinateGridKey = "coordinate_grid";

struct PublicIncident {
  // The incident in the codec's shape (domain/codec.h) holding only released fields, plus
  // kCoordinateGridKey when its coordinates were coarsened.
  nlohmann::json doc;
  std::string level;  // the sensitivity level applied
  CoordinateOutcome coordinates = CoordinateOutcome::kAbsent;
  bool date_coarsened = false;  // dates widened to whole months
  // The codec paths of what the incident holds and the release does not publish, in order.
  std::vector<std::string> withheld;
};

struct ReleaseDecision {
  std::optional<Exclusion> excluded;  // set: the incident is not released at all
  PublicIncident form;                // otherwise: what is published
};

ReleaseDecision Publish(const Incident& incident, const ReleaseRules& rules);

// The columns of a release's CSV and XLSX downloads, in the order of ReleaseField: the codec
// paths of what its rules publish ("date.start", "location.lat", ...), with kCoordinateGridKey
// after the coordinates.
std::vector<std::string> PublicColumns(const ReleaseRules& rules);

// The incident a public document describes (kCoordinateGridKey removed), for the public tables.
Result<Incident> IncidentOfPublicDocument(const nlohmann::json& doc);

// ---- suppression of small counts ------------------------------------------------------------

// Which cells of a column of counts to show as suppressed, when the column's total is published
// beside it: every count from 1 to k-1 (0 stays 0: "none" discloses nobody), and, when that
// leaves exactly one suppressed cell that the total and the other cells would give away, the
// smallest other non-zero cell as well.
std::vector<bool> SuppressedCells(std::span<const int64_t> cells, int64_t k);
// A count as published: the number, or the text "<k" when `suppressed`.
nlohmann::json ShownCount(int64_t count, bool suppressed, int64_t k);
// A count on its own (no column): suppressed when 1..k-1.
nlohmann::json ShownCount(int64_t count, int64_t k);

}  // namespace civharm
