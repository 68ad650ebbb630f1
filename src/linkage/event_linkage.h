// Fusing accounts of events: which reports (or reports and incidents) describe the same event.
// Candidates come from space–time cells (blocking.h: events within one cell of each other in
// time and space), each pair is compared on date, place, casualties, belligerents and means
// (event_compare.h), a Fellegi–Sunter model is fitted to the candidates by EM without labels
// — or refined with pairs analysts have confirmed or rejected — and pairs at or above the
// threshold are linked into clusters, each an event.
//
//   CIVHARM_ASSIGN_OR_RETURN(EventLinkResult r, LinkEvents(sketches, {}));
//   for (const ScoredEventPair& p : r.pairs) explain(Explain(r.fit.model, p.pattern));
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "linkage/blocking.h"
#include "linkage/event_compare.h"
#include "linkage/fellegi_sunter.h"

namespace civharm::linkage {

struct EventLinkOptions {
  int days = 7;            // width of a time cell
  double km = 25;          // width of a space cell
  double threshold = 0.5;  // probability at which a pair is linked
  EmOptions em;
  // Pairs analysts decided, by index into the sketches: they refine m and u (RefineWithLabels,
  // with this weight) and are linked or kept apart whatever their score.
  std::vector<std::pair<uint32_t, uint32_t>> confirmed, rejected;
  double label_weight = 0.5;
  // When not empty: the source of each event; a cluster then holds at most one account from
  // each source (a source reports an event once), which keeps chains of links from joining
  // distinct events.
  std::vector<uint32_t> source_of;
};

struct ScoredEventPair {
  uint32_t a = 0, b = 0;
  Pattern pattern;
  double weight = 0;       // log2 Bayes factor
  double probability = 0;  // posterior probability that both describe one event
  bool linked = false;
};

struct EventLinkResult {
  Candidates candidates;
  EmResult fit;
  std::vector<ScoredEventPair> pairs;  // every candidate, in candidates' order
  std::vector<uint32_t> clusters;      // one id per sketch; a cluster is one event
};

// Events without a date or a point have no space–time cell and stay alone.
Result<EventLinkResult> LinkEvents(std::span<const EventSketch> events,
                                   const EventLinkOptions& options);

}  // namespace civharm::linkage
