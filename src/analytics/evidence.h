// Evidence for the leadership framework (domain/framework.h) from a force's own records: how many
// of the allegations against it were assessed and how fast, how many credible incidents were
// investigated, with witness interviews or site visits, acknowledged, offered amends, paid and
// consulted on, how many findings rested on sources outside the force, and how many findings
// were published and how fast. Each figure names the indicators it informs and keeps the rows
// behind it, so that a reader can open the records a share is made of.
//
//   auto rows = Select(snapshot, {.belligerent = "Utopian Armed Forces", ...}, view);
//   std::vector<EvidenceFigure> figures =
//       ComputeEvidence(snapshot, *rows, [&](uint32_t row) { return published_on(row); });
//
// docs/METHODS.md ("Evidence from civharm's records") gives each definition. Pure computation over
// the snapshot; the caller holds it still while this runs.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "analytics/snapshot.h"
#include "core/enum.h"
#include "core/time.h"

namespace civharm::analytics {

enum class EvidenceMetric {
  kAssessed,           // allegations with a finding, of all allegations
  kDaysToAssessment,   // days from the first report to the first finding (median)
  kExternalSources,    // findings that considered a source outside the force, of findings
  kInvestigated,       // credible incidents with an investigation opened, of credible
  kInquired,           // credible incidents with a witness interview or site visit, of credible
  kFindingsPublished,  // findings published in an approved release, of findings
  kDaysToPublication,  // days from the first finding to its publication (median)
  kAcknowledged,       // credible incidents acknowledged or apologised for, of credible
  kAmendsOffered,      // credible incidents offered a payment or assistance, of credible
  kAmendsPaid,         // credible incidents with a payment paid or assistance delivered, of credible
  kConsulted,          // credible incidents with a consultation recorded, of credible
};

}  // namespace civharm::analytics

namespace civharm {
template <>
struct EnumTraits<analytics::EvidenceMetric> {
  static constexpr std::array kNames = {
      std::pair{analytics::EvidenceMetric::kAssessed, std::string_view("assessed")},
      std::pair{analytics::EvidenceMetric::kDaysToAssessment, std::string_view("days_to_assessment")},
      std::pair{analytics::EvidenceMetric::kExternalSources, std::string_view("external_sources")},
      std::pair{analytics::EvidenceMetric::kInvestigated, std::string_view("investigated")},
      std::pair{analytics::EvidenceMetric::kInquired, std::string_view("inquired")},
      std::pair{analytics::EvidenceMetric::kFindingsPublished, std::string_view("findings_published")},
      std::pair{analytics::EvidenceMetric::kDaysToPublication, std::string_view("days_to_publication")},
      std::pair{analytics::EvidenceMetric::kAcknowledged, std::string_view("acknowledged")},
      std::pair{analytics::EvidenceMetric::kAmendsOffered, std::string_view("amends_offered")},
      std::pair{analytics::EvidenceMetric::kAmendsPaid, std::string_view("amends_paid")},
      std::pair{analytics::EvidenceMetric::kConsulted, std::string_view("consulted")}};
};
}  // namespace civharm

namespace civharm::analytics {

// Whether the metric is a share (with / of); otherwise it is a median number of days.
bool IsShare(EvidenceMetric metric);
// The framework indicators the metric informs, by id ("2.1").
std::span<const std::string_view> IndicatorsInformed(EvidenceMetric metric);
// What the metric counts, in one English sentence for tables and reports.
std::string_view MetricDescription(EvidenceMetric metric);

struct EvidenceFigure {
  EvidenceMetric metric = EvidenceMetric::kAssessed;
  // A share: `with` of the `of` rows in its denominator have it. A median: `of` rows in scope
  // could be measured (`with` of them were), their lower median in `median_days`.
  int64_t with = 0;
  int64_t of = 0;
  std::optional<int64_t> median_days;  // medians only; nullopt when no row was measured
  // A share: the rows that have it, and the rest of its denominator. A median: the rows measured,
  // and the rows of its denominator that could not be (a date missing). In the order given.
  std::vector<uint32_t> rows_with;
  std::vector<uint32_t> rows_without;
  std::optional<double> share() const {
    return of == 0 ? std::nullopt : std::optional(static_cast<double>(with) / of);
  }
};

// The day a row's finding was first published (an approved release carrying it), or nullopt.
using PublishedOn = std::function<std::optional<Date>(uint32_t row)>;

// Every metric, in declaration order, over `rows` (the allegations in scope: one incident each).
std::vector<EvidenceFigure> ComputeEvidence(const Snapshot& s, std::span<const uint32_t> rows,
                                            const PublishedOn& published_on);

}  // namespace civharm::analytics
