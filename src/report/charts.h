// Internal to report/: lays out and draws the charts of a document on a Canvas, the same way for
// HTML and PDF. The caption is not part of the chart: the renderers write it as text.
//
//   ChartFrame frame{.width = 640, .font_size = 11, .direction = Direction::kRtl};
//   SvgCanvas svg(frame.width, ChartHeight(chart, frame), Direction::kRtl);
//   DrawChart(chart, frame, svg);
//
// In right-to-left documents bar and line charts run from right to left with the value axis on
// the right; maps are never mirrored.
#pragma once

#include <cstddef>

#include "report/canvas.h"
#include "report/document.h"

namespace civharm::report {

struct ChartFrame {
  double width = 640;
  double font_size = 11;
  Direction direction = Direction::kLtr;
};

// The height the chart takes at frame.width.
double ChartHeight(const BarChart& chart, const ChartFrame& frame);
double ChartHeight(const LineChart& chart, const ChartFrame& frame);
double ChartHeight(const PointMap& map, const ChartFrame& frame);

// Draws into the rectangle (0, 0)-(frame.width, ChartHeight(chart, frame)).
void DrawChart(const BarChart& chart, const ChartFrame& frame, Canvas& canvas);
void DrawChart(const LineChart& chart, const ChartFrame& frame, Canvas& canvas);
void DrawChart(const PointMap& map, const ChartFrame& frame, Canvas& canvas);

// Colours, shared by the charts and the renderers' stylesheets.
inline constexpr Rgb kTextColor{34, 34, 34};
inline constexpr Rgb kMutedColor{102, 102, 102};
inline constexpr Rgb kGridColor{221, 221, 221};
inline constexpr Rgb kWhite{255, 255, 255};
// The colour of the i-th series (Okabe and Ito's palette, told apart with colour blindness too).
Rgb SeriesColor(size_t i);

}  // namespace civharm::report
