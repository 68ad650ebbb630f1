// Assessments of states on a real store: the workflow and its two-person rule, framework editions
// revised without touching earlier assessments, comparisons and roadmaps, and the evidence from
// civharm's own records worked by hand — through the real case lifecycle and a real release.
#include "service/score_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "core/testing/temp_dir.h"
#include "domain/test_fixtures.h"
#include "service/case_service.h"
#include "service/record_service.h"
#include "service/release_service.h"

namespace civharm::service {
namespace {

using analytics::EvidenceMetric;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const Actor kAmina{"amina", {Role::kFrameworkAssessor}, {}};
const Actor kBoris{"boris", {Role::kFrameworkAssessor}, {}};
const Actor kAnalyst{"amira", {Role::kAnalyst}, {}};
const Actor kInvestigator{"ines", {Role::kInvestigator}, {}};
const Actor kResponder{"rami", {Role::kResponseOfficer}, {}};
const Actor kNadia{"nadia", {Role::kPublisher}, {}};
const Actor kOmar{"omar", {Role::kPublisher}, {}};
const Actor kAdmin{"root", {Role::kAdmin}, {}};

constexpr std::string_view kForce = "Utopian Armed Forces";

Date D(const char* text) { return *Date::Parse(text); }

std::string Replaced(std::string text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> IndicatorIds(const Framework& fw) {
  std::vector<std::string> ids;
  for (const Category& c : fw.categories) {
    for (const Indicator& i : c.indicators) ids.push_back(i.id);
  }
  return ids;
}

// What an assessor writes: every indicator of `fw` at `level`, or only the first `only` of them.
StateAssessment Content(const std::string& state, const Framework& fw, Level level,
                        size_t only = SIZE_MAX) {
  StateAssessment a;
  a.state = state;
  a.force = std::string(kForce);
  a.period = {.from = D("2024-01-01"), .to = D("2024-12-31")};
  const auto ids = IndicatorIds(fw);
  for (size_t i = 0; i < ids.size() && i < only; ++i) {
    a.indicators.push_back({.indicator_id = ids[i], .level = level, .rationale = "seen " + ids[i]});
  }
  return a;
}

class ScoreServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore({.location = dir_.File("s.db"),
                                 .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                 .value();
    analytics_ = std::make_unique<AnalyticsService>(*store_);
    scores_ = std::make_unique<ScoreService>(*store_, *analytics_);
    cases_ = std::make_unique<CaseService>(*store_);
  }

  // A published assessment of `state` with every indicator at `level`.
  StateAssessment Published(const std::string& state, Level level) {
    auto a = scores_->Create(kAmina, Content(state, DefaultFramework(), level));
    EXPECT_TRUE(a) << a.error().ToString();
    a = scores_->Submit(kAmina, a->id, a->version);
    EXPECT_TRUE(a) << a.error().ToString();
    a = scores_->Publish(kBoris, a->id, a->version, "checked");
    EXPECT_TRUE(a) << a.error().ToString();
    return *a;
  }

  // An allegation against `force`: a report received on `received` of an event on that day,
  // alone in a new incident. Returns the report (its incident_id set).
  Report Allegation(Date received, std::string_view force = kForce,
                    SourceType source = SourceType::kOwnForceLog) {
    Report r = civharm::testing::SampleReport();
    r.source_record_id = "r-" + std::to_string(++serial_);
    r.received_at = Timestamp::Parse(received.ToString()).value();
    r.facts.date = {.start = received, .end = received, .precision = DatePrecision::kDay};
    r.facts.belligerents = {{.name = std::string(force)}};
    r.source_type = source;
    r.incident_id.reset();
    RecordService records(*store_);
    auto created = records.Create(kAdmin, AnyRecord(r));
    EXPECT_TRUE(created) << created.error().ToString();
    return std::get<Report>(*created);
  }

  // An incident naming the force, restricted to the need-to-know group j2.
  Incident Restricted(Date on) {
    Incident i = civharm::testing::SampleIncident();
    i.facts.date = {.start = on, .end = on, .precision = DatePrecision::kDay};
    i.facts.belligerents = {{.name = std::string(kForce)}};
    i.meta.restricted_to = {"j2"};
    RecordService records(*store_);
    auto created = records.Create(kAdmin, AnyRecord(i));
    EXPECT_TRUE(created) << created.error().ToString();
    return std::get<Incident>(*created);
  }

  void Step(const Actor& actor, const Id& incident, StepRequest request) {
    auto done = cases_->Step(actor, incident, std::move(request));
    ASSERT_TRUE(done) << done.error().ToString();
  }

  void Assess(const Report& report, Finding finding, Date on) {
    const Id& incident = *report.incident_id;
    Step(kInvestigator, incident, {.step = CaseStep::kStartAssessment, .on = on});
    Assessment a;
    a.reports_considered = {report.meta.id};
    a.finding = finding;
    if (finding == Finding::kCredible) {
      a.civilians_killed = {.min = 1, .max = 2};
    } else {
      a.reasoning = "no activity of ours there";
      a.not_credible_reason = NotCredibleReason::kNoOwnForceActivity;
    }
    Step(kInvestigator, incident, {.step = CaseStep::kRecordFinding, .on = on, .assessment = a});
  }

  const EvidenceItem& Item(const AssessmentEvidence& e, EvidenceMetric m) {
    return e.items.at(static_cast<size_t>(m));
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<AnalyticsService> analytics_;
  std::unique_ptr<ScoreService> scores_;
  std::unique_ptr<CaseService> cases_;
  int serial_ = 0;
};

TEST_F(ScoreServiceTest, AnAssessmentIsWrittenReviewedBySomeoneElseAndPublished) {
  const Framework fw = DefaultFramework();
  auto a = scores_->Create(kAmina, Content("Utopia", fw, Level::kEngaged, 5));
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->status, ScoreStatus::kDraft);
  EXPECT_EQ(a->assessor, "amina");
  EXPECT_EQ(a->edition, fw.edition);
  EXPECT_EQ(a->version, 1);

  // A draft may leave indicators unscored; what goes to review may not.
  auto early = scores_->Submit(kAmina, a->id, a->version);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(early.error().ToString(), HasSubstr("not scored: 2.2, 2.3"));

  a = scores_->Edit(kAmina, a->id, a->version, Content("Utopia", fw, Level::kEngaged));
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->version, 2);
  EXPECT_EQ(a->indicators.size(), IndicatorIds(fw).size());
  // A stale version is refused.
  auto stale = scores_->Edit(kAmina, a->id, 1, Content("Utopia", fw, Level::kLeader));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);

  a = scores_->Submit(kAmina, a->id, a->version);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->status, ScoreStatus::kUnderReview);
  // Under review, it is not edited.
  auto edit = scores_->Edit(kAmina, a->id, a->version, Content("Utopia", fw, Level::kLeader));
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code(), ErrorCode::kConflict);

  // The assessor may not review their own work; a return says why.
  auto own = scores_->Publish(kAmina, a->id, a->version, "");
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code(), ErrorCode::kPermissionDenied);
  auto silent = scores_->Return(kBoris, a->id, a->version, "  ");
  ASSERT_FALSE(silent);
  EXPECT_EQ(silent.error().field(), "note");
  a = scores_->Return(kBoris, a->id, a->version, "cite the budget for 1.4");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->status, ScoreStatus::kDraft);
  EXPECT_EQ(a->review_note, "cite the budget for 1.4");

  a = scores_->Submit(kAmina, a->id, a->version);
  ASSERT_TRUE(a);
  a = scores_->Publish(kBoris, a->id, a->version, "checked");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->status, ScoreStatus::kPublished);
  EXPECT_EQ(a->reviewer, "boris");
  EXPECT_TRUE(a->published_at.has_value());
  // Published is final.
  for (const auto& attempt :
       {scores_->Edit(kAmina, a->id, a->version, Content("Utopia", fw, Level::kLeader)),
        scores_->Return(kBoris, a->id, a->version, "again")}) {
    ASSERT_FALSE(attempt);
    EXPECT_EQ(attempt.error().code(), ErrorCode::kConflict);
  }
  // Everything is in the audit log, and it verifies.
  auto verified = store_->VerifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok()) << verified->problem;
}

TEST_F(ScoreServiceTest, RolesDecideWhoReadsWritesAndReviews) {
  auto a = scores_->Create(kAmina, Content("Utopia", DefaultFramework(), Level::kEngaged));
  ASSERT_TRUE(a);
  // An analyst reads; only framework assessors and admins write and review.
  EXPECT_TRUE(scores_->Get(kAnalyst, a->id));
  EXPECT_TRUE(scores_->List(kAnalyst, {}));
  auto write = scores_->Create(kAnalyst, Content("Erewhon", DefaultFramework(), Level::kEngaged));
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code(), ErrorCode::kPermissionDenied);
  auto read = scores_->Get(kInvestigator, a->id);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), ErrorCode::kPermissionDenied);
  a = scores_->Submit(kAmina, a->id, a->version);
  ASSERT_TRUE(a);
  auto review = scores_->Publish(kAnalyst, a->id, a->version, "");
  ASSERT_FALSE(review);
  EXPECT_EQ(review.error().code(), ErrorCode::kPermissionDenied);
  // The public sees published assessments only.
  EXPECT_TRUE(scores_->PublicList({}).value().empty());
  auto hidden = scores_->PublicGet(a->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(scores_->Publish(kAdmin, a->id, a->version, ""));
  EXPECT_EQ(scores_->PublicList({}).value().size(), 1u);
}

TEST_F(ScoreServiceTest, ANewEditionLeavesEarlierAssessmentsAsTheyWere) {
  const StateAssessment before = Published("Utopia", Level::kEngaged);
  // A revision: a new name, indicator 1.4 dropped and 2.5 added.
  std::string text(DefaultFrameworkText());
  text = Replaced(text, "edition: cpm-2025-04", "edition: cpm-2027-01");
  text = Replaced(text, "      - {id: \"1.4\", name: Budget and resources, source: cpm}\n", "");
  text = Replaced(
      text, "      - {id: \"2.4\", name: Data management, source: cpm}\n",
      "      - {id: \"2.4\", name: Data management, source: cpm}\n"
      "      - {id: \"2.5\", name: Sharing data with partners, source: civharm, description: x}\n");
  auto added = scores_->AddFramework(kAmina, text);
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_EQ(added->edition, "cpm-2027-01");
  auto again = scores_->AddFramework(kAmina, text);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  auto builtin = scores_->AddFramework(kAmina, DefaultFrameworkText());
  ASSERT_FALSE(builtin);
  EXPECT_EQ(builtin.error().code(), ErrorCode::kAlreadyExists);
  auto malformed = scores_->AddFramework(kAmina, "edition: x\ncategories: 3\n");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(scores_->AddFramework(kAnalyst, text));

  const auto editions = scores_->Frameworks(kAnalyst).value();
  ASSERT_EQ(editions.size(), 2u);
  EXPECT_EQ(editions[0].edition, "cpm-2025-04");
  EXPECT_EQ(editions[1].edition, "cpm-2027-01");

  // An assessment under the new edition scores 2.5 and not 1.4.
  StateAssessment content = Content("Utopia", *added, Level::kLeader);
  content.period = {.from = D("2025-01-01"), .to = D("2025-12-31")};
  content.edition = "cpm-2027-01";
  auto after = scores_->Create(kAmina, content);
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_EQ(after->edition, "cpm-2027-01");
  // The earlier one is still read under its own edition, 1.4 included.
  auto card = scores_->Score(kAnalyst, before.id);
  ASSERT_TRUE(card) << card.error().ToString();
  EXPECT_EQ(card->edition, "cpm-2025-04");
  EXPECT_EQ(card->categories[0].indicators.size(), 4u);
  // Compared under the later edition: 1.4 is not compared, 2.5 is newly scored.
  auto changes = scores_->Compare(kAnalyst, before.id, after->id);
  ASSERT_TRUE(changes) << changes.error().ToString();
  bool newly_scored = false;
  for (const LevelChange& c : *changes) {
    EXPECT_NE(c.subject, "1.4");
    if (c.subject == "2.5") newly_scored = c.shift == LevelShift::kNewlyScored;
  }
  EXPECT_TRUE(newly_scored);
  // An unknown edition is named.
  content.edition = "cpm-1999";
  auto unknown = scores_->Create(kAmina, content);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field(), "edition");
}

TEST_F(ScoreServiceTest, ComparisonsAndRoadmapsReadTheStoredAssessments) {
  const StateAssessment utopia = Published("Utopia", Level::kEngaged);
  const StateAssessment erewhon = Published("Erewhon", Level::kLeader);
  auto table = scores_->CompareMany(kAnalyst, {utopia.id, erewhon.id});
  ASSERT_TRUE(table) << table.error().ToString();
  ASSERT_FALSE(table->rows.empty());
  EXPECT_EQ(table->rows.back().subject, "overall");
  EXPECT_THAT(table->rows.back().levels, ElementsAre(Level::kEngaged, Level::kLeader));
  auto one = scores_->CompareMany(kAnalyst, {utopia.id});
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().field(), "ids");

  auto roadmap = scores_->RoadmapFor(kAnalyst, utopia.id);
  ASSERT_TRUE(roadmap);
  ASSERT_FALSE(roadmap->empty());
  EXPECT_EQ(roadmap->front().subject, "1");
  EXPECT_EQ(roadmap->front().current, Level::kEngaged);
  EXPECT_EQ(roadmap->front().next, Level::kEmergingLeader);

  auto report = scores_->ScorecardReport(kAnalyst, utopia.id, "en");
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_THAT(report->document.title, HasSubstr("Utopia"));
}

// Evidence worked by hand. Against the force, in 2024, seen by the assessors:
//   A  reported 03-01 by an NGO, found credible 03-11 (an external source), investigated with a
//      witness interview, acknowledged and offered a payment, consulted
//   B  reported 04-01 in the force's own log, found not credible 04-05
//   C  reported 05-01, not assessed
// Not counted: D (another force), E (2023), F (restricted to the j2 group).
TEST_F(ScoreServiceTest, EvidenceComesFromTheForcesOwnRecords) {
  const Report a = Allegation(D("2024-03-01"), kForce, SourceType::kNgo);
  const Report b = Allegation(D("2024-04-01"));
  const Report c = Allegation(D("2024-05-01"));
  const Report d = Allegation(D("2024-03-01"), "Another Army");
  const Report e = Allegation(D("2023-06-01"));
  const Incident f = Restricted(D("2024-03-01"));
  Assess(a, Finding::kCredible, D("2024-03-11"));
  Assess(b, Finding::kNotCredible, D("2024-04-05"));
  Assess(d, Finding::kCredible, D("2024-03-05"));
  const Id& incident = *a.incident_id;
  Investigation inv{.authority = "J3"};
  inv.inquiries = {{.kind = InquiryKind::kWitnessInterview,
                    .outcome = InquiryOutcome::kDone,
                    .on = D("2024-03-20")}};
  Step(kInvestigator, incident,
       {.step = CaseStep::kOpenInvestigation, .on = D("2024-03-15"), .investigation = inv});
  Response ack{.kind = ResponseKind::kAcknowledgment};
  ack.meta.incident_id = incident;
  ack.history = {{.status = ResponseStatus::kProposed, .on = D("2024-03-24")},
                 {.status = ResponseStatus::kOffered, .on = D("2024-03-25")}};
  ASSERT_TRUE(cases_->AddResponse(kResponder, ack));
  Response pay{.kind = ResponseKind::kCondolencePayment,
               .amount = Money{.thousandths = 500'000, .currency = "USD"},
               .recipient = "the family"};
  pay.meta.incident_id = incident;
  pay.history = {{.status = ResponseStatus::kProposed, .on = D("2024-03-24")},
                 {.status = ResponseStatus::kOffered, .on = D("2024-03-26")}};
  ASSERT_TRUE(cases_->AddResponse(kResponder, pay));
  Consultation talk{.held_on = D("2024-03-22"), .language = "ar", .met_by = "cell"};
  talk.meta.incident_id = incident;
  ASSERT_TRUE(cases_->AddConsultation(kResponder, talk));

  const StateAssessment s = Published("Utopia", Level::kEngaged);
  auto ev = scores_->Evidence(kAmina, s.id);
  ASSERT_TRUE(ev) << ev.error().ToString();
  EXPECT_EQ(ev->force, kForce);
  EXPECT_EQ(ev->allegations, 3);
  const auto& assessed = Item(*ev, EvidenceMetric::kAssessed);
  EXPECT_EQ(assessed.with, 2);
  EXPECT_EQ(assessed.of, 3);
  EXPECT_THAT(assessed.ids_with, UnorderedElementsAre(*a.incident_id, *b.incident_id));
  EXPECT_THAT(assessed.ids_without, ElementsAre(*c.incident_id));
  // Days to assessment: 10 (A) and 4 (B); the lower median is 4.
  EXPECT_EQ(Item(*ev, EvidenceMetric::kDaysToAssessment).median_days, 4);
  EXPECT_EQ(Item(*ev, EvidenceMetric::kExternalSources).with, 1);
  EXPECT_EQ(Item(*ev, EvidenceMetric::kExternalSources).of, 2);
  for (EvidenceMetric m : {EvidenceMetric::kInvestigated, EvidenceMetric::kInquired,
                           EvidenceMetric::kAcknowledged, EvidenceMetric::kAmendsOffered,
                           EvidenceMetric::kConsulted}) {
    EXPECT_EQ(Item(*ev, m).with, 1) << EnumName(m);
    EXPECT_EQ(Item(*ev, m).of, 1) << EnumName(m);
    EXPECT_THAT(Item(*ev, m).ids_with, ElementsAre(incident)) << EnumName(m);
  }
  EXPECT_EQ(Item(*ev, EvidenceMetric::kAmendsPaid).with, 0);
  EXPECT_EQ(Item(*ev, EvidenceMetric::kFindingsPublished).with, 0);

  // Need-to-know: the admin also sees F.
  auto admin = scores_->Evidence(kAdmin, s.id);
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->allegations, 4);
  EXPECT_EQ(Item(*admin, EvidenceMetric::kAssessed).with, 2);
  EXPECT_THAT(Item(*admin, EvidenceMetric::kAssessed).ids_without,
              UnorderedElementsAre(*c.incident_id, f.meta.id));

  // A release approved today publishes both findings.
  ReleaseService releases(*store_);
  auto requested = releases.Request(kNadia, {.note = "2024"});
  ASSERT_TRUE(requested) << requested.error().ToString();
  ASSERT_TRUE(releases.Approve(kOmar, requested->id, "ok"));
  ev = scores_->Evidence(kAmina, s.id);
  ASSERT_TRUE(ev);
  const auto& published = Item(*ev, EvidenceMetric::kFindingsPublished);
  EXPECT_EQ(published.with, 2);
  EXPECT_EQ(published.of, 2);
  const int64_t today = Timestamp::Now().date().days();
  // 03-11 → today and 04-05 → today: the lower median is the shorter wait.
  EXPECT_EQ(Item(*ev, EvidenceMetric::kDaysToPublication).median_days,
            today - D("2024-04-05").days());

  // The public sees counts only, those from 1 to 4 as "<5".
  auto open = scores_->PublicEvidence(s.id);
  ASSERT_TRUE(open) << open.error().ToString();
  EXPECT_EQ(open->suppress_below, 5);
  const json j = EvidenceJson(*open);
  EXPECT_EQ(j["allegations"], "<5");
  for (const json& m : j["metrics"]) {
    EXPECT_FALSE(m.contains("ids_with")) << m.dump();
    EXPECT_FALSE(m.contains("records")) << m.dump();
    EXPECT_FALSE(m.contains("share")) << m.dump();
  }
  EXPECT_EQ(j.dump().find(incident), std::string::npos);

  // No force named: no evidence, and the reason is given.
  StateAssessment unnamed = Content("Erewhon", DefaultFramework(), Level::kEngaged);
  unnamed.force.clear();
  auto created = scores_->Create(kAmina, unnamed);
  ASSERT_TRUE(created);
  auto none = scores_->Evidence(kAmina, created->id);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field(), "force");
}

TEST_F(ScoreServiceTest, PublicJsonNamesNoPeopleAndNoRecordIds) {
  const Report a = Allegation(D("2024-03-01"));
  StateAssessment content = Content("Utopia", DefaultFramework(), Level::kEngaged);
  content.indicators[4].evidence = {{.kind = EvidenceKind::kRecord,
                                     .title = "The strike on the market",
                                     .record_kind = EvidenceRecordKind::kIncident,
                                     .record_id = *a.incident_id}};
  auto s = scores_->Create(kAmina, content);
  ASSERT_TRUE(s) << s.error().ToString();
  s = scores_->Submit(kAmina, s->id, s->version);
  ASSERT_TRUE(s);
  s = scores_->Publish(kBoris, s->id, s->version, "internal note MARKER-NOTE");
  ASSERT_TRUE(s);
  const Scorecard card = scores_->ScoreOf(*s).value();
  const std::string open = PublicAssessmentJson(*s, card).dump();
  for (const std::string& hidden : {*a.incident_id, std::string("amina"), std::string("boris"),
                                    std::string("MARKER-NOTE")}) {
    EXPECT_EQ(open.find(hidden), std::string::npos) << hidden;
  }
  EXPECT_THAT(open, HasSubstr("The strike on the market"));
  const std::string internal = AssessmentJson(*s, card).dump();
  EXPECT_THAT(internal, HasSubstr(*a.incident_id));
  EXPECT_THAT(internal, HasSubstr("boris"));

  // Evidence citing a record that does not exist is refused with its field.
  StateAssessment bad = Content("Erewhon", DefaultFramework(), Level::kEngaged);
  bad.indicators[0].evidence = {{.kind = EvidenceKind::kRecord,
                                 .title = "nothing",
                                 .record_kind = EvidenceRecordKind::kIncident,
                                 .record_id = NewId()}};
  auto refused = scores_->Create(kAmina, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(refused.error().field(), "indicators[0].evidence[0].record_id");
}

}  // namespace
}  // namespace civharm::service
