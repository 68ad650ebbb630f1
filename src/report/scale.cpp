#include "report/scale.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace civharm::report {
namespace {

// Decimals needed to write multiples of `step` exactly (0.25 → 2, 5 → 0).
int DecimalsOf(double step) {
  for (int d = 0; d < 6; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::abs(scaled - std::round(scaled)) < 1e-9 * std::max(1.0, scaled)) return d;
  }
  return 6;
}

// Groups the integer digits of a formatted number by three with U+202F (narrow no-break space),
// the separator that reads the same in every language.
std::string GroupThousands(const std::string& digits) {
  std::string s = digits;
  const size_t start = !s.empty() && s.front() == '-' ? 1 : 0;
  size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  for (size_t i = end; i > start + 3; i -= 3) s.insert(i - 3, "\u202f");
  return s;
}

}  // namespace

std::vector<double> Ticks::Values() const {
  std::vector<double> out;
  const auto n = static_cast<int>(std::round((hi - lo) / step));
  for (int i = 0; i <= n; ++i) out.push_back(lo + i * step);
  return out;
}

Ticks NiceTicks(double lo, double hi) {
  if (hi - lo <= 0) hi = lo + 1;
  const double raw = (hi - lo) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = 10 * magnitude;
  for (const double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  }
  // A tolerance keeps 0.30000000000000004 / 0.1 from becoming four steps.
  return {.lo = std::floor(lo / step + 1e-9) * step,
          .hi = std::ceil(hi / step - 1e-9) * step,
          .step = step};
}

std::string FormatTick(double v, double step) {
  if (std::abs(v) < step * 1e-9) v = 0;  // no "-0"
  std::string s = fmt::format("{:.{}f}", v, DecimalsOf(step));
  if (std::abs(v) >= 10000) s = GroupThousands(s);
  return v < 0 ? std::string(kLeftToRightMark) + s : s;
}

double GraticuleStep(double span_degrees) {
  constexpr std::array<double, 15> kSteps = {90,  45,   30,  20,   10,    5,    2,    1,
                                             0.5, 0.25, 0.1, 0.05, 0.025, 0.01, 0.005};
  for (const double step : kSteps) {
    if (span_degrees / step >= 3) return step;
  }
  return kSteps.back();
}

std::string FormatDegrees(double v, Axis axis, double step) {
  const int decimals = DecimalsOf(step);
  if (std::abs(v) < step * 1e-9) return fmt::format("{}{:.{}f}°", kLeftToRightMark, 0.0, decimals);
  const char* hemisphere = axis == Axis::kLon ? (v < 0 ? "W" : "E") : (v < 0 ? "S" : "N");
  return fmt::format("{}{:.{}f}°{}", kLeftToRightMark, std::abs(v), decimals, hemisphere);
}

BoundingBox MapBox(const PointMap& map) {
  if (map.bbox) return *map.bbox;
  std::vector<LonLat> where;
  for (const MapPoint& p : map.points) where.push_back({p.lon, p.lat});
  if (where.empty()) {
    for (const auto& outline : map.outlines)
      where.insert(where.end(), outline.begin(), outline.end());
  }
  if (where.empty()) return {-180, -90, 180, 90};
  const auto [min_lon, max_lon] = std::ranges::minmax(where, {}, &LonLat::lon);
  const auto [min_lat, max_lat] = std::ranges::minmax(where, {}, &LonLat::lat);
  // Widens [lo, hi] by a tenth on each side and to at least 0.2 degrees, within [-limit, limit].
  auto widen = [](double lo, double hi, double limit) {
    const double margin = std::max((hi - lo) * 0.1, std::max(0.0, 0.2 - (hi - lo)) / 2);
    return std::pair{std::max(-limit, lo - margin), std::min(limit, hi + margin)};
  };
  const auto lon = widen(min_lon.lon, max_lon.lon, 180);
  const auto lat = widen(min_lat.lat, max_lat.lat, 90);
  return {lon.first, lat.first, lon.second, lat.second};
}

}  // namespace civharm::report
