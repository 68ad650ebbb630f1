// Rendering a report::Document (report/document.h) to one self-contained HTML file or to a PDF.
//
//   std::ofstream out("report.pdf", std::ios::binary);
//   Status s = report::RenderPdf(doc, out);   // invalid_argument when doc is malformed
//
// HTML: one file with inline CSS and inline SVG charts, no scripts and no external resources;
// every chart is followed by a <details> table of its numbers. PDF: A4 portrait through cairo and
// pango (so Arabic and other scripts are shaped and laid out right to left), the title on the
// first page, "n / N" in every footer, long tables continued with their header repeated.
//
// Both functions only write to `out` (and read fonts through fontconfig). They validate the
// document first and write nothing when it is invalid. Safe to call from several threads at once
// with different streams.
#pragma once

#include <iosfwd>

#include "core/status.h"
#include "report/document.h"

namespace civharm::report {

// Fails with invalid_argument (see Validate) or, when `out` fails, unavailable.
Status RenderHtml(const Document& document, std::ostream& out);

// Fails with invalid_argument (see Validate), unavailable when `out` fails, internal when cairo
// does.
Status RenderPdf(const Document& document, std::ostream& out);

}  // namespace civharm::report
