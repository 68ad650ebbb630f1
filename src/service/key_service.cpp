#include "service/key_service.h"

#include "service/authorization.h"

namespace civharm::service {

Result<RotationSummary> RotateKeys(storage::Store& store, storage::KeySource& keys,
                                   const Actor& actor, int batch) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kRotateKeys));
  RotationSummary summary;
  Keyring ring = keys.Current();
  summary.new_key = ring.AddKey();
  CIVHARM_RETURN_IF_ERROR(keys.Replace(ring));
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite({.actor = actor.name}));
    CIVHARM_ASSIGN_OR_RETURN(int64_t n, tx->ResealPersonalData(batch));
    summary.resealed += n;
    if (n == 0) {
      summary.retired_keys = static_cast<int>(ring.keys().size()) - 1;
      CIVHARM_RETURN_IF_ERROR(
          tx->AppendNote("keys.rotate", {{"new_key", summary.new_key},
                                         {"resealed", summary.resealed},
                                         {"retired_keys", summary.retired_keys}}));
      CIVHARM_RETURN_IF_ERROR(tx->Commit());
      break;
    }
    CIVHARM_RETURN_IF_ERROR(tx->Commit());
  }
  ring.RetireOldKeys();
  CIVHARM_RETURN_IF_ERROR(keys.Replace(ring));
  return summary;
}

}  // namespace civharm::service
