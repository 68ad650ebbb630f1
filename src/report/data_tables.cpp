#include "report/data_tables.h"

#include <optional>

#include "core/strings.h"

namespace civharm::report {
namespace {

std::string Cell(const std::optional<double>& v) {
  return v ? FormatDouble(*v) : std::string();
}

// "Killed (min)", or just "min" for a chart's only, unnamed series.
std::string SeriesColumn(const std::string& series, const std::string& what) {
  return series.empty() ? what : series + " (" + what + ")";
}

}  // namespace

Table DataTable(const BarChart& chart, const Labels&) {
  Table t{.columns = {{.label = chart.x_label}}};
  for (const BarSeries& s : chart.series) {
    t.columns.push_back({.label = s.name, .alignment = Alignment::kNumeric});
  }
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    std::vector<std::string>& row = t.rows.emplace_back(1, chart.categories[c]);
    for (const BarSeries& s : chart.series) row.push_back(Cell(s.values[c]));
  }
  return t;
}

Table DataTable(const LineChart& chart, const Labels& labels) {
  Table t{.columns = {{.label = chart.x_label}}};
  for (const LineSeries& s : chart.series) {
    for (const std::string* what : {&labels.minimum, &labels.best, &labels.maximum}) {
      t.columns.push_back({.label = SeriesColumn(s.name, *what), .alignment = Alignment::kNumeric});
    }
  }
  for (size_t i = 0; i < chart.x_labels.size(); ++i) {
    std::vector<std::string>& row = t.rows.emplace_back(1, chart.x_labels[i]);
    for (const LineSeries& s : chart.series) {
      const std::optional<Estimate>& e = s.points[i];
      row.push_back(Cell(e ? std::optional(e->min) : std::nullopt));
      row.push_back(Cell(e ? std::optional(e->best) : std::nullopt));
      row.push_back(Cell(e ? std::optional(e->max) : std::nullopt));
    }
  }
  return t;
}

Table DataTable(const PointMap& map, const Labels& labels) {
  Table t{.columns = {{.label = labels.label},
                      {.label = labels.latitude, .alignment = Alignment::kNumeric},
                      {.label = labels.longitude, .alignment = Alignment::kNumeric},
                      {.label = labels.weight, .alignment = Alignment::kNumeric}}};
  for (const MapPoint& p : map.points) {
    t.rows.push_back({p.label, FormatDouble(p.lat), FormatDouble(p.lon), FormatDouble(p.weight)});
  }
  return t;
}

}  // namespace civharm::report
