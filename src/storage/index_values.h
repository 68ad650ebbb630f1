// The values a store indexes for each record — for filters, sorting, the map box and free-text
// search — drawn from the record itself so that every backend indexes the same things.
//
// Free text never includes personal data (victims' names, witnesses' accounts): a search must
// not reveal what a role may not see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/records.h"

namespace civharm::storage {

struct IndexValues {
  std::optional<int32_t> date_start;  // days since 1970-01-01
  std::optional<int32_t> date_end;
  std::optional<double> lat, lon;  // the point, or the centre of the MGRS square
  std::string country, admin1, admin2, admin3;
  std::string status, grade;                  // incidents
  std::string source_type;                    // reports
  std::string source_name, source_record_id;  // reports, victims
  std::string reference;                      // operations
  std::optional<Id> incident_id;              // reports, victims
  std::vector<std::string> belligerents;      // incidents, reports
  std::vector<Id> operation_ids;              // incidents
  std::string text;                           // for full-text search
  std::string access;  // restricted_to as a JSON array, or empty when unrestricted
};

IndexValues IndexOf(const AnyRecord& record);

}  // namespace civharm::storage
