#include "api/fusion_api.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/list_query.h"
#include "api/query_string.h"
#include "api/responses.h"
#include "core/strings.h"
#include "domain/codec.h"
#include "domain/json_reader.h"
#include "service/cross_reference.h"
#include "service/fusion_service.h"
#include "service/incident_fusion.h"
#include "service/victim_linkage.h"

namespace civharm::api {
namespace {

using nlohmann::json;

// At most this many pairs are listed, the most probable first.
constexpr size_t kMaxPairs = 5000;

json ReasonsJson(const linkage::Model& model, const linkage::Pattern& pattern) {
  json reasons = json::array();
  for (const linkage::Term& t : linkage::Explain(model, pattern)) {
    reasons.push_back({{"comparison", t.comparison}, {"level", t.level}, {"weight", t.weight}});
  }
  return reasons;
}

json CandidatesJson(const service::ReportCandidates& c) {
  constexpr size_t kMaxCandidates = 50;
  json candidates = json::array();
  for (const service::IncidentCandidate& k : c.candidates) {
    if (candidates.size() == kMaxCandidates) break;
    candidates.push_back({{"incident", k.incident.meta.id},
                          {"title", k.incident.title},
                          {"probability", k.probability},
                          {"weight", k.weight},
                          {"reasons", ReasonsJson(c.fit.model, k.pattern)}});
  }
  json out{{"report", c.report.meta.id},
           {"neighbourhood_reports", c.neighbourhood_reports},
           {"candidates", std::move(candidates)}};
  out["incident"] = c.report.incident_id ? json(*c.report.incident_id) : json();
  return out;
}

json ProposalJson(const service::FusionProposal& p) {
  const linkage::EventLinkResult& r = p.linkage;
  // Clusters of more than one report, with the incidents their reports are in now: a cluster
  // spread over several incidents is a proposal to fuse them.
  json clusters = json::array();
  {
    std::map<uint32_t, std::vector<size_t>> members;
    for (size_t i = 0; i < r.clusters.size(); ++i) members[r.clusters[i]].push_back(i);
    for (const auto& [id, reports] : members) {
      if (reports.size() < 2) continue;
      json ids = json::array();
      std::set<std::string> incidents;
      for (size_t i : reports) {
        ids.push_back(p.report_ids[i]);
        if (!p.incident_of[i].empty()) incidents.insert(p.incident_of[i]);
      }
      clusters.push_back({{"reports", std::move(ids)},
                          {"incidents", incidents},
                          {"fused", incidents.size() == 1 &&
                                        std::none_of(reports.begin(), reports.end(), [&](size_t i) {
                                          return p.incident_of[i].empty();
                                        })}});
    }
  }
  std::vector<const linkage::ScoredEventPair*> shown;
  for (const auto& pair : r.pairs) {
    if (pair.linked || pair.probability >= service::kWorthALook) shown.push_back(&pair);
  }
  std::sort(shown.begin(), shown.end(),
            [](const auto* x, const auto* y) { return x->probability > y->probability; });
  const bool truncated = shown.size() > kMaxPairs;
  if (truncated) shown.resize(kMaxPairs);
  json pairs = json::array();
  for (const auto* pair : shown) {
    json reasons = ReasonsJson(r.fit.model, pair->pattern);
    const std::string& incident_a = p.incident_of[pair->a];
    pairs.push_back({{"reports", {p.report_ids[pair->a], p.report_ids[pair->b]}},
                     {"same_incident", !incident_a.empty() && incident_a == p.incident_of[pair->b]},
                     {"probability", pair->probability},
                     {"weight", pair->weight},
                     {"linked", pair->linked},
                     {"reasons", std::move(reasons)}});
  }
  json comparisons = json::array();
  const linkage::Model& model = r.fit.model;
  for (size_t k = 0; k < model.comparisons.size(); ++k) {
    json levels = json::array();
    for (size_t l = 0; l < model.comparisons[k].level_labels.size(); ++l) {
      levels.push_back({{"level", model.comparisons[k].level_labels[l]},
                        {"m", model.m[k][l]},
                        {"u", model.u[k][l]}});
    }
    comparisons.push_back({{"name", model.comparisons[k].name}, {"levels", std::move(levels)}});
  }
  return {{"reports", p.report_ids.size()},
          {"candidate_pairs", r.candidates.pairs.size()},
          {"clusters", std::move(clusters)},
          {"pairs", std::move(pairs)},
          {"pairs_truncated", truncated},
          {"model",
           {{"prior", model.prior},
            {"em_iterations", r.fit.iterations},
            {"converged", r.fit.converged},
            {"comparisons", std::move(comparisons)}}}};
}

json VictimLinkageJson(const service::VictimLinkage& v) {
  json histories = json::array();
  for (const service::CaptureHistory& h : v.histories) {
    json lists = json::array();
    for (size_t k = 0; k < v.lists.size(); ++k) {
      if (h.lists & (uint32_t{1} << k)) lists.push_back(v.lists[k]);
    }
    histories.push_back({{"lists", std::move(lists)}, {"people", h.people}});
  }
  std::map<uint32_t, std::vector<std::string>> members;
  for (size_t i = 0; i < v.person_of.size(); ++i)
    members[v.person_of[i]].push_back(v.victim_ids[i]);
  json people = json::array();
  for (auto& [person, ids] : members) {
    if (ids.size() > 1) people.push_back(std::move(ids));
  }
  return {{"lists", v.lists},
          {"records", v.victim_ids.size()},
          {"people", v.people},
          {"capture_histories", std::move(histories)},
          {"linked_records", std::move(people)}};
}

// The casualty ranges of fused facts that any source gave, by name ("civilian_killed", …).
json RangesJson(const EventFacts& f) {
  json out = json::object();
  const auto add = [&](const char* name, const CountRange& r) {
    if (!r.empty()) out[name] = ToJson(r);
  };
  add("civilian_killed", f.casualties.civilian.killed);
  add("civilian_injured", f.casualties.civilian.injured);
  add("combatant_killed", f.casualties.combatant.killed);
  add("combatant_injured", f.casualties.combatant.injured);
  add("undetermined_killed", f.casualties.undetermined.killed);
  add("undetermined_injured", f.casualties.undetermined.injured);
  add("total_killed", f.casualties.total_killed);
  add("total_injured", f.casualties.total_injured);
  return out;
}

json SourcesJson(const service::IncidentSources& s) {
  json sources = json::array();
  for (const Report& r : s.reports) {
    const json facts = ToJson(r.facts);
    json one{{"report", r.meta.id},
             {"source_type", EnumName(r.source_type)},
             {"source_name", r.source_name}};
    if (!r.reference_code.empty()) one["reference_code"] = r.reference_code;
    if (r.reliability) one["reliability"] = EnumName(*r.reliability);
    if (r.credibility) one["credibility"] = *r.credibility;
    for (const char* key : {"date", "location", "belligerents", "means", "casualties"}) {
      if (facts.contains(key)) one[key] = facts[key];
    }
    sources.push_back(std::move(one));
  }
  json range{{"sources", s.reports.size()}, {"casualties", RangesJson(s.fused)}};
  if (!s.reports.empty()) {
    range["date"] = {{"start", s.fused.date.start.ToString()},
                     {"end", s.fused.date.end.ToString()}};
  }
  return {{"incident", ToJson(s.incident)},
          {"range", std::move(range)},
          {"sources", std::move(sources)}};
}

HttpResponse CrossReferenceCsvResponse(const service::CrossReference& x) {
  HttpResponse r{.status = 200,
                 .content_type = "text/csv; charset=utf-8",
                 .body = service::CrossReferenceCsv(x)};
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"cross-reference.csv\"");
  return r;
}

json CrossReferenceJson(const service::CrossReference& x) {
  json entries = json::array();
  for (const auto& e : x.entries) {
    json one{{"category", EnumName(e.category)},
             {"report", e.report},
             {"source_type", EnumName(e.source_type)},
             {"source_name", e.source_name},
             {"date", {{"start", e.date.start.ToString()}, {"end", e.date.end.ToString()}}},
             {"place", e.place},
             {"matches", e.matches},
             {"operations", e.operations}};
    one["incident"] = e.incident.empty() ? json() : json(e.incident);
    if (!e.reference_code.empty()) one["reference_code"] = e.reference_code;
    if (e.lat && e.lon) one["point"] = {{"lat", *e.lat}, {"lon", *e.lon}};
    if (!e.civilians_killed.empty()) one["civilians_killed"] = ToJson(e.civilians_killed);
    entries.push_back(std::move(one));
  }
  return {{"counts",
           {{"external_unmatched", x.external_unmatched},
            {"own_force_unmatched", x.own_force_unmatched},
            {"matched", x.matched}}},
          {"entries", std::move(entries)}};
}

// Splits `format=` off a list query string: the format asked for, and the rest.
Result<std::pair<std::string, std::string>> TakeFormat(std::string_view query) {
  std::string format = "json", rest;
  for (std::string_view piece : Split(query, '&')) {
    if (piece.starts_with("format=")) {
      CIVHARM_ASSIGN_OR_RETURN(QueryParams p, ParseQueryString(piece));
      format = p.empty() ? "" : p.front().second;
      if (format != "json" && format != "csv") {
        return std::unexpected(InvalidArgument("must be json or csv", "format"));
      }
      continue;
    }
    if (!rest.empty()) rest += '&';
    rest += piece;
  }
  return std::pair{format, rest};
}

// Reads {"reports": [...], "incidents": [...], "reason": "..."} and the like: each key in
// `lists` a list of ids, the reason required, `title` when asked for.
struct FusionBody {
  std::vector<std::string> reports, incidents;
  std::string reason, title, verdict;
};

Result<FusionBody> ReadFusionBody(const HttpRequest& req, bool incidents, bool title,
                                  bool verdict) {
  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
  Problems problems;
  internal::JsonReader in(body, "", problems);
  FusionBody out;
  out.reports = in.Strings("reports");
  if (incidents) out.incidents = in.Strings("incidents");
  in.Require("reason");
  out.reason = in.String("reason");
  if (title) out.title = in.String("title");
  if (verdict) {
    in.Require("verdict");
    out.verdict = in.String("verdict");
  }
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
  return out;
}

}  // namespace

void AddFusionRoutes(Router& router, storage::Store& store) {
  router.Add({"GET", "/api/v1/victims/linkage",
              "The same people across victim lists, and the lists that recorded each",
              [&store](const HttpRequest& req, const PathParams&, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(storage::Query q,
                                           ParseListQuery(EntityKind::kVictim, req.query));
                  CIVHARM_ASSIGN_OR_RETURN(service::VictimLinkage v,
                                           service::LinkVictims(store, actor, q));
                  return JsonResponse(200, VictimLinkageJson(v));
                });
              }});
  router.Add({"GET", "/api/v1/fusion/proposals",
              "Which reports describe the same event, with scores and reasons",
              [&store](const HttpRequest& req, const PathParams&, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(storage::Query q,
                                           ParseListQuery(EntityKind::kReport, req.query));
                  CIVHARM_ASSIGN_OR_RETURN(service::FusionProposal p,
                                           service::ProposeFusion(store, actor, q));
                  return JsonResponse(200, ProposalJson(p));
                });
              }});
  router.Add({"GET", "/api/v1/reports/{id}/candidates",
              "The incidents a report may describe, scored without relinking everything",
              [&store](const HttpRequest&, const PathParams& params, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(
                      service::ReportCandidates c,
                      service::CandidateIncidents(store, actor, params.at("id")));
                  return JsonResponse(200, CandidatesJson(c));
                });
              }});
  router.Add({"GET", "/api/v1/fusion/decisions",
              "Analysts' decisions that two reports describe different events",
              [&store](const HttpRequest&, const PathParams&, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(auto decisions, service::ListDecisions(store, actor));
                  json out = json::array();
                  for (const LinkDecision& d : decisions) out.push_back(ToJson(d));
                  return JsonResponse(200, {{"decisions", std::move(out)}});
                });
              }});
  router.Add({"POST", "/api/v1/fusion/decisions",
              "Decide that two reports describe different events, or reverse that",
              [&store](const HttpRequest& req, const PathParams&, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(FusionBody b, ReadFusionBody(req, false, false, true));
                  const auto verdict = ParseEnum<Verdict>(b.verdict);
                  if (!verdict) {
                    return std::unexpected(InvalidArgument(
                        fmt::format("must be {}", EnumChoices<Verdict>()), "verdict"));
                  }
                  if (b.reports.size() != 2) {
                    return std::unexpected(InvalidArgument("must be two report ids", "reports"));
                  }
                  CIVHARM_ASSIGN_OR_RETURN(
                      LinkDecision d, service::DecidePair(store, actor, b.reports[0], b.reports[1],
                                                          *verdict, b.reason));
                  return JsonResponse(200, ToJson(d));
                });
              }});
  router.Add({"POST", "/api/v1/fusion/fuse", "Bring reports, or whole incidents, into one incident",
              [&store](const HttpRequest& req, const PathParams&, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(FusionBody b, ReadFusionBody(req, true, false, false));
                  CIVHARM_ASSIGN_OR_RETURN(
                      service::FuseOutcome f,
                      service::FuseReports(store, actor,
                                           {.reports = std::move(b.reports),
                                            .incidents = std::move(b.incidents),
                                            .reason = std::move(b.reason)}));
                  return JsonResponse(200, {{"incident", ToJson(f.incident)},
                                            {"moved_reports", f.moved_reports},
                                            {"retracted_incidents", f.retracted_incidents}});
                });
              }});
  router.Add(
      {"POST", "/api/v1/incidents/{id}/split",
       "Move some of an incident's reports into a new incident",
       [&store](const HttpRequest& req, const PathParams& params, const service::Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(FusionBody b, ReadFusionBody(req, false, true, false));
           CIVHARM_ASSIGN_OR_RETURN(service::SplitOutcome s,
                                    service::SplitIncident(store, actor,
                                                           {.incident = params.at("id"),
                                                            .reports = std::move(b.reports),
                                                            .title = std::move(b.title),
                                                            .reason = std::move(b.reason)}));
           HttpResponse r = JsonResponse(201, {{"incident", ToJson(s.kept)},
                                               {"new_incident", ToJson(s.split_off)},
                                               {"decisions", s.decisions}});
           r.headers.emplace_back("Location", "/api/v1/incidents/" + s.split_off.meta.id);
           return r;
         });
       }});
  router.Add({"GET", "/api/v1/incidents/{id}/sources",
              "An incident's range across its sources, and each source's own values",
              [&store](const HttpRequest&, const PathParams& params, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(service::IncidentSources s,
                                           service::SourcesOf(store, actor, params.at("id")));
                  return JsonResponse(200, SourcesJson(s));
                });
              }});
  router.Add({"GET", "/api/v1/fusion/cross-reference",
              "Own-force records against external reports: which match no record of the other side",
              [&store](const HttpRequest& req, const PathParams&, const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(auto split, TakeFormat(req.query));
                  CIVHARM_ASSIGN_OR_RETURN(storage::Query q,
                                           ParseListQuery(EntityKind::kReport, split.second));
                  CIVHARM_ASSIGN_OR_RETURN(service::CrossReference x,
                                           service::CrossReferenceReports(store, actor, q));
                  if (split.first == "csv") return CrossReferenceCsvResponse(x);
                  return JsonResponse(200, CrossReferenceJson(x));
                });
              }});
}

}  // namespace civharm::api
