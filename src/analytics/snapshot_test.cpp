#include "analytics/snapshot.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/test_fixtures.h"

namespace civharm::analytics {
namespace {

using ::testing::ElementsAre;

Incident MakeIncident(const std::string& id, const std::string& day, const std::string& country,
                      const std::string& perpetrator) {
  Incident i;
  i.meta.id = id;
  i.facts.date.start = *Date::Parse(day);
  i.facts.date.end = i.facts.date.start;
  i.facts.location.country = country;
  i.facts.location.lat = 36.2;
  i.facts.location.lon = 37.1;
  if (!perpetrator.empty()) i.facts.belligerents.push_back({.name = perpetrator});
  return i;
}

std::string IdN(int n) { return fmt::format("00000000-0000-7000-8000-{:012}", n); }

TEST(SnapshotTest, PutReplacesTheRowOfTheSameIncident) {
  Snapshot s;
  Incident a = MakeIncident(IdN(1), "2024-03-05", "Syria", "Government");
  s.Put(a);
  s.Put(MakeIncident(IdN(2), "2024-03-06", "Iraq", ""));
  a.facts.location.country = "Yemen";
  a.status = AssessmentStatus::kCredible;
  s.Put(a);
  ASSERT_EQ(s.size(), 2u);
  const uint32_t row = *s.RowOf(IdN(1));
  EXPECT_EQ(s.id(row), IdN(1));
  EXPECT_EQ(s.Names(Dimension::kCountry)[s.code(Dimension::kCountry, row)], "Yemen");
  EXPECT_EQ(s.status(row), AssessmentStatus::kCredible);
  EXPECT_EQ(s.Names(Dimension::kPerpetrator)[s.code(Dimension::kPerpetrator, *s.RowOf(IdN(2)))],
            "");
  EXPECT_FALSE(s.RowOf(IdN(3)));
}

TEST(SnapshotTest, FigureOfARangeFallsBackBoundByBound) {
  const Figure only_best = FigureOf({.best = 4});
  EXPECT_EQ(only_best.lo, 4);
  EXPECT_EQ(only_best.hi, 4);
  EXPECT_TRUE(only_best.best_given);
  const Figure range = FigureOf({.min = 2, .max = 9});
  EXPECT_EQ(range.lo, 2);
  EXPECT_EQ(range.best, 2);  // no best given: the lowest figure
  EXPECT_FALSE(range.best_given);
  EXPECT_EQ(range.hi, 9);
  EXPECT_EQ(FigureOf({}).lo, kNone);
}

TEST(SnapshotTest, SelectAppliesTheListFiltersAndNeedToKnow) {
  Snapshot s;
  Incident a = MakeIncident(IdN(1), "2024-03-05", "Syria", "Government");
  a.facts.belligerents.push_back({.name = "IS"});
  Incident b = MakeIncident(IdN(2), "2024-04-01", "syria", "IS");
  b.meta.restricted_to = {"cell-north"};
  Incident c = MakeIncident(IdN(3), "2024-05-01", "Iraq", "Coalition");
  c.facts.location.lat.reset();
  c.facts.location.lon.reset();
  Incident d = MakeIncident(IdN(4), "2024-03-10", "Syria", "Government");
  d.meta.retraction = Retraction{.by = "x", .reason = "duplicate"};
  for (const Incident* i : {&a, &b, &c, &d}) s.Put(*i);

  const storage::View outsider{.groups = {"cell-south"}};
  const storage::View member{.groups = {"cell-north"}};
  const auto ids = [&](const storage::Query& q, const storage::View& v) {
    std::vector<std::string> out;
    const std::vector<uint32_t> rows = Select(s, q, v).value();
    for (uint32_t r : rows) out.emplace_back(s.id(r));
    return out;
  };
  EXPECT_THAT(ids({}, outsider), ElementsAre(IdN(1), IdN(3)));
  EXPECT_THAT(ids({}, member), ElementsAre(IdN(1), IdN(2), IdN(3)));
  EXPECT_THAT(ids({.country = "SYRIA"}, member), ElementsAre(IdN(1), IdN(2)));
  EXPECT_THAT(ids({.belligerent = "is"}, member), ElementsAre(IdN(1), IdN(2)));
  EXPECT_THAT(ids({.date_from = *Date::Parse("2024-03-06")}, member), ElementsAre(IdN(2), IdN(3)));
  EXPECT_THAT(ids({.bbox = storage::BBox{30, 30, 40, 40}}, member), ElementsAre(IdN(1), IdN(2)));
  EXPECT_THAT(ids({.retracted = storage::RetractedPolicy::kOnly}, member), ElementsAre(IdN(4)));
  EXPECT_THAT(ids({.country = "Libya"}, member), ElementsAre());
  std::vector<uint32_t> only = {*s.RowOf(IdN(3))};
  EXPECT_EQ(Select(s, {}, outsider, &only).value(), only);
  auto bad = Select(s, {.source_name = "x"}, member);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

TEST(SnapshotTest, CaseFactsFollowTheCaseRecordsInOrder) {
  Transition found{.step = CaseStep::kRecordFinding, .on = *Date::Parse("2024-03-20")};
  Assessment first{.finding = Finding::kInsufficientInfo};
  Assessment second{.reports_considered = {"r-ngo"}, .finding = Finding::kCredible,
                    .civilians_killed = {.min = 2, .max = 3}};
  Response ack{.kind = ResponseKind::kAcknowledgment,
               .history = {{.status = ResponseStatus::kProposed, .on = *Date::Parse("2024-04-01")},
                           {.status = ResponseStatus::kDelivered, .on = *Date::Parse("2024-04-03")}}};
  Response pay{.kind = ResponseKind::kExGratiaPayment,
               .history = {{.status = ResponseStatus::kOffered, .on = *Date::Parse("2024-04-10")},
                           {.status = ResponseStatus::kPaid, .on = *Date::Parse("2024-05-01")}}};
  Investigation inv{.inquiries = {{.kind = InquiryKind::kSiteVisit,
                                   .outcome = InquiryOutcome::kNotPossible}}};
  const std::vector<CaseRecord> records = {found, first, second, inv, ack, pay};
  const CaseFacts f =
      CaseFactsOf(records, [](const Id& id) { return id == "r-ngo"; });
  EXPECT_EQ(f.assessed, Date::Parse("2024-03-20").value());
  EXPECT_EQ(f.finding, Finding::kCredible);
  EXPECT_TRUE(f.external_sources);
  EXPECT_EQ(f.assessed_killed.max, 3);
  EXPECT_EQ(f.acknowledged, Date::Parse("2024-04-03").value());
  EXPECT_EQ(f.amends_offered, Date::Parse("2024-04-10").value());
  EXPECT_EQ(f.amends_paid, Date::Parse("2024-05-01").value());
  EXPECT_FALSE(f.inquired);  // the only site visit was not possible
  EXPECT_FALSE(f.consulted);
  EXPECT_FALSE(f.reported);  // the caller's, from reports
}

}  // namespace
}  // namespace civharm::analytics
