// Own-force records against external reports: for each report, whether the other side has a
// record of the same event — in the same incident, or proposed by fusion (fusion_service.h).
// An external allegation no own-force record matches, and whose incident is linked to no
// own-force operation, is one the force has no record of and may never have assessed; an own-force
// record no external report matches is harm the force recorded that nobody outside reported.
//
//   CIVHARM_ASSIGN_OR_RETURN(CrossReference x, CrossReferenceReports(store, actor, query));
//   for (const CrossReferenceEntry& e : x.entries) if (e.category == ...) ...
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/enum.h"
#include "domain/records.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

enum class CrossCategory {
  kExternalUnmatched,  // an external report no own-force record matches
  kOwnForceUnmatched,  // an own-force record no external report matches
  kMatched,            // both sides have a record of the event
};

}  // namespace civharm::service

template <>
struct civharm::EnumTraits<civharm::service::CrossCategory> {
  static constexpr std::array kNames = {
      std::pair{civharm::service::CrossCategory::kExternalUnmatched,
                std::string_view("external_unmatched")},
      std::pair{civharm::service::CrossCategory::kOwnForceUnmatched,
                std::string_view("own_force_unmatched")},
      std::pair{civharm::service::CrossCategory::kMatched, std::string_view("matched")}};
};

namespace civharm::service {

struct CrossReferenceEntry {
  CrossCategory category = CrossCategory::kMatched;
  Id report;
  Id incident;  // "" when the report is linked to none
  SourceType source_type = SourceType::kOther;
  std::string source_name, reference_code;
  DateSpan date;
  std::optional<double> lat, lon;
  std::string place;  // the first place name, else the finest administrative area, else country
  CountRange civilians_killed;
  std::vector<Id> matches;     // reports of the other side describing the same event
  std::vector<Id> operations;  // own-force operations linked to its incident
};

struct CrossReference {
  std::vector<CrossReferenceEntry> entries;  // external first, by date, then own-force
  int64_t external_unmatched = 0, own_force_unmatched = 0, matched = 0;
};

// Every report matching `query` that the actor may see (kReadReports), categorised. Own-force
// records are reports from the force's logs and battle damage assessments (IsOwnForceSource).
Result<CrossReference> CrossReferenceReports(storage::Store& store, const Actor& actor,
                                             const storage::Query& query);

// The entries as CSV: category, report, incident, source_type, source_name, reference_code,
// date_start, date_end, latitude, longitude, place, civilians_killed_min, civilians_killed_max,
// matches, operations (ids separated by spaces).
std::string CrossReferenceCsv(const CrossReference& x);

}  // namespace civharm::service
