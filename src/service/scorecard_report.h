// The outputs of assessments under the leadership framework: a state's scorecard as a document
// (report/document.h, rendered to HTML or PDF) with its tables for a workbook, and the table of
// several assessments side by side (CSV or XLSX).
//
//   ScorecardInput in{.framework = fw, .assessment = a, .card = card, .roadmap = RoadmapOf(a, fw),
//                     .evidence = evidence, .language = "fr"};
//   CIVHARM_ASSIGN_OR_RETURN(ScorecardDocument doc, BuildScorecard(in));
//   CIVHARM_RETURN_IF_ERROR(WriteReport(doc.document, doc.tables, ReportFormat::kPdf, out));
//
// Pure: it formats what it is given. The framework's words (category and level descriptions, the
// roadmap) are the framework's own, in the language it is written in; civharm's labels are in the
// report's language.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "analytics/evidence.h"
#include "domain/assessment.h"
#include "domain/framework.h"
#include "io/xlsx_tables.h"
#include "report/document.h"

namespace civharm::service {

// One evidence metric (analytics/evidence.h) of an assessment, with the incidents behind it.
struct EvidenceItem {
  analytics::EvidenceMetric metric = analytics::EvidenceMetric::kAssessed;
  int64_t with = 0;
  int64_t of = 0;
  std::optional<int64_t> median_days;
  // The incident ids behind the figure (analytics::EvidenceFigure rows_with / rows_without).
  // Empty in public evidence, which links to no record.
  std::vector<std::string> ids_with;
  std::vector<std::string> ids_without;
};

// Evidence from civharm's own records for an assessment: the incidents naming its force whose
// dates overlap its period, as one reader sees them.
struct AssessmentEvidence {
  std::string force;
  Period period;
  int64_t allegations = 0;  // incidents in scope
  // Public evidence: counts from 1 to k−1 are shown as "<k" and their shares and medians
  // withheld (the release rules' threshold). 0: nothing is suppressed.
  int64_t suppress_below = 0;
  std::vector<EvidenceItem> items;  // one per metric, in the order of EvidenceMetric
};

// Evidence as a reader may see it: with a threshold k (public evidence: the release rules'),
// every count from 1 to k−1 is shown as "<k", and the share or median it would give is withheld.
// k = 0 shows everything.
class EvidenceShown {
 public:
  explicit EvidenceShown(int64_t below) : below_(below) {}
  bool Hides(int64_t n) const { return below_ > 0 && n >= 1 && n < below_; }
  std::string Text(int64_t n) const {
    return Hides(n) ? "<" + std::to_string(below_) : std::to_string(n);
  }
  io::TableCell Cell(int64_t n) const { return Hides(n) ? io::TableCell() : io::TableCell(n); }
  // Whether the figure's share or median would give away a hidden count.
  bool Withholds(const EvidenceItem& e) const {
    return Hides(e.with) || (analytics::IsShare(e.metric) && Hides(e.of));
  }

 private:
  int64_t below_;
};

struct ScorecardInput {
  const Framework& framework;
  const StateAssessment& assessment;
  const Scorecard& card;
  std::span<const RoadmapStep> roadmap;
  const AssessmentEvidence* evidence = nullptr;  // none computed when null
  // A public scorecard cites civharm records by kind only (never by id), and says nothing of who
  // assessed and reviewed it.
  bool is_public = false;
  std::string language = "en";  // en, fr or ar
};

struct ScorecardDocument {
  report::Document document;
  std::vector<io::TableSheet> tables;  // the indicators, the categories, the roadmap, evidence
};

// The document: the title (state, period, edition, status); a summary (not published yet, or
// when it was; assessor and reviewer unless public) with key figures — the overall level, the
// indicators scored, each category's level, an override with its computed level and reason; a
// section per category (its description and level, a table of its indicators, civharm's
// figures for them, the evidence cited); civharm's evidence when given; the roadmap, a table per
// category; the method (the aggregation rule by name). The workbook: sheets "Indicators",
// "Categories" (with an "overall" row), "Roadmap" (with each step's gap) and "Evidence" when
// given; levels by their names ("emerging_leader"), suppressed counts as empty cells.
// invalid_argument naming "language" for a language civharm has no words for.
Result<ScorecardDocument> BuildScorecard(const ScorecardInput& input);

// The comparison of assessments side by side (CompareMany): columns subject, name, then one per
// assessment headed "<state> <from>–<to>" (its status after it when not published).
io::TableSheet ComparisonSheet(std::span<const StateAssessment> assessments,
                               std::span<const ComparisonRow> rows);
// The sheet as CSV (RFC 4180, UTF-8, a header row); levels by their names.
Status WriteComparisonCsv(const io::TableSheet& sheet, std::ostream& out);

}  // namespace civharm::service
