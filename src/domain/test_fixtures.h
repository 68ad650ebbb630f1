// Complete, valid sample records for tests in every layer: each fills every field, so a test
// that round-trips them through a codec, a store or a file format checks all of them.
#pragma once

#include "domain/records.h"

namespace civharm::testing {

EventFacts SampleFacts();
Report SampleReport();
Incident SampleIncident();
Victim SampleVictim();
Operation SampleOperation();

}  // namespace civharm::testing
