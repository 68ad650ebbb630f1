#include "service/demo_data.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/codec.h"
#include "geo/geo.h"

namespace civharm::service {
namespace {

using ::testing::AllOf;
using ::testing::Ge;
using ::testing::Le;

constexpr size_t kTypicalSize = 400;

// One dataset shared by the tests that only read it.
const DemoData& Typical() {
  static const DemoData kData = GenerateDemoData({.seed = 20240611, .events = kTypicalSize});
  return kData;
}

void ExpectEveryRecordValid(const DemoData& d) {
  for (size_t i = 0; i < d.operations.size(); ++i) {
    const Status s = Validate(d.operations[i]);
    EXPECT_TRUE(s.ok()) << "operation " << i << ": " << s.ToString();
  }
  for (size_t i = 0; i < d.events.size(); ++i) {
    const DemoEvent& e = d.events[i];
    const Status s = Validate(e.incident);
    EXPECT_TRUE(s.ok()) << "incident " << i << ": " << s.ToString();
    for (const Report& r : e.reports) {
      const Status rs = Validate(r);
      EXPECT_TRUE(rs.ok()) << "report of event " << i << " from " << r.source_name << ": "
                           << rs.ToString();
    }
    for (const Victim& v : e.victims) {
      const Status vs = Validate(v);
      EXPECT_TRUE(vs.ok()) << "victim of event " << i << ": " << vs.ToString();
    }
  }
}

// Every figure a range states.
std::vector<int64_t> Figures(const CountRange& r) {
  std::vector<int64_t> out;
  for (const auto& v : {r.min, r.best, r.max}) {
    if (v) out.push_back(*v);
  }
  return out;
}

// Whether the report places the event at a point rather than at an administrative area's seat.
bool PointedAt(const Report& r) {
  const auto p = r.facts.location.precision;
  return p == LocationPrecision::kExact || p == LocationPrecision::kNear;
}

bool NamesOwnForce(const Incident& incident) {
  return std::any_of(
      incident.facts.belligerents.begin(), incident.facts.belligerents.end(),
      [](const Belligerent& b) { return b.name == "Coalition Task Force Meridian"; });
}

TEST(DemoDataTest, EveryRecordIsValidForSeveralSeedsAndSizes) {
  for (uint64_t seed : {1ULL, 7ULL, 20240611ULL}) {
    for (size_t events : {1, 2, 25, 400}) {
      SCOPED_TRACE(testing::Message() << "seed " << seed << ", " << events << " events");
      ExpectEveryRecordValid(GenerateDemoData({.seed = seed, .events = events}));
    }
  }
}

TEST(DemoDataTest, EveryRecordIsValidForTwoThousandEvents) {
  ExpectEveryRecordValid(GenerateDemoData({.seed = 99, .events = 2000}));
}

TEST(DemoDataTest, GivesTheNumberOfEventsAskedFor) {
  for (size_t events : {0, 1, 2, 400}) {
    EXPECT_EQ(GenerateDemoData({.seed = 3, .events = events}).events.size(), events);
  }
  EXPECT_TRUE(GenerateDemoData({.seed = 3, .events = 0}).operations.empty());
}

TEST(DemoDataTest, SameOptionsGiveEqualData) {
  const DemoData a = GenerateDemoData({.seed = 42, .events = 300});
  const DemoData b = GenerateDemoData({.seed = 42, .events = 300});
  EXPECT_TRUE(a.operations == b.operations);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_TRUE(a.events[i].incident == b.events[i].incident) << i;
    EXPECT_TRUE(a.events[i].reports == b.events[i].reports) << i;
    EXPECT_TRUE(a.events[i].victims == b.events[i].victims) << i;
    EXPECT_EQ(a.events[i].operation, b.events[i].operation) << i;
    EXPECT_EQ(a.events[i].case_status, b.events[i].case_status) << i;
  }
}

TEST(DemoDataTest, SameOptionsGiveTheSameJson) {
  // What the loader stores and exports, byte for byte.
  const DemoData a = GenerateDemoData({.seed = 5, .events = 50});
  const DemoData b = GenerateDemoData({.seed = 5, .events = 50});
  for (size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(ToJson(a.events[i].incident).dump(), ToJson(b.events[i].incident).dump());
  }
}

TEST(DemoDataTest, DifferentSeedsGiveDifferentData) {
  const DemoData a = GenerateDemoData({.seed = 1, .events = 50});
  const DemoData b = GenerateDemoData({.seed = 2, .events = 50});
  size_t differing = 0;
  for (size_t i = 0; i < a.events.size(); ++i)
    differing += !(a.events[i].incident == b.events[i].incident);
  EXPECT_GT(differing, 45u);
}

TEST(DemoDataTest, RoundTripsThroughTheJsonCodec) {
  const DemoData d = GenerateDemoData({.seed = 11, .events = 60});
  for (const DemoEvent& e : d.events) {
    const auto incident = FromJson<Incident>(ToJson(e.incident));
    ASSERT_TRUE(incident.has_value()) << incident.error().ToString();
    EXPECT_TRUE(*incident == e.incident);
    for (const Report& r : e.reports) {
      const auto report = FromJson<Report>(ToJson(r));
      ASSERT_TRUE(report.has_value()) << report.error().ToString();
      EXPECT_TRUE(*report == r);
    }
    for (const Victim& v : e.victims) {
      const auto victim = FromJson<Victim>(ToJson(v));
      ASSERT_TRUE(victim.has_value()) << victim.error().ToString();
      EXPECT_TRUE(*victim == v);
    }
  }
  for (const Operation& o : d.operations) {
    const auto op = FromJson<Operation>(ToJson(o));
    ASSERT_TRUE(op.has_value()) << op.error().ToString();
    EXPECT_TRUE(*op == o);
  }
}

TEST(DemoDataTest, CoversSeveralTheatresEachInsideItsRegion) {
  struct Region {
    double lat_min, lat_max, lon_min, lon_max;
  };
  const std::map<std::string, Region> regions = {{"Northern Sarvia", {33.6, 35.4, 40.4, 42.6}},
                                                 {"Republic of Velmora", {13.6, 15.4, 0.6, 3.0}},
                                                 {"Kivara", {-1.9, -0.4, 28.7, 29.7}}};
  std::map<std::string, size_t> per_country;
  const auto expect_inside = [&](const Location& loc) {
    ASSERT_TRUE(regions.contains(loc.country)) << loc.country;
    ASSERT_TRUE(loc.lat && loc.lon);
    const Region& r = regions.at(loc.country);
    EXPECT_THAT(*loc.lat, AllOf(Ge(r.lat_min), Le(r.lat_max))) << loc.country;
    EXPECT_THAT(*loc.lon, AllOf(Ge(r.lon_min), Le(r.lon_max))) << loc.country;
  };
  for (const DemoEvent& e : Typical().events) {
    ++per_country[e.incident.facts.location.country];
    expect_inside(e.incident.facts.location);
    for (const Report& r : e.reports) expect_inside(r.facts.location);
  }
  for (const Operation& o : Typical().operations) expect_inside(o.location);
  ASSERT_EQ(per_country.size(), 3u);
  for (const auto& [country, count] : per_country) EXPECT_GT(count, kTypicalSize / 10) << country;
}

TEST(DemoDataTest, UsesEveryKindOfSourceAndEveryStatus) {
  std::map<SourceType, size_t> sources;
  std::map<AssessmentStatus, size_t> statuses;
  std::set<ExternalGrade> grades;
  for (const DemoEvent& e : Typical().events) {
    for (const Report& r : e.reports) ++sources[r.source_type];
    // Incidents are generated unassessed; the loader walks the planned cases.
    EXPECT_EQ(e.incident.status, AssessmentStatus::kUnassessed);
    ++statuses[e.case_status.value_or(AssessmentStatus::kUnassessed)];
    if (e.incident.external_grade) grades.insert(*e.incident.external_grade);
  }
  for (SourceType t :
       {SourceType::kOwnForceLog, SourceType::kBattleDamageAssessment, SourceType::kNgo,
        SourceType::kUn, SourceType::kMedia, SourceType::kHotline, SourceType::kWalkIn,
        SourceType::kSurvivorWitness, SourceType::kEventDataset}) {
    EXPECT_GT(sources[t], 0u) << EnumName(t);
  }
  EXPECT_EQ(statuses.size(), EnumTraits<AssessmentStatus>::kNames.size());
  const auto most =
      std::max_element(statuses.begin(), statuses.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(most->first, AssessmentStatus::kUnassessed);
  EXPECT_GE(grades.size(), 4u);
}

TEST(DemoDataTest, PlansCasesForAnEighthOfTheEventsAtMostThreeHundred) {
  const auto cases = [](const DemoData& d) {
    return std::count_if(d.events.begin(), d.events.end(),
                         [](const DemoEvent& e) { return e.case_status.has_value(); });
  };
  EXPECT_EQ(cases(Typical()), static_cast<std::ptrdiff_t>(kTypicalSize / 8));
  EXPECT_EQ(cases(GenerateDemoData({.seed = 3, .events = 0})), 0);
  EXPECT_LE(cases(GenerateDemoData({.seed = 3, .events = 10})), 10);
  EXPECT_EQ(cases(GenerateDemoData({.seed = 99, .events = 3000})), 300);
  // Only own-force events with civilian harm reported are found credible.
  for (const DemoEvent& e : Typical().events) {
    const auto s = e.case_status;
    if (s == AssessmentStatus::kCredible || s == AssessmentStatus::kInvestigating ||
        s == AssessmentStatus::kInvestigated || s == AssessmentStatus::kResponding ||
        s == AssessmentStatus::kClosed) {
      EXPECT_TRUE(e.operation.has_value()) << e.incident.title;
      const Harm& harm = e.incident.facts.casualties.civilian;
      EXPECT_FALSE(harm.killed.empty() && harm.injured.empty()) << e.incident.title;
    }
  }
}

TEST(DemoDataTest, DatesAreMostlyDaysWithSomeCoarserSpans) {
  std::map<DatePrecision, size_t> precisions;
  size_t with_time = 0;
  for (const DemoEvent& e : Typical().events) {
    ++precisions[e.incident.facts.date.precision];
    with_time += e.incident.facts.date.time_of_day.has_value();
  }
  EXPECT_GT(precisions[DatePrecision::kDay], kTypicalSize / 2);
  EXPECT_GT(precisions[DatePrecision::kDayRange], 0u);
  EXPECT_GT(precisions[DatePrecision::kWeek], 0u);
  EXPECT_GT(precisions[DatePrecision::kMonth], 0u);
  EXPECT_GT(with_time, kTypicalSize / 3);
}

TEST(DemoDataTest, EventsFallInTheTwoYearsToJune2024) {
  const Date first = *Date::Parse("2022-06-27");  // the Monday of the first week
  const Date last = *Date::Parse("2024-06-30");
  const Timestamp cutoff = *Timestamp::Parse("2024-07-01T00:00:00Z");
  for (const DemoEvent& e : Typical().events) {
    EXPECT_GE(e.incident.facts.date.start, first);
    EXPECT_LE(e.incident.facts.date.end, last);
    for (const Report& r : e.reports) EXPECT_LE(*r.received_at, cutoff);
  }
  for (size_t i = 1; i < Typical().events.size(); ++i) {
    // In date order, give or take the day a source may put an event early.
    EXPECT_LE(Typical().events[i - 1].incident.facts.date.start,
              Typical().events[i].incident.facts.date.end.AddDays(1));
  }
}

TEST(DemoDataTest, EachEventHasOneToFourReportsFromDifferentSources) {
  std::set<size_t> counts;
  for (const DemoEvent& e : Typical().events) {
    EXPECT_THAT(e.reports.size(), AllOf(Ge(1u), Le(4u)));
    counts.insert(e.reports.size());
    std::set<std::string> names;
    for (const Report& r : e.reports) names.insert(r.source_name);
    EXPECT_EQ(names.size(), e.reports.size());
  }
  EXPECT_EQ(counts.size(), 4u);
}

TEST(DemoDataTest, RecordIdsAreUniqueWithinEachSource) {
  std::set<std::pair<std::string, std::string>> reports, victims;
  std::set<std::string> operations;
  const DemoData d = GenerateDemoData({.seed = 8, .events = 1000});
  for (const DemoEvent& e : d.events) {
    for (const Report& r : e.reports) {
      EXPECT_FALSE(r.source_record_id.empty());
      EXPECT_FALSE(r.reference_code.empty());
      EXPECT_TRUE(reports.insert({r.source_name, r.source_record_id}).second) << r.source_record_id;
    }
    for (const Victim& v : e.victims) {
      EXPECT_TRUE(victims.insert({v.source_name, v.source_record_id}).second) << v.source_record_id;
    }
  }
  for (const Operation& o : d.operations) {
    EXPECT_THAT(o.reference, ::testing::MatchesRegex("OP-20[0-9][0-9]-[0-9][0-9][0-9][0-9]"));
    EXPECT_TRUE(operations.insert(o.reference).second) << o.reference;
  }
}

TEST(DemoDataTest, ReportsArriveAfterTheEventTheyDescribe) {
  for (const DemoEvent& e : Typical().events) {
    for (const Report& r : e.reports) {
      ASSERT_TRUE(r.received_at.has_value());
      // Local dates run up to a few hours ahead of UTC.
      EXPECT_GE(r.received_at->date(), r.facts.date.start.AddDays(-1)) << r.source_record_id;
      EXPECT_TRUE(r.reliability.has_value());
      EXPECT_THAT(r.credibility.value_or(0), AllOf(Ge(1), Le(6)));
      EXPECT_FALSE(r.account.empty());
    }
  }
}

TEST(DemoDataTest, ReportsOfTheSameEventDisagree) {
  size_t multi = 0, figures_differ = 0, spellings_differ = 0, days_differ = 0, far_apart = 0,
         attribution_differs = 0;
  for (const DemoEvent& e : Typical().events) {
    if (e.reports.size() < 2) continue;
    ++multi;
    const Report& a = e.reports[0];
    const Report& b = e.reports[1];
    figures_differ += !(a.facts.casualties.civilian.killed == b.facts.casualties.civilian.killed);
    spellings_differ +=
        a.facts.location.place_names.front().name != b.facts.location.place_names.front().name;
    days_differ += a.facts.date.start != b.facts.date.start;
    const double metres = geo::DistanceMeters({*a.facts.location.lat, *a.facts.location.lon},
                                              {*b.facts.location.lat, *b.facts.location.lon});
    if (PointedAt(a) && PointedAt(b)) {
      EXPECT_LT(metres, 10'000) << "reports placing one event at a point should lie close";
    }
    far_apart += metres > 300;
    std::set<std::pair<std::string, Attribution>> blamed;
    for (const Report& r : e.reports)
      blamed.insert({r.facts.belligerents.front().name, r.facts.belligerents.front().attribution});
    attribution_differs += blamed.size() > 1;
  }
  ASSERT_GT(multi, kTypicalSize / 2);
  EXPECT_GT(figures_differ, multi / 2);
  EXPECT_GT(spellings_differ, multi / 4);
  EXPECT_GT(days_differ, 0u);
  EXPECT_GT(far_apart, multi / 2);
  EXPECT_GT(attribution_differs, multi / 4);
}

TEST(DemoDataTest, IncidentRangesSpanTheirReports) {
  for (const DemoEvent& e : Typical().events) {
    const EventFacts& f = e.incident.facts;
    for (CasualtyStatus s :
         {CasualtyStatus::kCivilian, CasualtyStatus::kCombatant, CasualtyStatus::kUndetermined}) {
      for (CountRange Harm::*outcome : {&Harm::killed, &Harm::injured}) {
        const CountRange& fused = f.casualties.of(s).*outcome;
        for (const Report& r : e.reports) {
          for (int64_t v : Figures(r.facts.casualties.of(s).*outcome)) {
            ASSERT_TRUE(fused.min && fused.max) << e.incident.title;
            EXPECT_THAT(v, AllOf(Ge(*fused.min), Le(*fused.max)))
                << e.incident.title << " " << EnumName(s);
          }
        }
      }
    }
    for (const Report& r : e.reports) {
      EXPECT_LE(f.date.start, r.facts.date.start) << e.incident.title;
      EXPECT_GE(f.date.end, r.facts.date.end) << e.incident.title;
    }
  }
}

TEST(DemoDataTest, OwnForceEventsLinkToTheirOperation) {
  const DemoData& d = Typical();
  std::set<size_t> linked;
  size_t exceeded = 0;
  for (const DemoEvent& e : d.events) {
    EXPECT_EQ(e.operation.has_value(), NamesOwnForce(e.incident)) << e.incident.title;
    if (!e.operation) continue;
    ASSERT_LT(*e.operation, d.operations.size());
    EXPECT_TRUE(linked.insert(*e.operation).second) << "operation linked twice";
    const Operation& op = d.operations[*e.operation];
    EXPECT_EQ(op.location.country, e.incident.facts.location.country);
    const auto best = e.incident.facts.casualties.civilian.killed.best;
    exceeded += best && *best > op.cde.civilian_killed.max.value_or(0);
  }
  EXPECT_THAT(linked.size(), AllOf(Ge(kTypicalSize * 15 / 100), Le(kTypicalSize * 35 / 100)));
  EXPECT_GT(d.operations.size(), linked.size()) << "strikes without reported harm too";
  EXPECT_GT(exceeded, 0u) << "CDE validation should have something to show";
}

TEST(DemoDataTest, OperationsAndTheForcesOwnRecordsCarryAnMgrsReference) {
  // Validate() has checked each reference against its point, to within 2 m.
  for (const Operation& o : Typical().operations)
    EXPECT_FALSE(o.location.mgrs.empty()) << o.reference;
  size_t own_records = 0;
  for (const DemoEvent& e : Typical().events) {
    for (const Report& r : e.reports) {
      if (r.source_type != SourceType::kOwnForceLog &&
          r.source_type != SourceType::kBattleDamageAssessment) {
        continue;
      }
      ++own_records;
      EXPECT_FALSE(r.facts.location.mgrs.empty()) << r.source_record_id;
    }
  }
  EXPECT_GT(own_records, 0u);
}

TEST(DemoDataTest, ArabicScriptAppearsInPlacesPeopleAndAccounts) {
  size_t places = 0, people = 0, accounts = 0;
  for (const DemoEvent& e : Typical().events) {
    for (const LocalName& n : e.incident.facts.location.place_names) places += n.lang == "ar";
    for (const Victim& v : e.victims) {
      for (const LocalName& n : v.names) people += n.lang == "ar";
    }
    for (const Report& r : e.reports) accounts += r.account.find("قُتل") != std::string::npos;
  }
  EXPECT_GT(places, 0u);
  EXPECT_GT(people, 0u);
  EXPECT_GT(accounts, 0u);
}

TEST(DemoDataTest, NamedVictimsNeverOutnumberTheCivilianMaximum) {
  for (const DemoEvent& e : GenerateDemoData({.seed = 17, .events = 1000}).events) {
    const Harm& civilians = e.incident.facts.casualties.civilian;
    int64_t killed = 0, injured = 0;
    for (const Victim& v : e.victims) {
      killed += v.outcome == VictimOutcome::kKilled;
      injured += v.outcome == VictimOutcome::kInjured;
      EXPECT_EQ(v.status, CasualtyStatus::kCivilian);
    }
    EXPECT_LE(killed, civilians.killed.max.value_or(0)) << e.incident.title;
    EXPECT_LE(injured, civilians.injured.max.value_or(0)) << e.incident.title;
    EXPECT_LE(static_cast<int64_t>(e.victims.size()),
              civilians.killed.max.value_or(0) + civilians.injured.max.value_or(0));
  }
}

TEST(DemoDataTest, AboutAQuarterOfDeadlyEventsHaveNamedVictims) {
  size_t deadly = 0, named = 0;
  for (const DemoEvent& e : Typical().events) {
    if (e.incident.facts.casualties.civilian.killed.max.value_or(0) == 0) continue;
    ++deadly;
    named += !e.victims.empty();
  }
  EXPECT_THAT(named * 100 / deadly, AllOf(Ge(15u), Le(35u)));
}

TEST(DemoDataTest, RelativesShareAFamilyGroupAndAList) {
  std::map<std::string, std::vector<const Victim*>> families;
  for (const DemoEvent& e : Typical().events) {
    for (const Victim& v : e.victims) {
      if (!v.family_group_id.empty()) families[v.family_group_id].push_back(&v);
    }
  }
  ASSERT_FALSE(families.empty());
  for (const auto& [id, members] : families) {
    EXPECT_GE(members.size(), 2u) << id;
    for (const Victim* v : members) EXPECT_EQ(v->source_name, members.front()->source_name) << id;
  }
}

}  // namespace
}  // namespace civharm::service
