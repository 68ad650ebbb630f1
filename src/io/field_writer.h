// The export writers over any list of flat columns (flat_fields.h). The record export (OpenWriter:
// an entity's own layout) and datasets of chosen columns (dataset_writer.h) are both these
// writers, so CSV, JSON, GeoJSON and XLSX come out the same way whichever asks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "io/flat_fields.h"
#include "io/io.h"
#include "io/xlsx_workbook.h"

namespace civharm::io::internal {

struct FieldWriterOptions {
  ExportFormat format = ExportFormat::kCsv;
  std::vector<FlatField> fields;  // CSV and XLSX: the columns, in order
  bool hxl = false;               // CSV and XLSX: a row of HXL hashtags under the header
  std::string sheet_name;         // XLSX: the first sheet's name (later ones get " (2)", ...)
  uint32_t rows_per_sheet = kXlsxMaxRows;  // XLSX: header rows included
  // When set, Write(AnyRecord) takes records of this kind only; WriteJson takes any document.
  std::optional<EntityKind> kind;
};

// An entity's own layout, as OpenWriter writes it: its flat fields, the sheet named after it in
// the plural ("incidents"), records of that kind only.
FieldWriterOptions RecordLayout(const WriterOptions& options);

// invalid_argument when `kind` is set and `record` is of another kind.
Status CheckKind(std::optional<EntityKind> kind, const AnyRecord& record);

Result<std::unique_ptr<RecordWriter>> OpenFieldWriter(std::ostream& out,
                                                      FieldWriterOptions options);

// The XLSX writer alone (OpenFieldWriter calls it); invalid_argument when rows_per_sheet leaves
// no room for a row under the header.
Result<std::unique_ptr<RecordWriter>> OpenXlsxFieldWriter(std::ostream& out,
                                                          FieldWriterOptions options);

}  // namespace civharm::io::internal
