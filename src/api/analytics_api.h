// Analysis over HTTP (service/analytics_service.h): trends, breakdowns, lifecycle timing, CDE
// validation and map clusters, each over the incidents the caller may see that match the list
// filters of GET /api/v1/incidents (without paging or sorting).
//
//   GET /api/v1/analytics/trends?interval=month&by=perpetrator,weapon&country=Syria
//   GET /api/v1/map/clusters?bbox=35,32,39,37&zoom=7
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "api/router.h"
#include "service/analytics_service.h"
#include "service/sitrep.h"

namespace civharm::api {

// A report as the download of a route: PDF, HTML or the XLSX of its tables, named
// "<file_stem>.<format>".
Result<HttpResponse> ReportResponse(const report::Document& document,
                                    const std::vector<io::TableSheet>& tables,
                                    service::ReportFormat format, std::string_view file_stem);

void AddAnalyticsRoutes(Router& router, std::shared_ptr<service::AnalyticsService> analytics);

}  // namespace civharm::api
