// Situation reports: what happened in a day, an ISO week or a calendar month, over the incidents
// the reader may see — headline figures against the period before, the trend over the periods
// before it with min/best/max bands, perpetrators, weapons, areas, civilian casualties by age
// group and sex, the times through the case lifecycle, a map and the list of incidents — as a
// report document (rendered to HTML or PDF by report/) and as the tables of an XLSX workbook.
//
//   AnalyticsService analytics(store);
//   auto sitrep = BuildSitrep(analytics, actor, {.period = SitrepPeriod::kWeekly,
//                                                .day = *Date::Parse("2024-03-06"),
//                                                .language = "ar"});
//   report::RenderPdf(sitrep->document, out);   // or io::WriteTablesXlsx(sitrep->tables, out)
//
// Built from the analysis snapshot alone: nothing personal can reach it. English, French and
// Arabic; Arabic documents run right to left.
#pragma once

#include <array>
#include <ostream>
#include <string>
#include <vector>

#include "io/xlsx_tables.h"
#include "report/document.h"
#include "service/analytics_service.h"

namespace civharm::service {

enum class SitrepPeriod { kDaily, kWeekly, kMonthly };

struct SitrepRequest {
  SitrepPeriod period = SitrepPeriod::kWeekly;
  Date day = Date::FromDays(0);  // any day of the period reported on
  std::string language = "en";   // en, fr or ar
  storage::Query filters;        // list filters; the dates are the period's
  size_t max_incidents = 200;    // listed one by one (all are counted and mapped)
};

struct Sitrep {
  Date from = Date::FromDays(0), to = Date::FromDays(0);
  report::Document document;
  std::vector<io::TableSheet> tables;
};

enum class ReportFormat { kPdf, kHtml, kXlsx };

// kReadIncidents; kReadCases adds the lifecycle section. invalid_argument naming the field for
// a language civharm has no words for, or date filters (the period sets them).
Result<Sitrep> BuildSitrep(AnalyticsService& analytics, const Actor& actor,
                           const SitrepRequest& request);

// The words of a report in `language` from a table of them, one struct per language, each with
// its `language`; invalid_argument naming "language" when the table has none for it.
Status UnknownReportLanguage(const std::string& language);
template <typename Words, size_t N>
Result<const Words*> WordsFor(const std::array<Words, N>& table, const std::string& language) {
  for (const Words& w : table) {
    if (language == w.language) return &w;
  }
  return std::unexpected(UnknownReportLanguage(language));
}

// "<word> 2026-11-22 15:50 UTC": when a report was made, for its Document::generated_at.
std::string ReportTime(std::string_view word);

// A report document as PDF or HTML, or its tables as an XLSX workbook.
Status WriteReport(const report::Document& document, const std::vector<io::TableSheet>& tables,
                   ReportFormat format, std::ostream& out);
inline Status WriteSitrep(const Sitrep& sitrep, ReportFormat format, std::ostream& out) {
  return WriteReport(sitrep.document, sitrep.tables, format, out);
}

}  // namespace civharm::service

namespace civharm {
template <>
struct EnumTraits<service::ReportFormat> {
  static constexpr std::array kNames = {std::pair{service::ReportFormat::kPdf, "pdf"sv},
                                        std::pair{service::ReportFormat::kHtml, "html"sv},
                                        std::pair{service::ReportFormat::kXlsx, "xlsx"sv}};
};
template <>
struct EnumTraits<service::SitrepPeriod> {
  static constexpr std::array kNames = {std::pair{service::SitrepPeriod::kDaily, "daily"sv},
                                        std::pair{service::SitrepPeriod::kWeekly, "weekly"sv},
                                        std::pair{service::SitrepPeriod::kMonthly, "monthly"sv}};
};
}  // namespace civharm
