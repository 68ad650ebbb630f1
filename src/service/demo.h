// Loading the demonstration dataset (demo_data.h) into a store, once: its records in one bulk
// transaction, then each planned case walked through the lifecycle by the case service, as
// civharm itself, every step audited.
#pragma once

#include <cstdint>
#include <map>

#include "service/actor.h"
#include "service/demo_data.h"
#include "storage/store.h"

namespace civharm::service {

struct DemoSummary {
  uint64_t operations = 0, incidents = 0, reports = 0, victims = 0;
  uint64_t cases = 0;  // incidents walked beyond unassessed
  std::map<AssessmentStatus, uint64_t> cases_by_status;
};

// already_exists when the demonstration data is already in the store.
Result<DemoSummary> LoadDemo(storage::Store& store, const Actor& actor, const DemoOptions& options);

}  // namespace civharm::service
