// The case lifecycle on a real store: every step allowed and refused, by status and by role;
// deadlines and the overdue and backlog views; amends totals; the review queue; and what a
// source is told about its report.
#include "service/case_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "domain/test_fixtures.h"
#include "service/answers.h"
#include "service/record_service.h"

namespace civharm::service {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using S = AssessmentStatus;

const Actor kAnalyst{"amira", {Role::kAnalyst}, {}};
const Actor kInvestigator{"ines", {Role::kInvestigator}, {}};
const Actor kResponder{"rami", {Role::kResponseOfficer}, {}};
const Actor kPublisher{"pia", {Role::kPublisher}, {}};
const Actor kNgo{"ngo-watch", {Role::kExternalReporter}, {}};

Date D(const char* text) {
  return *Date::Parse(text);
}

Assessment Finding(Finding finding, const Id& report) {
  Assessment a;
  a.reports_considered = {report};
  a.finding = finding;
  if (finding == Finding::kCredible) {
    a.civilians_killed = {.min = 2, .max = 3};
  } else {
    a.reasoning = "no strike of ours within 20 km that day";
  }
  if (finding == Finding::kNotCredible)
    a.not_credible_reason = NotCredibleReason::kNoOwnForceActivity;
  return a;
}

Investigation Completed() {
  Investigation inv;
  inv.inquiries = {{.kind = InquiryKind::kWitnessInterview, .outcome = InquiryOutcome::kDone},
                   {.kind = InquiryKind::kSiteVisit,
                    .outcome = InquiryOutcome::kNotPossible,
                    .reason = "the area was under fire"}};
  inv.findings = "the building was misidentified as a command post";
  inv.causes = {{.kind = CauseKind::kTargetMisidentification}};
  return inv;
}

Response Payment(const char* amount, const char* currency) {
  Response r;
  r.kind = ResponseKind::kExGratiaPayment;
  r.amount = Money{.thousandths = *Money::ParseAmount(amount), .currency = currency};
  r.recipient = "the family of the deceased";
  r.history = {{.status = ResponseStatus::kProposed, .on = D("2024-03-05")}};
  return r;
}

class CaseServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore({.location = dir_.File("c.db"),
                                 .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                 .value();
    cases_ = std::make_unique<CaseService>(*store_, Deadlines{});
  }

  // A report received on `received`, alone in a new unassessed incident.
  Report NewReport(Date received, const Actor& by = kAnalyst) {
    Report r = civharm::testing::SampleReport();
    r.source_record_id = "r-" + std::to_string(++serial_);
    r.received_at = Timestamp::Parse(received.ToString()).value();
    r.incident_id.reset();
    RecordService records(*store_);
    return std::get<Report>(records.Create(by, AnyRecord(r)).value());
  }

  Result<CaseFile> Take(const Actor& actor, const Id& incident, CaseStep step,
                        std::optional<Date> on = std::nullopt) {
    return cases_->Step(actor, incident, {.step = step, .on = on});
  }

  // Walks the incident of `report` to a finding.
  void Assess(const Report& report, civharm::Finding finding, Date on) {
    const Id& incident = *report.incident_id;
    ASSERT_TRUE(Take(kInvestigator, incident, CaseStep::kStartAssessment, on));
    auto f = cases_->Step(kInvestigator, incident,
                          {.step = CaseStep::kRecordFinding,
                           .on = on,
                           .assessment = Finding(finding, report.meta.id)});
    ASSERT_TRUE(f) << f.error().ToString();
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<CaseService> cases_;
  int serial_ = 0;
};

TEST(LifecycleTest, EveryStepStartsOnlyFromItsStatuses) {
  for (const StepRule& rule : StepRules()) {
    for (const auto& [status, name] : EnumTraits<S>::kNames) {
      const bool allowed = std::find(rule.from.begin(), rule.from.end(), status) != rule.from.end();
      const auto next = NextStatus(status, rule.step, civharm::Finding::kCredible);
      EXPECT_EQ(next.has_value(), allowed) << EnumName(rule.step) << " from " << name;
      if (!allowed) {
        EXPECT_EQ(next.error().code(), ErrorCode::kConflict);
      }
    }
  }
  EXPECT_EQ(NextStatus(S::kAssessing, CaseStep::kRecordFinding, civharm::Finding::kDuplicate),
            S::kDuplicate);
  EXPECT_EQ(NextStatus(S::kClosed, CaseStep::kReopen), S::kReopened);
  EXPECT_EQ(NextStatus(S::kReopened, CaseStep::kStartAssessment), S::kAssessing);
  EXPECT_EQ(NextStatus(S::kCredible, CaseStep::kStartResponse), S::kResponding);
}

TEST(LifecycleTest, RolesMayTakeOnlyTheirSteps) {
  EXPECT_THAT(AllowedSteps(kInvestigator, S::kUnassessed), ElementsAre(CaseStep::kStartAssessment));
  EXPECT_THAT(AllowedSteps(kResponder, S::kUnassessed), ElementsAre());
  EXPECT_THAT(AllowedSteps(kInvestigator, S::kCredible), ElementsAre(CaseStep::kOpenInvestigation));
  EXPECT_THAT(AllowedSteps(kResponder, S::kCredible), ElementsAre(CaseStep::kStartResponse));
  EXPECT_THAT(AllowedSteps(kAnalyst, S::kClosed), ElementsAre());
  EXPECT_THAT(AllowedSteps(Actor::System(), S::kClosed), ElementsAre(CaseStep::kReopen));
}

TEST(LifecycleTest, DeadlinesCountFromTheStageStart) {
  const DeadlineState d = DeadlineOf(Stage::kAssessment, D("2024-01-01"), D("2024-02-15"),
                                     Deadlines{.assessment_days = 30});
  EXPECT_EQ(d.due, D("2024-01-31"));
  EXPECT_EQ(d.age_days, 45);
  EXPECT_EQ(d.overdue_days, 15);
  EXPECT_EQ(DeadlineOf(Stage::kAssessment, D("2024-01-01"), D("2024-01-31"), {}).overdue_days, 0);
  EXPECT_FALSE((Deadlines{.assessment_days = 0}).Check().ok());
  EXPECT_FALSE(StageOf(S::kNotCredible));
  EXPECT_EQ(StageOf(S::kInvestigated), Stage::kResponse);
}

TEST_F(CaseServiceTest, AFullCaseRunsFromAllegationToClosure) {
  const Report r = NewReport(D("2024-01-02"));
  const Id& incident = *r.incident_id;
  Assess(r, civharm::Finding::kCredible, D("2024-01-20"));
  ASSERT_TRUE(cases_->Step(kInvestigator, incident,
                           {.step = CaseStep::kOpenInvestigation,
                            .on = D("2024-01-25"),
                            .investigation = Investigation{.authority = "J3 cell"}}));
  // Completing needs findings, causes, and a witness interview and a site visit recorded.
  auto early = Take(kInvestigator, incident, CaseStep::kCompleteInvestigation, D("2024-02-01"));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(early.error().field(), "investigation.findings");
  EXPECT_EQ(early.error().details().size(), 4u);  // findings, causes, interviews, site visit
  auto done = cases_->Step(kInvestigator, incident,
                           {.step = CaseStep::kCompleteInvestigation,
                            .on = D("2024-03-01"),
                            .investigation = Completed()});
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->investigations.back().completed_on, D("2024-03-01"));
  ASSERT_TRUE(Take(kResponder, incident, CaseStep::kStartResponse, D("2024-03-02")));

  // Closing needs a response, and every response resolved.
  auto none = Take(kResponder, incident, CaseStep::kClose);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kConflict);
  Response pay = Payment("1500", "USD");
  pay.meta.incident_id = incident;
  auto added = cases_->AddResponse(kResponder, pay);
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_EQ(added->status(), ResponseStatus::kProposed);
  EXPECT_EQ(added->history.front().by, "rami");
  Response undated = Payment("1", "USD");
  undated.meta.incident_id = incident;
  undated.history.clear();
  const Response today = cases_->AddResponse(kResponder, undated).value();
  EXPECT_EQ(today.history.front().on, Timestamp::Now().date());
  ASSERT_TRUE(cases_->ChangeResponseStatus(kResponder, today.meta.id,
                                           {.status = ResponseStatus::kWithdrawn,
                                            .on = Timestamp::Now().date(),
                                            .note = "entered twice"},
                                           today.meta.version));
  auto pending = Take(kResponder, incident, CaseStep::kClose);
  ASSERT_FALSE(pending);
  EXPECT_THAT(pending.error().message(), HasSubstr("still proposed"));
  // Statuses move forward only.
  auto skipped = cases_->ChangeResponseStatus(
      kResponder, added->meta.id, {.status = ResponseStatus::kAccepted, .on = D("2024-03-03")},
      added->meta.version);
  ASSERT_FALSE(skipped);
  EXPECT_EQ(skipped.error().code(), ErrorCode::kConflict);
  Response cur = *added;
  for (ResponseStatus s :
       {ResponseStatus::kOffered, ResponseStatus::kAccepted, ResponseStatus::kPaid}) {
    auto next = cases_->ChangeResponseStatus(
        kResponder, cur.meta.id, {.status = s, .on = D("2024-03-10")}, cur.meta.version);
    ASSERT_TRUE(next) << next.error().ToString();
    cur = *next;
  }
  auto closed = Take(kResponder, incident, CaseStep::kClose, D("2024-03-11"));
  ASSERT_TRUE(closed) << closed.error().ToString();
  EXPECT_EQ(closed->incident.status, S::kClosed);
  EXPECT_FALSE(closed->deadline);
  std::vector<S> path;
  for (const Transition& t : closed->transitions) path.push_back(t.to);
  EXPECT_THAT(path, ElementsAre(S::kAssessing, S::kCredible, S::kInvestigating, S::kInvestigated,
                                S::kResponding, S::kClosed));
  EXPECT_EQ(closed->transitions[1].record, closed->assessments.front().meta.id);
  EXPECT_EQ(closed->transitions.front().meta.created_by, "ines");

  // Everything was audited, and the history verifies.
  const auto v = store_->VerifyAudit();
  ASSERT_TRUE(v && v->ok()) << (v ? v->problem : v.error().ToString());
  // 6 transitions, the assessment, the investigation, two payments.
  EXPECT_EQ(v->case_records, 6 + 1 + 1 + 2);

  // Reopened when new information arrives, then assessed again.
  auto noteless = Take(kInvestigator, incident, CaseStep::kReopen);
  ASSERT_FALSE(noteless);
  EXPECT_EQ(noteless.error().field(), "note");
  ASSERT_TRUE(cases_->Step(kInvestigator, incident,
                           {.step = CaseStep::kReopen, .note = "a second family came forward"}));
  ASSERT_TRUE(Take(kInvestigator, incident, CaseStep::kStartAssessment));
}

TEST_F(CaseServiceTest, StepsAreRefusedByRoleAndStatusChangingNothing) {
  const Report r = NewReport(D("2024-01-02"));
  const Id& incident = *r.incident_id;
  for (const Actor& actor : {kAnalyst, kResponder, kPublisher, kNgo}) {
    auto refused = Take(actor, incident, CaseStep::kStartAssessment);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied) << actor.name;
  }
  auto wrong = Take(Actor::System(), incident, CaseStep::kClose);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kConflict);
  EXPECT_THAT(wrong.error().message(), HasSubstr("close starts from responding"));
  auto stale = cases_->Step(kInvestigator, incident,
                            {.step = CaseStep::kStartAssessment, .expected_status = S::kAssessing});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  auto future =
      Take(kInvestigator, incident, CaseStep::kStartAssessment, Timestamp::Now().date().AddDays(2));
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().field(), "on");
  auto before = Take(kInvestigator, incident, CaseStep::kStartAssessment, D("2023-12-31"));
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().field(), "on");
  // A not-credible finding without its reason is refused with the field.
  ASSERT_TRUE(Take(kInvestigator, incident, CaseStep::kStartAssessment));
  Assessment a = Finding(civharm::Finding::kNotCredible, r.meta.id);
  a.not_credible_reason.reset();
  auto no_reason =
      cases_->Step(kInvestigator, incident, {.step = CaseStep::kRecordFinding, .assessment = a});
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field(), "not_credible_reason");
  const CaseFile file = cases_->Get(kAnalyst, incident).value();
  EXPECT_EQ(file.incident.status, S::kAssessing);
  EXPECT_EQ(file.transitions.size(), 1u);
  EXPECT_TRUE(file.assessments.empty());
  EXPECT_TRUE(file.allowed_steps.empty());  // an analyst takes no step
  // An incident's status is not the record editor's to change.
  Incident edited = file.incident;
  edited.status = S::kClosed;
  RecordService records(*store_);
  EXPECT_FALSE(records.Update(kAnalyst, AnyRecord(edited), edited.meta.version));
  // The external reporter may not read case files at all.
  EXPECT_EQ(cases_->Get(kNgo, incident).error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(CaseServiceTest, OverdueAndBacklogCountFromArrivalAndFromTheLastStep) {
  const Report waiting = NewReport(D("2024-01-01"));    // unassessed since Jan 1
  const Report assessing = NewReport(D("2024-03-01"));  // assessment started Mar 5
  ASSERT_TRUE(
      Take(kInvestigator, *assessing.incident_id, CaseStep::kStartAssessment, D("2024-03-05")));
  const Report credible = NewReport(D("2024-01-01"));  // credible since Apr 1: response stage
  Assess(credible, civharm::Finding::kCredible, D("2024-04-01"));
  const Report dismissed = NewReport(D("2024-01-01"));  // closed: no deadline
  Assess(dismissed, civharm::Finding::kNotCredible, D("2024-02-01"));

  const Date today = D("2024-04-15");
  const auto overdue = cases_->Overdue(kAnalyst, today).value();
  ASSERT_EQ(overdue.size(), 2u);
  EXPECT_EQ(overdue[0].incident_id, *waiting.incident_id);
  EXPECT_EQ(overdue[0].deadline.overdue_days, 105 - 30);  // Jan 1 → Apr 15 is 105 days
  EXPECT_EQ(overdue[1].incident_id, *assessing.incident_id);
  EXPECT_EQ(overdue[1].deadline.since, D("2024-03-05"));
  EXPECT_EQ(overdue[1].deadline.overdue_days, 41 - 30);

  const Backlog b = cases_->BacklogOf(kAnalyst, today).value();
  ASSERT_EQ(b.stages.size(), 3u);
  const StageBacklog& assessment = b.stages[0];
  EXPECT_EQ(assessment.count, 2);
  EXPECT_EQ(assessment.overdue, 2);
  EXPECT_EQ(assessment.by_age, (std::array<int64_t, 5>{0, 0, 1, 1, 0}));  // 41 and 105 days
  EXPECT_EQ(assessment.median_age_days, 41);
  EXPECT_EQ(assessment.oldest_age_days, 105);
  EXPECT_EQ(b.stages[2].count, 1);
  EXPECT_EQ(b.stages[2].overdue, 0);
  EXPECT_EQ(b.by_status.at(S::kNotCredible), 1);
  EXPECT_EQ(b.by_status.at(S::kUnassessed), 1);
}

TEST_F(CaseServiceTest, AmendsAreTotalledExactlyByCurrencyAndStatus) {
  const Report r = NewReport(D("2024-01-01"));
  const Id& incident = *r.incident_id;
  Response early = Payment("10", "USD");
  early.meta.incident_id = incident;
  EXPECT_EQ(cases_->AddResponse(kResponder, early).error().code(), ErrorCode::kConflict);
  Assess(r, civharm::Finding::kCredible, D("2024-01-10"));
  std::vector<Response> added;
  for (const auto& [amount, currency] : std::vector<std::pair<const char*, const char*>>{
           {"1500.50", "USD"}, {"0.125", "USD"}, {"2000000", "IQD"}, {"99.99", "USD"}}) {
    Response p = Payment(amount, currency);
    p.meta.incident_id = incident;
    auto saved = cases_->AddResponse(kResponder, p);
    ASSERT_TRUE(saved) << saved.error().ToString();
    added.push_back(*saved);
  }
  // The last USD payment offered, then declined (with the reason).
  auto offered = cases_->ChangeResponseStatus(
      kResponder, added[3].meta.id, {.status = ResponseStatus::kOffered, .on = D("2024-03-06")},
      added[3].meta.version);
  ASSERT_TRUE(offered);
  auto declined = cases_->ChangeResponseStatus(
      kResponder, added[3].meta.id, {.status = ResponseStatus::kDeclined, .on = D("2024-03-07")},
      offered->meta.version);
  ASSERT_FALSE(declined);  // a decline needs the note
  declined = cases_->ChangeResponseStatus(kResponder, added[3].meta.id,
                                          {.status = ResponseStatus::kDeclined,
                                           .on = D("2024-03-07"),
                                           .note = "the family asked for reconstruction instead"},
                                          offered->meta.version);
  ASSERT_TRUE(declined) << declined.error().ToString();

  const auto totals = cases_->AmendsTotals(kResponder, incident).value();
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(totals[0].currency, "IQD");
  EXPECT_EQ(totals[0].status, ResponseStatus::kProposed);
  EXPECT_EQ(totals[0].thousandths, 2'000'000'000);
  EXPECT_EQ(totals[1].currency, "USD");
  EXPECT_EQ(totals[1].status, ResponseStatus::kProposed);
  EXPECT_EQ(totals[1].payments, 2);
  EXPECT_EQ(totals[1].thousandths, 1'500'625);  // 1500.50 + 0.125, not rounded
  EXPECT_EQ((Money{totals[1].thousandths, "USD"}).AmountText(), "1500.625");
  EXPECT_EQ(totals[2].status, ResponseStatus::kDeclined);
  EXPECT_EQ(totals[2].thousandths, 99'990);

  // Recipients are personal data: absent for a role that may not read it.
  const CaseFile seen = cases_->Get(kPublisher, incident).value();
  ASSERT_EQ(seen.responses.size(), 4u);
  EXPECT_EQ(seen.responses[0].recipient, "");
  EXPECT_EQ(cases_->Get(kResponder, incident).value().responses[0].recipient,
            "the family of the deceased");
}

TEST_F(CaseServiceTest, TheReviewQueuePutsCasesWithNewInformationFirst) {
  const Report old_case = NewReport(D("2023-05-01"));
  Assess(old_case, civharm::Finding::kNotCredible, D("2023-06-01"));
  const Report revived = NewReport(D("2023-07-01"));
  Assess(revived, civharm::Finding::kInsufficientInfo, D("2023-08-01"));
  // A new report about the second case arrives after its finding.
  Report more = civharm::testing::SampleReport();
  more.source_record_id = "later";
  more.received_at = Timestamp::Parse("2024-02-01T10:00:00Z").value();
  more.incident_id = revived.incident_id;
  RecordService records(*store_);
  ASSERT_TRUE(records.Create(kAnalyst, AnyRecord(more)));

  const auto queue = cases_->ReviewQueue(kInvestigator).value();
  ASSERT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue[0].incident_id, *revived.incident_id);
  EXPECT_EQ(queue[0].new_reports, 1);
  EXPECT_EQ(queue[0].found_on, D("2023-08-01"));
  EXPECT_EQ(queue[1].incident_id, *old_case.incident_id);
  EXPECT_EQ(queue[1].new_reports, 0);
  EXPECT_EQ(queue[1].reason, NotCredibleReason::kNoOwnForceActivity);
}

TEST_F(CaseServiceTest, LessonsMoveToImplementationOrRejectionWithAReason) {
  const Report r = NewReport(D("2024-01-01"));
  Lesson l{.cause = {.kind = CauseKind::kPatternOfLifeGap},
           .recommendation = "observe for 48 hours before strikes near markets",
           .owner = "J3 targeting cell",
           .due = D("2024-09-01"),
           .history = {{.status = LessonStatus::kProposed, .on = D("2024-04-01")}}};
  l.meta.incident_id = *r.incident_id;
  EXPECT_EQ(cases_->AddLesson(kResponder, l).error().code(), ErrorCode::kPermissionDenied);
  auto saved = cases_->AddLesson(kAnalyst, l);
  ASSERT_TRUE(saved) << saved.error().ToString();
  auto implemented = cases_->ChangeLessonStatus(
      kAnalyst, saved->meta.id, {.status = LessonStatus::kImplemented, .on = D("2024-05-01")},
      saved->meta.version);
  ASSERT_FALSE(implemented);  // not accepted yet
  auto accepted = cases_->ChangeLessonStatus(
      kAnalyst, saved->meta.id, {.status = LessonStatus::kAccepted, .on = D("2024-05-01")},
      saved->meta.version);
  ASSERT_TRUE(accepted);
  auto stale = cases_->ChangeLessonStatus(
      kAnalyst, saved->meta.id, {.status = LessonStatus::kImplemented, .on = D("2024-06-01")},
      saved->meta.version);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  ASSERT_TRUE(cases_->ChangeLessonStatus(
      kAnalyst, saved->meta.id, {.status = LessonStatus::kImplemented, .on = D("2024-06-01")},
      accepted->meta.version));
  EXPECT_EQ(cases_->Lessons(kPublisher, LessonStatus::kImplemented).value().size(), 1u);
  EXPECT_TRUE(cases_->Lessons(kPublisher, LessonStatus::kProposed).value().empty());
}

TEST_F(CaseServiceTest, ASourceIsToldTheStatusAndPublicOutcomeOnly) {
  // An NGO with an account, and a survivor through the public form.
  const Report ngo = NewReport(D("2024-01-01"), kNgo);
  EXPECT_EQ(ngo.reference_code, "VDC/2013/42");  // the source's own code is kept
  RecordService records(*store_);
  Report submitted;
  submitted.facts = civharm::testing::SampleFacts();
  submitted.account = "my brother was killed at the market";
  const auto receipt = records.SubmitPublicReport(Actor::Anonymous(), submitted).value();
  ASSERT_FALSE(receipt.token.empty());

  auto mine = SubmissionOf(*store_, kNgo, ngo.reference_code);
  ASSERT_TRUE(mine) << mine.error().ToString();
  EXPECT_EQ(mine->stage, SourceStage::kReceived);
  EXPECT_FALSE(mine->finding);
  // Another account, or the wrong token, learns nothing — not even that the code exists.
  EXPECT_EQ(SubmissionOf(*store_, kAnalyst, ngo.reference_code).error().code(),
            ErrorCode::kNotFound);
  const auto wrong = StatusByToken(*store_, receipt.reference_code, "not-the-token");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message(), StatusByToken(*store_, "PUB-unknown", "x").error().message());

  Assess(ngo, civharm::Finding::kCredible, D("2024-02-01"));
  ASSERT_TRUE(Take(kResponder, *ngo.incident_id, CaseStep::kStartResponse, D("2024-02-02")));
  Response ack{.kind = ResponseKind::kAcknowledgment,
               .is_public = true,
               .history = {{.status = ResponseStatus::kProposed, .on = D("2024-02-03")}}};
  ack.meta.incident_id = *ngo.incident_id;
  const Response saved = cases_->AddResponse(kResponder, ack).value();
  ASSERT_TRUE(cases_->ChangeResponseStatus(
      kResponder, saved.meta.id, {.status = ResponseStatus::kDelivered, .on = D("2024-02-10")},
      saved.meta.version));
  ASSERT_TRUE(Take(kResponder, *ngo.incident_id, CaseStep::kClose, D("2024-02-11")));
  const auto all = SubmissionsOf(*store_, kNgo).value();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].stage, SourceStage::kClosed);
  EXPECT_EQ(all[0].finding, civharm::Finding::kCredible);
  EXPECT_EQ(all[0].finding_on, D("2024-02-01"));
  EXPECT_TRUE(all[0].acknowledged_publicly);
  EXPECT_EQ(all[0].closed_on, D("2024-02-11"));
  EXPECT_EQ(all[0].updated_on, D("2024-02-11"));
  EXPECT_EQ(all[0].received_on, D("2024-01-01"));

  const auto survivor = StatusByToken(*store_, receipt.reference_code, receipt.token);
  ASSERT_TRUE(survivor) << survivor.error().ToString();
  EXPECT_EQ(survivor->stage, SourceStage::kReceived);
  EXPECT_EQ(SubmissionsOf(*store_, Actor::Anonymous()).value().size(), 0u);
}

TEST_F(CaseServiceTest, TheTimelineListsReportsStepsAndResponsesInOrder) {
  const Report r = NewReport(D("2024-01-01"));
  Assess(r, civharm::Finding::kCredible, D("2024-01-20"));
  const auto timeline = cases_->Timeline(kInvestigator, *r.incident_id).value();
  std::vector<std::string> kinds;
  for (const TimelineEntry& e : timeline) kinds.push_back(e.kind);
  ASSERT_GE(kinds.size(), 4u);
  EXPECT_EQ(kinds.front(), "report");
  EXPECT_TRUE(
      std::is_sorted(timeline.begin(), timeline.end(),
                     [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; }));
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "transition"), 2);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "assessment"), 1);
}

}  // namespace
}  // namespace civharm::service
