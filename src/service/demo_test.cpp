#include "service/demo.h"

#include <algorithm>
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "core/time.h"
#include "service/case_service.h"

namespace civharm::service {
namespace {

TEST(DemoTest, LoadsOnceWithEveryLinkResolved) {
  civharm::testing::TempDir dir;
  auto store = storage::OpenStore({.location = dir.File("demo.db"),
                                   .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                   .value();
  const DemoOptions options{.seed = 3, .events = 60};
  const DemoSummary s = LoadDemo(*store, Actor::System(), options).value();
  const DemoData data = GenerateDemoData(options);
  EXPECT_EQ(s.incidents, data.events.size());
  EXPECT_EQ(s.operations, data.operations.size());
  auto tx = store->BeginRead(storage::View::Everything()).value();
  EXPECT_EQ(tx->Count(EntityKind::kReport, {}).value(), static_cast<int64_t>(s.reports));
  EXPECT_EQ(tx->Count(EntityKind::kVictim, {}).value(), static_cast<int64_t>(s.victims));
  // Every report and victim points at its event's incident.
  int64_t linked = 0;
  ASSERT_TRUE(tx->Scan(EntityKind::kIncident, {}, [&](const AnyRecord& r) {
                  linked += static_cast<int64_t>(std::get<Incident>(r).report_ids.size());
                  return Status::Ok();
                }).ok());
  EXPECT_EQ(linked, static_cast<int64_t>(s.reports));

  auto again = LoadDemo(*store, Actor::System(), options);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_TRUE(store->VerifyAudit().value().ok());
}

// The demo's cases are made through the case service: every status of the lifecycle occurs, every
// step follows the state machine and is dated in order, and the audit log verifies.
TEST(DemoTest, WalksCasesToEveryStatusThroughTheLifecycle) {
  civharm::testing::TempDir dir;
  auto store = storage::OpenStore({.location = dir.File("demo.db"),
                                   .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                   .value();
  const DemoOptions options{.seed = 20240611, .events = 120};
  const auto loaded = LoadDemo(*store, Actor::System(), options);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  const DemoSummary& s = *loaded;
  EXPECT_GT(s.cases, 0u);
  EXPECT_LE(s.cases, s.incidents / 2);  // most incidents stay unassessed

  const Date today = Timestamp::Now().date();
  CaseService cases(*store);
  const Actor admin = Actor::System();
  const Backlog backlog = cases.BacklogOf(admin, today).value();
  int64_t walked = 0;
  for (const auto& [status, name] : EnumTraits<AssessmentStatus>::kNames) {
    EXPECT_GT(backlog.by_status.at(status), 0) << name;
    if (status != AssessmentStatus::kUnassessed) {
      walked += backlog.by_status.at(status);
      const auto it = s.cases_by_status.find(status);
      ASSERT_NE(it, s.cases_by_status.end()) << name;
      EXPECT_EQ(backlog.by_status.at(status), static_cast<int64_t>(it->second)) << name;
    }
  }
  EXPECT_EQ(walked, static_cast<int64_t>(s.cases));

  // Every case record, by incident.
  auto tx = store->BeginRead(storage::View::Everything()).value();
  std::map<Id, Incident> incidents;
  std::map<Id, Date> first_report;
  ASSERT_TRUE(tx->Scan(EntityKind::kIncident, {}, [&](const AnyRecord& r) {
                  const Incident& i = std::get<Incident>(r);
                  incidents[i.meta.id] = i;
                  return Status::Ok();
                }).ok());
  ASSERT_TRUE(tx->Scan(EntityKind::kReport, {}, [&](const AnyRecord& r) {
                  const Report& report = std::get<Report>(r);
                  const Date d = report.received_at->date();
                  auto [it, added] = first_report.emplace(*report.incident_id, d);
                  if (!added) it->second = std::min(it->second, d);
                  return Status::Ok();
                }).ok());
  std::map<Id, std::vector<Transition>> transitions;
  std::map<Id, std::vector<Response>> responses;
  std::vector<Assessment> assessments;
  int64_t investigations = 0, consultations = 0, lessons = 0;
  ASSERT_TRUE(tx->ScanCaseRecords({}, [&](const CaseRecord& r) {
                  const Id& incident = MetaOf(r).incident_id;
                  if (const auto* t = std::get_if<Transition>(&r))
                    transitions[incident].push_back(*t);
                  if (const auto* x = std::get_if<Response>(&r)) responses[incident].push_back(*x);
                  if (const auto* a = std::get_if<Assessment>(&r)) assessments.push_back(*a);
                  investigations += std::holds_alternative<Investigation>(r);
                  consultations += std::holds_alternative<Consultation>(r);
                  lessons += std::holds_alternative<Lesson>(r);
                  EXPECT_EQ(MetaOf(r).created_by, "civharm");
                  return Status::Ok();
                }).ok());
  EXPECT_GT(investigations, 0);
  EXPECT_GT(consultations, 0);
  EXPECT_GT(lessons, 0);
  EXPECT_EQ(static_cast<int64_t>(transitions.size()), walked);

  // Each case's steps chain from unassessed to the incident's status, dated in order between
  // the first report and today.
  for (const auto& [id, steps] : transitions) {
    SCOPED_TRACE(id);
    ASSERT_FALSE(steps.empty());
    AssessmentStatus at = AssessmentStatus::kUnassessed;
    Date last = first_report.at(id);
    for (const Transition& t : steps) {
      EXPECT_EQ(t.from, at);
      if (t.step == CaseStep::kRecordFinding) {
        EXPECT_EQ(t.from, AssessmentStatus::kAssessing);
      } else {
        const auto next = NextStatus(t.from, t.step);
        ASSERT_TRUE(next) << next.error().ToString();
        EXPECT_EQ(*next, t.to);
      }
      EXPECT_GE(t.on, last);
      EXPECT_LE(t.on, today);
      if (t.step == CaseStep::kReopen) {
        EXPECT_FALSE(t.note.empty());
      }
      at = t.to;
      last = t.on;
    }
    EXPECT_EQ(at, incidents.at(id).status);
  }

  // Assessments cite their incident's reports, to the usual standard; credible ones concede
  // harm within what the reports say.
  for (const Assessment& a : assessments) {
    const Incident& i = incidents.at(a.meta.incident_id);
    ASSERT_FALSE(a.reports_considered.empty());
    for (const Id& r : a.reports_considered) {
      EXPECT_NE(std::find(i.report_ids.begin(), i.report_ids.end(), r), i.report_ids.end());
    }
    EXPECT_EQ(a.standard, EvidenceStandard::kMoreLikelyThanNot);
    if (a.finding == Finding::kCredible) {
      EXPECT_EQ(a.operations_considered, i.operation_ids);
      const CountRange& killed = i.facts.casualties.civilian.killed;
      if (a.civilians_killed.min && killed.min) {
        EXPECT_GE(*a.civilians_killed.min, *killed.min);
      }
      if (a.civilians_killed.max && killed.max) {
        EXPECT_LE(*a.civilians_killed.max, *killed.max);
      }
    }
    if (a.finding == Finding::kDuplicate) {
      ASSERT_TRUE(a.duplicate_of.has_value());
      EXPECT_NE(*a.duplicate_of, a.meta.incident_id);
      EXPECT_EQ(incidents.at(*a.duplicate_of).facts.location.country, i.facts.location.country);
    }
  }

  // Closed cases have every response resolved; some payments were paid, some declined.
  int64_t paid = 0, declined = 0;
  for (const auto& [id, list] : responses) {
    for (const Response& r : list) {
      if (incidents.at(id).status == AssessmentStatus::kClosed) {
        EXPECT_TRUE(IsResolved(r.status())) << id << " " << EnumName(r.kind);
      }
      if (IsPayment(r.kind)) {
        paid += r.status() == ResponseStatus::kPaid;
        declined += r.status() == ResponseStatus::kDeclined;
      }
    }
  }
  for (const auto& [id, incident] : incidents) {
    if (incident.status == AssessmentStatus::kClosed) {
      EXPECT_TRUE(responses.contains(id)) << id;
    }
  }
  EXPECT_GT(paid, 0);
  EXPECT_GT(declined, 0);

  // The views have something to show: new information after a finding, cases late and cases
  // on time.
  const auto review = cases.ReviewQueue(admin).value();
  EXPECT_TRUE(std::any_of(review.begin(), review.end(),
                          [](const ReviewItem& r) { return r.new_reports > 0; }));
  const auto overdue = cases.Overdue(admin, today).value();
  int64_t open_walked = 0, late_walked = 0;
  for (const auto& [id, incident] : incidents) {
    if (incident.status != AssessmentStatus::kUnassessed && StageOf(incident.status)) {
      ++open_walked;
    }
  }
  for (const OverdueCase& o : overdue) late_walked += o.status != AssessmentStatus::kUnassessed;
  EXPECT_GT(late_walked, 0);
  EXPECT_LT(late_walked, open_walked);

  tx.reset();
  const auto audit = store->VerifyAudit();
  ASSERT_TRUE(audit) << audit.error().ToString();
  EXPECT_TRUE(audit->ok()) << audit->problem;
  EXPECT_GT(audit->case_records, 0);
}

}  // namespace
}  // namespace civharm::service
