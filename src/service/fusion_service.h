// Fusing reports of the same event: which stored reports describe one event, with the score and
// the reasons for every candidate pair, so that an analyst can confirm, reject, merge or split.
// The linkage itself is computed by linkage/event_linkage.h; this layer reads the reports the
// actor may see and turns their facts into what linkage compares.
//
//   CIVHARM_ASSIGN_OR_RETURN(FusionProposal p, ProposeFusion(store, actor, {.country = "Kivara"}));
#pragma once

#include <functional>
#include <vector>

#include "domain/records.h"
#include "linkage/event_linkage.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

// What event linkage compares of a report or incident: its date range, point, civilian-killed
// range (else the total killed), belligerent names and means (strike type, else weapon).
linkage::EventSketch SketchOf(const EventFacts& facts);

// Pairs below this probability, unless linked, are not worth an analyst's look: the API and the
// command line leave them out of what they show.
inline constexpr double kWorthALook = 0.05;

struct FusionProposal {
  std::vector<Id> report_ids;        // the reports considered, in sketch order
  std::vector<Id> incident_of;       // each one's incident ("" for none)
  linkage::EventLinkResult linkage;  // pairs, scores, the fitted model, clusters
};

// Links the reports matching `query` that the actor may read (kReadReports). The query's limit
// and cursor are ignored: all of them are considered at once. Unless `options` says otherwise,
// a cluster holds at most one report from each source (by source_name).
//
// Analysts' decisions are labels (service/incident_fusion.h): unless `options` names confirmed
// or rejected pairs itself, every two reports already in one incident are a confirmed pair, and
// reports decided to describe different events rejected ones. They refine the model and are linked
// or kept apart whatever their score.
//
// `each`, when given, sees every report considered, in sketch order, as it is read — for callers
// that need more of the reports than their ids without reading them again.
Result<FusionProposal> ProposeFusion(storage::Store& store, const Actor& actor,
                                     const storage::Query& query,
                                     const linkage::EventLinkOptions& options = {},
                                     const std::function<void(const Report&)>& each = {});

struct IncidentCandidate {
  Incident incident;
  linkage::Pattern pattern;  // the report compared with the incident's fused facts
  double weight = 0;         // log2 Bayes factor
  double probability = 0;
};

struct ReportCandidates {
  Report report;
  std::vector<IncidentCandidate> candidates;  // most probable first
  linkage::EmResult fit;                      // the model they were scored with
  size_t neighbourhood_reports = 0;           // reports the model was fitted on
};

// Scores one report against the incidents that may describe the same event, without relinking
// everything: the candidates are the incidents within two space–time cells of it (found through
// the store's spatial and date indexes), each compared on its fused facts; the model is fitted
// on the reports of the surrounding neighbourhood (a year either side, about 500 km), with the
// analysts' decisions there as labels. The report's own incident is left out. Needs
// read_reports and read_incidents; only what the actor may see is read.
Result<ReportCandidates> CandidateIncidents(storage::Store& store, const Actor& actor,
                                            const Id& report);

}  // namespace civharm::service
