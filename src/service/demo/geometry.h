// Positions for the demo generator, in whole micro-degrees, so that no libm function and no fused
// multiply-add can move a point between compilers (see the note at the top of
// service/demo_data.cpp); degrees and MGRS references are derived from them only at the end.
// Internal to the demo generator; not for other modules.
#pragma once

#include <cstdint>
#include <string>

#include "geo/geo.h"

namespace civharm::service::demo {

inline constexpr double kMicro = 1e6;
inline constexpr double kMetresPerDegreeLat = 111'320;

struct Point {
  int64_t lat_e6 = 0;
  int64_t lon_e6 = 0;
};

struct Box {
  double lat_min, lat_max, lon_min, lon_max;
};

// A point from degrees (to the nearest micro-degree), and back to degrees.
Point PointOf(double lat, double lon);
geo::LatLon LatLonOf(Point p);

// The point's MGRS reference to 1 m; empty if it has none.
std::string MgrsOf(Point p);

}  // namespace civharm::service::demo
