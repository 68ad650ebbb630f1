// Keeping the database itself in order: its schema version, migrations and the audit chain.
#pragma once

#include <vector>

#include "storage/store.h"

namespace civharm::service {

struct SchemaStatus {
  int current = 0;
  int latest = 0;
};

Result<SchemaStatus> GetSchemaStatus(storage::Store& store);
// The versions applied (empty when the schema was already current).
Result<std::vector<int>> MigrateSchema(storage::Store& store);
Result<storage::AuditVerification> VerifyAuditLog(storage::Store& store);

}  // namespace civharm::service
