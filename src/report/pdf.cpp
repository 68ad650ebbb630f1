// RenderPdf: the title, then each block in turn flowed onto A4 pages by PdfPages.
#include <algorithm>
#include <array>
#include <numeric>
#include <string>
#include <vector>

#include "report/cairo_canvas.h"
#include "report/charts.h"
#include "report/pdf_pages.h"
#include "report/report.h"

namespace civharm::report {
namespace {

constexpr double kBodySize = 10;
constexpr double kCaptionSize = 9.5;
constexpr double kTableSize = 8.5;
constexpr double kChartFontSize = 8;
constexpr std::array<double, 3> kHeadingSizes = {16, 13, 11};
constexpr double kBlockGap = 12;

void Show(cairo_t* cr, PangoLayout* layout, double x, double y, Rgb color) {
  cairo_move_to(cr, x, y);
  SetColor(cr, color);
  pango_cairo_show_layout(cr, layout);
}

void Rule(cairo_t* cr, double x, double y, double width, Rgb color, double line_width) {
  SetColor(cr, color);
  cairo_set_line_width(cr, line_width);
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x + width, y);
  cairo_stroke(cr);
}

// Column widths within `available`: columns narrower than an equal share of what is left keep
// their natural width, the others share the rest equally (and wrap); spare room is spread in
// proportion to the natural widths.
std::vector<double> ColumnWidths(const std::vector<double>& natural, double available) {
  const double total = std::accumulate(natural.begin(), natural.end(), 0.0);
  std::vector<double> widths(natural.size());
  if (total <= available) {
    for (size_t i = 0; i < natural.size(); ++i) widths[i] = natural[i] * available / total;
    return widths;
  }
  std::vector<bool> settled(natural.size(), false);
  double left = available;
  size_t open = natural.size();
  for (bool changed = true; changed && open > 0;) {
    changed = false;
    for (size_t i = 0; i < natural.size(); ++i) {
      if (!settled[i] && natural[i] <= left / static_cast<double>(open)) {
        settled[i] = true;
        widths[i] = natural[i];
        left -= natural[i];
        --open;
        changed = true;
      }
    }
  }
  for (size_t i = 0; i < natural.size(); ++i) {
    if (!settled[i]) widths[i] = left / static_cast<double>(open);
  }
  return widths;
}

class BlockWriter {
 public:
  BlockWriter(const Typesetter& type, PdfPages& pages) : type_(type), pages_(pages) {}

  void Title(const Document& d) {
    pages_.Flow(type_.Layout(d.title, {.size = 22, .bold = true}, kWidth).get(), kTextColor);
    for (const auto& [text, size] : {std::pair{&d.subtitle, 13.0}, {&d.generated_at, 9.0}}) {
      if (text->empty()) continue;
      pages_.Advance(4);
      pages_.Flow(type_.Layout(*text, {.size = size}, kWidth).get(), kMutedColor);
    }
    pages_.Advance(8);
    Rule(pages_.cr(), kLeft, pages_.y(), kWidth, kGridColor, 0.8);
    pages_.Advance(kBlockGap + 4);
  }

  void operator()(const Heading& h) {
    const double size = kHeadingSizes[static_cast<size_t>(h.level - 1)];
    PangoLayoutPtr layout = type_.Layout(h.text, {.size = size, .bold = true}, kWidth);
    if (!pages_.AtTop()) pages_.Advance(size * 0.6);
    // A heading stays with at least three lines of what follows it.
    pages_.Need(HeightOf(layout.get()) + 3 * kBodySize * 1.5);
    pages_.Bookmark(h.level, h.text);
    pages_.Flow(layout.get(), kTextColor);
    pages_.Advance(size * 0.4);
  }

  void operator()(const Paragraph& p) {
    PangoLayoutPtr layout = type_.Layout(p.text, {.size = kBodySize}, kWidth);
    pango_layout_set_line_spacing(layout.get(), 1.3);
    pages_.Flow(layout.get(), kTextColor);
    pages_.Advance(kBodySize * 0.7);
  }

  // Boxes of up to four figures a row, rows as even as can be (5 figures: 3 + 2), the first one
  // on the reading side.
  void operator()(const KeyFigures& k) {
    constexpr size_t kMaxPerRow = 4;
    constexpr double kGap = 8, kPad = 6;
    const size_t rows = (k.figures.size() + kMaxPerRow - 1) / kMaxPerRow;
    const size_t per_row = (k.figures.size() + rows - 1) / rows;
    const double box =
        (kWidth - kGap * static_cast<double>(per_row - 1)) / static_cast<double>(per_row);
    for (size_t first = 0; first < k.figures.size(); first += per_row) {
      const size_t count = std::min(per_row, k.figures.size() - first);
      std::vector<std::array<PangoLayoutPtr, 3>> boxes;
      double height = 0;
      for (size_t i = first; i < first + count; ++i) {
        const KeyFigure& f = k.figures[i];
        const double inner = box - 2 * kPad;
        boxes.push_back({type_.Layout(f.label, {.size = 8.5}, inner),
                         type_.Layout(f.value, {.size = 16, .bold = true}, inner),
                         type_.Layout(f.note, {.size = 8}, inner)});
        double h = 2 * kPad;
        for (const auto& l : boxes.back()) h += HeightOf(l.get());
        height = std::max(height, h);
      }
      pages_.Need(height);
      for (size_t j = 0; j < count; ++j) {
        const double offset = static_cast<double>(j) * (box + kGap);
        const double x = Rtl() ? kLeft + kWidth - offset - box : kLeft + offset;
        cairo_rectangle(pages_.cr(), x, pages_.y(), box, height);
        SetColor(pages_.cr(), {246, 246, 246});
        cairo_fill_preserve(pages_.cr());
        SetColor(pages_.cr(), kGridColor);
        cairo_set_line_width(pages_.cr(), 0.6);
        cairo_stroke(pages_.cr());
        double y = pages_.y() + kPad;
        for (size_t l = 0; l < 3; ++l) {
          Show(pages_.cr(), boxes[j][l].get(), x + kPad, y, l == 1 ? kTextColor : kMutedColor);
          y += HeightOf(boxes[j][l].get());
        }
      }
      pages_.Advance(height + kGap);
    }
    pages_.Advance(kBlockGap - kGap);
  }

  // Rows continue on new pages under a repeated header. Columns run from the reading side;
  // numeric cells are right-aligned so that digits line up by place value in any direction.
  void operator()(const Table& t) {
    constexpr double kPadX = 4, kPadY = 2.5;
    const size_t n = t.columns.size();
    std::vector<std::string> labels;
    for (const Column& c : t.columns) labels.push_back(c.label);
    // A row's layouts, wrapped at `widths` (or one line each when `widths` is empty).
    auto layouts = [&](const std::vector<std::string>& cells, bool bold,
                       const std::vector<double>& widths) {
      std::vector<PangoLayoutPtr> row;
      for (size_t c = 0; c < n; ++c) {
        const Align align =
            t.columns[c].alignment == Alignment::kNumeric ? Align::kRight : Align::kStart;
        row.push_back(type_.Layout(cells[c], {.size = kTableSize, .bold = bold},
                                   widths.empty() ? 0 : widths[c] - 2 * kPadX, align));
      }
      return row;
    };
    auto height = [&](const std::vector<PangoLayoutPtr>& row) {
      double h = 0;
      for (const auto& l : row) h = std::max(h, HeightOf(l.get()));
      return h + 2 * kPadY;
    };

    std::vector<double> natural(n, 0);
    for (size_t r = 0; r <= t.rows.size(); ++r) {
      const auto row = r == 0 ? layouts(labels, true, {}) : layouts(t.rows[r - 1], false, {});
      for (size_t c = 0; c < n; ++c) {
        natural[c] = std::max(natural[c], WidthOf(row[c].get()) + 2 * kPadX);
      }
    }
    const std::vector<double> widths = ColumnWidths(natural, kWidth);
    std::vector<double> xs(n);
    double before = 0;
    for (size_t c = 0; c < n; ++c) {
      xs[c] = Rtl() ? kLeft + kWidth - before - widths[c] : kLeft + before;
      before += widths[c];
    }
    auto draw = [&](const std::vector<PangoLayoutPtr>& row, double h, bool header) {
      for (size_t c = 0; c < n; ++c) {
        Show(pages_.cr(), row[c].get(), xs[c] + kPadX, pages_.y() + kPadY, kTextColor);
      }
      pages_.Advance(h);
      Rule(pages_.cr(), kLeft, pages_.y(), kWidth, header ? kMutedColor : kGridColor,
           header ? 0.8 : 0.4);
    };

    // The caption and the header stay with the first row.
    const auto header = layouts(labels, true, widths);
    const double header_height = height(header);
    PangoLayoutPtr caption = type_.Layout(t.caption, {.size = kCaptionSize, .bold = true}, kWidth);
    const double caption_height = t.caption.empty() ? 0 : HeightOf(caption.get()) + 3;
    const double first_row = t.rows.empty() ? 0 : height(layouts(t.rows[0], false, widths));
    pages_.Need(caption_height + header_height + first_row);
    if (!t.caption.empty()) {
      pages_.Flow(caption.get(), kTextColor);
      pages_.Advance(3);
    }
    draw(header, header_height, true);
    for (const auto& cells : t.rows) {
      const auto row = layouts(cells, false, widths);
      const double h = height(row);
      if (pages_.Need(h)) draw(header, header_height, true);
      draw(row, h, false);
    }
    if (!t.footnote.empty()) {
      pages_.Advance(3);
      pages_.Flow(type_.Layout(t.footnote, {.size = 8}, kWidth).get(), kMutedColor);
    }
    pages_.Advance(kBlockGap);
  }

  // Charts: the caption, then the chart, kept on one page.
  template <typename Chart>
  void operator()(const Chart& chart) {
    const ChartFrame frame{
        .width = kWidth, .font_size = kChartFontSize, .direction = type_.direction()};
    const double height = ChartHeight(chart, frame);
    PangoLayoutPtr caption =
        type_.Layout(chart.caption, {.size = kCaptionSize, .bold = true}, kWidth);
    const double caption_height = chart.caption.empty() ? 0 : HeightOf(caption.get()) + 4;
    pages_.Need(caption_height + height);
    if (!chart.caption.empty()) {
      pages_.Flow(caption.get(), kTextColor);
      pages_.Advance(4);
    }
    cairo_save(pages_.cr());
    cairo_translate(pages_.cr(), kLeft, pages_.y());
    CairoCanvas canvas(pages_.cr(), type_);
    DrawChart(chart, frame, canvas);
    cairo_restore(pages_.cr());
    pages_.Advance(height + kBlockGap + 4);
  }

 private:
  static constexpr double kLeft = PdfPages::left();
  static constexpr double kWidth = PdfPages::width();
  bool Rtl() const { return type_.direction() == Direction::kRtl; }

  const Typesetter& type_;
  PdfPages& pages_;
};

}  // namespace

Status RenderPdf(const Document& document, std::ostream& out) {
  CIVHARM_RETURN_IF_ERROR(Validate(document));
  const Typesetter type(document.language, DirectionOf(document));
  PdfPages pages(type);
  BlockWriter writer(type, pages);
  writer.Title(document);
  for (const Block& block : document.blocks) std::visit(writer, block);
  return pages.Write(document.title, out);
}

}  // namespace civharm::report
