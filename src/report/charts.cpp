// Bar and line charts: both put categories along x and values along y, so they share one axes
// layout (DrawAxes) and differ only in what they draw inside the plot.
#include "report/charts.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "report/scale.h"

namespace civharm::report {
namespace {

constexpr Rgb kAxisColor{136, 136, 136};

struct LegendItem {
  std::string_view name;
  Rgb color;
};

enum class CategoryLabels {
  kAll,      // every label, turned upright when they do not fit side by side (bar categories)
  kThinned,  // every k-th label side by side (time axes)
};

struct AxesSpec {
  std::string_view x_label;
  std::string_view y_label;
  const std::vector<std::string>* categories;
  double min_value;  // data range; the axis always includes zero
  double max_value;
  std::vector<LegendItem> legend;  // empty: no legend
  CategoryLabels labels;
};

// The plot area and its scales once the axes are laid out.
struct Plot {
  double left = 0, top = 0, width = 0, height = 0;
  Ticks y;
  size_t categories = 1;
  Direction direction = Direction::kLtr;

  // x of a fraction along the category axis: left to right, or right to left.
  double X(double t) const {
    return direction == Direction::kLtr ? left + t * width : left + (1 - t) * width;
  }
  // x of the middle of category i.
  double Slot(size_t i) const {
    return X((static_cast<double>(i) + 0.5) / static_cast<double>(categories));
  }
  double Y(double v) const { return top + height - (v - y.lo) / (y.hi - y.lo) * height; }
};

// Draws the legend in rows from the start side; returns the height it took.
double DrawLegend(const std::vector<LegendItem>& items, const ChartFrame& f, Canvas& canvas) {
  if (items.empty()) return 0;
  const double fs = f.font_size;
  const double swatch = fs * 0.9, gap = fs * 0.4, spacing = fs * 1.2, row_height = fs * 1.6;
  double x = 0, y = row_height / 2;
  for (const LegendItem& item : items) {
    const double w = swatch + gap + canvas.TextWidth(item.name, fs);
    if (x > 0 && x + w > f.width) {
      x = 0;
      y += row_height;
    }
    // Positions are measured from the start side and mirrored for right-to-left.
    const bool ltr = f.direction == Direction::kLtr;
    const double swatch_left = ltr ? x : f.width - x - swatch;
    canvas.Rect({swatch_left, y - swatch / 2}, swatch, swatch, {.fill = item.color});
    const double text_x = ltr ? x + swatch + gap : f.width - x - swatch - gap;
    canvas.Text({text_x, y}, item.name,
                {.size = fs, .h = ltr ? HAlign::kLeft : HAlign::kRight, .color = kTextColor});
    x += w + spacing;
  }
  return y + row_height / 2;
}

double MaxTextWidth(const std::vector<std::string>& texts, double size, Canvas& canvas) {
  double w = 0;
  for (const std::string& t : texts) w = std::max(w, canvas.TextWidth(t, size));
  return w;
}

// Lays out and draws everything but the data: legend, value grid and ticks, category labels and
// axis titles. Returns the plot to draw the data in.
Plot DrawAxes(const AxesSpec& spec, const ChartFrame& f, double height, Canvas& canvas) {
  const double fs = f.font_size;
  const bool ltr = f.direction == Direction::kLtr;
  Plot plot{.y = NiceTicks(std::min(0.0, spec.min_value), std::max(0.0, spec.max_value)),
            .categories = spec.categories->size(),
            .direction = f.direction};

  const double legend_height = DrawLegend(spec.legend, f, canvas);
  const std::vector<double> ticks = plot.y.Values();
  std::vector<std::string> tick_labels;
  for (const double v : ticks) tick_labels.push_back(FormatTick(v, plot.y.step));
  const double tick_width = MaxTextWidth(tick_labels, fs, canvas) + fs * 0.6;
  const double y_title_width = spec.y_label.empty() ? 0 : fs * 1.6;
  const double start_margin = y_title_width + tick_width;
  const double end_margin = fs;
  plot.width = f.width - start_margin - end_margin;
  plot.left = ltr ? start_margin : end_margin;

  // Category labels side by side when they fit; otherwise upright, or every k-th one.
  const double label_width = MaxTextWidth(*spec.categories, fs, canvas);
  const double slot = plot.width / static_cast<double>(plot.categories);
  const bool fits = label_width + fs * 0.5 <= slot;
  const bool upright = !fits && spec.labels == CategoryLabels::kAll;
  const size_t every =
      fits || upright ? 1 : static_cast<size_t>(std::ceil((label_width + fs) / slot));
  const double labels_height = upright ? std::min(label_width, height * 0.35) + fs * 0.6 : fs * 1.6;
  const double x_title_height = spec.x_label.empty() ? 0 : fs * 1.6;
  plot.top = legend_height + fs * 0.8;
  plot.height = height - plot.top - labels_height - x_title_height;

  // Value grid, tick labels beside the plot on the start side, and the zero line.
  const double tick_x = ltr ? plot.left - fs * 0.3 : plot.left + plot.width + fs * 0.3;
  for (size_t i = 0; i < ticks.size(); ++i) {
    const double y = plot.Y(ticks[i]);
    canvas.Line({plot.left, y}, {plot.left + plot.width, y},
                {.stroke = kGridColor, .stroke_width = fs / 20});
    canvas.Text({tick_x, y}, tick_labels[i],
                {.size = fs, .h = ltr ? HAlign::kRight : HAlign::kLeft, .color = kMutedColor});
  }
  canvas.Line({plot.left, plot.Y(0)}, {plot.left + plot.width, plot.Y(0)},
              {.stroke = kAxisColor, .stroke_width = fs / 12});

  const double labels_top = plot.top + plot.height + fs * 0.3;
  const TextStyle label_style =
      upright ? TextStyle{.size = fs, .h = HAlign::kRight, .vertical = true, .color = kMutedColor}
              : TextStyle{.size = fs, .h = HAlign::kCenter, .v = VAlign::kTop, .color = kMutedColor};
  for (size_t i = 0; i < plot.categories; i += every) {
    canvas.Text({plot.Slot(i), labels_top}, (*spec.categories)[i], label_style);
  }
  if (!spec.x_label.empty()) {
    canvas.Text({plot.left + plot.width / 2, height - fs * 0.2}, spec.x_label,
                {.size = fs, .h = HAlign::kCenter, .v = VAlign::kBottom, .color = kTextColor});
  }
  if (!spec.y_label.empty()) {
    const double x = ltr ? fs * 0.7 : f.width - fs * 0.7;
    canvas.Text({x, plot.top + plot.height / 2}, spec.y_label,
                {.size = fs, .h = HAlign::kCenter, .vertical = true, .color = kTextColor});
  }
  return plot;
}

template <typename Series>
std::vector<LegendItem> LegendOf(const std::vector<Series>& series) {
  if (series.size() == 1 && series[0].name.empty()) return {};
  std::vector<LegendItem> items;
  for (size_t i = 0; i < series.size(); ++i) items.push_back({series[i].name, SeriesColor(i)});
  return items;
}

}  // namespace

Rgb SeriesColor(size_t i) {
  constexpr std::array<Rgb, 8> kPalette = {{{0, 114, 178},
                                            {230, 159, 0},
                                            {0, 158, 115},
                                            {213, 94, 0},
                                            {204, 121, 167},
                                            {86, 180, 233},
                                            {240, 228, 66},
                                            {0, 0, 0}}};
  return kPalette[i % kPalette.size()];
}

double ChartHeight(const BarChart&, const ChartFrame& frame) {
  return frame.width * 0.5;
}

double ChartHeight(const LineChart&, const ChartFrame& frame) {
  return frame.width * 0.5;
}

void DrawChart(const BarChart& chart, const ChartFrame& frame, Canvas& canvas) {
  double lo = 0, hi = 0;
  for (const BarSeries& s : chart.series) {
    for (const auto& v : s.values) {
      if (!v) continue;
      lo = std::min(lo, *v);
      hi = std::max(hi, *v);
    }
  }
  const Plot plot = DrawAxes({.x_label = chart.x_label,
                              .y_label = chart.y_label,
                              .categories = &chart.categories,
                              .min_value = lo,
                              .max_value = hi,
                              .legend = LegendOf(chart.series),
                              .labels = CategoryLabels::kAll},
                             frame, ChartHeight(chart, frame), canvas);
  // Each group fills 80% of its slot; each bar 85% of its share of the group.
  const double n = static_cast<double>(chart.categories.size());
  const double m = static_cast<double>(chart.series.size());
  const double share = 0.8 / m;
  for (size_t s = 0; s < chart.series.size(); ++s) {
    for (size_t c = 0; c < chart.categories.size(); ++c) {
      const auto& v = chart.series[s].values[c];
      if (!v) continue;  // a gap: no data is not zero
      const double start = (static_cast<double>(c) + 0.1 + share * static_cast<double>(s)) / n;
      const double x0 = plot.X(start), x1 = plot.X(start + share * 0.85 / n);
      const double y0 = plot.Y(*v), y1 = plot.Y(0);
      canvas.Rect({std::min(x0, x1), std::min(y0, y1)}, std::abs(x1 - x0), std::abs(y1 - y0),
                  {.fill = SeriesColor(s)});
    }
  }
}

void DrawChart(const LineChart& chart, const ChartFrame& frame, Canvas& canvas) {
  double lo = 0, hi = 0;
  for (const LineSeries& s : chart.series) {
    for (const auto& p : s.points) {
      if (!p) continue;
      lo = std::min(lo, p->min);
      hi = std::max(hi, p->max);
    }
  }
  const Plot plot = DrawAxes({.x_label = chart.x_label,
                              .y_label = chart.y_label,
                              .categories = &chart.x_labels,
                              .min_value = lo,
                              .max_value = hi,
                              .legend = LegendOf(chart.series),
                              .labels = CategoryLabels::kThinned},
                             frame, ChartHeight(chart, frame), canvas);
  const double fs = frame.font_size;
  const bool markers = chart.x_labels.size() <= 24;
  // Bands first, so that no band covers another series' line.
  for (const bool bands : {true, false}) {
    for (size_t s = 0; s < chart.series.size(); ++s) {
      const auto& points = chart.series[s].points;
      const Rgb color = SeriesColor(s);
      // One band and one line per run of consecutive points; a missing point breaks both.
      for (size_t begin = 0; begin < points.size();) {
        if (!points[begin]) {
          ++begin;
          continue;
        }
        size_t end = begin;
        while (end < points.size() && points[end]) ++end;
        std::vector<Point> outline, line;
        for (size_t i = begin; i < end; ++i) {
          const double x = plot.Slot(i);
          outline.push_back({x, plot.Y(points[i]->max)});
          line.push_back({x, plot.Y(points[i]->best)});
        }
        for (size_t i = end; i-- > begin;) {
          outline.push_back({plot.Slot(i), plot.Y(points[i]->min)});
        }
        if (bands && line.size() == 1) {
          canvas.Line(outline.front(), outline.back(), {.stroke = color, .stroke_width = fs * 0.3});
        } else if (bands) {
          canvas.Path(outline, true, {.fill = color, .fill_opacity = 0.2});
        } else {
          canvas.Path(line, false, {.stroke = color, .stroke_width = fs * 0.16});
          if (markers || line.size() == 1) {
            for (const Point& p : line) canvas.Circle(p, fs * 0.22, {.fill = color});
          }
        }
        begin = end;
      }
    }
  }
}

}  // namespace civharm::report
