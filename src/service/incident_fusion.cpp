#include "service/incident_fusion.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "domain/fused_facts.h"
#include "service/authorization.h"
#include "service/record_service.h"

namespace civharm::service {
namespace {

Status AuthorizeFusion(const Actor& actor) {
  for (Action a : {Action::kReadReports, Action::kWriteReports, Action::kWriteIncidents}) {
    CIVHARM_RETURN_IF_ERROR(Authorize(actor, a));
  }
  return Status::Ok();
}

Status RequireReason(const std::string& reason) {
  if (reason.empty()) return InvalidArgument("say why: it is audited", "reason");
  Problems p;
  ValidateText(reason, "reason", kMaxShortText, p);
  return p.ToStatus();
}

template <typename T>
Result<T> GetLive(storage::ReadTransaction& tx, const Id& id, std::string_view field) {
  if (!IsValidId(id)) {
    return std::unexpected(
        InvalidArgument(fmt::format("'{}' is not a record id", id), std::string(field)));
  }
  CIVHARM_ASSIGN_OR_RETURN(std::optional<T> r, storage::GetAs<T>(tx, id));
  if (!r) {
    return std::unexpected(NotFound(fmt::format("there is no {} {}", EnumName(KindOf<T>()), id)));
  }
  if (r->meta.retracted()) {
    return std::unexpected(Conflict(fmt::format("{} {} is retracted", EnumName(KindOf<T>()), id)));
  }
  return std::move(*r);
}

// Every record of `kind` linked to the incident, oldest first.
template <typename T>
Result<std::vector<T>> LinkedTo(storage::ReadTransaction& tx, const Id& incident) {
  std::vector<T> out;
  storage::Query q{.incident_id = incident, .sort = storage::SortOrder::kOldest};
  CIVHARM_RETURN_IF_ERROR(tx.Scan(KindOf<T>(), q, [&](const AnyRecord& r) {
    out.push_back(std::get<T>(r));
    return Status::Ok();
  }));
  return out;
}

// "different" decisions, as a set of keys.
Result<std::map<std::string, LinkDecision>> DifferentPairs(storage::ReadTransaction& tx) {
  CIVHARM_ASSIGN_OR_RETURN(auto all, tx.ListLinkDecisions());
  std::map<std::string, LinkDecision> out;
  for (LinkDecision& d : all) {
    if (d.verdict == Verdict::kDifferent) out.emplace(d.key(), std::move(d));
  }
  return out;
}

// Re-fuses the incident's facts from its reports (which must not be empty) and saves it.
Result<Incident> Refuse(storage::WriteTransaction& tx, Incident incident,
                        const std::vector<Report>& reports) {
  incident.facts = FuseFacts(reports);
  incident.report_ids.clear();
  const int64_t version = incident.meta.version;
  CIVHARM_ASSIGN_OR_RETURN(AnyRecord saved, tx.Update(AnyRecord(std::move(incident)), version));
  return std::get<Incident>(std::move(saved));
}

Result<Report> MoveReport(storage::WriteTransaction& tx, Report report, const Id& incident) {
  report.incident_id = incident;
  const int64_t version = report.meta.version;
  CIVHARM_ASSIGN_OR_RETURN(AnyRecord saved, tx.Update(AnyRecord(std::move(report)), version));
  return std::get<Report>(std::move(saved));
}

}  // namespace

Result<FuseOutcome> FuseReports(storage::Store& store, const Actor& actor,
                                const FuseRequest& request) {
  CIVHARM_RETURN_IF_ERROR(AuthorizeFusion(actor));
  CIVHARM_RETURN_IF_ERROR(RequireReason(request.reason));
  if (request.reports.size() + request.incidents.size() < 2) {
    return std::unexpected(
        InvalidArgument("name at least two reports or incidents to fuse", "reports"));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite(WriteAs(actor)));

  // Every report that ends in the incident kept, and where each was before.
  std::vector<Report> joining;
  std::set<Id> seen;
  for (size_t i = 0; i < request.reports.size(); ++i) {
    CIVHARM_ASSIGN_OR_RETURN(
        Report r, GetLive<Report>(*tx, request.reports[i], fmt::format("reports[{}]", i)));
    if (seen.insert(r.meta.id).second) joining.push_back(std::move(r));
  }
  std::vector<Incident> incidents;
  for (size_t i = 0; i < request.incidents.size(); ++i) {
    CIVHARM_ASSIGN_OR_RETURN(Incident inc, GetLive<Incident>(*tx, request.incidents[i],
                                                             fmt::format("incidents[{}]", i)));
    CIVHARM_ASSIGN_OR_RETURN(std::vector<Report> linked, LinkedTo<Report>(*tx, inc.meta.id));
    for (Report& r : linked) {
      if (seen.insert(r.meta.id).second) joining.push_back(std::move(r));
    }
    incidents.push_back(std::move(inc));
  }
  Id target_id;
  if (!incidents.empty()) {
    target_id = incidents.front().meta.id;
  } else if (joining.front().incident_id) {
    target_id = *joining.front().incident_id;
  }
  std::optional<Incident> target;
  if (!target_id.empty()) {
    CIVHARM_ASSIGN_OR_RETURN(target, GetLive<Incident>(*tx, target_id, "incidents[0]"));
  } else {
    CIVHARM_ASSIGN_OR_RETURN(target, storage::InsertAs(*tx, IncidentFromReport(joining.front())));
    target_id = target->meta.id;
  }
  CIVHARM_ASSIGN_OR_RETURN(std::vector<Report> members, LinkedTo<Report>(*tx, target_id));
  for (Report& r : joining) {
    if (r.incident_id != target_id) members.push_back(r);
  }

  // No two of them may have been decided to describe different events.
  CIVHARM_ASSIGN_OR_RETURN(auto different, DifferentPairs(*tx));
  for (size_t i = 0; i < members.size(); ++i) {
    for (size_t j = i + 1; j < members.size(); ++j) {
      const LinkDecision key = Normalized({.a = members[i].meta.id, .b = members[j].meta.id});
      if (auto it = different.find(key.key()); it != different.end()) {
        return std::unexpected(Conflict(fmt::format(
            "reports {} and {} were decided to describe different events by {} on {} ({}); "
            "reverse that decision first",
            key.a, key.b, it->second.decided_by, it->second.decided_at.ToString(),
            it->second.reason)));
      }
    }
  }

  FuseOutcome out;
  std::set<Id> left;  // incidents reports leave
  for (Report& r : joining) {
    if (r.incident_id == target_id) continue;
    if (r.incident_id) left.insert(*r.incident_id);
    out.moved_reports.push_back(r.meta.id);
    CIVHARM_RETURN_IF_ERROR(MoveReport(*tx, std::move(r), target_id));
  }
  for (const Incident& inc : incidents) {
    if (inc.meta.id != target_id) left.insert(inc.meta.id);
  }
  std::vector<Id> operations = target->operation_ids;
  for (const Id& id : left) {
    CIVHARM_ASSIGN_OR_RETURN(std::vector<Report> remaining, LinkedTo<Report>(*tx, id));
    CIVHARM_ASSIGN_OR_RETURN(Incident inc, GetLive<Incident>(*tx, id, "incidents"));
    if (!remaining.empty()) {
      CIVHARM_RETURN_IF_ERROR(Refuse(*tx, std::move(inc), remaining));
      continue;
    }
    CIVHARM_ASSIGN_OR_RETURN(std::vector<Victim> victims, LinkedTo<Victim>(*tx, id));
    for (Victim& v : victims) {
      v.incident_id = target_id;
      const int64_t version = v.meta.version;
      CIVHARM_RETURN_IF_ERROR(tx->Update(AnyRecord(std::move(v)), version));
    }
    for (const Id& op : inc.operation_ids) {
      if (std::find(operations.begin(), operations.end(), op) == operations.end()) {
        operations.push_back(op);
      }
    }
    CIVHARM_RETURN_IF_ERROR(tx->Retract(EntityKind::kIncident, id,
                                        fmt::format("fused into {}: {}", target_id, request.reason),
                                        target_id, inc.meta.version));
    out.retracted_incidents.push_back(id);
  }
  // The kept incident's own version may have moved on while its reports changed.
  CIVHARM_ASSIGN_OR_RETURN(Incident kept, GetLive<Incident>(*tx, target_id, "incidents[0]"));
  kept.operation_ids = std::move(operations);
  CIVHARM_ASSIGN_OR_RETURN(out.incident, Refuse(*tx, std::move(kept), members));
  CIVHARM_RETURN_IF_ERROR(
      tx->AppendNote("fusion.fuse", {{"incident", target_id},
                                     {"moved_reports", out.moved_reports},
                                     {"retracted_incidents", out.retracted_incidents},
                                     {"reason", request.reason}}));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<SplitOutcome> SplitIncident(storage::Store& store, const Actor& actor,
                                   const SplitRequest& request) {
  CIVHARM_RETURN_IF_ERROR(AuthorizeFusion(actor));
  CIVHARM_RETURN_IF_ERROR(RequireReason(request.reason));
  if (request.reports.empty()) {
    return std::unexpected(InvalidArgument("name the reports to split off", "reports"));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(Incident incident, GetLive<Incident>(*tx, request.incident, "incident"));
  CIVHARM_ASSIGN_OR_RETURN(std::vector<Report> members, LinkedTo<Report>(*tx, incident.meta.id));
  std::vector<Report> moving, staying;
  for (size_t i = 0; i < request.reports.size(); ++i) {
    const Id& id = request.reports[i];
    auto it = std::find_if(members.begin(), members.end(),
                           [&](const Report& r) { return r.meta.id == id; });
    if (it == members.end()) {
      const bool repeated = std::any_of(moving.begin(), moving.end(),
                                        [&](const Report& r) { return r.meta.id == id; });
      return std::unexpected(InvalidArgument(
          repeated ? fmt::format("names report {} twice", id)
                   : fmt::format("report {} is not one of incident {}'s", id, incident.meta.id),
          fmt::format("reports[{}]", i)));
    }
    moving.push_back(std::move(*it));
    members.erase(it);
  }
  staying = std::move(members);
  if (staying.empty()) {
    return std::unexpected(
        InvalidArgument("the incident must keep at least one report: split off fewer", "reports"));
  }
  SplitOutcome out;
  Incident fresh = IncidentFromReport(moving.front());
  if (!request.title.empty()) fresh.title = request.title;
  fresh.facts = FuseFacts(moving);
  fresh.meta.restricted_to = incident.meta.restricted_to;
  CIVHARM_ASSIGN_OR_RETURN(out.split_off, storage::InsertAs(*tx, std::move(fresh)));
  const Timestamp now = Timestamp::Now();
  const std::string why =
      fmt::format("split from incident {}: {}", incident.meta.id, request.reason);
  for (const Report& m : moving) {
    for (const Report& s : staying) {
      CIVHARM_RETURN_IF_ERROR(tx->PutLinkDecision(Normalized({.a = m.meta.id,
                                                              .b = s.meta.id,
                                                              .verdict = Verdict::kDifferent,
                                                              .reason = why,
                                                              .decided_by = actor.name,
                                                              .decided_at = now})));
      ++out.decisions;
    }
  }
  std::vector<Id> moved;
  for (Report& m : moving) {
    moved.push_back(m.meta.id);
    CIVHARM_RETURN_IF_ERROR(MoveReport(*tx, std::move(m), out.split_off.meta.id));
  }
  CIVHARM_ASSIGN_OR_RETURN(Incident kept, GetLive<Incident>(*tx, incident.meta.id, "incident"));
  CIVHARM_ASSIGN_OR_RETURN(out.kept, Refuse(*tx, std::move(kept), staying));
  CIVHARM_ASSIGN_OR_RETURN(out.split_off,
                           GetLive<Incident>(*tx, out.split_off.meta.id, "incident"));
  CIVHARM_RETURN_IF_ERROR(tx->AppendNote("fusion.split", {{"incident", incident.meta.id},
                                                          {"new_incident", out.split_off.meta.id},
                                                          {"reports", moved},
                                                          {"reason", request.reason}}));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<LinkDecision> DecidePair(storage::Store& store, const Actor& actor, const Id& a, const Id& b,
                                Verdict verdict, const std::string& reason) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadReports));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kWriteIncidents));
  const LinkDecision d = Normalized({.a = a,
                                     .b = b,
                                     .verdict = verdict,
                                     .reason = reason,
                                     .decided_by = actor.name,
                                     .decided_at = Timestamp::Now()});
  CIVHARM_RETURN_IF_ERROR(Validate(d));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite(WriteAs(actor)));
  if (verdict == Verdict::kDifferent) {
    CIVHARM_ASSIGN_OR_RETURN(Report ra, GetLive<Report>(*tx, d.a, "reports[0]"));
    CIVHARM_ASSIGN_OR_RETURN(Report rb, GetLive<Report>(*tx, d.b, "reports[1]"));
    if (ra.incident_id && ra.incident_id == rb.incident_id) {
      return std::unexpected(Conflict(fmt::format(
          "both reports are in incident {}: split one of them off instead, which records this "
          "decision too",
          *ra.incident_id)));
    }
  }
  CIVHARM_RETURN_IF_ERROR(tx->PutLinkDecision(d));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return d;
}

Result<std::vector<LinkDecision>> ListDecisions(storage::Store& store, const Actor& actor) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadReports));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(std::vector<LinkDecision> all, tx->ListLinkDecisions());
  std::vector<LinkDecision> out;
  std::map<Id, bool> visible;
  for (LinkDecision& d : all) {
    bool both = true;
    for (const Id* id : {&d.a, &d.b}) {
      auto it = visible.find(*id);
      if (it == visible.end()) {
        CIVHARM_ASSIGN_OR_RETURN(auto r, tx->Get(EntityKind::kReport, *id));
        it = visible.emplace(*id, r.has_value()).first;
      }
      both = both && it->second;
    }
    if (both) out.push_back(std::move(d));
  }
  return out;
}

Result<IncidentSources> SourcesOf(storage::Store& store, const Actor& actor, const Id& incident) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadIncidents));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadReports));
  if (!IsValidId(incident)) {
    return std::unexpected(InvalidArgument(fmt::format("'{}' is not a record id", incident), "id"));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(std::optional<Incident> found, storage::GetAs<Incident>(*tx, incident));
  if (!found) return std::unexpected(NotFound(fmt::format("there is no incident {}", incident)));
  IncidentSources out{.incident = std::move(*found)};
  CIVHARM_ASSIGN_OR_RETURN(out.reports, LinkedTo<Report>(*tx, incident));
  if (!out.reports.empty()) out.fused = FuseFacts(out.reports);
  return out;
}

}  // namespace civharm::service
