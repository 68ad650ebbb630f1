#include "service/export_service.h"

#include "service/authorization.h"

namespace civharm::service {

Result<uint64_t> Export(storage::Store& store, const Actor& actor, const ExportRequest& request,
                        std::ostream& out) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kExport));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, ReadAction(request.writer.entity)));
  CIVHARM_ASSIGN_OR_RETURN(auto writer, io::OpenWriter(out, request.writer));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
  uint64_t written = 0;
  CIVHARM_RETURN_IF_ERROR(
      tx->ScanDocuments(request.writer.entity, request.query, [&](const nlohmann::json& doc) {
        ++written;
        return writer->WriteJson(doc);
      }));
  CIVHARM_RETURN_IF_ERROR(writer->Finish());
  return written;
}

}  // namespace civharm::service
