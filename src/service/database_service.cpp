#include "service/database_service.h"

#include "service/authorization.h"

namespace civharm::service {

Result<SchemaStatus> GetSchemaStatus(storage::Store& store) {
  CIVHARM_ASSIGN_OR_RETURN(int current, store.SchemaVersion());
  return SchemaStatus{current, store.LatestSchemaVersion()};
}

Result<std::vector<int>> MigrateSchema(storage::Store& store) {
  return store.Migrate();
}

Result<storage::AuditVerification> VerifyAuditLog(storage::Store& store, const Actor& actor) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kVerifyAudit));
  return store.VerifyAudit();
}

Result<std::vector<storage::AuditEntry>> ReadAuditLog(storage::Store& store, const Actor& actor,
                                                      int64_t after_seq, int limit) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadAudit));
  if (limit < 1 || limit > 1000) {
    return std::unexpected(InvalidArgument("must be between 1 and 1000", "limit"));
  }
  if (after_seq < 0) return std::unexpected(InvalidArgument("must not be negative", "after"));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
  return tx->ReadAudit(after_seq, limit);
}

}  // namespace civharm::service
