// io.h as a whole: dispatch, progress, and that no input — however broken — escapes as anything
// but rows and Status.

#include <random>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/test_fixtures.h"
#include "io/test_util.h"

namespace civharm::io {
namespace {

using ::testing::HasSubstr;

TEST(IoTest, AMappingGoesWithCsvOnly) {
  const Mapping m = *ParseMapping("entity: incident\ncolumns: {D: date.start}\n");
  const auto r = testing::ReadText("[]", {.format = ImportFormat::kJson, .mapping = &m});
  EXPECT_EQ(r.opened.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.opened.message(), HasSubstr("mapping applies to CSV input only"));
}

TEST(IoTest, ReadersReportTheirKindAndProgress) {
  const std::string csv =
      testing::WriteText({civharm::testing::SampleVictim()},
                         {.format = ExportFormat::kCsv, .entity = EntityKind::kVictim});
  const std::string json =
      testing::WriteText({civharm::testing::SampleVictim()},
                         {.format = ExportFormat::kJson, .entity = EntityKind::kVictim});
  for (const auto& [text, format] :
       {std::pair{csv, ImportFormat::kCsv}, std::pair{json, ImportFormat::kJson}}) {
    std::istringstream in(text);
    auto reader = OpenReader(in, {.format = format, .entity = EntityKind::kVictim});
    ASSERT_TRUE(reader) << reader.error().ToString();
    EXPECT_EQ((*reader)->kind(), EntityKind::kVictim);
    while (true) {
      auto row = (*reader)->Next();
      ASSERT_TRUE(row);
      if (!*row) break;
      EXPECT_TRUE((*row)->record);
    }
    EXPECT_EQ((*reader)->bytes_read(), text.size());
  }
}

TEST(IoTest, ArbitraryBytesNeverCrashOrThrow) {
  // Fragments that steer random input into the interesting corners of each parser.
  const std::vector<std::string> pieces = {",",
                                           ";",
                                           "\"",
                                           "\"\"",
                                           "\n",
                                           "\r",
                                           "\r\n",
                                           "[",
                                           "]",
                                           "{",
                                           "}",
                                           ":",
                                           "\\",
                                           "\xEF\xBB\xBF",
                                           "\xE9",
                                           "date.start",
                                           "2023-01-01",
                                           "id",
                                           "best",
                                           "low",
                                           "high",
                                           "1",
                                           "-1",
                                           "99999999999999999999",
                                           "1e400",
                                           "{\"date\":{\"start\":\"2023-01-01\"}}",
                                           "null",
                                           "true",
                                           "belligerents",
                                           "[{\"name\":1}]",
                                           " ",
                                           "\t"};
  const std::vector<std::string> headers = {
      "", "date.start,title,belligerents,casualties.total_killed.min\n",
      "event_id_cnty,event_date,latitude,longitude,fatalities,notes\n"};
  std::mt19937 rng(20240611);
  const Mapping mapping = *ParseMapping(
      "entity: incident\ncolumns: {D: date.start, N: \"belligerents[0].name\"}\nignore: [X]\n");
  const std::vector<ReaderOptions> options = {
      {.format = ImportFormat::kCsv, .entity = EntityKind::kIncident},
      {.format = ImportFormat::kJson, .entity = EntityKind::kIncident},
      {.format = ImportFormat::kAcled},
      {.format = ImportFormat::kUcdpGed},
      {.format = ImportFormat::kCsv, .mapping = &mapping}};
  for (int round = 0; round < 3000; ++round) {
    std::string text = headers[rng() % headers.size()];
    if (round % 5 == 4) text = "D,N,X\n";
    const int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    const ReaderOptions& o = options[static_cast<size_t>(round) % options.size()];
    testing::ReadOutcome r;
    ASSERT_NO_THROW(r = testing::ReadText(text, o)) << text;
    for (const ImportRow& row : r.rows) {
      // Never both a record and errors; never neither.
      EXPECT_NE(row.record.has_value(), !row.errors.empty()) << text;
    }
  }
}

}  // namespace
}  // namespace civharm::io
