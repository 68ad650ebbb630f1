#include "report/pdf_pages.h"

#include <ostream>

#include <cairo-pdf.h>
#include <fmt/format.h>

#include "report/charts.h"

namespace civharm::report {
namespace {

using LayoutIterPtr =
    std::unique_ptr<PangoLayoutIter, Freer<PangoLayoutIter, pango_layout_iter_free>>;

cairo_status_t WriteToStream(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::ostream*>(closure);
  out->write(reinterpret_cast<const char*>(data), length);
  return *out ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

}  // namespace

PdfPages::PdfPages(const Typesetter& type) : type_(type) {
  NewPage();
}

bool PdfPages::Need(double height) {
  if (AtTop() || y_ + height <= kContentBottom) return false;
  NewPage();
  return true;
}

void PdfPages::NewPage() {
  const cairo_rectangle_t extents{0, 0, kPageWidth, kPageHeight};
  pages_.emplace_back(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
  cr_.reset(cairo_create(pages_.back().get()));
  y_ = kMargin;
}

void PdfPages::Flow(PangoLayout* layout, Rgb color) {
  double origin = y_;  // where the layout's top is on the current page
  LayoutIterPtr it(pango_layout_get_iter(layout));
  do {
    PangoRectangle line;
    pango_layout_iter_get_line_extents(it.get(), nullptr, &line);
    const double top = static_cast<double>(line.y) / PANGO_SCALE;
    const double bottom = static_cast<double>(line.y + line.height) / PANGO_SCALE;
    if (origin + bottom > kContentBottom && origin + top > kMargin) {
      NewPage();
      origin = y_ - top;
    }
    const double baseline =
        static_cast<double>(pango_layout_iter_get_baseline(it.get())) / PANGO_SCALE;
    cairo_move_to(cr(), left() + static_cast<double>(line.x) / PANGO_SCALE, origin + baseline);
    SetColor(cr(), color);
    pango_cairo_show_layout_line(cr(), pango_layout_iter_get_line_readonly(it.get()));
    y_ = origin + bottom;
  } while (pango_layout_iter_next_line(it.get()));
}

void PdfPages::Bookmark(int level, std::string text) {
  marks_.push_back({level, std::move(text), pages_.size(), y_});
}

void PdfPages::Footer(cairo_t* cr, std::string_view title, size_t page) {
  constexpr double kSize = 8;
  const double y = kPageHeight - 40;
  SetColor(cr, kGridColor);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, left(), y - 6);
  cairo_line_to(cr, left() + width(), y - 6);
  cairo_stroke(cr);
  // The numbers read left to right in any direction; the title is cut short when long.
  PangoLayoutPtr number = type_.Layout(fmt::format("\u200e{} / {}\u200e", page, pages_.size()),
                                       {.size = kSize}, width(), Align::kEnd);
  PangoLayoutPtr name = type_.Layout(title, {.size = kSize}, width() * 0.75, Align::kStart);
  pango_layout_set_ellipsize(name.get(), PANGO_ELLIPSIZE_END);
  SetColor(cr, kMutedColor);
  cairo_move_to(cr, left(), y);
  pango_cairo_show_layout(cr, number.get());
  cairo_move_to(cr, type_.direction() == Direction::kRtl ? left() + width() * 0.25 : left(), y);
  pango_cairo_show_layout(cr, name.get());
}

Status PdfPages::Write(std::string_view title, std::ostream& out) {
  CairoSurfacePtr pdf(
      cairo_pdf_surface_create_for_stream(WriteToStream, &out, kPageWidth, kPageHeight));
  const std::string title_text(title);
  cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, title_text.c_str());
  cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_CREATOR, "civharm");
  for (size_t i = 0; i < pages_.size(); ++i) {
    CairoPtr cr(cairo_create(pdf.get()));
    cairo_set_source_surface(cr.get(), pages_[i].get(), 0, 0);
    cairo_paint(cr.get());
    Footer(cr.get(), title, i + 1);
    cairo_show_page(cr.get());
  }
  // Each bookmark hangs under the last one of a higher level before it.
  std::vector<std::pair<int, int>> parents;  // (level, outline id)
  for (const Mark& m : marks_) {
    while (!parents.empty() && parents.back().first >= m.level) parents.pop_back();
    const int parent = parents.empty() ? CAIRO_PDF_OUTLINE_ROOT : parents.back().second;
    const int id = cairo_pdf_surface_add_outline(
        pdf.get(), parent, m.text.c_str(),
        fmt::format("page={} pos=[{} {}]", m.page, left(), m.y).c_str(),
        CAIRO_PDF_OUTLINE_FLAG_OPEN);
    parents.emplace_back(m.level, id);
  }
  cairo_surface_finish(pdf.get());
  if (!out) return Unavailable("writing the PDF report failed");
  if (const cairo_status_t s = cairo_surface_status(pdf.get()); s != CAIRO_STATUS_SUCCESS) {
    return Internal(fmt::format("cairo could not write the PDF: {}", cairo_status_to_string(s)));
  }
  return Status::Ok();
}

}  // namespace civharm::report
