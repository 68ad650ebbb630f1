// Linking the same person across victim lists — a ministry's register, a hospital's, a
// monitor's — into person clusters, and from them the capture histories (which lists recorded
// each person) that multiple systems estimation uses to estimate the deaths no list recorded.
// Needs names, so only roles that may read personal data (kReadVictims and kReadPersonalData).
//
//   CIVHARM_ASSIGN_OR_RETURN(VictimLinkage v, LinkVictims(store, actor, {}));
//   // v.lists = {"Hospital register", "MoH list"}; v.histories = {{0b01, 40}, {0b11, 25}, …}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/records.h"
#include "linkage/table_linkage.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

struct CaptureHistory {
  uint32_t lists = 0;  // bit k set: recorded on lists[k]
  int64_t people = 0;
};

struct VictimLinkage {
  std::vector<std::string> lists;         // the source lists, by name (at most 32)
  std::vector<Id> victim_ids;             // the records considered
  std::vector<uint32_t> person_of;        // a person cluster per record (at most one per list)
  int64_t people = 0;                     // clusters
  std::vector<CaptureHistory> histories;  // by history, each observed history once
  std::vector<linkage::ScoredCandidate> pairs;  // scored candidate pairs (indices into victim_ids)
};

// Victims matching `query` that the actor may see, compared on name (word order and script
// variants ignored, Jaro–Winkler, common names weighing less), age (within 2 years), sex,
// incident and external registry id; blocked on the first and on the last word of the name,
// on age with sex, on incident and on registry id.
Result<VictimLinkage> LinkVictims(storage::Store& store, const Actor& actor,
                                  const storage::Query& query);

}  // namespace civharm::service
