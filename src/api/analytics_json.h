// The JSON of analysis results (analytics/aggregates.h, service/analytics_service.h), one shape
// for the API and the command line.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "analytics/aggregates.h"
#include "service/analytics_service.h"

namespace civharm::api {

// Reading the parameters of analysis requests, from the query string or the command line; each
// error names the parameter.
// `interval`: day, week, month (when empty) or year; `by`: dimensions separated by commas.
Result<analytics::TrendRequest> ReadTrendRequest(std::string_view interval, std::string_view by);
Result<analytics::Dimension> ReadDimension(std::string_view by);
// The map's box is the filters' bbox (the world without one); zoom, cell and max_points are
// whole numbers (empty: 2, 64 and 500).
Result<geo::ClusterOptions> ReadClusterOptions(const storage::Query& filters, std::string_view zoom,
                                               std::string_view cell, std::string_view max_points);

nlohmann::json TrendJson(const analytics::Trend& trend);
nlohmann::json BreakdownJson(const analytics::Breakdown& breakdown);
nlohmann::json TimingJson(const analytics::Timing& timing);
nlohmann::json CdeValidationJson(const analytics::CdeValidation& validation);
nlohmann::json MapJson(const service::MapView& map);

}  // namespace civharm::api
