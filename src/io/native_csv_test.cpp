// civharm's own CSV layout: export → import gives back the same records.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/test_fixtures.h"
#include "io/test_util.h"

namespace civharm::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::ReadText;
using testing::WriteText;

// Text that CSV must carry intact: commas, quotes, line breaks, scripts and emoji.
constexpr const char* kHardText =
    "He said \"come, now\",\nthen left;\r\nعائلة — 家族 ✓ 🕊";
// The same for short text, where line breaks are not allowed.
constexpr const char* kHardLine = "Strike on \"al-Rami\", Idlib — الرامي ✓";

RecordMeta StoredMeta() {
  RecordMeta m;
  m.id = NewId();
  m.version = 7;
  m.created_at = *Timestamp::Parse("2024-01-01T08:00:00Z");
  m.updated_at = *Timestamp::Parse("2024-05-02T09:30:00.123456Z");
  m.retraction =
      Retraction{*Timestamp::Parse("2024-06-01T00:00:00Z"), "analyst \"A\"", kHardText, NewId()};
  return m;
}

std::vector<AnyRecord> Samples(EntityKind kind) {
  switch (kind) {
    case EntityKind::kIncident: {
      Incident a = civharm::testing::SampleIncident();
      a.meta = StoredMeta();
      a.title = kHardLine;
      a.facts.description = kHardText;
      a.operation_ids = {NewId(), NewId()};
      a.report_ids = {NewId()};
      Incident b = civharm::testing::SampleIncident();  // no meta: a new record
      b.facts.location = {};
      b.facts.belligerents.clear();
      return {a, b};
    }
    case EntityKind::kReport: {
      Report a = civharm::testing::SampleReport();
      a.meta = StoredMeta();
      a.account = kHardText;
      a.source_fields["note, with \"quotes\""] = kHardText;
      a.incident_id = NewId();
      return {a, civharm::testing::SampleReport()};
    }
    case EntityKind::kVictim: {
      Victim a = civharm::testing::SampleVictim();
      a.meta = StoredMeta();
      a.names.push_back({"O'Brien, \"Jack\"", "en"});
      Victim b;
      b.outcome = VictimOutcome::kMissing;
      return {a, b};
    }
    case EntityKind::kOperation: {
      Operation a = civharm::testing::SampleOperation();
      a.meta = StoredMeta();
      a.notes = kHardText;
      a.location.lat = 0.1 + 0.2;  // a double that only survives if written exactly
      return {a, civharm::testing::SampleOperation()};
    }
  }
  return {};
}

void ExpectRoundTrip(EntityKind kind, bool hxl) {
  const std::vector<AnyRecord> records = Samples(kind);
  const std::string csv =
      WriteText(records, {.format = ExportFormat::kCsv, .entity = kind, .hxl = hxl});
  const auto r = ReadText(csv, {.format = ImportFormat::kCsv, .entity = kind});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_TRUE(r.ended.ok()) << r.ended.ToString();
  ASSERT_EQ(r.rows.size(), records.size()) << csv;
  for (size_t i = 0; i < records.size(); ++i) {
    ASSERT_THAT(r.rows[i].errors, IsEmpty())
        << EnumName(kind) << " row " << i + 1 << ": " << r.rows[i].errors[0].column << ": "
        << r.rows[i].errors[0].message;
    ASSERT_TRUE(r.rows[i].record.has_value());
    EXPECT_EQ(*r.rows[i].record, records[i]) << EnumName(kind) << " row " << i + 1;
    EXPECT_EQ(r.rows[i].row, i + 1);  // the HXL row is not a data row
  }
}

TEST(NativeCsvTest, ExportThenImportGivesBackIdenticalRecordsOfEveryKind) {
  for (EntityKind kind :
       {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim, EntityKind::kOperation}) {
    ExpectRoundTrip(kind, /*hxl=*/false);
  }
}

TEST(NativeCsvTest, ImportSkipsTheHxlHashtagRowOfAnExport) {
  for (EntityKind kind :
       {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim, EntityKind::kOperation}) {
    ExpectRoundTrip(kind, /*hxl=*/true);
  }
}

TEST(NativeCsvTest, AcceptsAnySubsetAndOrderOfColumns) {
  const auto r =
      ReadText("casualties.civilian.killed.best,date.start,title,,\n3,2023-05-01,Market strike,,\n",
               {.format = ImportFormat::kCsv, .entity = EntityKind::kIncident});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_TRUE(r.rows[0].record);
  const auto& i = std::get<Incident>(*r.rows[0].record);
  EXPECT_EQ(i.title, "Market strike");
  EXPECT_EQ(i.facts.date.start, *Date::Parse("2023-05-01"));
  EXPECT_EQ(i.facts.date.end, i.facts.date.start);
  EXPECT_EQ(i.facts.casualties.civilian.killed, (CountRange{.best = 3}));
  EXPECT_FALSE(i.facts.casualties.civilian.killed.min);
}

TEST(NativeCsvTest, RefusesUnknownColumnsByName) {
  const auto r = ReadText("date.start,date.strat,colour\n2023-01-01,x,y\n",
                          {.format = ImportFormat::kCsv, .entity = EntityKind::kIncident});
  EXPECT_EQ(r.opened.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.opened.message(),
              HasSubstr("columns 'date.strat', 'colour' are not fields of incident"));
}

TEST(NativeCsvTest, RefusesAFileWithoutTheRequiredColumns) {
  const auto r =
      ReadText("title\nx\n", {.format = ImportFormat::kCsv, .entity = EntityKind::kIncident});
  EXPECT_THAT(r.opened.message(), HasSubstr("no column 'date.start', which every incident needs"));
  const auto v =
      ReadText("age\n3\n", {.format = ImportFormat::kCsv, .entity = EntityKind::kVictim});
  EXPECT_THAT(v.opened.message(), HasSubstr("'outcome'"));
}

TEST(NativeCsvTest, EveryProblemOfARowNamesItsColumn) {
  const auto r = ReadText(
      "date.start,location.lat,location.lon,casualties.civilian.killed.min,belligerents,status\n"
      "2023-02-30,95,36.5,2x,\"[{\"\"name\"\": \"\"A\"\"}]\",assessed\n"
      "2023-02-01,35.5,36.5,2,,credible\n",
      {.format = ImportFormat::kCsv, .entity = EntityKind::kIncident});
  ASSERT_TRUE(r.opened.ok());
  ASSERT_EQ(r.rows.size(), 2u);
  const ImportRow& bad = r.rows[0];
  EXPECT_FALSE(bad.record);
  std::vector<std::string> columns;
  for (const RowError& e : bad.errors) {
    columns.push_back(e.column);
    EXPECT_EQ(e.row, 1u);
    EXPECT_EQ(e.line, 2u);
  }
  // The cell error first; the codec's errors (date, status) next. Validation (the latitude)
  // runs once the record can be read.
  EXPECT_THAT(columns, ElementsAre("casualties.civilian.killed.min", "date.start", "status"));
  EXPECT_EQ(bad.errors[0].message, "'2x' is not a whole number");
  EXPECT_THAT(bad.errors[1].message, HasSubstr("'2023-02-30' is not a real date"));
  EXPECT_THAT(bad.errors[2].message, HasSubstr("'assessed' is not one of"));
  EXPECT_THAT(bad.raw,
              ElementsAre("2023-02-30", "95", "36.5", "2x", "[{\"name\": \"A\"}]", "assessed"));
  ASSERT_TRUE(r.rows[1].record);
}

TEST(NativeCsvTest, ValidationProblemsNameTheirColumns) {
  const auto r = ReadText(
      "date.start,date.end,location.lat,location.lon,belligerents,casualties.total_killed.min,"
      "casualties.total_killed.max\n"
      "2023-02-02,2023-02-01,95,36.5,\"[{\"\"name\"\": \"\" \"\"}]\",5,4\n",
      {.format = ImportFormat::kCsv, .entity = EntityKind::kIncident});
  ASSERT_EQ(r.rows.size(), 1u);
  std::vector<std::string> columns;
  for (const RowError& e : r.rows[0].errors) columns.push_back(e.column);
  EXPECT_THAT(columns, ElementsAre("date.end", "location.lat", "belligerents",
                                   "casualties.total_killed.max"));
}

}  // namespace
}  // namespace civharm::io
