#include "service/score_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "domain/release_rules.h"
#include "service/authorization.h"
#include "service/release_service.h"

namespace civharm::service {
namespace {

using nlohmann::json;

constexpr size_t kMaxCompared = 50;

const Framework& BuiltIn() {
  static const Framework kFramework = DefaultFramework();
  return kFramework;
}

Status NotAssessor(const Actor& actor, const StateAssessment& a, std::string_view what) {
  if (actor.name != a.assessor) return Status::Ok();
  return Status(ErrorCode::kPermissionDenied,
                fmt::format("an assessment is {} by someone other than its assessor", what));
}

Status InStatus(const StateAssessment& a, ScoreStatus want, std::string_view to_do) {
  if (a.status == want) return Status::Ok();
  return Conflict(fmt::format("only an assessment {} can be {}; this one is {}",
                              want == ScoreStatus::kDraft ? "in draft" : "under review", to_do,
                              EnumName(a.status)));
}

// What an assessor writes (AssessmentContentFromJson), moved from `content` into `a`; the edition
// is the caller's to decide.
void TakeContent(StateAssessment& a, StateAssessment& content) {
  a.state = std::move(content.state);
  a.force = std::move(content.force);
  a.period = content.period;
  a.indicators = std::move(content.indicators);
  a.category_overrides = std::move(content.category_overrides);
  a.overall_override = std::move(content.overall_override);
}

// The statuses an incident reaches once its allegation has a finding (and is not a duplicate,
// which releases never carry).
bool IsPastAssessment(std::string_view status) {
  const auto s = ParseEnum<AssessmentStatus>(status);
  if (!s) return false;
  switch (*s) {
    case AssessmentStatus::kCredible:
    case AssessmentStatus::kNotCredible:
    case AssessmentStatus::kInsufficientInfo:
    case AssessmentStatus::kDuplicate:
    case AssessmentStatus::kInvestigating:
    case AssessmentStatus::kInvestigated:
    case AssessmentStatus::kResponding:
    case AssessmentStatus::kClosed:
      return true;
    default:
      return false;
  }
}

bool PublishesFindings(const ReleaseRules& rules) {
  const auto has = [&](ReleaseField f) {
    return std::find(rules.fields.begin(), rules.fields.end(), f) != rules.fields.end();
  };
  return has(ReleaseField::kId) && has(ReleaseField::kStatus);
}

// Removes the ids of civharm records an assessment's evidence cites, wherever a document lists
// indicator scores.
void RemoveRecordIds(json& indicators) {
  for (json& score : indicators) {
    if (!score.contains("evidence")) continue;
    for (json& e : score["evidence"]) e.erase("record_id");
  }
}

}  // namespace

// ---- framework editions ----------------------------------------------------------------------

Result<Framework> ScoreService::FrameworkNamed(storage::ReadTransaction& tx,
                                               std::string_view edition) {
  if (edition.empty() || edition == BuiltIn().edition) return BuiltIn();
  CIVHARM_ASSIGN_OR_RETURN(auto stored, tx.GetFramework(edition));
  if (!stored) {
    return std::unexpected(InvalidArgument(
        fmt::format("there is no framework edition '{}'; see the editions civharm holds", edition),
        "edition"));
  }
  return std::move(*stored);
}

Result<std::vector<Framework>> ScoreService::Frameworks(const Actor& actor) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(std::vector<Framework> stored, tx->ListFrameworks());
  std::vector<Framework> out = {BuiltIn()};
  for (Framework& f : stored) out.push_back(std::move(f));
  return out;
}

Result<Framework> ScoreService::GetFramework(const Actor& actor, std::string_view edition) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  auto fw = FrameworkNamed(*tx, edition);
  if (!fw && fw.error().code() == ErrorCode::kInvalidArgument) {
    return std::unexpected(Status(ErrorCode::kNotFound, fw.error().message(), "edition"));
  }
  return fw;
}

Result<Framework> ScoreService::AddFramework(const Actor& actor, std::string_view text) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageFramework));
  CIVHARM_ASSIGN_OR_RETURN(Framework fw, ParseFramework(text));
  if (fw.edition == BuiltIn().edition) {
    return std::unexpected(Status(
        ErrorCode::kAlreadyExists,
        fmt::format("edition '{}' is built into civharm; give a revision a name of its own",
                    fw.edition),
        "edition"));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_RETURN_IF_ERROR(tx->InsertFramework(fw));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return fw;
}

// ---- assessments -----------------------------------------------------------------------------

Result<StateAssessment> ScoreService::Create(const Actor& actor, StateAssessment content) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kWriteScores));
  StateAssessment a;
  TakeContent(a, content);
  a.assessor = actor.name;
  a.status = ScoreStatus::kDraft;
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(const Framework fw, FrameworkNamed(*tx, content.edition));
  a.edition = fw.edition;
  CIVHARM_ASSIGN_OR_RETURN(StateAssessment stored, tx->InsertStateAssessment(std::move(a), fw));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

template <typename ChangeFn>
Result<StateAssessment> ScoreService::Change(const Actor& actor, const Id& id, int64_t version,
                                             ChangeFn&& change) {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto found, tx->GetStateAssessment(id));
  if (!found) {
    return std::unexpected(Status(ErrorCode::kNotFound,
                                  fmt::format("there is no state assessment {}", id), "id"));
  }
  StateAssessment a = std::move(*found);
  // The store refuses a stale `version` (conflict) when the change is written.
  CIVHARM_RETURN_IF_ERROR(change(a));
  CIVHARM_ASSIGN_OR_RETURN(const Framework fw, FrameworkNamed(*tx, a.edition));
  CIVHARM_ASSIGN_OR_RETURN(StateAssessment stored,
                           tx->UpdateStateAssessment(std::move(a), version, fw));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return stored;
}

Result<StateAssessment> ScoreService::Edit(const Actor& actor, const Id& id, int64_t version,
                                           StateAssessment content) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kWriteScores));
  return Change(actor, id, version, [&](StateAssessment& a) -> Status {
    CIVHARM_RETURN_IF_ERROR(InStatus(a, ScoreStatus::kDraft, "edited"));
    if (!content.edition.empty() && content.edition != a.edition) {
      return InvalidArgument(
          fmt::format("an assessment stays under the edition it was made under ({}); start a new "
                      "one for another edition",
                      a.edition),
          "edition");
    }
    TakeContent(a, content);
    return Status::Ok();
  });
}

Result<StateAssessment> ScoreService::Submit(const Actor& actor, const Id& id, int64_t version) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kWriteScores));
  return Change(actor, id, version, [&](StateAssessment& a) -> Status {
    CIVHARM_RETURN_IF_ERROR(InStatus(a, ScoreStatus::kDraft, "submitted for review"));
    a.status = ScoreStatus::kUnderReview;
    return Status::Ok();
  });
}

Result<StateAssessment> ScoreService::Return(const Actor& actor, const Id& id, int64_t version,
                                             std::string note) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReviewScores));
  if (Trim(note).empty()) {
    return std::unexpected(
        InvalidArgument("say why the assessment goes back to its assessor", "note"));
  }
  return Change(actor, id, version, [&](StateAssessment& a) -> Status {
    CIVHARM_RETURN_IF_ERROR(NotAssessor(actor, a, "returned"));
    CIVHARM_RETURN_IF_ERROR(InStatus(a, ScoreStatus::kUnderReview, "returned"));
    a.status = ScoreStatus::kDraft;
    a.reviewer = actor.name;
    a.review_note = std::move(note);
    return Status::Ok();
  });
}

Result<StateAssessment> ScoreService::Publish(const Actor& actor, const Id& id, int64_t version,
                                              std::string note) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReviewScores));
  return Change(actor, id, version, [&](StateAssessment& a) -> Status {
    CIVHARM_RETURN_IF_ERROR(NotAssessor(actor, a, "published"));
    CIVHARM_RETURN_IF_ERROR(InStatus(a, ScoreStatus::kUnderReview, "published"));
    a.status = ScoreStatus::kPublished;
    a.reviewer = actor.name;
    a.review_note = std::move(note);
    a.published_at = Timestamp::Now();
    return Status::Ok();
  });
}

Result<ScoreService::Loaded> ScoreService::Load(const Id& id) {
  // Assessments and editions hold nothing a view restricts; the callers decide who reads them.
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(auto found, tx->GetStateAssessment(id));
  if (!found) {
    return std::unexpected(Status(ErrorCode::kNotFound,
                                  fmt::format("there is no state assessment {}", id), "id"));
  }
  CIVHARM_ASSIGN_OR_RETURN(Framework fw, FrameworkNamed(*tx, found->edition));
  return Loaded{.assessment = std::move(*found), .framework = std::move(fw)};
}

Result<StateAssessment> ScoreService::Get(const Actor& actor, const Id& id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(Loaded l, Load(id));
  return std::move(l.assessment);
}

Result<std::vector<StateAssessment>> ScoreService::List(
    const Actor& actor, const storage::StateAssessmentQuery& query) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  return tx->ListStateAssessments(query);
}

Result<Scorecard> ScoreService::Score(const Actor& actor, const Id& id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(const Loaded l, Load(id));
  return civharm::ScoreOf(l.assessment, l.framework);
}

Result<Scorecard> ScoreService::ScoreOf(const StateAssessment& a) {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(const Framework fw, FrameworkNamed(*tx, a.edition));
  return civharm::ScoreOf(a, fw);
}

Result<std::vector<RoadmapStep>> ScoreService::RoadmapFor(const Actor& actor, const Id& id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(const Loaded l, Load(id));
  return RoadmapOf(l.assessment, l.framework);
}

Result<std::vector<LevelChange>> ScoreService::Compare(const Actor& actor, const Id& before,
                                                       const Id& after) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(const Loaded b, Load(before));
  CIVHARM_ASSIGN_OR_RETURN(const Loaded a, Load(after));
  return civharm::Compare(b.assessment, a.assessment, a.framework);
}

Result<Comparison> ScoreService::CompareMany(const Actor& actor, const std::vector<Id>& ids) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  if (ids.size() < 2 || ids.size() > kMaxCompared) {
    return std::unexpected(InvalidArgument(
        fmt::format("compare from 2 to {} assessments, not {}", kMaxCompared, ids.size()), "ids"));
  }
  Comparison out;
  Framework fw;
  for (const Id& id : ids) {
    CIVHARM_ASSIGN_OR_RETURN(Loaded l, Load(id));
    out.assessments.push_back(std::move(l.assessment));
    fw = std::move(l.framework);
  }
  out.edition = fw.edition;
  out.rows = civharm::CompareMany(out.assessments, fw);
  return out;
}

// ---- evidence --------------------------------------------------------------------------------

Result<std::shared_ptr<const std::unordered_map<std::string, Date>>> ScoreService::Publications() {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(std::vector<Release> approved,
                           tx->ListReleases(ReleaseStatus::kApproved));
  std::string key;
  for (const Release& r : approved) key += r.id + ",";
  {
    std::lock_guard lock(mutex_);
    if (publications_ && key == publications_key_) return publications_;
  }
  auto out = std::make_shared<std::unordered_map<std::string, Date>>();
  for (const Release& r : approved) {
    if (!PublishesFindings(r.rules) || !r.reviewed_at) continue;
    const Date on = r.reviewed_at->date();
    CIVHARM_RETURN_IF_ERROR(
        tx->ScanReleaseRows(r.id, 0, 0, [&](int64_t position, std::string_view text) -> Status {
          const json row = json::parse(text, nullptr, /*allow_exceptions=*/false);
          if (!row.is_object()) {
            return DataLoss(fmt::format("row {} of release {} is not JSON", position, r.version));
          }
          const auto id = row.find("id");
          const auto status = row.find("status");
          if (id == row.end() || !id->is_string() || status == row.end() ||
              !status->is_string() || !IsPastAssessment(status->get_ref<const std::string&>())) {
            return Status::Ok();
          }
          auto [it, inserted] = out->try_emplace(id->get<std::string>(), on);
          if (!inserted && on < it->second) it->second = on;
          return Status::Ok();
        }));
  }
  std::lock_guard lock(mutex_);
  publications_key_ = std::move(key);
  publications_ = std::move(out);
  return publications_;
}

Result<AssessmentEvidence> ScoreService::EvidenceOf(const StateAssessment& a,
                                                    const storage::View& view, bool with_ids,
                                                    int64_t suppress_below) {
  if (Trim(a.force).empty()) {
    return std::unexpected(InvalidArgument(
        "the assessment names no force, so civharm has no records of its own to give evidence "
        "from; name the belligerent its forces are recorded under",
        "force"));
  }
  CIVHARM_ASSIGN_OR_RETURN(const auto published, Publications());
  storage::Query query;
  query.date_from = a.period.from;
  query.date_to = a.period.to;
  query.belligerent = a.force;
  CIVHARM_ASSIGN_OR_RETURN(
      std::vector<EvidenceItem> items,
      analytics_.Evidence(
          view, query,
          [&](std::string_view id) -> std::optional<Date> {
            const auto it = published->find(std::string(id));
            return it == published->end() ? std::nullopt : std::optional(it->second);
          },
          with_ids));
  AssessmentEvidence out{.force = a.force,
                         .period = a.period,
                         .allegations = items.empty() ? 0 : items.front().of,
                         .suppress_below = suppress_below,
                         .items = std::move(items)};
  return out;
}

Result<AssessmentEvidence> ScoreService::Evidence(const Actor& actor, const Id& id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(const Loaded l, Load(id));
  return EvidenceOf(l.assessment, ViewFor(actor), Allows(actor, Action::kReadIncidents), 0);
}

Result<ScorecardDocument> ScoreService::ScorecardReport(const Actor& actor, const Id& id,
                                                        const std::string& language) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadScores));
  CIVHARM_ASSIGN_OR_RETURN(const Loaded l, Load(id));
  std::optional<AssessmentEvidence> evidence;
  if (!Trim(l.assessment.force).empty()) {
    CIVHARM_ASSIGN_OR_RETURN(
        evidence,
        EvidenceOf(l.assessment, ViewFor(actor), Allows(actor, Action::kReadIncidents), 0));
  }
  return DocumentOf(l, evidence, /*is_public=*/false, language);
}

Result<ScorecardDocument> ScoreService::DocumentOf(const Loaded& l,
                                                   const std::optional<AssessmentEvidence>& evidence,
                                                   bool is_public, const std::string& language) {
  CIVHARM_ASSIGN_OR_RETURN(const Scorecard card, civharm::ScoreOf(l.assessment, l.framework));
  const std::vector<RoadmapStep> roadmap = RoadmapOf(l.assessment, l.framework);
  return BuildScorecard({.framework = l.framework,
                         .assessment = l.assessment,
                         .card = card,
                         .roadmap = roadmap,
                         .evidence = evidence ? &*evidence : nullptr,
                         .is_public = is_public,
                         .language = language});
}

// ---- for everyone ----------------------------------------------------------------------------

Result<std::vector<StateAssessment>> ScoreService::PublicList(
    const storage::StateAssessmentQuery& query) {
  if (query.status && *query.status != ScoreStatus::kPublished) {
    return std::vector<StateAssessment>();
  }
  storage::StateAssessmentQuery published = query;
  published.status = ScoreStatus::kPublished;
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(std::vector<StateAssessment> out,
                           tx->ListStateAssessments(published));
  return out;
}

Result<ScoreService::Loaded> ScoreService::LoadPublished(const Id& id) {
  auto l = Load(id);
  if (!l || l->assessment.status != ScoreStatus::kPublished) {
    if (!l && l.error().code() != ErrorCode::kNotFound) return std::unexpected(l.error());
    return std::unexpected(Status(
        ErrorCode::kNotFound, fmt::format("there is no published state assessment {}", id), "id"));
  }
  return l;
}

Result<AssessmentEvidence> ScoreService::PublicEvidenceOf(const StateAssessment& a) {
  // The threshold of the rules the public sees releases under: the latest approved release's,
  // or the built-in rules' before the first release.
  int64_t k = DefaultReleaseRules().suppression_threshold;
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
    CIVHARM_ASSIGN_OR_RETURN(auto approved, tx->ListReleases(ReleaseStatus::kApproved));
    if (!approved.empty()) k = approved.front().rules.suppression_threshold;
  }
  return EvidenceOf(a, ReleaseView(), /*with_ids=*/false, k);
}

Result<StateAssessment> ScoreService::PublicGet(const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(Loaded l, LoadPublished(id));
  return std::move(l.assessment);
}

Result<AssessmentEvidence> ScoreService::PublicEvidence(const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(const Loaded l, LoadPublished(id));
  return PublicEvidenceOf(l.assessment);
}

Result<ScorecardDocument> ScoreService::PublicScorecardReport(const Id& id,
                                                              const std::string& language) {
  CIVHARM_ASSIGN_OR_RETURN(const Loaded l, LoadPublished(id));
  std::optional<AssessmentEvidence> evidence;
  if (!Trim(l.assessment.force).empty()) {
    CIVHARM_ASSIGN_OR_RETURN(evidence, PublicEvidenceOf(l.assessment));
  }
  return DocumentOf(l, evidence, /*is_public=*/true, language);
}

// ---- JSON ------------------------------------------------------------------------------------

json AssessmentJson(const StateAssessment& a, const Scorecard& card) {
  json j = ToJson(a);
  j["scorecard"] = ToJson(card);
  return j;
}

json PublicAssessmentJson(const StateAssessment& a, const Scorecard& card) {
  json j = AssessmentJson(a, card);
  for (const char* key : {"assessor", "reviewer", "review_note", "created_at", "updated_at"}) {
    j.erase(key);
  }
  RemoveRecordIds(j["indicators"]);
  for (json& c : j["scorecard"]["categories"]) RemoveRecordIds(c["indicators"]);
  return j;
}

json EvidenceJson(const AssessmentEvidence& e, std::optional<analytics::EvidenceMetric> ids_of,
                  std::string_view records_path) {
  const EvidenceShown shown(e.suppress_below);
  const auto count = [&](int64_t n) { return shown.Hides(n) ? json(shown.Text(n)) : json(n); };
  json metrics = json::array();
  for (const EvidenceItem& item : e.items) {
    json m = {{"metric", EnumName(item.metric)},
              {"description", analytics::MetricDescription(item.metric)},
              {"indicators", std::vector<std::string>(
                                 analytics::IndicatorsInformed(item.metric).begin(),
                                 analytics::IndicatorsInformed(item.metric).end())},
              {"kind", analytics::IsShare(item.metric) ? "share" : "median_days"},
              {"with", count(item.with)},
              {"of", count(item.of)}};
    if (analytics::IsShare(item.metric)) {
      if (item.of > 0 && !shown.Withholds(item)) {
        m["share"] = static_cast<double>(item.with) / static_cast<double>(item.of);
      }
    } else if (item.median_days && !shown.Withholds(item)) {
      m["median_days"] = *item.median_days;
    }
    if (!item.ids_with.empty() || !item.ids_without.empty()) {
      if (!records_path.empty()) {
        m["records"] = fmt::format("{}?ids={}", records_path, EnumName(item.metric));
      }
      if (ids_of == item.metric) {
        m["ids_with"] = item.ids_with;
        m["ids_without"] = item.ids_without;
      }
    }
    metrics.push_back(std::move(m));
  }
  json j = {{"force", e.force},
            {"period", {{"from", e.period.from.ToString()}, {"to", e.period.to.ToString()}}},
            {"allegations", count(e.allegations)},
            {"metrics", std::move(metrics)}};
  if (e.suppress_below > 0) j["suppression_threshold"] = e.suppress_below;
  return j;
}

json ComparisonJson(const Comparison& c) {
  json assessments = json::array();
  for (const StateAssessment& a : c.assessments) {
    assessments.push_back({{"id", a.id},
                           {"state", a.state},
                           {"period", {{"from", a.period.from.ToString()},
                                       {"to", a.period.to.ToString()}}},
                           {"edition", a.edition},
                           {"status", EnumName(a.status)}});
  }
  json rows = json::array();
  for (const ComparisonRow& r : c.rows) rows.push_back(ToJson(r));
  return {{"edition", c.edition}, {"assessments", std::move(assessments)}, {"rows", std::move(rows)}};
}

json FrameworkSummaryJson(const Framework& f, bool built_in) {
  size_t indicators = 0;
  for (const Category& c : f.categories) indicators += c.indicators.size();
  return {{"edition", f.edition},
          {"title", f.title},
          {"built_in", built_in},
          {"aggregation", EnumName(f.aggregation)},
          {"categories", f.categories.size()},
          {"indicators", indicators}};
}

}  // namespace civharm::service
