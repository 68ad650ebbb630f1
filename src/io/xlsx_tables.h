// Analysis tables (trends, breakdowns, CDE validation, ...) as an Excel workbook: one sheet per
// table, header row bold and frozen, numbers as number cells, empty cells left empty.
//
//   std::vector<io::TableSheet> sheets(1);
//   sheets[0].name = "Civilians killed by month";
//   sheets[0].columns = {"month", "min", "best", "max", "share"};
//   sheets[0].rows.push_back({std::string("2024-01"), int64_t{3}, int64_t{5}, {}, 0.25});
//   sheets[0].note = "best: the analysts' best estimate; max unknown for January";
//   std::ofstream out("tables.xlsx", std::ios::binary);
//   Status s = io::WriteTablesXlsx(sheets, out);
//
// Sheet layout: row 1 the columns (bold, frozen), then the rows; the note, when there is one, in
// column A two rows below the last row (after one empty row), so the table itself stays a plain
// rectangle starting at A1.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"

namespace civharm::io {

// One cell of a table: empty, a whole number, a decimal number or text (UTF-8).
//  - empty (std::monostate) leaves the cell empty: never 0 or "".
//  - a whole number is a number cell; beyond ±2^53, which Excel's numbers (doubles) cannot hold
//    exactly, it is written as its exact decimal text instead.
//  - a decimal number is a number cell with 16 significant digits (Excel shows 15); NaN and
//    infinities are refused: make them empty.
//  - text is written exactly; more than 32,767 characters (Excel's cell limit) is refused, never
//    cut.
using TableCell = std::variant<std::monostate, int64_t, double, std::string>;

struct TableSheet {
  std::string name;                          // made valid and unique by XlsxSheetNames
  std::vector<std::string> columns;          // the header row; at most 16,384
  std::vector<std::vector<TableCell>> rows;  // each exactly as long as `columns`
  std::string note;                          // optional: source, method, caveats
};

// Writes `sheets` as one workbook to `out` (a workbook with no sheets gets one empty sheet
// "Sheet1", as Excel requires one). Errors, with nothing written to `out`: kInvalidArgument
// naming the sheet, row (as Excel numbers it) and column for a row whose length differs from the
// columns, a NaN or infinite number, text that is not UTF-8 or too long, or a sheet of more rows
// than Excel holds (1,048,576 with the header and the note); kUnavailable when the temporary file
// cannot be made or `out` fails. The workbook streams through libxlsxwriter's constant_memory
// mode; the tables themselves are the caller's memory.
Status WriteTablesXlsx(const std::vector<TableSheet>& sheets, std::ostream& out);

// The sheet names WriteTablesXlsx gives `wanted`, one for each, in order. The rule:
//  1. each of the characters Excel forbids in a sheet name — [ ] : * ? / \ — and each control
//     character becomes '_';
//  2. the name is cut to 31 characters (as Excel counts them: UTF-16 units; never inside a
//     character), then apostrophes at its start and end, which Excel forbids there, are removed;
//  3. a name left empty becomes "Sheet N", N its position from 1;
//  4. a name equal to an earlier one — compared as Excel does, ignoring case (Unicode case
//     folding) — or to "History", which Excel reserves, gets " (2)", " (3)", ... the first
//     that is free, cutting the name before it so that the whole stays within 31 characters.
// A valid, unique name is kept as it is.
std::vector<std::string> XlsxSheetNames(const std::vector<std::string>& wanted);

}  // namespace civharm::io
