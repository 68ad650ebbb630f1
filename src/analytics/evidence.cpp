#include "analytics/evidence.h"

#include "analytics/aggregates.h"

namespace civharm::analytics {
namespace {

using M = EvidenceMetric;

struct MetricInfo {
  M metric;
  bool share;
  std::array<std::string_view, 2> indicators;  // "" past the last
  std::string_view description;
};

constexpr std::array<MetricInfo, 11> kMetrics = {{
    {M::kAssessed, true, {"2.1", ""}, "Allegations with a finding recorded, of all allegations"},
    {M::kDaysToAssessment, false, {"2.1", ""},
     "Median days from the first report of an allegation to its first finding"},
    {M::kExternalSources, true, {"2.1", "3.1"},
     "Findings whose assessment considered a source outside the force, of all findings"},
    {M::kInvestigated, true, {"3.1", ""},
     "Credible incidents with an investigation opened, of credible incidents"},
    {M::kInquired, true, {"3.2", ""},
     "Credible incidents with a witness interview or site visit done, of credible incidents"},
    {M::kFindingsPublished, true, {"4.3", ""},
     "Findings published in an approved public release, of all findings"},
    {M::kDaysToPublication, false, {"4.4", ""},
     "Median days from a first finding to the approval of the first release publishing it"},
    {M::kAcknowledged, true, {"5.1", ""},
     "Credible incidents acknowledged or apologised for, of credible incidents"},
    {M::kAmendsOffered, true, {"5.2", ""},
     "Credible incidents offered a payment or assistance, of credible incidents"},
    {M::kAmendsPaid, true, {"5.2", ""},
     "Credible incidents with a payment paid or assistance delivered, of credible incidents"},
    {M::kConsulted, true, {"5.3", ""},
     "Credible incidents with a consultation of the people harmed recorded, of credible incidents"},
}};

static_assert(
    [] {
      for (size_t i = 0; i < kMetrics.size(); ++i) {
        if (static_cast<size_t>(kMetrics[i].metric) != i) return false;
      }
      return true;
    }(),
    "kMetrics is in the order of EvidenceMetric");

const MetricInfo& InfoOf(M metric) { return kMetrics[static_cast<size_t>(metric)]; }

// Adds `row` to a share's denominator, and to its numerator when `has` holds.
void Count(EvidenceFigure& f, uint32_t row, bool has) {
  ++f.of;
  if (has) {
    ++f.with;
    f.rows_with.push_back(row);
  } else {
    f.rows_without.push_back(row);
  }
}

// Adds `row` to a median's denominator; it is measured when both days are known.
void Measure(EvidenceFigure& f, std::vector<int32_t>& days, uint32_t row,
             const std::optional<Date>& from, const std::optional<Date>& to) {
  ++f.of;
  if (from && to) {
    ++f.with;
    f.rows_with.push_back(row);
    days.push_back(to->days() - from->days());
  } else {
    f.rows_without.push_back(row);
  }
}

}  // namespace

bool IsShare(EvidenceMetric metric) { return InfoOf(metric).share; }

std::span<const std::string_view> IndicatorsInformed(EvidenceMetric metric) {
  const auto& ids = InfoOf(metric).indicators;
  return {ids.data(), ids[1].empty() ? size_t{1} : size_t{2}};
}

std::string_view MetricDescription(EvidenceMetric metric) { return InfoOf(metric).description; }

std::vector<EvidenceFigure> ComputeEvidence(const Snapshot& s, std::span<const uint32_t> rows,
                                            const PublishedOn& published_on) {
  std::vector<EvidenceFigure> out(kMetrics.size());
  for (size_t i = 0; i < kMetrics.size(); ++i) out[i].metric = kMetrics[i].metric;
  const auto fig = [&](M m) -> EvidenceFigure& { return out[static_cast<size_t>(m)]; };
  std::vector<int32_t> to_assessment, to_publication;
  for (uint32_t r : rows) {
    const CaseFacts& f = s.case_facts(r);
    Count(fig(M::kAssessed), r, f.finding.has_value());
    if (!f.finding) continue;
    Measure(fig(M::kDaysToAssessment), to_assessment, r, f.reported, f.assessed);
    Count(fig(M::kExternalSources), r, f.external_sources);
    const std::optional<Date> published = published_on ? published_on(r) : std::nullopt;
    Count(fig(M::kFindingsPublished), r, published.has_value());
    if (published) Measure(fig(M::kDaysToPublication), to_publication, r, f.assessed, published);
    if (*f.finding != Finding::kCredible) continue;
    Count(fig(M::kInvestigated), r, f.investigation_opened.has_value());
    Count(fig(M::kInquired), r, f.inquired);
    Count(fig(M::kAcknowledged), r, f.acknowledged.has_value());
    Count(fig(M::kAmendsOffered), r, f.amends_offered.has_value());
    Count(fig(M::kAmendsPaid), r, f.amends_paid.has_value());
    Count(fig(M::kConsulted), r, f.consulted);
  }
  fig(M::kDaysToAssessment).median_days = DurationsOf(to_assessment).median;
  fig(M::kDaysToPublication).median_days = DurationsOf(to_publication).median;
  return out;
}

}  // namespace civharm::analytics
