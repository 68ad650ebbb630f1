#include "analytics/evidence.h"

#include <map>
#include <numeric>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::analytics {
namespace {

using ::testing::ElementsAre;
using M = EvidenceMetric;

Date D(const char* day) { return *Date::Parse(day); }

class EvidenceTest : public ::testing::Test {
 protected:
  // Adds an incident with `facts`; its row is its number less one.
  void Add(const CaseFacts& facts) {
    Incident i;
    i.meta.id = fmt::format("00000000-0000-7000-8000-{:012}", ++n_);
    i.facts.date.start = i.facts.date.end = D("2024-01-01");
    s_.Put(i);
    s_.PutCase(i.meta.id, facts);
  }
  std::vector<EvidenceFigure> Compute(const PublishedOn& published = nullptr) const {
    std::vector<uint32_t> rows(s_.size());
    std::iota(rows.begin(), rows.end(), 0u);
    return ComputeEvidence(s_, rows, published);
  }
  Snapshot s_;
  int n_ = 0;
};

const EvidenceFigure& Of(const std::vector<EvidenceFigure>& figures, M metric) {
  return figures.at(static_cast<size_t>(metric));
}

// Five allegations worked by hand:
//   row 0  credible, reported 01-01, assessed 01-11 (10 days), investigated with an interview,
//          acknowledged, offered and paid amends, consulted, external source; published 02-10
//   row 1  credible, reported 01-05, assessed 01-09 (4 days), offered amends only
//   row 2  not credible, assessed 01-20 with no report date (not measured); external source;
//          published 01-31
//   row 3  credible, no dates at all (a finding recorded with no step date)
//   row 4  not yet assessed
TEST_F(EvidenceTest, SharesAndMediansOnKnownCases) {
  Add({.reported = D("2024-01-01"),
       .assessed = D("2024-01-11"),
       .investigation_opened = D("2024-01-15"),
       .acknowledged = D("2024-01-20"),
       .amends_offered = D("2024-02-01"),
       .amends_paid = D("2024-02-15"),
       .finding = Finding::kCredible,
       .consulted = true,
       .inquired = true,
       .external_sources = true});
  Add({.reported = D("2024-01-05"),
       .assessed = D("2024-01-09"),
       .amends_offered = D("2024-01-30"),
       .finding = Finding::kCredible});
  Add({.assessed = D("2024-01-20"), .finding = Finding::kNotCredible, .external_sources = true});
  Add({.finding = Finding::kCredible});
  Add({.reported = D("2024-01-07")});
  const std::map<uint32_t, Date> published = {{0, D("2024-02-10")}, {2, D("2024-01-31")}};
  const auto figures = Compute([&](uint32_t row) -> std::optional<Date> {
    const auto it = published.find(row);
    return it == published.end() ? std::nullopt : std::optional(it->second);
  });
  ASSERT_EQ(figures.size(), 11u);

  const EvidenceFigure& assessed = Of(figures, M::kAssessed);
  EXPECT_EQ(assessed.with, 4);
  EXPECT_EQ(assessed.of, 5);
  EXPECT_THAT(assessed.rows_with, ElementsAre(0u, 1u, 2u, 3u));
  EXPECT_THAT(assessed.rows_without, ElementsAre(4u));
  EXPECT_DOUBLE_EQ(*assessed.share(), 0.8);

  // Days to assessment: 10 and 4 measured; the lower median of {4, 10} is 4.
  const EvidenceFigure& days = Of(figures, M::kDaysToAssessment);
  EXPECT_EQ(days.with, 2);
  EXPECT_EQ(days.of, 4);
  EXPECT_EQ(days.median_days, 4);
  EXPECT_THAT(days.rows_without, ElementsAre(2u, 3u));

  EXPECT_EQ(Of(figures, M::kExternalSources).with, 2);
  EXPECT_EQ(Of(figures, M::kExternalSources).of, 4);

  // Of the three credible incidents.
  for (M m : {M::kInvestigated, M::kInquired, M::kAcknowledged, M::kAmendsPaid, M::kConsulted}) {
    EXPECT_EQ(Of(figures, m).with, 1) << EnumName(m);
    EXPECT_EQ(Of(figures, m).of, 3) << EnumName(m);
    EXPECT_THAT(Of(figures, m).rows_with, ElementsAre(0u)) << EnumName(m);
  }
  EXPECT_EQ(Of(figures, M::kAmendsOffered).with, 2);
  EXPECT_THAT(Of(figures, M::kAmendsOffered).rows_without, ElementsAre(3u));

  // Findings published: rows 0 and 2 of the four findings; 30 and 11 days → lower median 11.
  EXPECT_EQ(Of(figures, M::kFindingsPublished).with, 2);
  EXPECT_EQ(Of(figures, M::kFindingsPublished).of, 4);
  EXPECT_EQ(Of(figures, M::kDaysToPublication).median_days, 11);
  EXPECT_EQ(Of(figures, M::kDaysToPublication).of, 2);
}

TEST_F(EvidenceTest, NothingInScopeGivesEmptyFiguresNotZeros) {
  const auto figures = Compute();
  for (const EvidenceFigure& f : figures) {
    EXPECT_EQ(f.of, 0) << EnumName(f.metric);
    EXPECT_FALSE(f.share().has_value()) << EnumName(f.metric);
    EXPECT_FALSE(f.median_days.has_value()) << EnumName(f.metric);
  }
}

TEST_F(EvidenceTest, WithoutPublicationsNoFindingIsPublished) {
  Add({.reported = D("2024-01-01"), .assessed = D("2024-01-02"), .finding = Finding::kDuplicate});
  const auto figures = Compute();
  EXPECT_EQ(Of(figures, M::kFindingsPublished).with, 0);
  EXPECT_EQ(Of(figures, M::kFindingsPublished).of, 1);
  EXPECT_EQ(Of(figures, M::kDaysToPublication).of, 0);
  // A duplicate is a finding but not a credible incident.
  EXPECT_EQ(Of(figures, M::kInvestigated).of, 0);
}

TEST(EvidenceMetricTest, EachMetricInformsIndicatorsOfItsCategory) {
  for (const auto& [metric, name] : EnumTraits<EvidenceMetric>::kNames) {
    EXPECT_FALSE(IndicatorsInformed(metric).empty()) << name;
    EXPECT_FALSE(MetricDescription(metric).empty()) << name;
  }
  EXPECT_THAT(IndicatorsInformed(M::kExternalSources), ElementsAre("2.1", "3.1"));
  EXPECT_THAT(IndicatorsInformed(M::kInquired), ElementsAre("3.2"));
  EXPECT_THAT(IndicatorsInformed(M::kDaysToPublication), ElementsAre("4.4"));
  EXPECT_THAT(IndicatorsInformed(M::kConsulted), ElementsAre("5.3"));
  EXPECT_TRUE(IsShare(M::kAssessed));
  EXPECT_FALSE(IsShare(M::kDaysToAssessment));
}

}  // namespace
}  // namespace civharm::analytics
