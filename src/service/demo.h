// Loading the demonstration dataset (demo_data.h) into a store, once.
#pragma once

#include <cstdint>

#include "service/actor.h"
#include "service/demo_data.h"
#include "storage/store.h"

namespace civharm::service {

struct DemoSummary {
  uint64_t operations = 0, incidents = 0, reports = 0, victims = 0;
};

// already_exists when the demonstration data is already in the store.
Result<DemoSummary> LoadDemo(storage::Store& store, const Actor& actor, const DemoOptions& options);

}  // namespace civharm::service
