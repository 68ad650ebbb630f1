// The incidents as columns in memory, for analysis at a million incidents: every aggregate, trend
// and map request scans these arrays instead of the database. The service keeps one snapshot
// current as records change (service/analytics_service.h); this file only holds and selects.
//
//   Snapshot s;
//   s.Put(incident);                          // adds the row, or replaces the row with its id
//   s.PutCase(incident.meta.id, case_facts);  // what its case has reached (CaseFactsOf)
//   auto rows = Select(s, query, view);       // the rows a reader sees that match the filters
//   auto trend = ComputeTrend(s, *rows, {.interval = Interval::kMonth,
//                                        .by = {Dimension::kPerpetrator, Dimension::kWeapon}});
//
// Nothing personal is held: incidents carry none, and case facts keep dates, findings and counts.
// Not thread-safe: the owner serialises writers against readers.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "domain/case_records.h"
#include "domain/records.h"
#include "storage/store.h"

namespace civharm::analytics {

// Codes for repeated text (belligerents, weapons, areas). Code 0 is the empty text.
class Dictionary {
 public:
  Dictionary();
  uint32_t Code(std::string_view text);
  const std::string& Text(uint32_t code) const { return texts_[code]; }
  // Every code whose text equals `text` ignoring ASCII case.
  std::vector<uint32_t> Matching(std::string_view text) const;
  size_t size() const { return texts_.size(); }

 private:
  std::deque<std::string> texts_;  // a deque keeps the views in index_ valid as it grows
  std::unordered_map<std::string_view, uint32_t> index_;
};

// What an incident's case has reached, from its reports and case records (CaseFactsOf).
struct CaseFacts {
  std::optional<Date> reported;              // the earliest report received (or stored)
  std::optional<Date> assessed;              // the first finding recorded
  std::optional<Date> investigation_opened;  // the first investigation opened
  std::optional<Date> acknowledged;          // an acknowledgment or apology first offered or made
  std::optional<Date> amends_offered;        // a payment or assistance first offered
  std::optional<Date> amends_paid;           // a payment first paid or assistance delivered
  std::optional<Finding> finding;            // the latest assessment's
  bool consulted = false;                    // a consultation with the people harmed recorded
  bool inquired = false;  // a witness interview or site visit done (in person or remotely)
  bool external_sources = false;  // the latest assessment considered a source outside the force
  CountRange assessed_killed;     // civilian harm the latest assessment concedes
  CountRange assessed_injured;
  friend bool operator==(const CaseFacts&, const CaseFacts&) = default;
};

// Derives the facts from one incident's case records in the order they were made. `reported` is
// left for the caller (it comes from reports); `is_external(report_id)` says whether a report
// considered by an assessment came from outside the force.
template <typename IsExternal>
CaseFacts CaseFactsOf(std::span<const CaseRecord> records, IsExternal&& is_external);

// Dimensions of incidents for trends and breakdowns. Age group and sex are dimensions of the
// civilian casualty breakdown, not of incidents: only breakdowns take them.
enum class Dimension {
  kPerpetrator,  // the first belligerent the record names
  kWeapon,
  kTactic,
  kStrikeType,
  kCountry,
  kAdmin1,
  kAdmin2,
  kStatus,
  kGrade,
  kAgeGroup,
  kSex,
};

// A count held as lowest, best and highest figure; kNone when the record gives no figure.
inline constexpr int64_t kNone = INT64_MIN;
struct Figure {
  int64_t lo = kNone, best = kNone, hi = kNone;
  bool best_given = false;  // false: best is the lowest figure, the record gives no best
};
// The figure of a range: lo = min, else best, else max; hi = max, else best, else min; best =
// best, else lo.
Figure FigureOf(const CountRange& range);

class Snapshot {
 public:
  static constexpr uint32_t kNoCode = UINT32_MAX;

  void Put(const Incident& incident);
  // Makes room for `rows` incidents in every column (a build that knows how many are coming).
  void Reserve(size_t rows);
  // Ignored when the incident has no row.
  void PutCase(std::string_view id, const CaseFacts& facts);
  std::optional<uint32_t> RowOf(std::string_view id) const;
  uint32_t size() const { return static_cast<uint32_t>(ids_.size()); }
  // An estimate of the memory the columns hold, in bytes.
  size_t MemoryBytes() const;

  std::string_view id(uint32_t row) const { return {ids_[row].data(), ids_[row].size()}; }
  bool retracted(uint32_t row) const { return retracted_[row]; }
  Date date_start(uint32_t row) const { return Date::FromDays(date_start_[row]); }
  Date date_end(uint32_t row) const { return Date::FromDays(date_end_[row]); }
  // Months since year 0 (year · 12 + month − 1) of the start and end of the date range.
  int32_t month_start(uint32_t row) const { return month_start_[row]; }
  int32_t month_end(uint32_t row) const { return month_end_[row]; }
  bool has_point(uint32_t row) const { return lat_[row] == lat_[row]; }  // NaN: no point
  double lat(uint32_t row) const { return lat_[row]; }
  double lon(uint32_t row) const { return lon_[row]; }
  // The point in Web Mercator (geo::MercatorX, geo::MercatorY), kept for map clustering.
  double mercator_x(uint32_t row) const { return merc_x_[row]; }
  double mercator_y(uint32_t row) const { return merc_y_[row]; }
  AssessmentStatus status(uint32_t row) const { return static_cast<AssessmentStatus>(status_[row]); }
  // The row's code in a dimension of incidents (not age group or sex): an index into Names().
  uint32_t code(Dimension d, uint32_t row) const;
  // The names of a dimension's codes ("" for unknown: no belligerent, no grade).
  std::vector<std::string> Names(Dimension d) const;
  uint32_t admin3(uint32_t row) const { return admin3_[row]; }  // a code in areas()
  // Every belligerent the record names, as codes in belligerents().
  const std::vector<uint32_t>& belligerent_set(uint32_t row) const {
    return belligerent_sets_[row];
  }
  const Figure& killed(uint32_t row) const { return killed_[row]; }
  const Figure& injured(uint32_t row) const { return injured_[row]; }
  const CaseFacts& case_facts(uint32_t row) const { return case_[row]; }
  std::span<const std::string> operation_ids(uint32_t row) const { return operations_[row]; }

  // Civilian casualties by age group, sex and outcome, as the record breaks them down.
  struct Cell {
    AgeGroup age_group = AgeGroup::kUnknown;
    Sex sex = Sex::kUnknown;
    Outcome outcome = Outcome::kKilled;
    Figure count;
  };
  std::span<const Cell> cells(uint32_t row) const {
    return {cells_.data() + cells_begin_[row], cells_count_[row]};
  }

  // Need-to-know: the codes of the restrictions rows carry (0: unrestricted) and whether `view`
  // sees each.
  uint32_t restriction(uint32_t row) const { return restriction_[row]; }
  std::vector<char> VisibleRestrictions(const storage::View& view) const;

  const Dictionary& areas() const { return areas_; }
  const Dictionary& belligerents() const { return belligerents_; }

 private:
  uint32_t RowFor(const Id& id);

  std::deque<std::array<char, 36>> ids_;
  std::unordered_map<std::string_view, uint32_t> rows_;
  std::vector<char> retracted_;
  std::vector<int32_t> date_start_, date_end_, month_start_, month_end_;
  std::vector<double> lat_, lon_, merc_x_, merc_y_;
  std::vector<uint8_t> status_, grade_;  // grade: kNoGrade when none
  std::vector<uint32_t> country_, admin1_, admin2_, admin3_;  // codes in areas_
  std::vector<uint32_t> perpetrator_;                         // codes in belligerents_
  std::vector<std::vector<uint32_t>> belligerent_sets_;       // every belligerent named
  std::vector<uint32_t> weapon_, tactic_, strike_type_;       // codes in means_
  std::vector<Figure> killed_, injured_;                      // civilians
  std::vector<uint32_t> cells_begin_, cells_count_;
  std::vector<Cell> cells_;  // replaced rows leave their old cells behind, unreferenced
  std::vector<uint32_t> restriction_;
  std::vector<std::vector<std::string>> operations_;
  std::vector<CaseFacts> case_;
  Dictionary areas_, belligerents_, means_, restrictions_;
};

// The rows `view` sees that match the list filters of `query` (dates, box, areas, belligerent,
// statuses, grades, retracted). Text filters are the caller's to resolve: pass the rows they match
// as `only`. invalid_argument for a filter that does not apply to incidents.
Result<std::vector<uint32_t>> Select(const Snapshot& snapshot, const storage::Query& query,
                                     const storage::View& view,
                                     const std::vector<uint32_t>* only = nullptr);

// ---- implementation of the template -------------------------------------------------------

namespace internal {
void ApplyCaseRecord(const CaseRecord& record, CaseFacts& facts, bool external_source);
}  // namespace internal

template <typename IsExternal>
CaseFacts CaseFactsOf(std::span<const CaseRecord> records, IsExternal&& is_external) {
  CaseFacts facts;
  for (const CaseRecord& r : records) {
    bool external = false;
    if (const auto* a = std::get_if<Assessment>(&r)) {
      for (const Id& id : a->reports_considered) external = external || is_external(id);
    }
    internal::ApplyCaseRecord(r, facts, external);
  }
  return facts;
}

}  // namespace civharm::analytics

namespace civharm {
template <>
struct EnumTraits<analytics::Dimension> {
  static constexpr std::array kNames = {
      std::pair{analytics::Dimension::kPerpetrator, "perpetrator"sv},
      std::pair{analytics::Dimension::kWeapon, "weapon"sv},
      std::pair{analytics::Dimension::kTactic, "tactic"sv},
      std::pair{analytics::Dimension::kStrikeType, "strike_type"sv},
      std::pair{analytics::Dimension::kCountry, "country"sv},
      std::pair{analytics::Dimension::kAdmin1, "admin1"sv},
      std::pair{analytics::Dimension::kAdmin2, "admin2"sv},
      std::pair{analytics::Dimension::kStatus, "status"sv},
      std::pair{analytics::Dimension::kGrade, "grade"sv},
      std::pair{analytics::Dimension::kAgeGroup, "age_group"sv},
      std::pair{analytics::Dimension::kSex, "sex"sv}};
};
}  // namespace civharm
