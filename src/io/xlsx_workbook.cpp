#include "io/xlsx_workbook.h"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/strings.h"

namespace civharm::io::internal {
namespace {

namespace fs = std::filesystem;

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Excel reads "_xHHHH_" in cell text as the UTF-16 unit HHHH. libxlsxwriter uses that escape for
// control characters but writes a literal "_x0041_" as it is, which Excel would show as "A"; the
// convention (XlsxWriter's too) is to escape its underscore as "_x005F_". NUL, which would end the
// C string the library takes, and U+FFFE / U+FFFF, which XML cannot carry, are escaped the same
// way. Everything else is left to the library.
std::string EscapeForExcel(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_' && i + 6 < text.size() && text[i + 1] == 'x' && IsHexDigit(text[i + 2]) &&
        IsHexDigit(text[i + 3]) && IsHexDigit(text[i + 4]) && IsHexDigit(text[i + 5]) &&
        text[i + 6] == '_') {
      out += "_x005F";
    } else if (c == '\0') {
      out += "_x0000_";
      continue;
    } else if (c == '\xEF' && i + 2 < text.size() && text[i + 1] == '\xBF' &&
               (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      out += text[i + 2] == '\xBE' ? "_xFFFE_" : "_xFFFF_";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

bool NeedsEscape(std::string_view text) {
  return text.find('_') != std::string_view::npos || text.find('\0') != std::string_view::npos ||
         text.find("\xEF\xBF") != std::string_view::npos;
}

// 32768 → "32,768", as the limit is written in the message beside it.
std::string WithThousands(size_t n) {
  std::string digits = std::to_string(n);
  for (size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

constexpr std::string_view kStreamFailed =
    "could not write the output: the stream failed (disk full or closed?)";

}  // namespace

size_t ExcelLength(std::string_view utf8) {
  size_t n = 0;
  for (const char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++n;  // a character starts here
    if (c >= 0xF0) ++n;           // four bytes in UTF-8: a surrogate pair in UTF-16
  }
  return n;
}

Status CheckCellLength(std::string_view text) {
  // Bytes bound characters from above: most texts are far below the limit and need no count.
  if (text.size() <= kXlsxMaxCellLength) return Status::Ok();
  const size_t length = ExcelLength(text);
  if (length <= kXlsxMaxCellLength) return Status::Ok();
  return InvalidArgument(fmt::format(
      "the text has {} characters, more than the 32,767 an Excel cell can hold; it is not cut: "
      "export as CSV or JSON to keep it whole",
      WithThousands(length)));
}

std::optional<double> ExactExcelNumber(std::string_view text) {
  const std::optional<double> value = ParseDouble(text);
  // The text must be the value a double holds (not so for whole numbers beyond 2^53)...
  if (!value || FormatDouble(*value) != text) return std::nullopt;
  // ...and survive libxlsxwriter's "%.16G".
  const std::optional<double> written = ParseDouble(fmt::format("{:.16G}", *value));
  if (!written || *written != *value) return std::nullopt;
  return value;
}

XlsxWorkbook::XlsxWorkbook(fs::path path, std::string tmpdir, lxw_workbook* workbook)
    : path_(std::move(path)), tmpdir_(std::move(tmpdir)), workbook_(workbook) {}

Result<std::unique_ptr<XlsxWorkbook>> XlsxWorkbook::Create() {
  std::error_code ec;
  const fs::path dir = fs::temp_directory_path(ec);
  if (ec) {
    return std::unexpected(
        Unavailable(fmt::format("cannot write XLSX: no temporary directory: {}", ec.message())));
  }
  // mkstemps makes the name unique and the file ours; the library then overwrites it.
  std::string name = (dir / "civharm-XXXXXX.xlsx").string();
  const int fd = mkstemps(name.data(), 5);
  if (fd < 0) {
    return std::unexpected(
        Unavailable(fmt::format("cannot write XLSX: cannot create a temporary file in {}: {}",
                                dir.string(), std::strerror(errno))));
  }
  ::close(fd);
  // Owned from here on, so that the file is removed on every path below.
  std::unique_ptr<XlsxWorkbook> book(new XlsxWorkbook(name, dir.string(), nullptr));
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = book->tmpdir_.data();
  book->workbook_ = workbook_new_opt(name.c_str(), &options);
  if (book->workbook_ == nullptr) {
    return std::unexpected(Internal("cannot write XLSX: libxlsxwriter could not start a workbook"));
  }
  book->bold_ = workbook_add_format(book->workbook_);
  if (book->bold_ == nullptr) {
    return std::unexpected(Internal("cannot write XLSX: libxlsxwriter could not add a format"));
  }
  format_set_bold(book->bold_);
  return book;
}

XlsxWorkbook::~XlsxWorkbook() {
  // An abandoned workbook is still closed: it is the library's one way to release the sheets'
  // temporary files and memory. What it assembles is removed with the rest.
  if (workbook_ != nullptr) workbook_close(workbook_);
  std::error_code ignored;
  fs::remove(path_, ignored);
}

Status XlsxWorkbook::Check(int lxw_error, std::string_view what) {
  if (lxw_error != LXW_NO_ERROR && failed_.ok()) {
    failed_ = Internal(fmt::format("cannot write XLSX: {}: {}", what,
                                   lxw_strerror(static_cast<enum lxw_error>(lxw_error))));
  }
  return failed_;
}

Status XlsxWorkbook::AddSheet(const std::string& name, uint32_t frozen_rows) {
  CIVHARM_RETURN_IF_ERROR(failed_);
  if (workbook_ == nullptr) return InvalidArgument("the XLSX workbook is already closed");
  CIVHARM_RETURN_IF_ERROR(Check(workbook_validate_sheet_name(workbook_, name.c_str()),
                                fmt::format("sheet name '{}'", name)));
  sheet_ = workbook_add_worksheet(workbook_, name.c_str());
  if (sheet_ == nullptr) return Check(LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a sheet");
  if (frozen_rows > 0) worksheet_freeze_panes(sheet_, frozen_rows, 0);
  return Status::Ok();
}

Status XlsxWorkbook::WriteText(uint32_t row, uint16_t column, const std::string& text,
                               XlsxStyle style) {
  CIVHARM_RETURN_IF_ERROR(failed_);
  if (sheet_ == nullptr || workbook_ == nullptr) return InvalidArgument("no XLSX sheet to write");
  if (text.empty()) return Status::Ok();
  if (!IsValidUtf8(text)) return InvalidArgument("the text is not valid UTF-8");
  CIVHARM_RETURN_IF_ERROR(CheckCellLength(text));
  lxw_format* format = style == XlsxStyle::kBold ? bold_ : nullptr;
  const lxw_error written =
      NeedsEscape(text)
          ? worksheet_write_string(sheet_, row, column, EscapeForExcel(text).c_str(), format)
          : worksheet_write_string(sheet_, row, column, text.c_str(), format);
  return Check(written, "writing text");
}

Status XlsxWorkbook::WriteNumber(uint32_t row, uint16_t column, double value) {
  CIVHARM_RETURN_IF_ERROR(failed_);
  if (sheet_ == nullptr || workbook_ == nullptr) return InvalidArgument("no XLSX sheet to write");
  return Check(worksheet_write_number(sheet_, row, column, value, nullptr), "writing a number");
}

Status XlsxWorkbook::CloseInto(std::ostream& out) {
  CIVHARM_RETURN_IF_ERROR(failed_);
  if (workbook_ == nullptr) return InvalidArgument("the XLSX workbook is already closed");
  const lxw_error closed = workbook_close(workbook_);  // frees the workbook whatever the outcome
  workbook_ = nullptr;
  sheet_ = nullptr;
  if (closed != LXW_NO_ERROR) {
    failed_ = Unavailable(fmt::format("cannot write XLSX: assembling the workbook in {} failed: {}",
                                      path_.parent_path().string(), lxw_strerror(closed)));
    return failed_;
  }
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    failed_ = Unavailable(fmt::format("cannot write XLSX: cannot read back {}", path_.string()));
    return failed_;
  }
  std::array<char, 1 << 16> buffer;
  while (in) {
    in.read(buffer.data(), buffer.size());
    if (in.gcount() > 0) out.write(buffer.data(), in.gcount());
    if (!out) break;
  }
  if (in.bad()) {
    failed_ = Unavailable(fmt::format("cannot write XLSX: cannot read back {}", path_.string()));
    return failed_;
  }
  if (out) out.flush();
  if (!out) failed_ = Unavailable(std::string(kStreamFailed));
  in.close();
  std::error_code ignored;
  fs::remove(path_, ignored);
  return failed_;
}

}  // namespace civharm::io::internal
