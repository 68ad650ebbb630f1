#include "service/demo/geometry.h"

#include <cmath>
#include <utility>

namespace civharm::service::demo {

Point PointOf(double lat, double lon) {
  return {std::llround(lat * kMicro), std::llround(lon * kMicro)};
}
geo::LatLon LatLonOf(Point p) {
  return {static_cast<double>(p.lat_e6) / kMicro, static_cast<double>(p.lon_e6) / kMicro};
}

std::string MgrsOf(Point p) {
  constexpr int kOneMetre = 5;  // digits per axis
  auto mgrs = geo::ToMgrs(LatLonOf(p), kOneMetre);
  return mgrs ? *std::move(mgrs) : std::string();
}

}  // namespace civharm::service::demo
