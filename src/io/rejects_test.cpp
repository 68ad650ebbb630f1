#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "io/describe.h"
#include "io/test_util.h"

namespace civharm::io {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kTestData = CIVHARM_SOURCE_DIR "/src/io/testdata/";

std::string Rejects(const testing::ReadOutcome& r, ImportFormat format, char delimiter = ',') {
  std::ostringstream out;
  auto w = OpenRejectWriter(out, format, r.header, delimiter);
  EXPECT_TRUE(w);
  for (const ImportRow& row : r.rows) {
    if (!row.errors.empty()) {
      EXPECT_TRUE((*w)->Write(row).ok());
    }
  }
  EXPECT_TRUE((*w)->Finish().ok());
  return out.str();
}

TEST(RejectWriterTest, CsvKeepsTheOriginalCellsAndAddsTheReasons) {
  const auto r = testing::ReadText(
      "title,date.start,casualties.civilian.killed.best\n"
      "x1,2023-01-01,2\n"
      "x2,2023-02-30,\"1, maybe\"\n"
      "x3,2023-01-01,1,extra\n",
      {.format = ImportFormat::kCsv, .entity = EntityKind::kIncident});
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(
      Rejects(r, ImportFormat::kCsv),
      "title,date.start,casualties.civilian.killed.best,civharm_errors\n"
      "x2,2023-02-30,\"1, maybe\",\"row 2 (line 3), column 'casualties.civilian.killed.best': '1, "
      "maybe' is "
      "not a whole number; row 2 (line 3), column 'date.start': '2023-02-30' is not a real date\"\n"
      "x3,2023-01-01,1,row 3 (line 4): column 4 holds a value but the header names only 3 columns; "
      "name the "
      "column or remove the value,extra\n");
}

TEST(RejectWriterTest, AMendedRejectFileImportsAgainWithTheSameMapping) {
  const Mapping mapping = *LoadMapping(kTestData + "mapping_monitor.yaml");
  std::ifstream in(kTestData + "monitor.csv", std::ios::binary);
  const auto first = testing::ReadStream(in, {.format = ImportFormat::kCsv, .mapping = &mapping});
  ASSERT_EQ(first.rows.size(), 3u);
  std::string rejects = Rejects(first, ImportFormat::kCsv, mapping.delimiter);
  EXPECT_THAT(rejects, HasSubstr(";civharm_errors\n"));
  EXPECT_THAT(rejects, HasSubstr("M-003;31/02/2023;;exactish;x;;ZZ;Hama;;;;maybe;;;"));

  // Mend the row; the reasons column is ignored on the way back in.
  for (auto [from, to] :
       {std::pair{"31/02/2023", "28/02/2023"}, std::pair{"exactish", "exact"},
        std::pair{";x;", ";1;"}, std::pair{";;;;maybe", ";;;Armed group Y;likely"}}) {
    rejects.replace(rejects.find(from), std::string(from).size(), to);
  }
  const auto again =
      testing::ReadText(rejects, {.format = ImportFormat::kCsv, .mapping = &mapping});
  ASSERT_TRUE(again.opened.ok()) << again.opened.ToString();
  ASSERT_EQ(again.rows.size(), 1u);
  ASSERT_TRUE(again.rows[0].record) << Describe(again.rows[0].errors[0]);
  const Report& mended = std::get<Report>(*again.rows[0].record);
  EXPECT_EQ(mended.source_record_id, "M-003");
  EXPECT_FALSE(mended.source_fields.contains("civharm_errors"));

  // Refused again, the file keeps one reasons column.
  const Mapping simple = *ParseMapping(
      "delimiter: ';'\ncolumns: {Incident ID: source_record_id, Date: date.start}\n"
      "constants: {source_type: ngo, source_name: M}\n");
  const auto bad = testing::ReadText("Incident ID;Date;civharm_errors\nM-9;x;old reasons\n",
                                     {.format = ImportFormat::kCsv, .mapping = &simple});
  ASSERT_EQ(bad.rows.size(), 1u);
  EXPECT_EQ(Rejects(bad, ImportFormat::kCsv, ';'),
            "Incident ID;Date;civharm_errors\n"
            "M-9;x;row 1 (line 2), column 'Date': 'x' is not a date in the form YYYY-MM-DD\n");
}

TEST(RejectWriterTest, JsonWritesOneObjectPerRefusedElement) {
  const auto r = testing::ReadText(
      "[\n{\"date\": {\"start\": \"2023-01-01\"}},\n{\"date\": {\"start\": \"x\"}},\n{\"title\": "
      "tru}\n]",
      {.format = ImportFormat::kJson, .entity = EntityKind::kIncident});
  ASSERT_EQ(r.rows.size(), 3u);
  const std::string text = Rejects(r, ImportFormat::kJson);
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["row"], 2);
  EXPECT_EQ(lines[0]["line"], 3);
  EXPECT_EQ(lines[0]["errors"][0]["column"], "date.start");
  EXPECT_EQ(lines[0]["record"], json::parse(R"({"date": {"start": "x"}})"));
  EXPECT_EQ(lines[1]["record"], "{\"title\": tru}");  // not JSON: kept as text
}

TEST(RejectWriterTest, DescribesAProblemInOneSentence) {
  EXPECT_EQ(Describe({3, 4, "Date", "'31/02/2023' is not a real date"}),
            "row 3 (line 4), column 'Date': '31/02/2023' is not a real date");
  EXPECT_EQ(Describe({3, 4, "", "is not valid JSON"}), "row 3 (line 4): is not valid JSON");
}

}  // namespace
}  // namespace civharm::io
