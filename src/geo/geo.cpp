#include "geo/geo.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/MGRS.hpp>
#include <GeographicLib/UTMUPS.hpp>
#include <fmt/format.h>

namespace civharm::geo {

namespace gl = GeographicLib;

bool IsValidLatitude(double lat) {
  return std::isfinite(lat) && lat >= -90 && lat <= 90;
}
bool IsValidLongitude(double lon) {
  return std::isfinite(lon) && lon >= -180 && lon <= 180;
}

namespace {

std::string Normalise(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // GeographicLib writes UTM zones with two digits; accept "4QFJ…" and store "04QFJ…".
  if (out.size() >= 2 && std::isdigit(static_cast<unsigned char>(out[0])) &&
      std::isalpha(static_cast<unsigned char>(out[1]))) {
    out.insert(out.begin(), '0');
  }
  return out;
}

// The grid zone designator ("38S", or "A"/"B"/"Y"/"Z" in the polar regions) of a canonical ref.
std::string GridZone(const std::string& canonical) {
  const size_t letters = canonical.find_first_not_of("0123456789");
  return canonical.substr(0, letters == std::string::npos ? canonical.size() : letters + 1);
}

}  // namespace

Result<MgrsSquare> ParseMgrs(std::string_view text) {
  const std::string canonical = Normalise(text);
  if (canonical.empty()) {
    return std::unexpected(InvalidArgument("an MGRS grid reference cannot be empty"));
  }
  // GeographicLib finds letters with strchr, which also "finds" the terminating NUL.
  if (canonical.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}' is not an MGRS grid reference: only digits and letters", text)));
  }
  // Around Svalbard the grid has no zones 32X, 34X and 36X (their area belongs to 31X–37X).
  if (const std::string zone = GridZone(canonical);
      zone == "32X" || zone == "34X" || zone == "36X") {
    return std::unexpected(InvalidArgument(fmt::format(
        "'{}' is not an MGRS grid reference: grid zone {} does not exist", text, zone)));
  }
  MgrsSquare sq;
  sq.text = canonical;
  try {
    double cx = 0, cy = 0;
    gl::MGRS::Reverse(canonical, sq.zone, sq.north, cx, cy, sq.precision, /*centerp=*/true);
    if (sq.zone == gl::UTMUPS::INVALID) {
      return std::unexpected(
          InvalidArgument(fmt::format("'{}' is not an MGRS grid reference", text)));
    }
    gl::UTMUPS::Reverse(sq.zone, sq.north, cx, cy, sq.center.lat, sq.center.lon);
    if (sq.precision >= 0) {
      int zone_unused = 0, prec_unused = 0;
      bool north_unused = true;
      gl::MGRS::Reverse(canonical, zone_unused, north_unused, sq.corner_x, sq.corner_y, prec_unused,
                        /*centerp=*/false);
      sq.size_m = std::pow(10.0, 5 - sq.precision);
    }
  } catch (const gl::GeographicErr& e) {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}' is not a valid MGRS grid reference: {}", text, e.what())));
  }
  return sq;
}

Result<std::string> ToMgrs(LatLon p, int precision) {
  if (!IsValidLatitude(p.lat) || !IsValidLongitude(p.lon)) {
    return std::unexpected(InvalidArgument("coordinates out of range"));
  }
  if (precision < 0 || precision > 11) {
    return std::unexpected(InvalidArgument("MGRS precision must be 0–11 digits"));
  }
  try {
    int zone = 0;
    bool north = true;
    double x = 0, y = 0;
    gl::UTMUPS::Forward(p.lat, p.lon, zone, north, x, y);
    std::string out;
    gl::MGRS::Forward(zone, north, x, y, p.lat, precision, out);
    return out;
  } catch (const gl::GeographicErr& e) {
    return std::unexpected(InvalidArgument(fmt::format("cannot express in MGRS: {}", e.what())));
  }
}

Result<double> DistanceOutsideSquare(const MgrsSquare& square, LatLon p) {
  if (!IsValidLatitude(p.lat) || !IsValidLongitude(p.lon)) {
    return std::unexpected(InvalidArgument("coordinates out of range"));
  }
  try {
    if (square.precision < 0) {
      int zone = 0;
      bool north = true;
      double x = 0, y = 0;
      gl::UTMUPS::Forward(p.lat, p.lon, zone, north, x, y);
      std::string ref;
      gl::MGRS::Forward(zone, north, x, y, p.lat, -1, ref);
      if (GridZone(ref) != square.text) {
        return std::unexpected(InvalidArgument(
            fmt::format("the point lies in grid zone {}, not in {}", GridZone(ref), square.text)));
      }
      return 0.0;
    }
    // Express the point in the square's own zone and hemisphere, then measure to the box.
    int zone = 0;
    bool north = true;
    double x = 0, y = 0;
    gl::UTMUPS::Forward(p.lat, p.lon, zone, north, x, y, square.zone);
    if (north != square.north) {
      int out_zone = 0;
      gl::UTMUPS::Transfer(zone, north, x, y, square.zone, square.north, x, y, out_zone);
    }
    const double dx = std::max({square.corner_x - x, 0.0, x - (square.corner_x + square.size_m)});
    const double dy = std::max({square.corner_y - y, 0.0, y - (square.corner_y + square.size_m)});
    return std::hypot(dx, dy);
  } catch (const gl::GeographicErr& e) {
    return std::unexpected(InvalidArgument(
        fmt::format("the point cannot be expressed in the grid reference's zone: {}", e.what())));
  }
}

double DistanceMeters(LatLon a, LatLon b) {
  double s12 = 0;
  gl::Geodesic::WGS84().Inverse(a.lat, a.lon, b.lat, b.lon, s12);
  return s12;
}

}  // namespace civharm::geo
