// Internal to report/: the numbers of a chart as a Table, so that a reader who cannot see the
// chart (or wants the exact figures) reads them as text. Values are written exactly, in their
// shortest form ("12.5", "1204"); a missing value is an empty cell.
//
//   Table t = DataTable(bar_chart, doc.labels);   // a row per category, a column per series
#pragma once

#include "report/document.h"

namespace civharm::report {

Table DataTable(const BarChart& chart, const Labels& labels);
// A row per x label; min, best and max columns for each series.
Table DataTable(const LineChart& chart, const Labels& labels);
// A row per point: label, latitude, longitude, weight.
Table DataTable(const PointMap& map, const Labels& labels);

}  // namespace civharm::report
