// The periodic public report: what an approved release publishes, as a document for the public —
// headline figures, civilian casualties over time with their ranges, breakdowns by the dimensions
// the release publishes, a map of clusters, the status of open assessments, the methodology and
// how to check the release — in English, French or Arabic, rendered to PDF or HTML (report/), its
// tables as an XLSX workbook.
//
//   ReleaseService releases(store);
//   auto r = BuildPublicReport(releases, {.version = 3, .language = "fr"});
//   CIVHARM_RETURN_IF_ERROR(WriteReport(r->document, r->tables, ReportFormat::kPdf, out));
//
// Every figure in it comes from the public tables of ReleaseService (the same JSON the public API
// answers), so it shows exactly what the release publishes, small counts suppressed the same way
// ("<k" in tables; gaps in charts), and can reach nothing else: no record, no restricted
// incident, no field the release's rules do not publish. No actor: anyone may build it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/xlsx_tables.h"
#include "report/document.h"
#include "service/release_service.h"
#include "service/sitrep.h"

namespace civharm::service {

struct PublicReportRequest {
  int64_t version = 0;          // an approved release; 0 for the latest one
  std::string language = "en";  // en, fr or ar
};

struct PublicReport {
  Release release;
  report::Document document;
  std::vector<io::TableSheet> tables;
};

// not_found when the release is not approved (or there is none yet, for version 0);
// invalid_argument naming "language" for a language civharm has no words for.
Result<PublicReport> BuildPublicReport(ReleaseService& releases,
                                       const PublicReportRequest& request);

}  // namespace civharm::service
