#include "report/cairo_canvas.h"

#include <numbers>
#include <string>

namespace civharm::report {
namespace {

// Families tried in order for each character: Noto Sans for Latin, Greek and Cyrillic, Noto Sans
// Arabic for Arabic script, DejaVu Sans for the rest; fontconfig falls back beyond them.
constexpr const char* kFamilies = "Noto Sans,Noto Sans Arabic,DejaVu Sans";

using FontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, Freer<PangoFontDescription, pango_font_description_free>>;
using FontOptionsPtr =
    std::unique_ptr<cairo_font_options_t, Freer<cairo_font_options_t, cairo_font_options_destroy>>;

// Without auto-dir pango does not mirror alignments, so start and end are resolved here.
PangoAlignment PhysicalAlignment(Align align, Direction direction) {
  const bool rtl = direction == Direction::kRtl;
  switch (align) {
    case Align::kStart:
      return rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    case Align::kEnd:
      return rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
    case Align::kCenter:
      return PANGO_ALIGN_CENTER;
    case Align::kLeft:
      return PANGO_ALIGN_LEFT;
    case Align::kRight:
      return PANGO_ALIGN_RIGHT;
  }
  return PANGO_ALIGN_LEFT;
}

}  // namespace

void SetColor(cairo_t* cr, Rgb color, double alpha) {
  cairo_set_source_rgba(cr, color.r / 255.0, color.g / 255.0, color.b / 255.0, alpha);
}

Typesetter::Typesetter(std::string_view language, Direction direction)
    : direction_(direction),
      context_(pango_font_map_create_context(pango_cairo_font_map_get_default())) {
  pango_context_set_language(context_.get(),
                             pango_language_from_string(std::string(language).c_str()));
  pango_context_set_base_dir(
      context_.get(), direction == Direction::kRtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  // One point per unit, and glyph positions as designed rather than snapped to a screen's pixels.
  pango_cairo_context_set_resolution(context_.get(), 72);
  FontOptionsPtr options(cairo_font_options_create());
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_.get(), options.get());
}

PangoLayoutPtr Typesetter::Layout(std::string_view text, Font font, double width,
                                  Align align) const {
  PangoLayoutPtr layout(pango_layout_new(context_.get()));
  // Paragraphs take the document's direction, not the one of their first letter: a sentence in an
  // Arabic report that starts with a Latin name is still right-aligned and read right to left.
  pango_layout_set_auto_dir(layout.get(), FALSE);
  FontDescriptionPtr description(pango_font_description_from_string(kFamilies));
  pango_font_description_set_size(description.get(), static_cast<int>(font.size * PANGO_SCALE));
  pango_font_description_set_weight(description.get(),
                                    font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), description.get());
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  if (width > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout.get(), PhysicalAlignment(align, direction_));
  return layout;
}

double WidthOf(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

double HeightOf(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.height) / PANGO_SCALE;
}

double CairoCanvas::TextWidth(std::string_view text, double size) {
  return WidthOf(type_.Layout(text, {.size = size}).get());
}

void CairoCanvas::Text(Point at, std::string_view text, const TextStyle& style) {
  PangoLayoutPtr layout = type_.Layout(text, {.size = style.size, .bold = style.bold});
  const double w = WidthOf(layout.get()), h = HeightOf(layout.get());
  const double dx = style.h == HAlign::kLeft ? 0 : style.h == HAlign::kCenter ? -w / 2 : -w;
  const double dy = style.v == VAlign::kTop ? 0 : style.v == VAlign::kMiddle ? -h / 2 : -h;
  cairo_save(cr_);
  cairo_translate(cr_, at.x, at.y);
  if (style.vertical) cairo_rotate(cr_, -std::numbers::pi / 2);
  cairo_move_to(cr_, dx, dy);
  SetColor(cr_, style.color);
  pango_cairo_show_layout(cr_, layout.get());
  cairo_restore(cr_);
}

void CairoCanvas::Path(std::span<const Point> points, bool closed, const Style& style) {
  if (points.empty()) return;
  cairo_new_path(cr_);
  for (const Point& p : points) cairo_line_to(cr_, p.x, p.y);
  if (closed) cairo_close_path(cr_);
  FillAndStroke(style);
}

void CairoCanvas::Circle(Point center, double radius, const Style& style) {
  cairo_new_path(cr_);
  cairo_arc(cr_, center.x, center.y, radius, 0, 2 * std::numbers::pi);
  cairo_close_path(cr_);
  FillAndStroke(style);
}

void CairoCanvas::PushClip(Point top_left, double width, double height) {
  cairo_save(cr_);
  cairo_rectangle(cr_, top_left.x, top_left.y, width, height);
  cairo_clip(cr_);
}

void CairoCanvas::PopClip() {
  cairo_restore(cr_);
}

void CairoCanvas::FillAndStroke(const Style& style) {
  if (style.fill) {
    SetColor(cr_, *style.fill, style.fill_opacity);
    if (style.stroke) {
      cairo_fill_preserve(cr_);
    } else {
      cairo_fill(cr_);
    }
  }
  if (style.stroke) {
    SetColor(cr_, *style.stroke);
    cairo_set_line_width(cr_, style.stroke_width);
    const double dashes[] = {style.stroke_width * 4, style.stroke_width * 3};
    cairo_set_dash(cr_, dashes, style.dashed ? 2 : 0, 0);
    cairo_stroke(cr_);
  }
  cairo_new_path(cr_);
}

}  // namespace civharm::report
