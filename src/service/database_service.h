// Keeping the database itself in order: its schema version, migrations and the audit chain.
// Migrations and the schema version are the host operator's (whoever can open the database file
// runs them, before any user exists); reading and verifying the audit log are authorised.
#pragma once

#include <vector>

#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

struct SchemaStatus {
  int current = 0;
  int latest = 0;
};

Result<SchemaStatus> GetSchemaStatus(storage::Store& store);
// The versions applied (empty when the schema was already current).
Result<std::vector<int>> MigrateSchema(storage::Store& store);
// kVerifyAudit.
Result<storage::AuditVerification> VerifyAuditLog(storage::Store& store, const Actor& actor);
// kReadAudit: entries after `after_seq`, oldest first, at most `limit` (1–1000).
Result<std::vector<storage::AuditEntry>> ReadAuditLog(storage::Store& store, const Actor& actor,
                                                      int64_t after_seq, int limit);

}  // namespace civharm::service
