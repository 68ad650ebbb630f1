// Point maps: an equirectangular projection whose standard parallel is the middle of the box, so
// that distances east-west and north-south look alike near the area the map shows.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <numeric>
#include <vector>

#include "core/strings.h"
#include "report/charts.h"
#include "report/scale.h"

namespace civharm::report {
namespace {

constexpr Rgb kSea{244, 248, 251};
constexpr Rgb kLand{233, 230, 223};
constexpr Rgb kBorder{160, 154, 144};
constexpr Rgb kGraticule{150, 165, 180};
constexpr Rgb kPoint{213, 94, 0};
constexpr Rgb kPointEdge{140, 61, 0};

double Cosine(double lat_degrees) {
  return std::cos(std::clamp(lat_degrees, -85.0, 85.0) * std::numbers::pi / 180);
}

// Degrees of the box to points of the chart. The whole chart is map: the box is centred and the
// view widened on the axis where the chart has room to spare.
class Projection {
 public:
  Projection(const BoundingBox& box, double width, double height)
      : width_(width),
        height_(height),
        center_lon_((box.min_lon + box.max_lon) / 2),
        center_lat_((box.min_lat + box.max_lat) / 2),
        k_(Cosine(center_lat_)),
        scale_(std::min(width / ((box.max_lon - box.min_lon) * k_),
                        height / (box.max_lat - box.min_lat))) {}

  Point operator()(double lon, double lat) const {
    return {width_ / 2 + (lon - center_lon_) * scale_ * k_,
            height_ / 2 - (lat - center_lat_) * scale_};
  }
  // The degrees the chart shows, wider than the box on one axis.
  double MinLon() const { return center_lon_ - width_ / 2 / (scale_ * k_); }
  double MaxLon() const { return center_lon_ + width_ / 2 / (scale_ * k_); }
  double MinLat() const { return center_lat_ - height_ / 2 / scale_; }
  double MaxLat() const { return center_lat_ + height_ / 2 / scale_; }

 private:
  double width_, height_, center_lon_, center_lat_, k_, scale_;
};

// Multiples of `step` strictly inside (lo, hi).
std::vector<double> Multiples(double lo, double hi, double step) {
  std::vector<double> out;
  for (double v = std::floor(lo / step + 1) * step; v < hi - step * 1e-9; v += step) {
    out.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  }
  return out;
}

// A label on a white ground, so that it stays readable over lines and land.
void Label(Canvas& canvas, Point at, std::string_view text, double size, HAlign h, VAlign v) {
  const double w = canvas.TextWidth(text, size), pad = size * 0.2;
  const double left = h == HAlign::kLeft ? at.x : h == HAlign::kRight ? at.x - w : at.x - w / 2;
  const double top = v == VAlign::kTop      ? at.y
                     : v == VAlign::kBottom ? at.y - size * 1.2
                                            : at.y - size * 0.6;
  canvas.Rect({left - pad, top}, w + 2 * pad, size * 1.2, {.fill = kWhite, .fill_opacity = 0.75});
  canvas.Text(at, text, {.size = size, .h = h, .v = v, .color = kMutedColor});
}

}  // namespace

double ChartHeight(const PointMap& map, const ChartFrame& frame) {
  const BoundingBox box = MapBox(map);
  const double aspect = (box.max_lat - box.min_lat) /
                        ((box.max_lon - box.min_lon) * Cosine((box.min_lat + box.max_lat) / 2));
  return frame.width * std::clamp(aspect, 0.4, 0.9);
}

void DrawChart(const PointMap& map, const ChartFrame& frame, Canvas& canvas) {
  const double fs = frame.font_size, width = frame.width, height = ChartHeight(map, frame);
  const Projection project(MapBox(map), width, height);
  canvas.PushClip({0, 0}, width, height);
  canvas.Rect({0, 0}, width, height, {.fill = kSea});

  // Outlines whose ends meet are land; the others are lines (borders, rivers).
  for (const auto& outline : map.outlines) {
    if (outline.size() < 2) continue;
    std::vector<Point> points;
    for (const LonLat& p : outline) points.push_back(project(p.lon, p.lat));
    const bool closed =
        outline.front().lon == outline.back().lon && outline.front().lat == outline.back().lat;
    canvas.Path(points, closed,
                {.fill = closed ? std::optional(kLand) : std::nullopt,
                 .stroke = kBorder,
                 .stroke_width = fs / 16});
  }

  // The graticule, labelled inside the frame: latitudes on the left, longitudes at the bottom.
  const double lon_step = GraticuleStep(project.MaxLon() - project.MinLon());
  const double lat_step = GraticuleStep(project.MaxLat() - project.MinLat());
  const Style graticule{.stroke = kGraticule, .stroke_width = fs / 20, .dashed = true};
  const double label_size = fs * 0.8;
  for (const double lat : Multiples(project.MinLat(), project.MaxLat(), lat_step)) {
    const double y = project(0, lat).y;
    canvas.Line({0, y}, {width, y}, graticule);
    Label(canvas, {fs * 0.3, y}, FormatDegrees(lat, Axis::kLat, lat_step), label_size,
          HAlign::kLeft, VAlign::kMiddle);
  }
  for (const double lon : Multiples(project.MinLon(), project.MaxLon(), lon_step)) {
    const double x = project(lon, 0).x;
    canvas.Line({x, 0}, {x, height}, graticule);
    Label(canvas, {x, height - fs * 0.3}, FormatDegrees(lon, Axis::kLon, lon_step), label_size,
          HAlign::kCenter, VAlign::kBottom);
  }

  // Circles with areas proportional to weight, the largest drawn first so none hides a smaller
  // one. A point of weight 0 is still shown as a dot.
  double max_weight = 0;
  for (const MapPoint& p : map.points) max_weight = std::max(max_weight, p.weight);
  const double max_radius = std::clamp(std::min(width, height) * 0.05, fs * 0.4, fs * 2);
  auto radius = [&](double weight) {
    const double r = max_weight > 0 ? max_radius * std::sqrt(weight / max_weight) : 0;
    return std::max(r, fs * 0.08);
  };
  std::vector<size_t> order(map.points.size());
  std::iota(order.begin(), order.end(), 0);
  std::ranges::stable_sort(order, std::greater<>{}, [&](size_t i) { return map.points[i].weight; });
  const Style circle{
      .fill = kPoint, .fill_opacity = 0.55, .stroke = kPointEdge, .stroke_width = fs / 20};
  for (const size_t i : order) {
    canvas.Circle(project(map.points[i].lon, map.points[i].lat), radius(map.points[i].weight),
                  circle);
  }
  // Names beside the points when there are few enough to read, on the reading side.
  if (map.points.size() <= 15) {
    const bool ltr = frame.direction == Direction::kLtr;
    for (const MapPoint& p : map.points) {
      if (p.label.empty()) continue;
      const Point at = project(p.lon, p.lat);
      const double offset = radius(p.weight) + fs * 0.3;
      Label(canvas, {at.x + (ltr ? offset : -offset), at.y}, p.label, label_size,
            ltr ? HAlign::kLeft : HAlign::kRight, VAlign::kMiddle);
    }
  }
  // A key to the circles: the largest weight and its circle, in the top right corner, away from
  // the latitude labels.
  if (max_weight > 0) {
    const std::string text = FormatDouble(max_weight);
    const double key_width = 2 * max_radius + fs * 0.4 + canvas.TextWidth(text, label_size);
    const double left = width - key_width - fs * 0.6;
    const double cy = fs * 0.5 + max_radius;
    canvas.Rect({left - fs * 0.3, fs * 0.2}, key_width + fs * 0.6, 2 * max_radius + fs * 0.6,
                {.fill = kWhite, .fill_opacity = 0.75});
    canvas.Circle({left + max_radius, cy}, max_radius, circle);
    canvas.Text({left + 2 * max_radius + fs * 0.4, cy}, text,
                {.size = label_size, .color = kTextColor});
  }
  canvas.PopClip();
  canvas.Rect({0, 0}, width, height, {.stroke = kBorder, .stroke_width = fs / 16});
}

}  // namespace civharm::report
