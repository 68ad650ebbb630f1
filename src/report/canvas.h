// Internal to report/: the few drawing operations charts need, so that each chart is laid out
// once (charts.cpp) and drawn by two backends: SVG text for HTML (svg_canvas.h) and cairo with
// pango for PDF (cairo_canvas.h).
//
// Coordinates are in the backend's units (SVG user units, PDF points), y growing downwards.
// Alignments are physical (left is left in any direction); text itself is laid out in the
// canvas' direction, so a right-to-left label keeps its own word order.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace civharm::report {

struct Point {
  double x = 0;
  double y = 0;
};

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
};

struct Style {
  std::optional<Rgb> fill;
  double fill_opacity = 1;
  std::optional<Rgb> stroke;
  double stroke_width = 1;
  bool dashed = false;
};

enum class HAlign { kLeft, kCenter, kRight };
enum class VAlign { kTop, kMiddle, kBottom };

struct TextStyle {
  double size = 10;
  HAlign h = HAlign::kLeft;
  VAlign v = VAlign::kMiddle;
  bool bold = false;
  bool vertical = false;  // turned a quarter anticlockwise, reading bottom to top
  Rgb color{};
};

class Canvas {
 public:
  virtual ~Canvas() = default;

  // The width `text` takes at `size`, for layout; an estimate is acceptable.
  virtual double TextWidth(std::string_view text, double size) = 0;
  // One line of text anchored at `at` as `style` says.
  virtual void Text(Point at, std::string_view text, const TextStyle& style) = 0;
  // A polyline, or a polygon when `closed`.
  virtual void Path(std::span<const Point> points, bool closed, const Style& style) = 0;
  virtual void Circle(Point center, double radius, const Style& style) = 0;
  // Drawing between PushClip and the matching PopClip shows only inside the rectangle.
  virtual void PushClip(Point top_left, double width, double height) = 0;
  virtual void PopClip() = 0;

  void Line(Point a, Point b, const Style& style) {
    const Point points[] = {a, b};
    Path(points, false, style);
  }
  void Rect(Point top_left, double width, double height, const Style& style) {
    const Point points[] = {top_left,
                            {top_left.x + width, top_left.y},
                            {top_left.x + width, top_left.y + height},
                            {top_left.x, top_left.y + height}};
    Path(points, true, style);
  }
};

}  // namespace civharm::report
