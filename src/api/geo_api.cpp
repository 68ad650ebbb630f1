#include "api/geo_api.h"

#include <fmt/format.h>

#include "api/query_string.h"
#include "api/responses.h"
#include "core/strings.h"
#include "geo/geo.h"

namespace civharm::api {
namespace {

using nlohmann::json;

Result<double> Degrees(const Params& params, const char* name, bool latitude) {
  const std::string_view text = ParamOf(params, name);
  if (text.empty()) return std::unexpected(InvalidArgument("is required with the other", name));
  const auto value = ParseDouble(text);
  if (!value) {
    return std::unexpected(InvalidArgument(fmt::format("'{}' is not a number", text), name));
  }
  if (latitude ? !geo::IsValidLatitude(*value) : !geo::IsValidLongitude(*value)) {
    return std::unexpected(InvalidArgument(
        latitude ? "must lie between -90 and 90 degrees" : "must lie between -180 and 180 degrees",
        name));
  }
  return *value;
}

Result<HttpResponse> Position(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(Params params,
                           ReadQuery(req.query, {"mgrs", "lat", "lon", "digits"}, "geo/position"));
  const std::string_view mgrs = ParamOf(params, "mgrs");
  const bool has_point = params.contains("lat") || params.contains("lon");
  if (mgrs.empty() == !has_point) {
    return std::unexpected(InvalidArgument("give either mgrs, or lat and lon", "mgrs"));
  }
  if (!mgrs.empty()) {
    if (params.contains("digits")) {
      return std::unexpected(InvalidArgument("applies to lat and lon only", "digits"));
    }
    auto square = geo::ParseMgrs(mgrs);
    if (!square) {
      return std::unexpected(InvalidArgument(square.error().message(), "mgrs"));
    }
    return JsonResponse(200, {{"mgrs", square->text},
                              {"lat", square->center.lat},
                              {"lon", square->center.lon},
                              {"digits", square->precision},
                              {"square_m", square->size_m}});
  }
  CIVHARM_ASSIGN_OR_RETURN(const double lat, Degrees(params, "lat", true));
  CIVHARM_ASSIGN_OR_RETURN(const double lon, Degrees(params, "lon", false));
  int digits = 5;
  if (const std::string_view d = ParamOf(params, "digits"); !d.empty()) {
    if (d.size() != 1 || d[0] < '0' || d[0] > '5') {
      return std::unexpected(InvalidArgument("must be a whole number from 0 to 5", "digits"));
    }
    digits = d[0] - '0';
  }
  CIVHARM_ASSIGN_OR_RETURN(std::string text, geo::ToMgrs({lat, lon}, digits));
  CIVHARM_ASSIGN_OR_RETURN(geo::MgrsSquare square, geo::ParseMgrs(text));
  return JsonResponse(200, {{"mgrs", square.text},
                            {"lat", lat},
                            {"lon", lon},
                            {"digits", square.precision},
                            {"square_m", square.size_m}});
}

}  // namespace

void AddGeoRoutes(Router& router, std::shared_ptr<RateLimiter> public_reads) {
  router.Add(PublicRead("/api/v1/geo/position",
                        "An MGRS reference read, or coordinates given their MGRS reference",
                        std::move(public_reads),
                        [](const HttpRequest& req, const PathParams&) { return Position(req); }));
}

}  // namespace civharm::api
