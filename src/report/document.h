// The report document: plain data that callers fill and report/report.h renders to HTML or PDF.
//
//   report::Document doc{.title = "Monthly civilian harm report", .language = "en"};
//   doc.blocks.push_back(report::Heading{.level = 1, .text = "Summary"});
//   doc.blocks.push_back(report::Paragraph{.text = "Twelve incidents were reported in May."});
//   doc.blocks.push_back(report::BarChart{
//       .caption = "Civilians killed by month", .categories = {"2024-04", "2024-05"},
//       .series = {{.name = "Killed", .values = {7, std::nullopt}}}});   // nullopt: no data
//   CIVHARM_RETURN_IF_ERROR(report::RenderPdf(doc, out));
//
// The document knows nothing about incidents or the database: service/ decides what goes in it,
// already redacted for the reader. Every text is UTF-8 and rendered as plain text (never as
// markup). Validate() states what a well-formed document is; both renderers call it first.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"

namespace civharm::report {

enum class Direction { kLtr, kRtl };

// Level 1 is a section, 2 a subsection, 3 a sub-subsection (the title is above all of them).
struct Heading {
  int level = 1;
  std::string text;
};

// One paragraph; a line feed inside it starts a new line.
struct Paragraph {
  std::string text;
};

// A row of headline numbers: "Civilians killed | 1,204 | best estimate, range 1,100–1,350".
struct KeyFigure {
  std::string label;
  std::string value;  // already formatted by the caller
  std::string note;   // may be empty
};
struct KeyFigures {
  std::vector<KeyFigure> figures;
};

enum class Alignment { kText, kNumeric };
struct Column {
  std::string label;
  Alignment alignment = Alignment::kText;  // numeric columns are right-aligned in any direction
};
// A table of already formatted cells; every row has one cell per column. In the PDF a long table
// continues on the next pages with its header repeated.
struct Table {
  std::string caption;  // may be empty
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  std::string footnote;  // may be empty
};

// Grouped bars: one group per category, one bar per series. A missing value is a gap, not zero.
struct BarSeries {
  std::string name;
  std::vector<std::optional<double>> values;  // one per category
};
struct BarChart {
  std::string caption;
  std::string x_label;  // may be empty
  std::string y_label;  // may be empty
  std::vector<std::string> categories;
  std::vector<BarSeries> series;
};

// A time series with uncertainty: the best value is a line, min..max a shaded band.
struct Estimate {
  double min = 0;
  double best = 0;
  double max = 0;
};
struct LineSeries {
  std::string name;
  std::vector<std::optional<Estimate>> points;  // one per x label; nullopt breaks the line
};
struct LineChart {
  std::string caption;
  std::string x_label;
  std::string y_label;
  std::vector<std::string> x_labels;  // e.g. "2024-01", in order
  std::vector<LineSeries> series;
};

struct LonLat {
  double lon = 0;
  double lat = 0;
};
struct BoundingBox {
  double min_lon = 0;
  double min_lat = 0;
  double max_lon = 0;
  double max_lat = 0;
};
struct MapPoint {
  double lat = 0;
  double lon = 0;
  double weight = 1;  // >= 0; the circle's area is proportional to it
  std::string label;  // may be empty
};
// Points on an equirectangular map with a graticule. Outlines (coastlines, borders) are drawn
// beneath the points and clipped to the box. The box does not cross the antimeridian.
struct PointMap {
  std::string caption;
  std::vector<MapPoint> points;
  std::optional<BoundingBox> bbox;  // when absent: the points' extent with a margin
  std::vector<std::vector<LonLat>> outlines;
};

using Block = std::variant<Heading, Paragraph, KeyFigures, Table, BarChart, LineChart, PointMap>;

// The few words the renderers write themselves; callers translate them with the document.
struct Labels {
  std::string data = "Data";  // the summary that opens a chart's data table (HTML)
  std::string label = "Label";
  std::string latitude = "Latitude";
  std::string longitude = "Longitude";
  std::string weight = "Weight";
  std::string minimum = "min";
  std::string best = "best";
  std::string maximum = "max";
};

struct Document {
  std::string title;
  std::string subtitle;                // may be empty
  std::string language = "en";         // BCP 47: "en", "fr", "ar", "fa-AF", "ku-Arab"
  std::optional<Direction> direction;  // when absent: from the language
  std::string generated_at;  // shown under the title as given, e.g. "2024-06-01 08:00 UTC"
  std::vector<Block> blocks;
  Labels labels;
};

// The direction the document is written in: its own, or right-to-left for languages and scripts
// written so (Arabic, Persian, Hebrew, Urdu, Pashto, ... and any "-Arab"/"-Hebr" script tag).
Direction DirectionOf(const Document& document);

// OK, or invalid_argument listing every problem with its field path, e.g. field
// "blocks[3].series[1].values" and message "12 values for 11 categories". Checks: valid UTF-8
// without control characters (line feeds only in paragraphs, cells and footnotes) in every
// text; a title; a well-formed language tag; heading level 1-3 and text; at least one figure,
// column, category or x label, and series; rows as wide as the columns; one value per category
// or x label; finite numbers; min <= best <= max; latitudes in [-90, 90], longitudes in
// [-180, 180], weights >= 0; a bbox with min < max.
Status Validate(const Document& document);

}  // namespace civharm::report
