// The record routes: /api/v1/{incidents,reports,victims,operations} and /{id}, with create,
// read, update (optimistic concurrency by version), retract and filtered, paged lists.
#pragma once

#include "api/router.h"
#include "service/record_service.h"

namespace civharm::api {

// The collection name of a kind in URLs: "incidents", "reports", "victims", "operations".
std::string_view CollectionName(EntityKind kind);

void AddRecordRoutes(Router& router, service::RecordService& records);

}  // namespace civharm::api
