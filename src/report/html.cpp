// RenderHtml: one page with its stylesheet inline and its charts as inline SVG. The page's
// Content-Security-Policy forbids scripts and every external resource, so it stays self-contained
// even if some text slipped through unescaped.
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "report/charts.h"
#include "report/data_tables.h"
#include "report/markup.h"
#include "report/report.h"
#include "report/svg_canvas.h"

namespace civharm::report {
namespace {

constexpr std::string_view kStyle = R"(
:root{color:#222;background:#fff;font-family:"Noto Sans","Noto Sans Arabic","DejaVu Sans",system-ui,sans-serif;line-height:1.5}
body{margin:0}
main{max-width:52rem;margin:0 auto;padding:2rem 1.5rem}
h1{font-size:1.9rem;line-height:1.25;margin:0 0 .3rem}
h2{font-size:1.45rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #ddd}
h3{font-size:1.2rem;margin:1.5rem 0 .4rem}
h4{font-size:1.05rem;margin:1.2rem 0 .3rem}
header{border-bottom:2px solid #ddd;margin-bottom:1.5rem;padding-bottom:.6rem}
.subtitle{font-size:1.2rem;color:#555;margin:0}
.generated{font-size:.9rem;color:#666;margin:.3rem 0 0}
p,.footnote{white-space:pre-line}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:1rem 0}
.figures div{background:#f6f6f6;border:1px solid #ddd;border-radius:4px;padding:.6rem .8rem}
.figures dt{color:#555;font-size:.9rem}
.figures dd{margin:0}
.figures .value{font-size:1.6rem;font-weight:bold}
.figures .note{color:#666;font-size:.85rem}
figure{margin:1.5rem 0}
figcaption,caption{font-weight:bold;text-align:start;margin-bottom:.4rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.25rem .5rem;border-bottom:1px solid #e3e3e3;text-align:start;vertical-align:top}
thead th{border-bottom:2px solid #999}
.num{text-align:right;font-variant-numeric:tabular-nums}
.footnote{font-size:.85rem;color:#555;margin:.4rem 0 0}
svg.chart{display:block;max-width:100%;height:auto}
details{margin-top:.5rem}
summary{color:#555;cursor:pointer}
@page{size:A4;margin:2cm}
@media print{main{max-width:none;padding:0}figure.chart{break-inside:avoid}}
)";

// Charts are laid out in these units and scaled to the page's width by the browser.
constexpr ChartFrame kChartFrame{.width = 640, .font_size = 11};

class BlockWriter {
 public:
  BlockWriter(std::string& html, const Document& document)
      : html_(html), labels_(document.labels), direction_(DirectionOf(document)) {}

  void operator()(const Heading& h) {
    html_ += fmt::format("<h{}>{}</h{}>\n", h.level + 1, Escaped(h.text), h.level + 1);
  }

  void operator()(const Paragraph& p) { html_ += fmt::format("<p>{}</p>\n", Escaped(p.text)); }

  void operator()(const KeyFigures& k) {
    html_ += "<dl class=\"figures\">";
    for (const KeyFigure& f : k.figures) {
      html_ += fmt::format(R"(<div><dt>{}</dt><dd class="value">{}</dd>)", Escaped(f.label),
                           Escaped(f.value));
      if (!f.note.empty()) html_ += fmt::format(R"(<dd class="note">{}</dd>)", Escaped(f.note));
      html_ += "</div>";
    }
    html_ += "</dl>\n";
  }

  void operator()(const Table& t) {
    html_ += "<figure class=\"table\">";
    AppendTable(t);
    if (!t.footnote.empty()) {
      html_ += fmt::format(R"(<p class="footnote">{}</p>)", Escaped(t.footnote));
    }
    html_ += "</figure>\n";
  }

  template <typename Chart>
  void operator()(const Chart& chart) {
    ChartFrame frame = kChartFrame;
    frame.direction = direction_;
    SvgCanvas svg(frame.width, ChartHeight(chart, frame), direction_, chart.caption);
    DrawChart(chart, frame, svg);
    html_ += "<figure class=\"chart\">";
    if (!chart.caption.empty()) {
      html_ += fmt::format("<figcaption>{}</figcaption>", Escaped(chart.caption));
    }
    html_ += svg.Finish();
    html_ += fmt::format("<details><summary>{}</summary>", Escaped(labels_.data));
    AppendTable(DataTable(chart, labels_));
    html_ += "</details></figure>\n";
  }

 private:
  void AppendTable(const Table& t) {
    html_ += "<table>";
    if (!t.caption.empty()) html_ += fmt::format("<caption>{}</caption>", Escaped(t.caption));
    html_ += "<thead><tr>";
    for (const Column& c : t.columns) {
      html_ += fmt::format(R"(<th scope="col"{}>{}</th>)", Class(c), Escaped(c.label));
    }
    html_ += "</tr></thead><tbody>";
    for (const auto& row : t.rows) {
      html_ += "<tr>";
      for (size_t c = 0; c < row.size(); ++c) {
        html_ += fmt::format("<td{}>{}</td>", Class(t.columns[c]), Escaped(row[c]));
      }
      html_ += "</tr>";
    }
    html_ += "</tbody></table>";
  }

  static const char* Class(const Column& c) {
    return c.alignment == Alignment::kNumeric ? R"( class="num")" : "";
  }

  std::string& html_;
  const Labels& labels_;
  Direction direction_;
};

}  // namespace

Status RenderHtml(const Document& document, std::ostream& out) {
  CIVHARM_RETURN_IF_ERROR(Validate(document));
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n<header><h1>{}</h1>\n",
      Escaped(document.language), DirectionOf(document) == Direction::kRtl ? "rtl" : "ltr",
      Escaped(document.title), kStyle, Escaped(document.title));
  if (!document.subtitle.empty()) {
    html += fmt::format("<p class=\"subtitle\">{}</p>\n", Escaped(document.subtitle));
  }
  if (!document.generated_at.empty()) {
    html += fmt::format("<p class=\"generated\">{}</p>\n", Escaped(document.generated_at));
  }
  html += "</header>\n";
  BlockWriter writer(html, document);
  for (const Block& block : document.blocks) std::visit(writer, block);
  html += "</main>\n</body>\n</html>\n";
  out.write(html.data(), static_cast<std::streamsize>(html.size()));
  if (!out) return Unavailable("writing the HTML report failed");
  return Status::Ok();
}

}  // namespace civharm::report
