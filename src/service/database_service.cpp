#include "service/database_service.h"

namespace civharm::service {

Result<SchemaStatus> GetSchemaStatus(storage::Store& store) {
  CIVHARM_ASSIGN_OR_RETURN(int current, store.SchemaVersion());
  return SchemaStatus{current, store.LatestSchemaVersion()};
}

Result<std::vector<int>> MigrateSchema(storage::Store& store) {
  return store.Migrate();
}

Result<storage::AuditVerification> VerifyAuditLog(storage::Store& store) {
  return store.VerifyAudit();
}

}  // namespace civharm::service
