// Assessments of states under the leadership framework (domain/framework.h, domain/assessment.h):
// entered by a framework assessor, reviewed and published by someone else, compared across states
// and periods, with the roadmap to the next level and evidence computed from civharm's own
// records beside the indicators. The API's /api/v1/framework, /api/v1/state-assessments and
// public scorecard routes and `civharm score` all come through here.
//
//   ScoreService scores(store, analytics);
//   CIVHARM_ASSIGN_OR_RETURN(StateAssessment a, scores.Create(amina, content));
//   CIVHARM_ASSIGN_OR_RETURN(a, scores.Submit(amina, a.id, a.version));
//   CIVHARM_ASSIGN_OR_RETURN(a, scores.Publish(boris, a.id, a.version, "checked"));  // not amina
//   CIVHARM_ASSIGN_OR_RETURN(AssessmentEvidence e, scores.Evidence(boris, a.id));
//
//   draft ──submit──▶ under_review ──publish──▶ published (final)
//     ▲                    │
//     └──────return────────┘
//
// Framework editions: the one built into civharm (DefaultFramework) and those stored with
// AddFramework. An assessment names its edition and is always read under it, so a new edition
// changes nothing in earlier assessments. A comparison reads every assessment against the
// framework of the last one given, by indicator id.
//
// Who may do what: read_scores to read assessments in any status, scorecards, roadmaps,
// comparisons and evidence; write_scores to create, edit (drafts only) and submit; review_scores to
// publish or return an assessment someone else assessed (permission_denied for one's own);
// manage_framework to store an edition. The Public* calls need no actor and see published
// assessments only, as PublicAssessmentJson shows them.
//
// Evidence: the incidents naming the assessment's force (any belligerent, ignoring ASCII case)
// whose dates overlap its period, seen through the reader's view, each an allegation
// (analytics/evidence.h). A finding counts as published when an approved release that publishes
// incident ids and statuses carries the incident in a status past assessment; its day of
// publication is that release's approval. The incident ids behind each figure are given to readers
// who may read incidents; public evidence gives counts only, suppressed below the release rules'
// threshold, over the incidents no need-to-know group restricts.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/assessment.h"
#include "domain/framework.h"
#include "service/actor.h"
#include "service/analytics_service.h"
#include "service/scorecard_report.h"
#include "storage/store.h"

namespace civharm::service {

struct Comparison {
  std::vector<StateAssessment> assessments;  // in the order asked
  std::string edition;                       // the framework the rows follow
  std::vector<ComparisonRow> rows;
};

class ScoreService {
 public:
  ScoreService(storage::Store& store, AnalyticsService& analytics)
      : store_(store), analytics_(analytics) {}

  // ---- framework editions ----
  // The built-in edition first, then the stored ones by name. Needs read_scores.
  Result<std::vector<Framework>> Frameworks(const Actor& actor);
  // An edition by name, the built-in one when `edition` is empty. not_found naming "edition".
  Result<Framework> GetFramework(const Actor& actor, std::string_view edition);
  // Reads a new edition from YAML or JSON (every problem named by its path) and stores it.
  // already_exists when the edition's name is taken, the built-in one's included. Needs
  // manage_framework.
  Result<Framework> AddFramework(const Actor& actor, std::string_view text);

  // ---- assessments ----
  // A new draft by `actor` from what an assessor writes (AssessmentContentFromJson): under the
  // edition it names, or the built-in one. invalid_argument with every problem.
  Result<StateAssessment> Create(const Actor& actor, StateAssessment content);
  // Replaces a draft's content (state, force, period, indicators, overrides; the edition stays).
  // conflict when it is not a draft or `version` is stale.
  Result<StateAssessment> Edit(const Actor& actor, const Id& id, int64_t version,
                               StateAssessment content);
  // draft → under_review; invalid_argument while an indicator is unscored.
  Result<StateAssessment> Submit(const Actor& actor, const Id& id, int64_t version);
  // under_review → draft, with why (`note` required).
  Result<StateAssessment> Return(const Actor& actor, const Id& id, int64_t version,
                                 std::string note);
  // under_review → published, with the reviewer's note (optional).
  Result<StateAssessment> Publish(const Actor& actor, const Id& id, int64_t version,
                                  std::string note);
  Result<StateAssessment> Get(const Actor& actor, const Id& id);
  Result<std::vector<StateAssessment>> List(const Actor& actor,
                                            const storage::StateAssessmentQuery& query);
  Result<Scorecard> Score(const Actor& actor, const Id& id);
  // The scorecard of an assessment the caller already holds (from Get, List, a write, PublicGet
  // or PublicList): reads only its edition, and needs no actor.
  Result<Scorecard> ScoreOf(const StateAssessment& a);
  Result<std::vector<RoadmapStep>> RoadmapFor(const Actor& actor, const Id& id);
  // What changed from `before` to `after` (two periods of a state, or two states).
  Result<std::vector<LevelChange>> Compare(const Actor& actor, const Id& before, const Id& after);
  // Two or more assessments side by side (at most 50).
  Result<Comparison> CompareMany(const Actor& actor, const std::vector<Id>& ids);
  // invalid_argument naming "force" when the assessment names none.
  Result<AssessmentEvidence> Evidence(const Actor& actor, const Id& id);
  // The scorecard document with the evidence when the assessment names a force.
  Result<ScorecardDocument> ScorecardReport(const Actor& actor, const Id& id,
                                            const std::string& language);

  // ---- for everyone (published assessments only) ----
  // Whole assessments: show them with PublicAssessmentJson.
  Result<std::vector<StateAssessment>> PublicList(const storage::StateAssessmentQuery& query);
  // not_found unless published.
  Result<StateAssessment> PublicGet(const Id& id);
  Result<AssessmentEvidence> PublicEvidence(const Id& id);
  Result<ScorecardDocument> PublicScorecardReport(const Id& id, const std::string& language);

 private:
  struct Loaded {
    StateAssessment assessment;
    Framework framework;
  };
  Result<Loaded> Load(const Id& id);
  // not_found unless published.
  Result<Loaded> LoadPublished(const Id& id);
  Result<ScorecardDocument> DocumentOf(const Loaded& l,
                                       const std::optional<AssessmentEvidence>& evidence,
                                       bool is_public, const std::string& language);
  // Over the incidents no need-to-know group restricts, counts suppressed below the release
  // rules' threshold, no ids.
  Result<AssessmentEvidence> PublicEvidenceOf(const StateAssessment& a);
  Result<Framework> FrameworkNamed(storage::ReadTransaction& tx, std::string_view edition);
  // Reads, changes with `change` and stores an assessment in one write transaction.
  template <typename ChangeFn>
  Result<StateAssessment> Change(const Actor& actor, const Id& id, int64_t version,
                                 ChangeFn&& change);
  Result<AssessmentEvidence> EvidenceOf(const StateAssessment& a, const storage::View& view,
                                        bool with_ids, int64_t suppress_below);
  // Incident id → the day its finding was first published, from the approved releases.
  Result<std::shared_ptr<const std::unordered_map<std::string, Date>>> Publications();

  storage::Store& store_;
  AnalyticsService& analytics_;
  std::mutex mutex_;
  // Guarded by mutex_: the publications as of the approved releases named in the key.
  std::string publications_key_;
  std::shared_ptr<const std::unordered_map<std::string, Date>> publications_;
};

// An assessment for its readers: the document with its scorecard.
nlohmann::json AssessmentJson(const StateAssessment& a, const Scorecard& card);
// What the public sees of a published assessment: no assessor, reviewer or review note, and
// civharm records cited by kind only.
nlohmann::json PublicAssessmentJson(const StateAssessment& a, const Scorecard& card);
// The evidence's figures; the incident ids behind them only for the metric `ids_of` names (there
// may be hundreds of thousands), and for each metric that has them, `records`: the address of its
// ids, `records_path` followed by "?ids=<metric>" (none when `records_path` is empty).
nlohmann::json EvidenceJson(const AssessmentEvidence& e,
                            std::optional<analytics::EvidenceMetric> ids_of = std::nullopt,
                            std::string_view records_path = {});
nlohmann::json ComparisonJson(const Comparison& c);
nlohmann::json FrameworkSummaryJson(const Framework& f, bool built_in);

}  // namespace civharm::service
