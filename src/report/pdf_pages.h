// Internal to report/: the pages of a PDF report as they fill up, top to bottom, and their output.
//
//   PdfPages pages(type);
//   pages.Need(40);                       // a new page unless 40 points fit below the cursor
//   pages.Flow(layout.get(), kTextColor); // a paragraph, broken across pages between lines
//   CIVHARM_RETURN_IF_ERROR(pages.Write(doc.title, out));
//
// Each page is recorded first and written once the number of pages is known, so that every
// footer can say "n / N".
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "report/cairo_canvas.h"

namespace civharm::report {

// A4 portrait, in points.
inline constexpr double kPageWidth = 595.276;
inline constexpr double kPageHeight = 841.89;
inline constexpr double kMargin = 56.7;          // 2 cm on each side and at the top
inline constexpr double kContentBottom = 785.0;  // the footer is below

class PdfPages {
 public:
  explicit PdfPages(const Typesetter& type);

  static constexpr double left() { return kMargin; }
  static constexpr double width() { return kPageWidth - 2 * kMargin; }
  // The current page, and the cursor on it (points from the top of the page).
  cairo_t* cr() { return cr_.get(); }
  double y() const { return y_; }
  void Advance(double height) { y_ += height; }
  bool AtTop() const { return y_ <= kMargin; }

  // Starts a new page unless `height` fits below the cursor or the page is still empty (what is
  // taller than a page gets a page of its own and runs off its end). True when it did.
  bool Need(double height);
  void NewPage();
  // Draws `layout` at the cursor, line by line, continuing on new pages as needed.
  void Flow(PangoLayout* layout, Rgb color);
  // Adds a bookmark to the PDF's outline for the cursor's position; level 1 is the top.
  void Bookmark(int level, std::string text);

  // Writes the PDF: every page with a footer (the title and "n / N"), the outline and `title` as
  // the document's title. Unavailable when `out` fails, internal when cairo does.
  Status Write(std::string_view title, std::ostream& out);

 private:
  struct Mark {
    int level;
    std::string text;
    size_t page;  // from 1
    double y;
  };
  void Footer(cairo_t* cr, std::string_view title, size_t page);

  const Typesetter& type_;
  std::vector<CairoSurfacePtr> pages_;  // recording surfaces
  CairoPtr cr_;
  double y_ = kMargin;
  std::vector<Mark> marks_;
};

}  // namespace civharm::report
