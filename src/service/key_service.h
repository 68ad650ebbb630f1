// Rotating the keys that seal personal data, while servers keep running:
//
// 1. a fresh key is added to the key file and becomes the primary (servers seal under it from
//    their next write on, and open values under it by reading the file again);
// 2. every value sealed under an older key is re-encrypted under the new one, in short write
//    transactions, so readers and other writers are never held up for long;
// 3. the older keys are removed from the file.
//
// If it stops half-way, running it again finishes the job: the file then still holds both keys.
#pragma once

#include <string>

#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

struct RotationSummary {
  std::string new_key;   // id of the new primary key
  int64_t resealed = 0;  // values re-encrypted
  int retired_keys = 0;  // older keys removed from the file
};

Result<RotationSummary> RotateKeys(storage::Store& store, storage::KeySource& keys,
                                   const Actor& actor, int batch = 500);

}  // namespace civharm::service
