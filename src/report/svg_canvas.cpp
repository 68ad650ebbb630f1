#include "report/svg_canvas.h"

#include <fmt/format.h>

#include "report/markup.h"

namespace civharm::report {
namespace {

// Coordinates with two decimals at most: "12.5", not "12.500000".
std::string N(double v) {
  std::string s = fmt::format("{:.2f}", v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string Hex(Rgb c) {
  return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

SvgCanvas::SvgCanvas(double width, double height, Direction direction, std::string_view title)
    : direction_(direction) {
  svg_ = fmt::format(R"(<svg class="chart" viewBox="0 0 {0} {1}" width="{0}" height="{1}" )"
                     R"(role="img" aria-label="{2}">)",
                     N(width), N(height), Escaped(title));
}

double SvgCanvas::TextWidth(std::string_view text, double size) {
  return static_cast<double>(CodePoints(text)) * size * 0.55;
}

void SvgCanvas::Text(Point at, std::string_view text, const TextStyle& style) {
  // text-anchor follows the text's direction ("start" is the right end of right-to-left text),
  // so physical alignments are turned into logical ones here.
  const bool ltr = direction_ == Direction::kLtr;
  const char* anchor = style.h == HAlign::kCenter          ? "middle"
                       : (style.h == HAlign::kLeft) == ltr ? "start"
                                                           : "end";
  const char* dy = style.v == VAlign::kTop      ? "0.8em"
                   : style.v == VAlign::kBottom ? "-0.25em"
                                                : "0.35em";
  svg_ += fmt::format(R"(<text x="{}" y="{}" dy="{}" font-size="{}" text-anchor="{}" fill="{}")",
                      N(at.x), N(at.y), dy, N(style.size), anchor, Hex(style.color));
  if (style.bold) svg_ += R"( font-weight="bold")";
  if (style.vertical)
    svg_ += fmt::format(R"svg( transform="rotate(-90 {} {})")svg", N(at.x), N(at.y));
  svg_ += '>';
  AppendEscaped(svg_, text);
  svg_ += "</text>";
}

void SvgCanvas::Path(std::span<const Point> points, bool closed, const Style& style) {
  if (points.empty()) return;
  svg_ += R"(<path d=")";
  for (size_t i = 0; i < points.size(); ++i) {
    svg_ += fmt::format("{}{} {}", i == 0 ? "M" : "L", N(points[i].x), N(points[i].y));
  }
  if (closed) svg_ += 'Z';
  svg_ += '"';
  AppendStyle(style);
  svg_ += "/>";
}

void SvgCanvas::Circle(Point center, double radius, const Style& style) {
  svg_ += fmt::format(R"(<circle cx="{}" cy="{}" r="{}")", N(center.x), N(center.y), N(radius));
  AppendStyle(style);
  svg_ += "/>";
}

// A nested <svg> clips to its viewport; a viewBox equal to that viewport keeps the coordinates of
// what is inside unchanged, so no clipPath (and no document-wide id) is needed.
void SvgCanvas::PushClip(Point top_left, double width, double height) {
  svg_ += fmt::format(R"(<svg x="{0}" y="{1}" width="{2}" height="{3}" viewBox="{0} {1} {2} {3}">)",
                      N(top_left.x), N(top_left.y), N(width), N(height));
}

void SvgCanvas::PopClip() {
  svg_ += "</svg>";
}

std::string SvgCanvas::Finish() {
  svg_ += "</svg>";
  return std::move(svg_);
}

void SvgCanvas::AppendStyle(const Style& style) {
  svg_ += fmt::format(R"( fill="{}")", style.fill ? Hex(*style.fill) : "none");
  if (style.fill && style.fill_opacity < 1) {
    svg_ += fmt::format(R"( fill-opacity="{}")", N(style.fill_opacity));
  }
  if (style.stroke) {
    svg_ +=
        fmt::format(R"( stroke="{}" stroke-width="{}")", Hex(*style.stroke), N(style.stroke_width));
    if (style.dashed) {
      svg_ += fmt::format(R"( stroke-dasharray="{} {}")", N(style.stroke_width * 4),
                          N(style.stroke_width * 3));
    }
  }
}

}  // namespace civharm::report
