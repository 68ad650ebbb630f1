// Analysis through the service on a real store: the snapshot follows every change recorded in the
// audit log, whoever made it; each reader sees only the incidents it may; text filters go through
// the database's index; the case facts come from the lifecycle.
#include "service/analytics_service.h"

#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "domain/test_fixtures.h"
#include "service/case_service.h"
#include "service/demo.h"
#include "service/demo_data.h"
#include "service/record_service.h"
#include "service/sitrep.h"

namespace civharm::service {
namespace {

using analytics::Dimension;
using analytics::Interval;

const Actor kAnalyst{"amira", {Role::kAnalyst}, {}};
const Actor kNorth{"nour", {Role::kAnalyst}, {"cell-north"}};
const Actor kInvestigator{"ines", {Role::kInvestigator}, {}};
const Actor kPublic = Actor::Anonymous();

class AnalyticsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore({.location = dir_.File("a.db"),
                                 .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                 .value();
    analytics_ = std::make_unique<AnalyticsService>(*store_);
  }

  // A report from `source` of a strike on `day` by `perpetrator`, alone in a new incident.
  Report NewReport(const char* day, const char* perpetrator, int64_t killed,
                   SourceType source = SourceType::kNgo) {
    Report r = civharm::testing::SampleReport();
    r.source_record_id = "r-" + std::to_string(++serial_);
    r.source_type = source;
    r.received_at = Timestamp::Parse(std::string(day) + "T08:00:00Z").value();
    r.incident_id.reset();
    r.facts.date = {.start = *Date::Parse(day), .end = *Date::Parse(day)};
    r.facts.belligerents = {{.name = perpetrator}};
    r.facts.casualties = {};
    r.facts.casualties.civilian.killed = CountRange::Exactly(killed);
    RecordService records(*store_);
    return std::get<Report>(records.Create(kAnalyst, AnyRecord(r)).value());
  }

  // Restricts the incident to the need-to-know group cell-north.
  void RestrictToNorth(const Id& incident_id) {
    RecordService records(*store_);
    auto incident = std::get<Incident>(
        records.Get(Actor::System(), EntityKind::kIncident, incident_id).value());
    incident.meta.restricted_to = {"cell-north"};
    ASSERT_TRUE(records.Update(Actor::System(), AnyRecord(incident), incident.meta.version));
  }

  int64_t Incidents(const Actor& actor, const storage::Query& q = {}) {
    auto t = analytics_->Trend(actor, q, {.interval = Interval::kYear});
    EXPECT_TRUE(t) << t.error().ToString();
    return t ? t->total.incidents : -1;
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<AnalyticsService> analytics_;
  int serial_ = 0;
};

TEST_F(AnalyticsServiceTest, TheSnapshotFollowsChangesMadeAfterItWasBuilt) {
  NewReport("2024-01-05", "Government", 3);
  EXPECT_EQ(Incidents(kAnalyst), 1);  // built here
  const Report second = NewReport("2024-02-01", "IS", 4);
  EXPECT_EQ(Incidents(kAnalyst), 2);  // refreshed from the audit log

  // An edit to the incident moves it between groups.
  RecordService records(*store_);
  auto incident =
      std::get<Incident>(records.Get(kAnalyst, EntityKind::kIncident, *second.incident_id).value());
  incident.facts.belligerents = {{.name = "Government"}};
  ASSERT_TRUE(records.Update(kAnalyst, AnyRecord(incident), incident.meta.version));
  auto trend = analytics_->Trend(kAnalyst, {}, {.interval = Interval::kYear,
                                                .by = {Dimension::kPerpetrator}});
  ASSERT_TRUE(trend);
  ASSERT_EQ(trend->groups.size(), 1u);
  EXPECT_EQ(trend->groups[0].keys[0], "Government");
  EXPECT_EQ(trend->groups[0].totals.killed.best, 7);

  // A retraction takes it out.
  ASSERT_TRUE(records.Retract(kAnalyst, EntityKind::kIncident, *second.incident_id, "duplicate",
                              std::nullopt, incident.meta.version + 1));
  EXPECT_EQ(Incidents(kAnalyst), 1);
  const SnapshotStats stats = analytics_->Refresh().value();
  EXPECT_EQ(stats.incidents, 2u);  // kept, as retracted
  EXPECT_EQ(stats.audit_seq, store_->BeginRead({})->get()->AuditHead().value());
}

TEST_F(AnalyticsServiceTest, EachReaderSeesOnlyWhatItMay) {
  NewReport("2024-01-05", "Government", 3);
  const Report hidden = NewReport("2024-01-06", "Government", 5);
  RestrictToNorth(*hidden.incident_id);

  EXPECT_EQ(Incidents(kAnalyst), 1);
  EXPECT_EQ(Incidents(kNorth), 2);
  auto map = analytics_->Map(kAnalyst, {}, {.zoom = 3});
  ASSERT_TRUE(map) << map.error().ToString();
  EXPECT_EQ(map->in_view + map->without_point, 1u);
  for (const MapPoint& p : map->points) EXPECT_NE(p.id, *hidden.incident_id);
  auto denied = analytics_->Trend(kPublic, {}, {});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), ErrorCode::kPermissionDenied);
  auto no_cases = analytics_->Timing(Actor{"x", {Role::kHumanitarianLiaison}, {}}, {});
  ASSERT_FALSE(no_cases);
  EXPECT_EQ(no_cases.error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(AnalyticsServiceTest, FiltersIncludingTextGoThroughTheListRules) {
  NewReport("2024-01-05", "Government", 3);
  NewReport("2024-03-05", "IS", 4);
  EXPECT_EQ(Incidents(kAnalyst, {.date_from = *Date::Parse("2024-02-01")}), 1);
  EXPECT_EQ(Incidents(kAnalyst, {.belligerent = "is"}), 1);
  // Every sample incident describes houses at the edge of a village; none mentions Tripoli.
  EXPECT_EQ(Incidents(kAnalyst, {.text = "houses village"}), 2);
  EXPECT_EQ(Incidents(kAnalyst, {.belligerent = "IS", .text = "houses"}), 1);
  EXPECT_EQ(Incidents(kAnalyst, {.text = "Tripoli"}), 0);
  auto bad = analytics_->Trend(kAnalyst, {.source_types = {SourceType::kNgo}}, {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

TEST_F(AnalyticsServiceTest, TimingFollowsTheCaseLifecycle) {
  const Report own = NewReport("2024-01-02", "Coalition", 2, SourceType::kOwnForceLog);
  const Report ngo = NewReport("2024-01-03", "Coalition", 1);
  ASSERT_EQ(Incidents(kAnalyst), 2);  // built before the case steps: they arrive by refresh
  CaseService cases(*store_, Deadlines{});
  for (const Report* r : {&own, &ngo}) {
    ASSERT_TRUE(cases.Step(kInvestigator, *r->incident_id,
                           {.step = CaseStep::kStartAssessment, .on = *Date::Parse("2024-01-05")}));
    Assessment a;
    a.reports_considered = {r->meta.id};
    a.finding = Finding::kCredible;
    a.civilians_killed = {.min = 1, .max = 2};
    auto f = cases.Step(kInvestigator, *r->incident_id,
                        {.step = CaseStep::kRecordFinding, .on = *Date::Parse("2024-01-12"),
                         .assessment = a});
    ASSERT_TRUE(f) << f.error().ToString();
  }
  auto t = analytics_->Timing(kInvestigator, {});
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->assessed.count, 2);
  EXPECT_EQ(t->credible.count, 2);
  EXPECT_EQ(t->report_to_assessment.n, 2);
  EXPECT_EQ(t->report_to_assessment.min, 9);
  EXPECT_EQ(t->report_to_assessment.max, 10);
  EXPECT_EQ(t->external_sources.count, 1);  // the NGO's report; the own-force log is not
  EXPECT_EQ(t->external_sources.of, 2);
}

// On generated data, the served trend and age breakdown equal sums computed here from the
// generator's own incidents, by the rules of docs/METHODS.md ("Analysis").
TEST_F(AnalyticsServiceTest, FiguresOnGeneratedDataEqualAnIndependentComputation) {
  const DemoOptions options{.seed = 99, .events = 250};
  ASSERT_TRUE(LoadDemo(*store_, Actor::System(), options));
  const DemoData data = GenerateDemoData(options);
  struct Sum {
    int64_t incidents = 0, lo = 0, best = 0, hi = 0, known = 0;
    bool operator==(const Sum&) const = default;
  };
  std::map<std::pair<std::string, std::string>, Sum> expected;
  int64_t expected_children = 0;  // civilian children killed, by the records' breakdowns
  for (const DemoEvent& e : data.events) {
    const EventFacts& f = e.incident.facts;
    const std::string month = f.date.start.ToString().substr(0, 7);
    Sum& sum = expected[{month, f.belligerents.empty() ? "" : f.belligerents[0].name}];
    ++sum.incidents;
    const CountRange& k = f.casualties.civilian.killed;
    if (k.min || k.best || k.max) {
      const int64_t lo = k.min ? *k.min : k.best ? *k.best : *k.max;
      const int64_t hi = k.max ? *k.max : k.best ? *k.best : *k.min;
      sum.lo += lo;
      sum.hi += hi;
      sum.best += k.best ? *k.best : lo;
      ++sum.known;
    }
    for (const BreakdownEntry& b : f.casualties.breakdown) {
      if (b.status != CasualtyStatus::kCivilian || b.age_group != AgeGroup::kChild ||
          b.outcome != Outcome::kKilled || b.count.empty()) {
        continue;
      }
      expected_children += b.count.best ? *b.count.best : b.count.min ? *b.count.min : *b.count.max;
    }
  }
  auto trend = analytics_->Trend(Actor::System(), {},
                                 {.interval = Interval::kMonth, .by = {Dimension::kPerpetrator}});
  ASSERT_TRUE(trend);
  std::map<std::pair<std::string, std::string>, Sum> served;
  for (const auto& g : trend->groups) {
    const auto& k = g.totals.killed;
    served[{g.period, g.keys[0]}] = {g.totals.incidents, k.lo, k.best, k.hi, k.known};
  }
  EXPECT_EQ(served, expected);

  auto ages = analytics_->Breakdown(Actor::System(), {}, Dimension::kAgeGroup);
  ASSERT_TRUE(ages);
  int64_t served_children = 0;
  for (const auto& row : ages->rows) {
    if (row.key == "child") served_children = row.totals.killed.best;
  }
  EXPECT_EQ(served_children, expected_children);
  EXPECT_GT(expected_children, 0) << "the generated data should break casualties down by age";
}

TEST_F(AnalyticsServiceTest, ASitrepCountsThePeriodAndListsOnlyWhatTheReaderMaySee) {
  NewReport("2024-03-04", "Government", 3);  // Monday of ISO week 2024-W10
  NewReport("2024-03-10", "IS", 4);          // its Sunday
  NewReport("2024-03-01", "IS", 9);          // the week before
  const Report hidden = NewReport("2024-03-06", "IS", 5);
  RestrictToNorth(*hidden.incident_id);

  auto sitrep = BuildSitrep(*analytics_, kAnalyst,
                            {.period = SitrepPeriod::kWeekly, .day = *Date::Parse("2024-03-07")});
  ASSERT_TRUE(sitrep) << sitrep.error().ToString();
  EXPECT_EQ(sitrep->from, *Date::Parse("2024-03-04"));
  EXPECT_EQ(sitrep->to, *Date::Parse("2024-03-10"));
  const auto* figures = std::get_if<report::KeyFigures>(&sitrep->document.blocks.at(1));
  ASSERT_NE(figures, nullptr);
  EXPECT_EQ(figures->figures[0].value, "2");
  EXPECT_EQ(figures->figures[0].note, "period before: 1");
  EXPECT_EQ(figures->figures[1].value, "7");
  const io::TableSheet& list = sitrep->tables.back();
  ASSERT_EQ(list.rows.size(), 2u);
  for (const auto& row : list.rows) {
    EXPECT_NE(std::get<std::string>(row[0]), *hidden.incident_id);
  }
  EXPECT_EQ(std::get<std::string>(list.rows[0][1]), "2024-03-10");  // latest first
  // A reader of case files gets the cases section, in the report's language.
  const auto has_cases = [](const report::Document& doc, const std::string& first) {
    return std::any_of(doc.blocks.begin(), doc.blocks.end(), [&](const report::Block& b) {
      const auto* t = std::get_if<report::Table>(&b);
      return t && !t->rows.empty() && t->rows[0][0] == first;
    });
  };
  EXPECT_TRUE(has_cases(sitrep->document, "Assessed"));

  // Rendered in every format; Arabic runs right to left.
  for (ReportFormat f : {ReportFormat::kPdf, ReportFormat::kHtml, ReportFormat::kXlsx}) {
    std::ostringstream out;
    ASSERT_TRUE(WriteSitrep(*sitrep, f, out).ok()) << EnumName(f);
    const std::string bytes = out.str();
    EXPECT_TRUE(bytes.starts_with(f == ReportFormat::kPdf    ? "%PDF"
                                  : f == ReportFormat::kHtml ? "<!DOCTYPE html>"
                                                             : "PK"))
        << EnumName(f);
  }
  auto arabic = BuildSitrep(*analytics_, kNorth,
                            {.period = SitrepPeriod::kWeekly, .day = *Date::Parse("2024-03-07"),
                             .language = "ar"});
  ASSERT_TRUE(arabic);
  EXPECT_EQ(report::DirectionOf(arabic->document), report::Direction::kRtl);
  EXPECT_EQ(arabic->tables.back().rows.size(), 3u);  // a member of the group sees it
  EXPECT_TRUE(has_cases(arabic->document, "قُيّمت"));

  auto bad = BuildSitrep(*analytics_, kAnalyst, {.language = "de"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "language");
  bad = BuildSitrep(*analytics_, kAnalyst, {.filters = {.date_from = *Date::Parse("2024-01-01")}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "date_from");
}

}  // namespace
}  // namespace civharm::service
