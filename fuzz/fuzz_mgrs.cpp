// Fuzzes geo::ParseMgrs, which reads grid references typed by people and found in source files.
// A reference that parses must describe a real square: a centre with finite, in-range latitude
// and longitude, a UTM zone 0–60, a precision −1–11 with the matching square size, and a
// canonical text that parses again to exactly the same square. The centre must also lie in its
// own square (distance 0) or, for a bare grid zone, in that zone — location validation measures
// coordinates against the square the same way, so a square that fails this would reject every
// location given with it.

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "geo/geo.h"

using civharm::geo::MgrsSquare;

namespace {

bool SameSquare(const MgrsSquare& a, const MgrsSquare& b) {
  return a.text == b.text && a.zone == b.zone && a.north == b.north && a.precision == b.precision &&
         a.size_m == b.size_m && a.corner_x == b.corner_x && a.corner_y == b.corner_y &&
         a.center == b.center;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace geo = civharm::geo;
  auto sq = geo::ParseMgrs(civharm::fuzz::AsText(data, size));
  if (!sq) return 0;
  FUZZ_CHECK(geo::IsValidLatitude(sq->center.lat) && geo::IsValidLongitude(sq->center.lon));
  FUZZ_CHECK(sq->zone >= 0 && sq->zone <= 60);
  FUZZ_CHECK(sq->precision >= -1 && sq->precision <= 11);
  if (sq->precision >= 0) {
    FUZZ_CHECK(sq->size_m == std::pow(10.0, 5 - sq->precision));
    FUZZ_CHECK(std::isfinite(sq->corner_x) && std::isfinite(sq->corner_y));
  } else {
    FUZZ_CHECK(sq->size_m == 0);
  }

  auto again = geo::ParseMgrs(sq->text);
  FUZZ_CHECK(again && SameSquare(*again, *sq));

  auto inside = geo::DistanceOutsideSquare(*sq, sq->center);
  if (!inside) {
    std::fprintf(stderr, "%s: %s\n", sq->text.c_str(), inside.error().message().c_str());
  }
  // A millimetre covers the round trip through the projection; squares are 1 µm at the finest.
  FUZZ_CHECK(inside && *inside <= 1e-3);
  return 0;
}
