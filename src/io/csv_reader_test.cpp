#include "io/csv_reader.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::io::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct ReadResult {
  std::vector<std::string> header;
  std::vector<CsvRecord> records;
  Status end;  // the failure that stopped reading, or OK
  uint64_t bytes = 0;
};

ReadResult ReadAll(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  auto csv = CsvReader::Open(in, options);
  EXPECT_TRUE(csv) << csv.error().ToString();
  ReadResult r;
  if (!csv) return r;
  r.header = (*csv)->header();
  while (true) {
    CsvRecord rec;
    auto more = (*csv)->Next(rec);
    if (!more) {
      r.end = more.error();
      break;
    }
    if (!*more) break;
    r.records.push_back(std::move(rec));
  }
  r.bytes = (*csv)->bytes_read();
  return r;
}

Status OpenError(const std::string& text) {
  std::istringstream in(text);
  auto csv = CsvReader::Open(in);
  if (csv) return Status::Ok();
  return csv.error();
}

TEST(CsvReaderTest, ReadsHeaderAndRowsWithRowAndLineNumbers) {
  const ReadResult r = ReadAll("a,b\n1,2\n3,4\n");
  EXPECT_THAT(r.header, ElementsAre("a", "b"));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_THAT(r.records[0].cells, ElementsAre("1", "2"));
  EXPECT_EQ(r.records[0].row, 1u);
  EXPECT_EQ(r.records[0].line, 2u);
  EXPECT_THAT(r.records[1].cells, ElementsAre("3", "4"));
  EXPECT_EQ(r.records[1].row, 2u);
  EXPECT_EQ(r.records[1].line, 3u);
  EXPECT_TRUE(r.end.ok());
  EXPECT_EQ(r.bytes, 12u);
}

TEST(CsvReaderTest, HandlesByteOrderMarkAndMixedLineEndings) {
  // LF, CRLF and a lone CR in one file; the BOM is not part of the first name.
  const std::string text = "\xEF\xBB\xBFid,name\r\n1,one\n2,two\r3,three\r\n4,four";
  const ReadResult r = ReadAll(text);
  EXPECT_THAT(r.header, ElementsAre("id", "name"));
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_THAT(r.records[0].cells, ElementsAre("1", "one"));
  EXPECT_THAT(r.records[1].cells, ElementsAre("2", "two"));
  EXPECT_THAT(r.records[2].cells, ElementsAre("3", "three"));
  EXPECT_THAT(r.records[3].cells, ElementsAre("4", "four"));
  EXPECT_EQ(r.records[2].line, 4u);
  EXPECT_EQ(r.records[3].line, 5u);
  EXPECT_EQ(r.bytes, text.size());
}

TEST(CsvReaderTest, ReadsQuotedFieldsWithDelimitersQuotesAndNewlines) {
  const ReadResult r = ReadAll(
      "id,text,n\n"
      "1,\"a, b\",2\n"
      "2,\"she said \"\"no\"\"\",3\n"
      "3,\"two\nlines\r\nand CRLF\",4\n"
      "4,\"\",5\n");
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].cells[1], "a, b");
  EXPECT_EQ(r.records[1].cells[1], "she said \"no\"");
  EXPECT_EQ(r.records[2].cells[1], "two\nlines\r\nand CRLF");
  EXPECT_EQ(r.records[3].cells[1], "");
  // Line numbers count the line breaks inside quoted values.
  EXPECT_EQ(r.records[2].line, 4u);
  EXPECT_EQ(r.records[3].line, 7u);
  for (const CsvRecord& rec : r.records) EXPECT_THAT(rec.errors, IsEmpty());
}

TEST(CsvReaderTest, UsesTheConfiguredDelimiter) {
  const ReadResult r = ReadAll("a;b\n\"x;y\";2,5\n", {.delimiter = ';'});
  EXPECT_THAT(r.header, ElementsAre("a", "b"));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_THAT(r.records[0].cells, ElementsAre("x;y", "2,5"));
}

TEST(CsvReaderTest, TrimsStraySpacesInHeaderNamesButNotInCells) {
  const ReadResult r = ReadAll(" id ,\tname  \n 1 , x \n");
  EXPECT_THAT(r.header, ElementsAre("id", "name"));
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_THAT(r.records[0].cells, ElementsAre(" 1 ", " x "));
}

TEST(CsvReaderTest, DropsBlankTrailingColumnsButRefusesValuesUnderThem) {
  const ReadResult r = ReadAll("a,b,,\n1,2,,\n3,4,,oops\n5,6\n");
  EXPECT_THAT(r.header, ElementsAre("a", "b"));
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_THAT(r.records[0].cells, ElementsAre("1", "2"));
  EXPECT_THAT(r.records[0].errors, IsEmpty());
  // The value is kept (for the reject file) and reported with its row and column number.
  EXPECT_THAT(r.records[1].cells, ElementsAre("3", "4", "", "oops"));
  ASSERT_EQ(r.records[1].errors.size(), 1u);
  EXPECT_EQ(r.records[1].errors[0].row, 2u);
  EXPECT_EQ(r.records[1].errors[0].line, 3u);
  EXPECT_THAT(r.records[1].errors[0].message, HasSubstr("column 4 holds a value"));
  EXPECT_THAT(r.records[2].cells, ElementsAre("5", "6"));
}

TEST(CsvReaderTest, PadsShortRowsWithEmptyCells) {
  const ReadResult r = ReadAll("a,b,c\n1\n1,2\n");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_THAT(r.records[0].cells, ElementsAre("1", "", ""));
  EXPECT_THAT(r.records[1].cells, ElementsAre("1", "2", ""));
  EXPECT_THAT(r.records[0].errors, IsEmpty());
}

TEST(CsvReaderTest, RefusesRowsWithMoreValuesThanTheHeader) {
  const ReadResult r = ReadAll("a,b\n1,2,3\n1,2,,\n");
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.records[0].errors.size(), 1u);
  EXPECT_EQ(r.records[0].errors[0].column, "");
  EXPECT_THAT(r.records[0].errors[0].message,
              HasSubstr("column 3 holds a value but the header names only 2 columns"));
  // Empty extra cells (trailing delimiters) carry no data and are fine.
  EXPECT_THAT(r.records[1].errors, IsEmpty());
  EXPECT_THAT(r.records[1].cells, ElementsAre("1", "2"));
}

TEST(CsvReaderTest, SkipsBlankLinesWithoutCountingThemAsRows) {
  const ReadResult r = ReadAll("\n\na,b\n\n1,2\n\r\n   \n,,\n3,4\n\n");
  EXPECT_THAT(r.header, ElementsAre("a", "b"));
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].row, 1u);
  EXPECT_EQ(r.records[0].line, 5u);
  EXPECT_EQ(r.records[1].row, 2u);
  EXPECT_EQ(r.records[1].line, 9u);
}

TEST(CsvReaderTest, UnterminatedQuoteIsFatalAndNamesTheLineWhereTheFieldStarted) {
  const ReadResult r = ReadAll("a,b\n1,2\n3,\"never\nclosed\nat all\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_FALSE(r.end.ok());
  EXPECT_EQ(r.end.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.end.message(), HasSubstr("line 3"));
  EXPECT_THAT(r.end.message(), HasSubstr("closing quote"));
}

TEST(CsvReaderTest, TextAfterAClosingQuoteIsAReportedRowErrorNotLostText) {
  const ReadResult r = ReadAll("a,b\n\"5\" pipe\",x\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].cells[0], "5 pipe\"");
  ASSERT_EQ(r.records[0].errors.size(), 1u);
  EXPECT_EQ(r.records[0].errors[0].column, "a");
  EXPECT_THAT(r.records[0].errors[0].message, HasSubstr("doubled"));
}

TEST(CsvReaderTest, InvalidUtf8InACellIsARowErrorNamingTheColumn) {
  const ReadResult r = ReadAll("id,name\n1,Caf\xE9\n2,Caf\xC3\xA9\n");
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.records[0].errors.size(), 1u);
  EXPECT_EQ(r.records[0].errors[0].column, "name");
  EXPECT_THAT(r.records[0].errors[0].message, HasSubstr("not valid UTF-8"));
  EXPECT_THAT(r.records[1].errors, IsEmpty());
  EXPECT_EQ(r.records[1].cells[1], "Café");
}

TEST(CsvReaderTest, RefusesDuplicateHeaderNames) {
  const Status s = OpenError("id,name, id\n1,2,3\n");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("'id' twice (columns 1 and 3)"));
}

TEST(CsvReaderTest, RefusesEmptyInputAndUnnamedMiddleColumns) {
  EXPECT_THAT(OpenError("").message(), HasSubstr("empty"));
  EXPECT_THAT(OpenError("\xEF\xBB\xBF\n\n").message(), HasSubstr("empty"));
  EXPECT_THAT(OpenError("a,,c\n").message(), HasSubstr("column 2 of the header has no name"));
  EXPECT_THAT(OpenError("a,\"b\"x\n").message(), HasSubstr("closing quote"));
}

TEST(CsvReaderTest, ReadsARecordSpanningManyBufferRefills) {
  // A 3 MB quoted value crosses several 1 MiB reads; the CR LF ending lands on a boundary too.
  const std::string big(3 * 1024 * 1024 + 1, 'x');
  const std::string text = "a,b\r\n\"" + big + "\",2\r\n3,4";
  const ReadResult r = ReadAll(text);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].cells[0].size(), big.size());
  EXPECT_THAT(r.records[1].cells, ElementsAre("3", "4"));
  EXPECT_EQ(r.records[1].line, 3u);
  EXPECT_EQ(r.bytes, text.size());
}

TEST(CsvReaderTest, CrLfSplitAcrossReadsCountsAsOneLineBreak) {
  // Place a CR exactly at the end of the first 1 MiB read.
  std::string text = "a\n";
  const size_t chunk = 1 << 20;
  while (text.size() < chunk - 1) text += "x\r\n";
  text.resize(chunk - 1);
  text += "\r\ny\r\n";
  const ReadResult r = ReadAll(text);
  ASSERT_FALSE(r.records.empty());
  EXPECT_EQ(r.records.back().cells[0], "y");
  EXPECT_EQ(r.records.back().line, r.records.size() + 1);
}

TEST(CsvReaderTest, ReadsManyRowsWithConstantMemory) {
  // 200,000 generated rows streamed through a std::stringstream-like source that produces the
  // text on demand, so that the test itself does not hold the file.
  class Generated : public std::streambuf {
   public:
    explicit Generated(int rows) : rows_(rows) { Refill(); }

   protected:
    int_type underflow() override {
      if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
      if (!Refill()) return traits_type::eof();
      return traits_type::to_int_type(*gptr());
    }

   private:
    bool Refill() {
      chunk_.clear();
      if (next_ == 0) chunk_ = "id,name,note,count\n";
      while (chunk_.size() < 64 * 1024 && next_ < rows_) {
        ++next_;
        chunk_ += std::to_string(next_) + ",name " + std::to_string(next_) +
                  ",\"a, quoted\nnote\"," + std::to_string(next_ % 97) + "\r\n";
      }
      if (chunk_.empty()) return false;
      setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
      return true;
    }
    int rows_;
    int next_ = 0;
    std::string chunk_;
  };
  constexpr int kRows = 200000;
  Generated source(kRows);
  std::istream in(&source);
  auto csv = CsvReader::Open(in);
  ASSERT_TRUE(csv);
  CsvRecord rec;
  uint64_t rows = 0;
  size_t largest_cell = 0;
  size_t largest_buffer = 0;
  while (true) {
    auto more = (*csv)->Next(rec);
    ASSERT_TRUE(more) << more.error().ToString();
    if (!*more) break;
    ++rows;
    ASSERT_TRUE(rec.errors.empty());
    for (const auto& c : rec.cells) largest_cell = std::max(largest_cell, c.capacity());
    largest_buffer = std::max(largest_buffer, (*csv)->buffer_bytes());
  }
  EXPECT_EQ(rows, static_cast<uint64_t>(kRows));
  EXPECT_EQ(rec.row, static_cast<uint64_t>(kRows));
  EXPECT_EQ(rec.line, static_cast<uint64_t>(2 * kRows));  // each record spans two lines
  EXPECT_THAT(rec.cells, ElementsAre(std::to_string(kRows), "name " + std::to_string(kRows),
                                     "a, quoted\nnote", std::to_string(kRows % 97)));
  // Nothing accumulates: the reader holds one read (1 MiB) and the record in progress, although
  // the input is several times larger.
  EXPECT_GT((*csv)->bytes_read(), 6u << 20);
  EXPECT_LE(largest_buffer, (1u << 20) + 1024);
  EXPECT_LT(largest_cell, 64u);
}

}  // namespace
}  // namespace civharm::io::internal
