// Reads the filters of a list request from its query string into a storage::Query. Every
// parameter is checked; an unknown, repeated or malformed one is an error that names it.
//
//   GET /api/v1/incidents?date_from=2024-01-01&bbox=35,33,37,35&status=credible,closed&limit=50
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include "api/query_string.h"
#include "core/status.h"
#include "domain/records.h"
#include "storage/store.h"

namespace civharm::api {

Result<storage::Query> ParseListQuery(EntityKind kind, std::string_view query_string);

// A box "west,south,east,north" in degrees (the bbox parameter); invalid_argument naming bbox.
Result<storage::BBox> ParseBBox(const std::string& value);

// The filters of records of `kind` (incidents unless said) in a request for figures (analysis,
// maps) or for all of them (exports): the list filters without paging or sorting, and the
// request's `own` parameters beside them, each at most once.
struct FilterQuery {
  storage::Query query;
  Params params;  // of `own`
};
Result<FilterQuery> ParseFilterQuery(std::string_view query_string,
                                     std::initializer_list<std::string_view> own,
                                     EntityKind kind = EntityKind::kIncident);

}  // namespace civharm::api
