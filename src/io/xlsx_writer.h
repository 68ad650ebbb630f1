// The XLSX record export (ExportFormat::kXlsx), opened through OpenWriter; this header exists so
// that tests can lower the number of rows a sheet takes.
//
// Layout: civharm's own flat columns (flat_fields.h), exactly as the CSV export has them, in one
// sheet named after the entity in the plural ("incidents"). Row 1 holds the field names in bold;
// with WriterOptions::hxl, row 2 holds the HXL hashtags; both stay frozen in view. Each record is
// one row. Counts, coordinates, versions and the other number fields are number cells when Excel
// holds them exactly (ExactExcelNumber) and text otherwise; everything else (dates and times as
// ISO 8601, enumerations, lists as their JSON text) is text, written exactly; an absent field
// leaves its cell empty. A text longer than an Excel cell holds (32,767 characters) is refused
// with an error naming the record and the column: the record is not written, and the export can
// go on with the next one. A sheet holds 1,048,576 rows; a longer export continues on
// "incidents (2)", "incidents (3)", ... each with the same header rows.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>

#include "io/io.h"
#include "io/xlsx_workbook.h"

namespace civharm::io::internal {

// `options.format` is taken to be kXlsx. `rows_per_sheet` counts the header rows too.
Result<std::unique_ptr<RecordWriter>> OpenXlsxWriter(std::ostream& out,
                                                     const WriterOptions& options,
                                                     uint32_t rows_per_sheet = kXlsxMaxRows);

}  // namespace civharm::io::internal
