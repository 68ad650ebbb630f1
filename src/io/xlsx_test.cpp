// XLSX export and analysis tables: each workbook is read back (a small zip and XML reader below,
// enough for what libxlsxwriter writes) and compared cell by cell with what was written.

#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include "core/enum.h"
#include "core/strings.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "io/dataset_writer.h"
#include "io/flat_fields.h"
#include "io/xlsx_tables.h"
#include "io/xlsx_writer.h"

namespace civharm::io {
namespace {

using internal::ExactExcelNumber;
using internal::FlatFields;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace fs = std::filesystem;

// ---- Reading a workbook back ----------------------------------------------------------------

uint32_t Le(const std::string& b, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

// The files of a zip archive, inflated: stored or deflated entries, no ZIP64, no encryption.
// Empty when the archive is not one.
std::map<std::string, std::string> Unzip(const std::string& zip) {
  std::map<std::string, std::string> files;
  if (zip.size() < 22) return files;
  size_t end = zip.size() - 22;  // the end-of-central-directory record, found from the back
  while (Le(zip, end, 4) != 0x06054b50) {
    if (end == 0) return {};
    --end;
  }
  size_t at = Le(zip, end + 16, 4);
  for (uint32_t n = Le(zip, end + 10, 2); n > 0; --n) {
    if (Le(zip, at, 4) != 0x02014b50) return {};
    const uint32_t method = Le(zip, at + 10, 2);
    const uint32_t packed = Le(zip, at + 20, 4);
    const uint32_t size = Le(zip, at + 24, 4);
    const uint32_t name_length = Le(zip, at + 28, 2);
    const std::string name = zip.substr(at + 46, name_length);
    const size_t local = Le(zip, at + 42, 4);
    const size_t data = local + 30 + Le(zip, local + 26, 2) + Le(zip, local + 28, 2);
    std::string content(size, '\0');
    if (method == 0) {
      content = zip.substr(data, size);
    } else {
      z_stream z = {};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return {};
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = packed;
      z.next_out = reinterpret_cast<Bytef*>(content.data());
      z.avail_out = size;
      const int r = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      if (r != Z_STREAM_END || z.total_out != size) return {};
    }
    files[name] = std::move(content);
    at += 46 + name_length + Le(zip, at + 30, 2) + Le(zip, at + 32, 2);
  }
  return files;
}

std::string Attribute(std::string_view tag, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const size_t at = tag.find(key);
  if (at == std::string_view::npos) return "";
  const size_t from = at + key.size();
  return std::string(tag.substr(from, tag.find('"', from) - from));
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// XML character data → text, then Excel's own "_xHHHH_" escapes (BMP only, enough here).
std::string DecodeText(std::string_view xml) {
  std::string text;
  for (size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] != '&') {
      text += xml[i];
      continue;
    }
    const size_t semi = xml.find(';', i);
    const std::string_view entity = xml.substr(i + 1, semi - i - 1);
    static const std::map<std::string_view, char> kNamed = {
        {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    if (auto named = kNamed.find(entity); named != kNamed.end()) {
      text += named->second;
    } else if (entity.starts_with("#x")) {
      AppendUtf8(text, std::stoul(std::string(entity.substr(2)), nullptr, 16));
    } else if (entity.starts_with("#")) {
      AppendUtf8(text, std::stoul(std::string(entity.substr(1))));
    }
    i = semi;
  }
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "_x") == 0 && i + 6 < text.size() && text[i + 6] == '_' &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 3])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 4])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 5]))) {
      AppendUtf8(out, std::stoul(text.substr(i + 2, 4), nullptr, 16));
      i += 6;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct ReadCell {
  std::string type;  // "n" for a number, "inlineStr" for text
  std::string text;  // the number's text, or the decoded string
  bool styled = false;
};
using Grid = std::map<std::pair<uint32_t, uint32_t>, ReadCell>;  // (row, column) from 0

// "AB12" → (11, 27)
std::pair<uint32_t, uint32_t> CellRef(std::string_view ref) {
  uint32_t column = 0;
  size_t i = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i)
    column = column * 26 + static_cast<uint32_t>(ref[i] - 'A' + 1);
  return {static_cast<uint32_t>(std::stoul(std::string(ref.substr(i)))) - 1, column - 1};
}

std::string Between(std::string_view xml, std::string_view open, std::string_view close) {
  size_t from = xml.find(open);
  if (from == std::string_view::npos) return "";
  from = xml.find('>', from) + 1;
  return std::string(xml.substr(from, xml.find(close, from) - from));
}

Grid Cells(const std::string& sheet_xml) {
  Grid grid;
  for (size_t at = sheet_xml.find("<c "); at != std::string::npos;
       at = sheet_xml.find("<c ", at + 1)) {
    const size_t tag_end = sheet_xml.find('>', at);
    const std::string_view tag(sheet_xml.data() + at, tag_end - at);
    ReadCell cell;
    cell.type = Attribute(tag, "t").empty() ? "n" : Attribute(tag, "t");
    cell.styled = !Attribute(tag, "s").empty();
    if (tag.back() != '/') {
      const std::string_view body(sheet_xml.data() + tag_end + 1,
                                  sheet_xml.find("</c>", tag_end) - tag_end - 1);
      cell.text = cell.type == "inlineStr" ? DecodeText(Between(body, "<t", "</t>"))
                                           : Between(body, "<v", "</v>");
    }
    grid[CellRef(Attribute(tag, "r"))] = std::move(cell);
  }
  return grid;
}

struct Workbook {
  std::vector<std::string> sheet_names;
  std::vector<std::string> sheet_xml;  // in the same order
  std::vector<Grid> sheets;
  std::string styles;
};

Workbook ReadXlsx(const std::string& bytes) {
  Workbook book;
  auto files = Unzip(bytes);
  const std::string& workbook = files["xl/workbook.xml"];
  for (size_t at = workbook.find("<sheet "); at != std::string::npos;
       at = workbook.find("<sheet ", at + 1)) {
    book.sheet_names.push_back(DecodeText(
        Attribute(std::string_view(workbook).substr(at, workbook.find('>', at) - at), "name")));
    // libxlsxwriter names the sheets' parts sheet1.xml, sheet2.xml, ... in workbook order.
    book.sheet_xml.push_back(
        files[fmt::format("xl/worksheets/sheet{}.xml", book.sheet_names.size())]);
    book.sheets.push_back(Cells(book.sheet_xml.back()));
  }
  book.styles = files["xl/styles.xml"];
  return book;
}

std::vector<std::string> RowTexts(const Grid& grid, uint32_t row, size_t columns) {
  std::vector<std::string> out;
  for (uint32_t c = 0; c < columns; ++c) {
    auto it = grid.find({row, c});
    out.push_back(it == grid.end() ? "" : it->second.text);
  }
  return out;
}

size_t RowsOf(const Grid& grid) {
  return grid.empty() ? 0 : grid.rbegin()->first.first + 1;
}

// ---- Writing ----------------------------------------------------------------------------------

struct Written {
  Status status;  // the first failure, or OK
  std::string bytes;
};

Written WriteXlsx(const std::vector<AnyRecord>& records, WriterOptions options,
                  uint32_t rows_per_sheet = internal::kXlsxMaxRows) {
  options.format = ExportFormat::kXlsx;
  std::ostringstream out;
  auto writer = internal::OpenXlsxWriter(out, options, rows_per_sheet);
  if (!writer) return {writer.error(), ""};
  for (const AnyRecord& r : records) {
    if (Status s = (*writer)->Write(r); !s.ok()) return {s, out.str()};
  }
  Status s = (*writer)->Finish();
  return {s, out.str()};
}

// `n` copies of a two-byte letter: more bytes than characters, as Excel's limit counts.
std::string ArabicText(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += "ر";
  return s;
}

Incident TrickyIncident() {
  Incident i = civharm::testing::SampleIncident();
  i.meta.id = NewId();
  i.meta.version = 3;
  i.meta.created_at = *Timestamp::Parse("2024-01-01T00:00:00Z");
  i.meta.updated_at = *Timestamp::Parse("2024-02-01T12:30:00.5Z");
  // Spaces at both ends, a CR LF, a tab, control characters, and text that looks like one of
  // Excel's escapes: all must come back exactly.
  i.title = "  غارة على قرية الرامي _x0041_\r\nline\ttwo \x01 end ";
  // NUL would end the C string libxlsxwriter takes; U+FFFF cannot be in XML at all.
  i.title += std::string("nul\0here \xEF\xBF\xBF ", 13);
  i.facts.location.lat = 35.76336912345678;  // 16 significant digits
  i.facts.location.admin3.clear();
  i.facts.date.time_of_day.reset();
  // Exactly as long as a cell may be: 32,767 characters in 65,534 bytes.
  i.facts.description = ArabicText(internal::kXlsxMaxCellLength);
  return i;
}

size_t Column(EntityKind kind, std::string_view name) {
  const auto& fields = FlatFields(kind);
  for (size_t c = 0; c < fields.size(); ++c) {
    if (fields[c].name == name) return c;
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

TEST(XlsxWriterTest, EveryCellComesBackAsTheCsvExportHasIt) {
  const Incident tricky = TrickyIncident();
  Incident imprecise = civharm::testing::SampleIncident();
  imprecise.meta.id = NewId();
  imprecise.facts.location.lat = 0.1 + 0.2;  // 0.30000000000000004: 17 significant digits
  const Written w = WriteXlsx({tricky, imprecise}, {.entity = EntityKind::kIncident});
  ASSERT_TRUE(w.status.ok()) << w.status.ToString();
  const Workbook book = ReadXlsx(w.bytes);
  ASSERT_THAT(book.sheet_names, ElementsAre("incidents"));
  const Grid& grid = book.sheets[0];
  const auto& fields = FlatFields(EntityKind::kIncident);

  // The header: the CSV export's columns, bold, frozen.
  EXPECT_EQ(RowTexts(grid, 0, fields.size()),
            internal::HeaderCells(fields, internal::HeaderRow::kNames));
  for (uint32_t c = 0; c < fields.size(); ++c) {
    EXPECT_TRUE(grid.at({0, c}).styled) << fields[c].name;
  }
  EXPECT_THAT(book.styles, HasSubstr("<b/>"));
  EXPECT_THAT(book.sheet_xml[0], HasSubstr("ySplit=\"1\""));
  EXPECT_THAT(book.sheet_xml[0], HasSubstr("state=\"frozen\""));
  EXPECT_EQ(RowsOf(grid), 3u);

  // Each record's row: cell by cell what GetCell gives the CSV export — numbers as number cells
  // with the same value, everything else as text, absent fields as no cell at all.
  const std::vector<Incident> records = {tricky, imprecise};
  for (uint32_t r = 0; r < records.size(); ++r) {
    const json record = ToJson(records[r]);
    for (uint32_t c = 0; c < fields.size(); ++c) {
      const std::string expected = *internal::GetCell(record, fields[c]);
      const auto it = grid.find({r + 1, c});
      if (expected.empty()) {
        EXPECT_EQ(it, grid.end()) << fields[c].name << " should be an empty cell";
        continue;
      }
      ASSERT_NE(it, grid.end()) << fields[c].name;
      EXPECT_FALSE(it->second.styled) << fields[c].name;
      const bool number = (fields[c].type == internal::CellType::kInteger ||
                           fields[c].type == internal::CellType::kNumber) &&
                          ExactExcelNumber(expected);
      if (number) {
        EXPECT_EQ(it->second.type, "n") << fields[c].name;
        EXPECT_EQ(ParseDouble(it->second.text), ParseDouble(expected)) << fields[c].name;
      } else {
        EXPECT_EQ(it->second.type, "inlineStr") << fields[c].name;
        EXPECT_EQ(it->second.text, expected) << fields[c].name;
      }
    }
  }

  // The cases the brief names, spelled out.
  const auto at = [&](uint32_t row, std::string_view name) {
    return grid.at({row, static_cast<uint32_t>(Column(EntityKind::kIncident, name))});
  };
  EXPECT_EQ(at(1, "id").text, tricky.meta.id);
  EXPECT_EQ(at(1, "title").text, tricky.title);
  EXPECT_EQ(at(1, "description").text, tricky.facts.description);
  EXPECT_EQ(internal::ExcelLength(at(1, "description").text), 32'767u);
  EXPECT_EQ(at(1, "location.lat").type, "n");
  EXPECT_EQ(at(1, "location.lat").text, "35.76336912345678");
  EXPECT_EQ(at(1, "casualties.civilian.killed.max").type, "n");
  EXPECT_EQ(at(1, "casualties.civilian.killed.max").text, "5");
  EXPECT_EQ(at(1, "version").type, "n");
  EXPECT_EQ(at(1, "version").text, "3");
  EXPECT_EQ(at(1, "date.start").type, "inlineStr");
  EXPECT_EQ(at(1, "date.start").text, "2013-01-03");
  EXPECT_EQ(at(1, "updated_at").text, "2024-02-01T12:30:00.5Z");
  EXPECT_EQ(grid.count({1, static_cast<uint32_t>(Column(EntityKind::kIncident, "date.time"))}), 0u);
  EXPECT_EQ(
      grid.count({1, static_cast<uint32_t>(Column(EntityKind::kIncident, "location.admin3"))}), 0u);
  EXPECT_THAT(at(1, "location.place_names").text, HasSubstr("الرامي"));
  // A value libxlsxwriter's 16 digits would round is text, exact, rather than a rounded number.
  EXPECT_EQ(at(2, "location.lat").type, "inlineStr");
  EXPECT_EQ(at(2, "location.lat").text, "0.30000000000000004");
}

TEST(XlsxWriterTest, HxlHashtagsFormASecondFrozenHeaderRow) {
  const Incident i = TrickyIncident();
  const Written w = WriteXlsx({i}, {.entity = EntityKind::kIncident, .hxl = true});
  ASSERT_TRUE(w.status.ok()) << w.status.ToString();
  const Workbook book = ReadXlsx(w.bytes);
  ASSERT_EQ(book.sheets.size(), 1u);
  const auto& fields = FlatFields(EntityKind::kIncident);
  const Grid& grid = book.sheets[0];
  EXPECT_EQ(RowTexts(grid, 0, fields.size()),
            internal::HeaderCells(fields, internal::HeaderRow::kNames));
  EXPECT_EQ(RowTexts(grid, 1, fields.size()),
            internal::HeaderCells(fields, internal::HeaderRow::kHxl));
  EXPECT_EQ(grid.at({1, 0}).text, "#event+id");
  EXPECT_EQ(grid.at({2, 0}).text, i.meta.id);
  EXPECT_EQ(RowsOf(grid), 3u);
  EXPECT_THAT(book.sheet_xml[0], HasSubstr("ySplit=\"2\""));

  std::ostringstream out;
  EXPECT_TRUE(OpenWriter(out, {.format = ExportFormat::kXlsx, .hxl = true}));
  EXPECT_FALSE(OpenWriter(out, {.format = ExportFormat::kGeoJson, .hxl = true}));
  EXPECT_EQ(EnumName(ExportFormat::kXlsx), "xlsx");
  EXPECT_EQ(ParseEnum<ExportFormat>("xlsx"), ExportFormat::kXlsx);
}

TEST(XlsxWriterTest, RefusesTextTooLongForACellNamingRecordAndColumn) {
  Incident too_long = TrickyIncident();
  too_long.facts.description = ArabicText(internal::kXlsxMaxCellLength + 1);
  const Incident fine = TrickyIncident();
  std::ostringstream out;
  auto w = OpenWriter(out, {.format = ExportFormat::kXlsx, .entity = EntityKind::kIncident});
  ASSERT_TRUE(w);
  const Status s = (*w)->Write(too_long);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "description");
  EXPECT_THAT(s.message(), HasSubstr("record " + too_long.meta.id + ", column description"));
  EXPECT_THAT(s.message(), HasSubstr("32,768 characters"));
  EXPECT_THAT(s.message(), HasSubstr("32,767"));
  EXPECT_THAT(s.message(), HasSubstr("not cut"));
  // The export goes on: the refused record left nothing behind, the next one takes its row.
  ASSERT_TRUE((*w)->Write(fine).ok());
  // A record without an id is named by its place in the export (the third offered).
  Incident no_id = too_long;
  no_id.meta.id.clear();
  EXPECT_THAT((*w)->Write(no_id).message(), HasSubstr("record number 3 of the export"));
  ASSERT_TRUE((*w)->Finish().ok());
  const Workbook book = ReadXlsx(out.str());
  ASSERT_EQ(book.sheets.size(), 1u);
  EXPECT_EQ(RowsOf(book.sheets[0]), 2u);
  EXPECT_EQ(book.sheets[0].at({1, 0}).text, fine.meta.id);
}

TEST(XlsxWriterTest, ContinuesOnANewSheetWhenASheetIsFull) {
  std::vector<AnyRecord> records;
  std::vector<std::string> ids;
  for (int n = 0; n < 5; ++n) {
    Incident i = civharm::testing::SampleIncident();
    i.meta.id = NewId();
    ids.push_back(i.meta.id);
    records.push_back(i);
  }
  // Three rows a sheet: the header and two records.
  const Written w = WriteXlsx(records, {.entity = EntityKind::kIncident}, 3);
  ASSERT_TRUE(w.status.ok()) << w.status.ToString();
  const Workbook book = ReadXlsx(w.bytes);
  ASSERT_THAT(book.sheet_names, ElementsAre("incidents", "incidents (2)", "incidents (3)"));
  const auto header =
      internal::HeaderCells(FlatFields(EntityKind::kIncident), internal::HeaderRow::kNames);
  std::vector<std::string> read_ids;
  for (size_t s = 0; s < book.sheets.size(); ++s) {
    const Grid& grid = book.sheets[s];
    EXPECT_EQ(RowTexts(grid, 0, header.size()), header) << "sheet " << s + 1;
    EXPECT_THAT(book.sheet_xml[s], HasSubstr("ySplit=\"1\""));
    for (uint32_t r = 1; r < RowsOf(grid); ++r) read_ids.push_back(grid.at({r, 0}).text);
  }
  EXPECT_EQ(read_ids, ids);  // none dropped, none twice, in order
  EXPECT_EQ(RowsOf(book.sheets[2]), 2u);

  std::ostringstream out;
  EXPECT_FALSE(internal::OpenXlsxWriter(out, {.format = ExportFormat::kXlsx}, 1));
  EXPECT_FALSE(
      internal::OpenXlsxWriter(out, {.format = ExportFormat::kXlsx}, internal::kXlsxMaxRows + 1));
}

TEST(XlsxWriterTest, AnEmptyExportIsAWorkbookWithTheHeader) {
  const Written w = WriteXlsx({}, {.entity = EntityKind::kVictim, .hxl = true});
  ASSERT_TRUE(w.status.ok()) << w.status.ToString();
  const Workbook book = ReadXlsx(w.bytes);
  ASSERT_THAT(book.sheet_names, ElementsAre("victims"));
  const auto& fields = FlatFields(EntityKind::kVictim);
  EXPECT_EQ(RowTexts(book.sheets[0], 1, fields.size()),
            internal::HeaderCells(fields, internal::HeaderRow::kHxl));
  EXPECT_EQ(RowsOf(book.sheets[0]), 2u);
}

TEST(XlsxWriterTest, RefusesRecordsOfAnotherKindAndTextThatIsNotUtf8) {
  std::ostringstream out;
  auto w = OpenWriter(out, {.format = ExportFormat::kXlsx, .entity = EntityKind::kIncident});
  ASSERT_TRUE(w);
  EXPECT_THAT((*w)->Write(civharm::testing::SampleVictim()).message(),
              HasSubstr("holds incident records, not victim"));
  Incident bad = civharm::testing::SampleIncident();
  bad.title = "caf\xE9";
  EXPECT_EQ((*w)->Write(bad).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(out.str().empty());  // nothing reaches the stream before Finish
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_EQ(RowsOf(ReadXlsx(out.str()).sheets.at(0)), 1u);
  EXPECT_FALSE((*w)->Write(civharm::testing::SampleIncident()).ok());
  EXPECT_FALSE((*w)->Finish().ok());
}

// A stream that takes nothing, as a full disk or a closed pipe.
class BrokenStream : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
  int_type overflow(int_type) override { return traits_type::eof(); }
};

// Points TMPDIR at a fresh directory for the life of the object, so that a test can see every
// temporary file the writers make.
class PrivateTmpdir {
 public:
  PrivateTmpdir() {
    std::string tmpl = (fs::temp_directory_path() / "civharm-xlsx-test-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    if (const char* old = getenv("TMPDIR")) old_ = old;
    setenv("TMPDIR", dir_.c_str(), 1);
  }
  ~PrivateTmpdir() {
    if (old_)
      setenv("TMPDIR", old_->c_str(), 1);
    else
      unsetenv("TMPDIR");
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  size_t files() const {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }

 private:
  fs::path dir_;
  std::optional<std::string> old_;
};

TEST(XlsxWriterTest, LeavesNoTemporaryFileBehindInAnyPath) {
  PrivateTmpdir tmp;
  const WriterOptions options = {.format = ExportFormat::kXlsx, .entity = EntityKind::kIncident};
  {  // success
    std::ostringstream out;
    auto w = OpenWriter(out, options);
    ASSERT_TRUE(w);
    EXPECT_EQ(tmp.files(), 1u);  // the workbook being assembled
    ASSERT_TRUE((*w)->Write(civharm::testing::SampleIncident()).ok());
    ASSERT_TRUE((*w)->Finish().ok());
    EXPECT_EQ(tmp.files(), 0u);
  }
  {  // abandoned after a refused record, without Finish
    std::ostringstream out;
    auto w = OpenWriter(out, options);
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->Write(civharm::testing::SampleIncident()).ok());
    Incident too_long = civharm::testing::SampleIncident();
    too_long.title = std::string(internal::kXlsxMaxCellLength + 1, 'x');
    EXPECT_FALSE((*w)->Write(too_long).ok());
  }
  EXPECT_EQ(tmp.files(), 0u);
  {  // a failing stream
    BrokenStream broken;
    std::ostream out(&broken);
    auto w = OpenWriter(out, options);
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->Write(civharm::testing::SampleIncident()).ok());
    EXPECT_EQ((*w)->Finish().code(), ErrorCode::kUnavailable);
    EXPECT_EQ((*w)->Finish().code(), ErrorCode::kInvalidArgument);  // called twice
  }
  EXPECT_EQ(tmp.files(), 0u);
  {  // tables: a refused table and a failing stream
    std::ostringstream out;
    EXPECT_FALSE(WriteTablesXlsx({{.name = "t", .columns = {"a"}, .rows = {{}}}}, out).ok());
    BrokenStream broken;
    std::ostream failing(&broken);
    EXPECT_EQ(WriteTablesXlsx({{.name = "t", .columns = {"a"}}}, failing).code(),
              ErrorCode::kUnavailable);
  }
  EXPECT_EQ(tmp.files(), 0u);
}

TEST(XlsxWriterTest, ReportsATemporaryDirectoryThatCannotBeUsed) {
  PrivateTmpdir tmp;
  setenv("TMPDIR", "/nonexistent/civharm", 1);
  std::ostringstream out;
  auto w =
      OpenWriter(out, {.format = getenv("XLSX_CSV") ? ExportFormat::kCsv : ExportFormat::kXlsx});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(WriteTablesXlsx({}, out).code(), ErrorCode::kUnavailable);
}

TEST(XlsxWriterTest, WritesANumberOnlyWhenExcelHoldsItExactly) {
  EXPECT_EQ(ExactExcelNumber("35.763369"), 35.763369);
  EXPECT_EQ(ExactExcelNumber("12"), 12.0);
  EXPECT_EQ(ExactExcelNumber("-9.65"), -9.65);
  EXPECT_EQ(ExactExcelNumber("9007199254740992"), 9007199254740992.0);  // 2^53
  EXPECT_EQ(ExactExcelNumber("9007199254740993"), std::nullopt);        // 2^53 + 1
  EXPECT_EQ(ExactExcelNumber("0.30000000000000004"), std::nullopt);
  EXPECT_EQ(ExactExcelNumber("abc"), std::nullopt);
  EXPECT_EQ(internal::ExcelLength("aر😀"), 4u);  // the emoji is two UTF-16 units
}

// ---- Tables -----------------------------------------------------------------------------------

TEST(XlsxTablesTest, SheetNamesAreMadeValidByTheDocumentedRule) {
  const std::string long_name = "Civilian harm by governorate and month 2024";  // 43 characters
  EXPECT_THAT(
      XlsxSheetNames({"Killed by month", "a[b]:c*d?e/f\\g", long_name, "killed BY MONTH", "",
                      "'quoted'", "History", "Ärzte", "ärzte", long_name, "tab\there",
                      std::string(30, 'x') + "😀"}),
      ElementsAre("Killed by month", "a_b__c_d_e_f_g", "Civilian harm by governorate an",
                  "killed BY MONTH (2)", "Sheet 5", "quoted", "History (2)", "Ärzte", "ärzte (2)",
                  "Civilian harm by governorat (2)", "tab_here", std::string(30, 'x')));
  for (const std::string& name : XlsxSheetNames({long_name, long_name, long_name})) {
    EXPECT_LE(internal::ExcelLength(name), 31u) << name;
  }
}

TEST(XlsxTablesTest, WritesTablesWithEmptyCellsLeftEmpty) {
  std::vector<TableSheet> sheets(2);
  sheets[0].name = "Killed: by month?";
  sheets[0].columns = {"month", "min", "best", "share", "big"};
  sheets[0].rows = {
      {std::string("2024-01"), int64_t{3}, int64_t{5}, 0.25, int64_t{9007199254740993}},
      {std::string("2024-02"), int64_t{0}, {}, {}, {}},
  };
  sheets[0].note = "best: the analysts' best estimate; غير معروف";
  sheets[1].name = "killed: BY MONTH?";
  sheets[1].columns = {"x"};
  const std::string table_bytes = [&] {
    std::ostringstream out;
    const Status s = WriteTablesXlsx(sheets, out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out.str();
  }();
  const Workbook book = ReadXlsx(table_bytes);
  ASSERT_THAT(book.sheet_names, ElementsAre("Killed_ by month_", "killed_ BY MONTH_ (2)"));
  const Grid& g = book.sheets[0];
  EXPECT_EQ(RowTexts(g, 0, 5), (std::vector<std::string>{"month", "min", "best", "share", "big"}));
  EXPECT_TRUE(g.at({0, 0}).styled);
  EXPECT_THAT(book.sheet_xml[0], HasSubstr("ySplit=\"1\""));
  EXPECT_EQ(g.at({1, 0}).type, "inlineStr");
  EXPECT_EQ(g.at({1, 0}).text, "2024-01");
  EXPECT_EQ(g.at({1, 1}).type, "n");
  EXPECT_EQ(g.at({1, 1}).text, "3");
  EXPECT_EQ(g.at({1, 3}).type, "n");
  EXPECT_EQ(g.at({1, 3}).text, "0.25");
  EXPECT_EQ(g.at({1, 4}).type, "inlineStr");  // beyond 2^53: exact text, not a rounded number
  EXPECT_EQ(g.at({1, 4}).text, "9007199254740993");
  EXPECT_EQ(g.at({2, 1}).type, "n");
  EXPECT_EQ(g.at({2, 1}).text, "0");  // a real zero stays a zero...
  EXPECT_EQ(g.count({2, 2}), 0u);     // ...and an empty cell stays empty
  EXPECT_EQ(g.count({2, 3}), 0u);
  EXPECT_EQ(g.count({3, 0}), 0u);  // the empty row before the note
  EXPECT_EQ(g.at({4, 0}).text, sheets[0].note);
  EXPECT_EQ(RowsOf(g), 5u);
  EXPECT_EQ(RowsOf(book.sheets[1]), 1u);

  std::ostringstream none;
  ASSERT_TRUE(WriteTablesXlsx({}, none).ok());
  EXPECT_THAT(ReadXlsx(none.str()).sheet_names, ElementsAre("Sheet1"));
}

TEST(XlsxTablesTest, RefusesBadTablesNamingSheetRowAndColumn) {
  const auto refusal = [](const TableSheet& sheet) {
    std::ostringstream out;
    const Status s = WriteTablesXlsx({sheet}, out);
    EXPECT_TRUE(out.str().empty()) << "nothing is written on an error";
    return s;
  };
  Status s = refusal(
      {.name = "t", .columns = {"a", "b"}, .rows = {{int64_t{1}, int64_t{2}}, {int64_t{1}}}});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("sheet 't', table row 2 (Excel row 3) has 1 cells"));
  s = refusal({.name = "t",
               .columns = {"a", "label"},
               .rows = {{{}, std::string(internal::kXlsxMaxCellLength + 1, 'x')}}});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("sheet 't', table row 1 (Excel row 2), column 'label'"));
  EXPECT_THAT(s.message(), HasSubstr("32,767"));
  s = refusal(
      {.name = "t", .columns = {"rate"}, .rows = {{std::numeric_limits<double>::quiet_NaN()}}});
  EXPECT_THAT(s.message(), HasSubstr("column 'rate'"));
  EXPECT_THAT(s.message(), HasSubstr("leave the cell empty"));
  s = refusal({.name = "t", .columns = {"a"}, .rows = {{std::string("caf\xE9")}}});
  EXPECT_THAT(s.message(), HasSubstr("not valid UTF-8"));
}

TEST(XlsxDatasetTest, APublicDatasetHasItsColumnsTagsAndNumberCells) {
  const std::vector<DatasetColumn> columns = {
      *LayoutColumn(EntityKind::kIncident, "id"),
      *LayoutColumn(EntityKind::kIncident, "location.lat"),
      {"coordinate_grid", "#geo+grid", ColumnKind::kNumber}};
  std::ostringstream out;
  auto w = OpenDatasetWriter(
      out, {.format = ExportFormat::kXlsx, .columns = columns, .sheet_name = "release 3"});
  ASSERT_TRUE(w) << w.error().ToString();
  ASSERT_TRUE((*w)->Write({{"id", "a"}, {"location", {{"lat", 35.775}}}, {"title", "x"}}).ok());
  ASSERT_TRUE((*w)->Write({{"id", "b"}, {"coordinate_grid", 0.25}}).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  const Workbook book = ReadXlsx(out.str());
  ASSERT_THAT(book.sheet_names, ElementsAre("release 3"));
  const Grid& grid = book.sheets[0];
  EXPECT_EQ(RowsOf(grid), 4u);
  EXPECT_THAT(RowTexts(grid, 0, 3), ElementsAre("id", "location.lat", "coordinate_grid"));
  EXPECT_THAT(RowTexts(grid, 1, 3), ElementsAre("#event+id", "#geo+lat", "#geo+grid"));
  EXPECT_THAT(RowTexts(grid, 2, 3), ElementsAre("a", "35.775", ""));
  EXPECT_EQ(grid.at({2, 1}).type, "n");
  EXPECT_EQ(grid.at({3, 2}).text, "0.25");
  EXPECT_THAT(book.sheet_xml[0], ::testing::Not(HasSubstr("title")));
}

}  // namespace
}  // namespace civharm::io
