// What analysts do with fusion's proposals: bring reports of one event into one incident (which
// confirms a proposed cluster or merges incidents), split an incident whose reports describe
// different events, and decide that two reports describe different events. Every change is
// audited under the analyst's name, with the reason given, and becomes a label the next
// proposal learns from (service/fusion_service.h): reports in one incident are a confirmed
// pair, a "different" decision a rejected one.
//
// An incident's facts are fused afresh from its reports (domain/fused_facts.h) whenever fusion
// changes which reports it has; each report keeps its own figures, and SourcesOf shows them side
// by side with the incident's range.
//
//   CIVHARM_ASSIGN_OR_RETURN(FuseOutcome f, FuseReports(store, actor,
//                            {.reports = {r1, r2}, .reason = "same strike, three sources"}));
#pragma once

#include <string>
#include <vector>

#include "domain/link_decision.h"
#include "domain/records.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

struct FuseRequest {
  std::vector<Id> reports;    // reports to bring into one incident
  std::vector<Id> incidents;  // incidents whose reports all join it; the first is the one kept
  std::string reason;         // required
};

struct FuseOutcome {
  Incident incident;                    // the incident kept, re-fused
  std::vector<Id> moved_reports;        // reports that were in another incident before
  std::vector<Id> retracted_incidents;  // incidents left without reports, superseded by it
};

// The incident kept is the first of `incidents`, else the incident of the first report. Every
// report named, and every report of the incidents named, joins it; incidents left without
// reports are retracted as superseded by it, and their victims and operations move with them.
// Refused (failed_precondition, changing nothing) when two of the reports were decided to
// describe different events: reverse that decision first. Needs read_reports, write_reports
// and write_incidents; records the actor cannot see are not found.
Result<FuseOutcome> FuseReports(storage::Store& store, const Actor& actor,
                                const FuseRequest& request);

struct SplitRequest {
  Id incident;
  std::vector<Id> reports;  // the incident's reports that describe another event
  std::string title;        // of the new incident; made from its first report when empty
  std::string reason;       // required
};

struct SplitOutcome {
  Incident kept;          // the incident, re-fused from the reports it keeps
  Incident split_off;     // the new incident, fused from the reports split off
  int64_t decisions = 0;  // "different" decisions recorded between the two groups
};

// Moves `reports` out of the incident into a new one, and records that each of them describes
// a different event from each report the incident keeps. The incident must keep at least one
// report. Victims stay with the incident (which of them belongs to which event is for the
// investigator to say). Same permissions as FuseReports.
Result<SplitOutcome> SplitIncident(storage::Store& store, const Actor& actor,
                                   const SplitRequest& request);

// Records (or reverses, with Verdict::kSame) that two reports describe different events.
// Needs read_reports and write_incidents.
Result<LinkDecision> DecidePair(storage::Store& store, const Actor& actor, const Id& a, const Id& b,
                                Verdict verdict, const std::string& reason);

// Every decision about two reports the actor can both see. Needs read_reports.
Result<std::vector<LinkDecision>> ListDecisions(storage::Store& store, const Actor& actor);

struct IncidentSources {
  Incident incident;
  std::vector<Report> reports;  // the incident's reports the actor may see, oldest first
  EventFacts fused;             // fused from those reports: the range across them
};

// An incident with each of its sources' own values. Needs read_incidents and read_reports.
Result<IncidentSources> SourcesOf(storage::Store& store, const Actor& actor, const Id& incident);

}  // namespace civharm::service
