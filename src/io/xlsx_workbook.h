// An XLSX workbook written through libxlsxwriter, shared by the record export (ExportFormat::kXlsx)
// and the analysis tables (xlsx_tables.h). It owns the library's workbook and the temporary file
// the library writes to, and gives the workbook to an ostream at the end.
//
//   CIVHARM_ASSIGN_OR_RETURN(auto book, XlsxWorkbook::Create());
//   CIVHARM_RETURN_IF_ERROR(book->AddSheet("incidents", /*frozen_rows=*/1));
//   CIVHARM_RETURN_IF_ERROR(book->WriteText(0, 0, "id", XlsxStyle::kBold));
//   CIVHARM_RETURN_IF_ERROR(book->WriteNumber(1, 0, 35.763369));
//   CIVHARM_RETURN_IF_ERROR(book->CloseInto(out));
//
// The workbook is in libxlsxwriter's constant_memory mode: each row goes to a temporary file as
// soon as the next one starts, so memory does not grow with the number of rows. The price is that
// cells must be written row after row, left to right, one sheet after another. In that mode the
// library writes text as inline strings (no shared-strings table).
//
// libxlsxwriter 1.1.4 (Debian 12) writes only to a named file (its output_buffer option came
// later), so the workbook is assembled in a uniquely named file under
// std::filesystem::temp_directory_path() (which honours TMPDIR) and copied to the stream by
// CloseInto. The file is removed in every path: after CloseInto, and by the destructor when the
// workbook is abandoned (an error, or a writer dropped without Finish). Not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/status.h"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace civharm::io::internal {

// Excel's limits.
inline constexpr uint32_t kXlsxMaxRows = 1'048'576;    // rows of a sheet
inline constexpr uint32_t kXlsxMaxColumns = 16'384;    // columns of a sheet
inline constexpr size_t kXlsxMaxCellLength = 32'767;   // characters of a cell (UTF-16 units)
inline constexpr size_t kXlsxMaxSheetNameLength = 31;  // characters of a sheet name

// The length of valid UTF-8 text as Excel counts it: UTF-16 code units, so a character outside
// the Basic Multilingual Plane (most emoji) counts twice.
size_t ExcelLength(std::string_view utf8);

// OK when `text` fits in one cell; otherwise an invalid-argument error saying how long it is and
// that it is not cut (callers prepend which record or sheet, and which column).
Status CheckCellLength(std::string_view text);

// The number a cell shows for the exact decimal text of a value ("35.763369", "12"), when Excel
// can hold it without change; nullopt when it cannot, and the value is then written as text.
// libxlsxwriter writes numbers with 16 significant digits ("%.16G"), so a double that needs 17 to
// be exact (0.30000000000000004), and a whole number beyond 2^53 that a double cannot hold, are
// nullopt.
std::optional<double> ExactExcelNumber(std::string_view text);

enum class XlsxStyle { kPlain, kBold };

class XlsxWorkbook {
 public:
  // Creates the temporary file and the library's workbook. Fails (kUnavailable) when the
  // temporary directory cannot be written.
  static Result<std::unique_ptr<XlsxWorkbook>> Create();
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  // Starts a new sheet, which the Write calls then fill; the previous sheet is complete. `name`
  // must already be valid and unique (see XlsxSheetNames in xlsx_tables.h). The first
  // `frozen_rows` rows stay in view when scrolling (0: none).
  Status AddSheet(const std::string& name, uint32_t frozen_rows);

  // Writes a cell of the current sheet. Rows must come in order and, within a row, columns
  // left to right. Text is written exactly: it must be valid UTF-8 and fit in a cell
  // (CheckCellLength); an empty text leaves the cell empty. Text that Excel would otherwise
  // read differently is escaped as Excel expects (a literal "_x0041_" stays that text rather
  // than becoming "A"; U+FFFE and U+FFFF, which XML cannot carry, are written as Excel's
  // _xFFFE_ / _xFFFF_ escapes).
  Status WriteText(uint32_t row, uint16_t column, const std::string& text,
                   XlsxStyle style = XlsxStyle::kPlain);
  Status WriteNumber(uint32_t row, uint16_t column, double value);

  // Assembles the workbook and copies it to `out`, then flushes `out`. Call once, last; the
  // workbook can take no more cells after it, whatever the outcome. A failing stream is
  // kUnavailable, as for the other writers.
  Status CloseInto(std::ostream& out);

 private:
  XlsxWorkbook(std::filesystem::path path, std::string tmpdir, lxw_workbook* workbook);
  Status Check(int lxw_error, std::string_view what);

  std::filesystem::path path_;  // the temporary .xlsx
  std::string tmpdir_;          // where the library keeps its per-sheet temporary files
  lxw_workbook* workbook_;      // null once closed
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* bold_ = nullptr;
  Status failed_;  // the first failure of the library: every later call returns it again
};

}  // namespace civharm::io::internal
