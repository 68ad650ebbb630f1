// Analysts' fusion work on a real store: fusing, splitting and deciding, each audited, each
// a label the next proposal follows.
#include "service/incident_fusion.h"

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "domain/fused_facts.h"
#include "domain/test_fixtures.h"
#include "service/cross_reference.h"
#include "service/demo.h"
#include "service/fusion_service.h"
#include "service/record_service.h"

namespace civharm::service {
namespace {

const Actor kAnalyst{"amira", {Role::kAnalyst}, {}};

class IncidentFusionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore({.location = dir_.File("f.db"),
                                 .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                 .value();
  }

  // A report in an incident of its own, as an import or a form leaves it.
  Report NewReport(const std::string& source, std::optional<int64_t> killed_min,
                   std::optional<int64_t> killed_max) {
    Report r = civharm::testing::SampleReport();
    r.source_name = source;
    r.source_record_id = source + "-" + std::to_string(++serial_);
    r.facts.casualties = {};
    r.facts.casualties.civilian.killed = {.min = killed_min, .max = killed_max};
    RecordService records(*store_);
    return std::get<Report>(records.Create(kAnalyst, AnyRecord(r)).value());
  }

  Incident IncidentOf(const Report& r) {
    RecordService records(*store_);
    const auto stored = records.Get(kAnalyst, EntityKind::kReport, r.meta.id).value();
    return std::get<Incident>(
        records.Get(Actor::System(), EntityKind::kIncident, *std::get<Report>(stored).incident_id)
            .value());
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  int serial_ = 0;
};

TEST_F(IncidentFusionTest, FusingKeepsEverySourcesFiguresAndRetiresTheEmptiedIncident) {
  const Report a = NewReport("Airwars", 2, 4), b = NewReport("UN OHCHR", 6, 9);
  const Incident gone = IncidentOf(b);
  ASSERT_NE(IncidentOf(a).meta.id, gone.meta.id);

  const auto fused =
      FuseReports(*store_, kAnalyst, {.reports = {a.meta.id, b.meta.id}, .reason = "same strike"});
  ASSERT_TRUE(fused) << fused.error().ToString();
  EXPECT_EQ(fused->incident.meta.id, *a.incident_id);
  EXPECT_EQ(fused->moved_reports, std::vector<Id>{b.meta.id});
  EXPECT_EQ(fused->retracted_incidents, std::vector<Id>{gone.meta.id});
  EXPECT_EQ(fused->incident.facts.casualties.civilian.killed,
            (CountRange{.min = 2, .max = 9}));  // lowest minimum, highest maximum

  RecordService records(*store_);
  const Incident retired =
      std::get<Incident>(records.Get(Actor::System(), EntityKind::kIncident, gone.meta.id).value());
  ASSERT_TRUE(retired.meta.retraction);
  EXPECT_EQ(retired.meta.retraction->superseded_by, *a.incident_id);
  EXPECT_NE(retired.meta.retraction->reason.find("same strike"), std::string::npos);

  const auto sources = SourcesOf(*store_, kAnalyst, *a.incident_id);
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->reports.size(), 2u);
  EXPECT_EQ(sources->reports[0].facts.casualties.civilian.killed.max, 4);  // each its own
  EXPECT_EQ(sources->reports[1].facts.casualties.civilian.killed.max, 9);
  EXPECT_EQ(sources->fused.casualties.civilian.killed.max, 9);

  const auto verified = store_->VerifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok()) << verified->problem;
}

TEST_F(IncidentFusionTest, ADecisionThatTwoReportsDifferStopsTheirFusionUntilReversed) {
  const Report a = NewReport("Airwars", 1, 1), b = NewReport("UN OHCHR", 1, 1);
  const auto d = DecidePair(*store_, kAnalyst, b.meta.id, a.meta.id, Verdict::kDifferent,
                            "a day apart, different villages");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_LT(d->a, d->b);
  EXPECT_EQ(d->decided_by, "amira");

  const auto refused =
      FuseReports(*store_, kAnalyst, {.reports = {a.meta.id, b.meta.id}, .reason = "same"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_NE(refused.error().message().find("different villages"), std::string::npos);
  EXPECT_NE(IncidentOf(a).meta.id, IncidentOf(b).meta.id);  // nothing changed

  ASSERT_TRUE(DecidePair(*store_, kAnalyst, a.meta.id, b.meta.id, Verdict::kSame,
                         "the villages are one place"));
  EXPECT_TRUE(
      FuseReports(*store_, kAnalyst, {.reports = {a.meta.id, b.meta.id}, .reason = "same"}));
  const auto decisions = ListDecisions(*store_, kAnalyst);
  ASSERT_TRUE(decisions);
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ(decisions->front().verdict, Verdict::kSame);
  const auto verified = store_->VerifyAudit();
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->decisions, 1);
  EXPECT_TRUE(verified->ok()) << verified->problem;
}

TEST_F(IncidentFusionTest, SplittingMovesReportsOutAndRecordsThatTheyDiffer) {
  const Report a = NewReport("Airwars", 1, 2), b = NewReport("UN OHCHR", 3, 3),
               c = NewReport("Local media", 10, 12);
  ASSERT_TRUE(FuseReports(*store_, kAnalyst,
                          {.reports = {a.meta.id, b.meta.id, c.meta.id}, .reason = "one strike"}));
  const Id incident = *a.incident_id;
  EXPECT_EQ(IncidentOf(c).facts.casualties.civilian.killed.max, 12);

  const auto split = SplitIncident(*store_, kAnalyst,
                                   {.incident = incident,
                                    .reports = {c.meta.id},
                                    .title = "Shelling of the market",
                                    .reason = "the media report is of the next day's shelling"});
  ASSERT_TRUE(split) << split.error().ToString();
  EXPECT_EQ(split->decisions, 2);
  EXPECT_EQ(split->split_off.title, "Shelling of the market");
  EXPECT_EQ(IncidentOf(c).meta.id, split->split_off.meta.id);
  EXPECT_EQ(split->kept.facts.casualties.civilian.killed, (CountRange{.min = 1, .max = 3}));
  EXPECT_EQ(split->split_off.facts.casualties.civilian.killed, (CountRange{.min = 10, .max = 12}));
  // The split is remembered: fusing them again is refused.
  EXPECT_EQ(FuseReports(*store_, kAnalyst,
                        {.incidents = {incident, split->split_off.meta.id}, .reason = "again"})
                .error()
                .code(),
            ErrorCode::kConflict);

  // An incident keeps at least one report; only its own reports can be split off.
  EXPECT_EQ(SplitIncident(*store_, kAnalyst,
                          {.incident = incident, .reports = {a.meta.id, b.meta.id}, .reason = "x"})
                .error()
                .field(),
            "reports");
  EXPECT_EQ(SplitIncident(*store_, kAnalyst,
                          {.incident = incident, .reports = {c.meta.id}, .reason = "x"})
                .error()
                .field(),
            "reports[0]");
  EXPECT_EQ(SplitIncident(*store_, kAnalyst, {.incident = incident, .reports = {a.meta.id}})
                .error()
                .field(),
            "reason");
}

TEST_F(IncidentFusionTest, OnlyRolesThatWriteIncidentsFuseAndOnlyWhatTheySee) {
  const Report a = NewReport("Airwars", 1, 1), b = NewReport("UN OHCHR", 1, 1);
  const Actor adviser{"pia", {Role::kPocAdviser}, {}};
  EXPECT_EQ(FuseReports(*store_, adviser, {.reports = {a.meta.id, b.meta.id}, .reason = "x"})
                .error()
                .code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(
      DecidePair(*store_, adviser, a.meta.id, b.meta.id, Verdict::kDifferent, "x").error().code(),
      ErrorCode::kPermissionDenied);
  Report hidden = civharm::testing::SampleReport();
  hidden.source_record_id = "hidden";
  hidden.meta.restricted_to = {"j2"};
  RecordService records(*store_);
  const Id hidden_id = MetaOf(records.Create(Actor::System(), AnyRecord(hidden)).value()).id;
  EXPECT_EQ(FuseReports(*store_, kAnalyst, {.reports = {a.meta.id, hidden_id}, .reason = "x"})
                .error()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      DecidePair(*store_, kAnalyst, a.meta.id, hidden_id, Verdict::kDifferent, "x").error().code(),
      ErrorCode::kNotFound);
  ASSERT_TRUE(DecidePair(*store_, Actor::System(), a.meta.id, hidden_id, Verdict::kDifferent,
                         "checked by the cell"));
  EXPECT_TRUE(ListDecisions(*store_, kAnalyst)->empty());  // it names a report they cannot see
  EXPECT_EQ(ListDecisions(*store_, Actor::System())->size(), 1u);
}

TEST_F(IncidentFusionTest, ProposalsFollowTheAnalystsDecisions) {
  ASSERT_TRUE(LoadDemo(*store_, Actor::System(), {.events = 80}));
  // An incident of several reports: its reports are confirmed pairs, so all are linked.
  const auto before = ProposeFusion(*store_, kAnalyst, {});
  ASSERT_TRUE(before) << before.error().ToString();
  const auto& p = *before;
  const linkage::ScoredEventPair* pair = nullptr;
  for (const auto& s : p.linkage.pairs) {
    if (p.incident_of[s.a] == p.incident_of[s.b] && !p.incident_of[s.a].empty()) {
      EXPECT_TRUE(s.linked);
      pair = pair ? pair : &s;
    }
  }
  ASSERT_NE(pair, nullptr);
  const Id incident = p.incident_of[pair->a], moved = p.report_ids[pair->b];
  const Id stayed = p.report_ids[pair->a];
  ASSERT_TRUE(SplitIncident(*store_, kAnalyst,
                            {.incident = incident, .reports = {moved}, .reason = "two events"}));
  const auto after = ProposeFusion(*store_, kAnalyst, {});
  ASSERT_TRUE(after);
  for (const auto& s : after->linkage.pairs) {
    const Id x = after->report_ids[s.a], y = after->report_ids[s.b];
    if ((x == moved && y == stayed) || (x == stayed && y == moved)) {
      EXPECT_FALSE(s.linked);
    }
  }
  uint32_t i_moved = 0, i_stayed = 0;
  for (uint32_t i = 0; i < after->report_ids.size(); ++i) {
    if (after->report_ids[i] == moved) i_moved = i;
    if (after->report_ids[i] == stayed) i_stayed = i;
  }
  EXPECT_NE(after->linkage.clusters[i_moved], after->linkage.clusters[i_stayed]);
}

TEST_F(IncidentFusionTest, ANewReportIsScoredAgainstTheIncidentsNearIt) {
  ASSERT_TRUE(LoadDemo(*store_, Actor::System(), {.events = 80}));
  // A second account of a stored event, from a new source: it opens an incident of its own.
  RecordService records(*store_);
  const storage::Page page = records.List(kAnalyst, EntityKind::kReport, {.limit = 1}).value();
  const Report known = std::get<Report>(page.items.front());
  Report again = known;
  again.meta = {};
  again.source_name = "A new monitor";
  again.source_record_id = "NEW-1";
  again.incident_id.reset();
  const Report added = std::get<Report>(records.Create(kAnalyst, AnyRecord(again)).value());
  ASSERT_NE(added.incident_id, known.incident_id);

  const auto c = CandidateIncidents(*store_, kAnalyst, added.meta.id);
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_GT(c->neighbourhood_reports, 1u);
  ASSERT_FALSE(c->candidates.empty());
  EXPECT_EQ(c->candidates.front().incident.meta.id, *known.incident_id);
  EXPECT_GT(c->candidates.front().probability, 0.5);
  for (size_t i = 0; i < c->candidates.size(); ++i) {
    EXPECT_NE(c->candidates[i].incident.meta.id, *added.incident_id);  // not its own
    if (i > 0) {
      EXPECT_LE(c->candidates[i].probability, c->candidates[i - 1].probability);
    }
    double sum = 0;
    for (const auto& t : linkage::Explain(c->fit.model, c->candidates[i].pattern)) sum += t.weight;
    EXPECT_NEAR(sum, c->candidates[i].weight, 1e-9);
  }
  EXPECT_EQ(
      CandidateIncidents(*store_, {"x", {Role::kPublisher}, {}}, added.meta.id).error().code(),
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(CandidateIncidents(*store_, kAnalyst, "nope").error().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(IncidentFusionTest, CrossReferenceFindsAllegationsTheForceHasNoRecordOf) {
  ASSERT_TRUE(LoadDemo(*store_, Actor::System(), {.events = 80}));
  Report far = civharm::testing::SampleReport();
  far.source_record_id = "far-away";
  far.facts.location.lat = -45.0;
  far.facts.location.lon = 170.0;
  far.facts.location.mgrs.clear();
  RecordService records(*store_);
  const Id far_id = MetaOf(records.Create(kAnalyst, AnyRecord(far)).value()).id;

  const auto x = CrossReferenceReports(*store_, kAnalyst, {});
  ASSERT_TRUE(x) << x.error().ToString();
  EXPECT_EQ(x->external_unmatched + x->own_force_unmatched + x->matched,
            static_cast<int64_t>(x->entries.size()));
  EXPECT_GT(x->matched, 0);
  EXPECT_GT(x->external_unmatched, 0);
  bool found = false;
  for (const CrossReferenceEntry& e : x->entries) {
    const bool own = IsOwnForceSource(e.source_type);
    if (e.report == far_id) {
      found = true;
      EXPECT_EQ(e.category, CrossCategory::kExternalUnmatched);
    }
    for (const Id& m : e.matches) EXPECT_NE(m, e.report);
    if (e.category == CrossCategory::kOwnForceUnmatched) {
      EXPECT_TRUE(own && e.matches.empty());
    }
    if (e.category == CrossCategory::kExternalUnmatched) {
      EXPECT_TRUE(!own && e.matches.empty() && e.operations.empty());
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(CrossReferenceReports(*store_, {"x", {Role::kPublisher}, {}}, {}).error().code(),
            ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace civharm::service
