// Internal to report/: axis and map arithmetic shared by the chart layouts: round tick steps,
// tick and degree labels, the box a map shows.
//
//   Ticks t = NiceTicks(0, 87);          // {0, 100, 20}: 0, 20, ..., 100
//   FormatTick(12000, 2000)              // "12 000" (narrow no-break space between thousands)
//   FormatDegrees(36.5, Axis::kLon, 0.5) // "\u200e36.5°E"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/document.h"

namespace civharm::report {

struct Ticks {
  double lo = 0;
  double hi = 1;
  double step = 1;
  std::vector<double> Values() const;  // lo, lo + step, ..., hi
};

// Starts labels that must read left to right in right-to-left text too: without it "-5" shows as
// "5-" and "36.5°E" as "E36.5°" there.
inline constexpr std::string_view kLeftToRightMark = "\u200e";

// About five round steps (1, 2, 2.5 or 5 times a power of ten) covering [lo, hi]; lo <= hi.
Ticks NiceTicks(double lo, double hi);

// `v` with as many decimals as `step` needs, thousands grouped from 10 000 on; a negative value
// starts with kLeftToRightMark.
std::string FormatTick(double v, double step);

enum class Axis { kLon, kLat };
// The graticule step for a span of degrees: 3 to 8 lines across it.
double GraticuleStep(double span_degrees);
// "12°N", "0.25°S", "36.5°E", "0°", each after kLeftToRightMark.
std::string FormatDegrees(double v, Axis axis, double step);

// The box a map shows: its own, or its points' extent (the outlines' when it has no points, the
// world when it has neither) with a margin, never smaller than 0.2 degrees across.
BoundingBox MapBox(const PointMap& map);

}  // namespace civharm::report
