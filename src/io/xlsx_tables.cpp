#include "io/xlsx_tables.h"

#include <cmath>
#include <cstdlib>
#include <set>

#include <fmt/format.h>
#include <utf8proc.h>

#include "core/strings.h"
#include "io/xlsx_workbook.h"

namespace civharm::io {
namespace {

using internal::XlsxStyle;
using internal::XlsxWorkbook;

// Whole numbers a double holds exactly.
constexpr int64_t kMaxExactInteger = int64_t{1} << 53;

bool IsForbiddenInSheetName(char c) {
  return std::string_view("[]:*?/\\").find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
}

// The first code points of valid UTF-8 `s` that make at most `limit` UTF-16 units.
std::string CutToExcelLength(std::string_view s, size_t limit) {
  size_t units = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const size_t width = bytes == 4 ? 2 : 1;
    if (units + width > limit) break;
    units += width;
    i += bytes;
  }
  return std::string(s.substr(0, i));
}

// Excel compares sheet names without regard to case, in any script.
std::string FoldCase(const std::string& s) {
  utf8proc_uint8_t* folded = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
      &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE));
  if (n < 0) return ToLowerAscii(s);
  std::string out(reinterpret_cast<const char*>(folded), static_cast<size_t>(n));
  std::free(folded);
  return out;
}

std::string CleanSheetName(const std::string& wanted, size_t position) {
  if (!IsValidUtf8(wanted)) return fmt::format("Sheet {}", position);
  std::string name = wanted;
  for (char& c : name) {
    if (IsForbiddenInSheetName(c)) c = '_';
  }
  name = CutToExcelLength(name, internal::kXlsxMaxSheetNameLength);
  const size_t first = name.find_first_not_of('\'');
  if (first == std::string::npos) return fmt::format("Sheet {}", position);
  name.erase(0, first);
  name.erase(name.find_last_not_of('\'') + 1);
  return name;
}

std::string Where(const TableSheet& sheet, const std::string& name, size_t row, size_t column) {
  const std::string column_name =
      column < sheet.columns.size() ? sheet.columns[column] : std::to_string(column + 1);
  return fmt::format("sheet '{}', table row {} (Excel row {}), column '{}'", name, row + 1, row + 2,
                     column_name);
}

Status WriteCell(XlsxWorkbook& book, uint32_t row, uint16_t column, const TableCell& cell) {
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    if (*i >= -kMaxExactInteger && *i <= kMaxExactInteger) {
      return book.WriteNumber(row, column, static_cast<double>(*i));
    }
    return book.WriteText(row, column, std::to_string(*i));
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    if (!std::isfinite(*d)) {
      return InvalidArgument(fmt::format(
          "{} is not a number a cell can hold: leave the cell empty instead", FormatDouble(*d)));
    }
    return book.WriteNumber(row, column, *d);
  }
  if (const auto* s = std::get_if<std::string>(&cell)) return book.WriteText(row, column, *s);
  return Status::Ok();  // empty
}

Status WriteSheet(XlsxWorkbook& book, const TableSheet& sheet, const std::string& name) {
  if (sheet.columns.size() > internal::kXlsxMaxColumns) {
    return InvalidArgument(fmt::format("sheet '{}' has {} columns; an Excel sheet holds {}", name,
                                       sheet.columns.size(), internal::kXlsxMaxColumns));
  }
  const size_t rows_needed = 1 + sheet.rows.size() + (sheet.note.empty() ? 0 : 2);
  if (rows_needed > internal::kXlsxMaxRows) {
    return InvalidArgument(
        fmt::format("sheet '{}' needs {} rows with its header and note; an Excel sheet holds {}",
                    name, rows_needed, internal::kXlsxMaxRows));
  }
  CIVHARM_RETURN_IF_ERROR(book.AddSheet(name, 1));
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    if (Status s = book.WriteText(0, static_cast<uint16_t>(c), sheet.columns[c], XlsxStyle::kBold);
        !s.ok()) {
      return s.Prepend(fmt::format("sheet '{}', header of column {}", name, c + 1));
    }
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto& row = sheet.rows[r];
    if (row.size() != sheet.columns.size()) {
      return InvalidArgument(
          fmt::format("sheet '{}', table row {} (Excel row {}) has {} cells, "
                      "but the sheet has {} columns",
                      name, r + 1, r + 2, row.size(), sheet.columns.size()));
    }
    for (size_t c = 0; c < row.size(); ++c) {
      if (Status s =
              WriteCell(book, static_cast<uint32_t>(r + 1), static_cast<uint16_t>(c), row[c]);
          !s.ok()) {
        return s.Prepend(Where(sheet, name, r, c));
      }
    }
  }
  if (!sheet.note.empty()) {
    const auto row = static_cast<uint32_t>(sheet.rows.size() + 2);
    if (Status s = book.WriteText(row, 0, sheet.note); !s.ok()) {
      return s.Prepend(fmt::format("sheet '{}', note", name));
    }
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> XlsxSheetNames(const std::vector<std::string>& wanted) {
  std::vector<std::string> names;
  names.reserve(wanted.size());
  std::set<std::string> used = {FoldCase("History")};
  for (size_t i = 0; i < wanted.size(); ++i) {
    std::string name = CleanSheetName(wanted[i], i + 1);
    for (int n = 2; used.contains(FoldCase(name)); ++n) {
      const std::string suffix = fmt::format(" ({})", n);
      name = CutToExcelLength(CleanSheetName(wanted[i], i + 1),
                              internal::kXlsxMaxSheetNameLength - suffix.size()) +
             suffix;
    }
    used.insert(FoldCase(name));
    names.push_back(std::move(name));
  }
  return names;
}

Status WriteTablesXlsx(const std::vector<TableSheet>& sheets, std::ostream& out) {
  CIVHARM_ASSIGN_OR_RETURN(auto book, XlsxWorkbook::Create());
  if (sheets.empty()) {
    CIVHARM_RETURN_IF_ERROR(book->AddSheet("Sheet1", 0));
    return book->CloseInto(out);
  }
  std::vector<std::string> wanted;
  wanted.reserve(sheets.size());
  for (const TableSheet& s : sheets) wanted.push_back(s.name);
  const std::vector<std::string> names = XlsxSheetNames(wanted);
  for (size_t i = 0; i < sheets.size(); ++i) {
    CIVHARM_RETURN_IF_ERROR(WriteSheet(*book, sheets[i], names[i]));
  }
  return book->CloseInto(out);
}

}  // namespace civharm::io
