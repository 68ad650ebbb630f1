// Reads the filters of a list request from its query string into a storage::Query. Every
// parameter is checked; an unknown, repeated or malformed one is an error that names it.
//
//   GET /api/v1/incidents?date_from=2024-01-01&bbox=35,33,37,35&status=credible,closed&limit=50
#pragma once

#include <string_view>

#include "core/status.h"
#include "domain/records.h"
#include "storage/store.h"

namespace civharm::api {

Result<storage::Query> ParseListQuery(EntityKind kind, std::string_view query_string);

}  // namespace civharm::api
