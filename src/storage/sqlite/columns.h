// The index columns each record table has beyond the three all share (id, doc_seq, retracted),
// in the order the store binds them. Writing and verifying records both walk this list.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "domain/records.h"
#include "storage/index_values.h"

namespace civharm::storage::sqlite {

inline std::span<const std::string_view> ExtraColumns(EntityKind kind) {
  static constexpr std::array<std::string_view, 11> kIncident = {
      "date_start", "date_end", "lat",    "lon",   "country", "admin1",
      "admin2",     "admin3",   "status", "grade", "access"};
  static constexpr std::array<std::string_view, 13> kReport = {
      "date_start",       "date_end",    "lat",    "lon",         "country",
      "admin1",           "admin2",      "admin3", "source_type", "source_name",
      "source_record_id", "incident_id", "access"};
  static constexpr std::array<std::string_view, 4> kVictim = {"source_name", "source_record_id",
                                                              "incident_id", "access"};
  static constexpr std::array<std::string_view, 10> kOperation = {
      "date_start", "date_end", "lat",    "lon",       "country",
      "admin1",     "admin2",   "admin3", "reference", "access"};
  switch (kind) {
    case EntityKind::kIncident:
      return kIncident;
    case EntityKind::kReport:
      return kReport;
    case EntityKind::kVictim:
      return kVictim;
    case EntityKind::kOperation:
      return kOperation;
  }
  return {};
}

// The value a column holds for a record: NULL, a whole number, a real number or text. Optional
// text that is empty is NULL, so absent and empty never differ in the database.
using ColumnValue = std::variant<std::monostate, int64_t, double, std::string_view>;
ColumnValue IndexColumnValue(std::string_view column, const IndexValues& v);

}  // namespace civharm::storage::sqlite
