#include "api/fusion_api.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "api/list_query.h"
#include "api/responses.h"
#include "service/fusion_service.h"
#include "service/victim_linkage.h"

namespace civharm::api {
namespace {

using nlohmann::json;

// Pairs below this probability are not worth an analyst's look; at most kMaxPairs are listed,
// the most probable first.
constexpr double kShownProbability = 0.05;
constexpr size_t kMaxPairs = 5000;

json ProposalJson(const service::FusionProposal& p) {
  const linkage::EventLinkResult& r = p.linkage;
  json clusters = json::array();
  {
    std::map<uint32_t, std::vector<std::string>> members;
    for (size_t i = 0; i < r.clusters.size(); ++i)
      members[r.clusters[i]].push_back(p.report_ids[i]);
    for (auto& [id, reports] : members) {
      if (reports.size() > 1) clusters.push_back(std::move(reports));
    }
  }
  std::vector<const linkage::ScoredEventPair*> shown;
  for (const auto& pair : r.pairs) {
    if (pair.linked || pair.probability >= kShownProbability) shown.push_back(&pair);
  }
  std::sort(shown.begin(), shown.end(),
            [](const auto* x, const auto* y) { return x->probability > y->probability; });
  const bool truncated = shown.size() > kMaxPairs;
  if (truncated) shown.resize(kMaxPairs);
  json pairs = json::array();
  for (const auto* pair : shown) {
    json reasons = json::array();
    for (const linkage::Term& t : linkage::Explain(r.fit.model, pair->pattern)) {
      reasons.push_back({{"comparison", t.comparison}, {"level", t.level}, {"weight", t.weight}});
    }
    pairs.push_back({{"reports", {p.report_ids[pair->a], p.report_ids[pair->b]}},
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
}

}  // namespace civharm::api
