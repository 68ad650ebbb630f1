// Internal to report/: text through pango and drawing through cairo, for the PDF report.
//
//   Typesetter type("ar", Direction::kRtl);
//   PangoLayoutPtr title = type.Layout("عنوان", {.size = 20, .bold = true});
//   CairoCanvas canvas(cr, type);     // a Canvas drawing on cr
//   DrawChart(chart, frame, canvas);
//
// Layouts use the document's language (for shaping and font choice) and direction (for the order
// of mixed-direction text and for alignment); sizes are in points.
#pragma once

#include <memory>
#include <string_view>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "report/canvas.h"
#include "report/document.h"

namespace civharm::report {

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const { Free(p); }
};
using CairoSurfacePtr =
    std::unique_ptr<cairo_surface_t, Freer<cairo_surface_t, cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, Freer<cairo_t, cairo_destroy>>;
struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
using PangoLayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using PangoContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;

void SetColor(cairo_t* cr, Rgb color, double alpha = 1);

struct Font {
  double size = 10;
  bool bold = false;
};
enum class Align { kStart, kEnd, kCenter, kLeft, kRight };

class Typesetter {
 public:
  Typesetter(std::string_view language, Direction direction);

  Direction direction() const { return direction_; }
  // `text` in `font`; wrapped at `width` points when width > 0, otherwise one line per paragraph.
  PangoLayoutPtr Layout(std::string_view text, Font font, double width = 0,
                        Align align = Align::kStart) const;

 private:
  Direction direction_;
  PangoContextPtr context_;
};

// A layout's logical size in points.
double WidthOf(PangoLayout* layout);
double HeightOf(PangoLayout* layout);

class CairoCanvas final : public Canvas {
 public:
  // Draws on `cr` (not owned), which must outlive the canvas.
  CairoCanvas(cairo_t* cr, const Typesetter& type) : cr_(cr), type_(type) {}

  double TextWidth(std::string_view text, double size) override;
  void Text(Point at, std::string_view text, const TextStyle& style) override;
  void Path(std::span<const Point> points, bool closed, const Style& style) override;
  void Circle(Point center, double radius, const Style& style) override;
  void PushClip(Point top_left, double width, double height) override;
  void PopClip() override;

 private:
  void FillAndStroke(const Style& style);

  cairo_t* cr_;
  const Typesetter& type_;
};

}  // namespace civharm::report
