#include "io/json_array_reader.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::io::internal {
namespace {

using ::testing::HasSubstr;

struct Scan {
  Status opened;
  std::vector<JsonArrayScanner::Element> elements;
  Status ended;
};

Scan ScanAll(const std::string& text) {
  std::istringstream in(text);
  Scan out;
  auto s = JsonArrayScanner::Open(in);
  if (!s) {
    out.opened = s.error();
    return out;
  }
  while (true) {
    JsonArrayScanner::Element e;
    auto more = (*s)->Next(e);
    if (!more) {
      out.ended = more.error();
      break;
    }
    if (!*more) break;
    out.elements.push_back(e);
  }
  return out;
}

TEST(JsonArrayScannerTest, FindsEachElementOfAPrettyPrintedArrayWithItsLine) {
  const Scan s = ScanAll(
      "\xEF\xBB\xBF[\n"
      "  {\n"
      "    \"title\": \"a ] and a } and \\\" in a string\",\n"
      "    \"list\": [1, {\"x\": [2]}]\n"
      "  },\r\n"
      "  {\"title\": \"second\"},\n"
      "  42, \"text, with comma\", null, [1,2]\n"
      "]\n\n");
  ASSERT_TRUE(s.opened.ok()) << s.opened.ToString();
  ASSERT_TRUE(s.ended.ok()) << s.ended.ToString();
  ASSERT_EQ(s.elements.size(), 6u);
  EXPECT_EQ(s.elements[0].line, 2u);
  EXPECT_EQ(s.elements[0].text.substr(0, 1), "{");
  EXPECT_EQ(s.elements[0].text.back(), '}');
  EXPECT_EQ(s.elements[1].text, "{\"title\": \"second\"}");
  EXPECT_EQ(s.elements[1].line, 6u);
  EXPECT_EQ(s.elements[2].text, "42");
  EXPECT_EQ(s.elements[3].text, "\"text, with comma\"");
  EXPECT_EQ(s.elements[4].text, "null");
  EXPECT_EQ(s.elements[5].text, "[1,2]");
  EXPECT_EQ(s.elements[5].line, 7u);
  EXPECT_EQ(s.elements[5].index, 6u);
}

TEST(JsonArrayScannerTest, ReadsAnEmptyArray) {
  const Scan s = ScanAll(" [ ] ");
  EXPECT_TRUE(s.opened.ok());
  EXPECT_TRUE(s.ended.ok());
  EXPECT_TRUE(s.elements.empty());
}

TEST(JsonArrayScannerTest, RefusesAnythingButATopLevelArray) {
  EXPECT_THAT(ScanAll("{\"a\": 1}").opened.message(), HasSubstr("one array of records"));
  EXPECT_THAT(ScanAll("\n\n  \"x\"").opened.message(), HasSubstr("line 3"));
  EXPECT_THAT(ScanAll("").opened.message(), HasSubstr("empty"));
}

TEST(JsonArrayScannerTest, StructuralErrorsNameTheirLine) {
  EXPECT_THAT(ScanAll("[\n{\"a\":1}\n{\"b\":2}\n]").ended.message(),
              HasSubstr("line 3: expected ',' or ']'"));
  EXPECT_THAT(ScanAll("[\n{\"a\":1},\n]").ended.message(), HasSubstr("line 3: a comma before ']'"));
  EXPECT_THAT(ScanAll("[\n{\"a\":1},\n{\"b\":").ended.message(),
              HasSubstr("line 3: the file ends inside"));
  EXPECT_THAT(ScanAll("[\n{\"a\":1}\n").ended.message(),
              HasSubstr("before the array of records is closed"));
  EXPECT_THAT(ScanAll("[{\"a\":1}]\n[]").ended.message(), HasSubstr("line 2: text follows"));
  EXPECT_THAT(ScanAll("[,{\"a\":1}]").ended.message(),
              HasSubstr("a comma where an element is expected"));
}

TEST(JsonArrayScannerTest, ReadsElementsLargerThanOneRead) {
  const std::string big(3 << 20, 'y');
  const Scan s = ScanAll("[{\"a\": \"" + big + "\"},\n{\"b\": 1}]");
  ASSERT_TRUE(s.ended.ok()) << s.ended.ToString();
  ASSERT_EQ(s.elements.size(), 2u);
  EXPECT_EQ(s.elements[0].text.size(), big.size() + 9);
  EXPECT_EQ(s.elements[1].line, 2u);
}

}  // namespace
}  // namespace civharm::io::internal
