#include "io/csv_row_reader.h"

#include "core/strings.h"
#include "io/flat_fields.h"

namespace civharm::io::internal {
namespace {

bool IsHashtagRow(const std::vector<std::string>& cells) {
  bool any = false;
  for (const std::string& cell : cells) {
    if (Trim(cell).empty()) continue;
    if (!IsHxlHashtag(cell)) return false;
    any = true;
  }
  return any;
}

}  // namespace

Result<std::optional<ImportRow>> CsvRowReader::Next() {
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(const bool more, csv_->Next(record_));
    if (!more) return std::optional<ImportRow>();
    if (skipped_ == 0 && record_.row == 1 && IsHashtagRow(record_.cells)) {
      ++skipped_;
      continue;
    }
    // A skipped row (the HXL hashtag row) is not data: rows count data rows only.
    ImportRow row;
    row.row = record_.row - skipped_;
    row.line = record_.line;
    row.errors = std::move(record_.errors);
    for (RowError& e : row.errors) e.row = row.row;
    record_.errors.clear();
    Convert(record_.cells, row);
    // A row is either valid or refused, never both.
    if (!row.errors.empty()) {
      row.record.reset();
      row.notes.clear();
    }
    row.raw = std::move(record_.cells);
    record_.cells.clear();
    return std::optional<ImportRow>(std::move(row));
  }
}

}  // namespace civharm::io::internal
