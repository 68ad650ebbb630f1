// Internal to report/: a Canvas that writes an inline SVG element for the HTML report.
//
//   SvgCanvas svg(640, 320, Direction::kLtr, "Civilians killed by month");
//   DrawChart(chart, frame, svg);
//   html += svg.Finish();
//
// Text is escaped; its font comes from the page's stylesheet. Text widths are estimated from the
// number of characters, which is all the layout needs.
#pragma once

#include <string>
#include <string_view>

#include "report/canvas.h"
#include "report/document.h"

namespace civharm::report {

class SvgCanvas final : public Canvas {
 public:
  // `title` labels the image for screen readers.
  SvgCanvas(double width, double height, Direction direction, std::string_view title);

  double TextWidth(std::string_view text, double size) override;
  void Text(Point at, std::string_view text, const TextStyle& style) override;
  void Path(std::span<const Point> points, bool closed, const Style& style) override;
  void Circle(Point center, double radius, const Style& style) override;
  void PushClip(Point top_left, double width, double height) override;
  void PopClip() override;

  // The complete <svg> element; the canvas is spent.
  std::string Finish();

 private:
  void AppendStyle(const Style& style);

  Direction direction_;
  std::string svg_;
};

}  // namespace civharm::report
