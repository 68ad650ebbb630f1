// Positions on the WGS84 ellipsoid: coordinate checks, MGRS grid references and geodesic
// distances, on top of GeographicLib.
//
//   auto sq = geo::ParseMgrs("38SMB4488");          // a 1 km square
//   geo::DistanceOutsideSquare(*sq, {33.3, 44.4});  // 0 when the point lies inside
//   geo::DistanceMeters({33.3, 44.4}, {33.4, 44.4}) // ≈ 11,090 m along the ellipsoid
//
// Pure computation, thread-safe, no I/O. GeographicLib's exceptions stop here.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace civharm::geo {

struct LatLon {
  double lat = 0;  // degrees, −90…90
  double lon = 0;  // degrees, −180…180
  friend bool operator==(const LatLon&, const LatLon&) = default;
};

bool IsValidLatitude(double lat);
bool IsValidLongitude(double lon);

// A parsed MGRS grid reference: the square it names.
struct MgrsSquare {
  std::string text;   // canonical form: upper case, no spaces, two-digit UTM zone ("04QFJ1234")
  int zone = 0;       // UTM zone 1–60, or 0 for the polar (UPS) regions
  bool north = true;  // hemisphere
  int precision = 0;  // digits per axis: −1 grid zone only, 0 = 100 km square, 5 = 1 m, up to 11
  double size_m = 0;  // side of the square in metres (0 for a bare grid zone)
  double corner_x = 0, corner_y = 0;  // south-west corner, UTM/UPS metres
  LatLon center;
};

// Accepts upper or lower case and spaces between the parts ("38S MB 44 88"); refuses anything
// GeographicLib does not accept as MGRS, with its reason.
Result<MgrsSquare> ParseMgrs(std::string_view text);

// The MGRS reference of the square of the given precision (0–11 digits per axis) holding `p`.
Result<std::string> ToMgrs(LatLon p, int precision);

// Metres between `p` and the nearest point of `square` (0 when inside), measured in the
// square's own UTM/UPS zone. For a bare grid zone, 0 when the point lies in that zone and
// latitude band, otherwise an error.
Result<double> DistanceOutsideSquare(const MgrsSquare& square, LatLon p);

// Geodesic distance on WGS84 in metres.
double DistanceMeters(LatLon a, LatLon b);

}  // namespace civharm::geo
