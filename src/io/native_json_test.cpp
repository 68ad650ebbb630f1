// civharm's own JSON layout: an array of records in the codec's shape.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "io/test_util.h"

namespace civharm::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::ReadText;
using testing::WriteText;

std::vector<AnyRecord> WithMeta(std::vector<AnyRecord> records) {
  for (AnyRecord& r : records) {
    RecordMeta& m = MetaOf(r);
    m.id = NewId();
    m.version = 2;
    m.created_at = *Timestamp::Parse("2024-01-01T00:00:00Z");
    m.updated_at = *Timestamp::Parse("2024-01-02T00:00:00Z");
    m.retraction = Retraction{*Timestamp::Parse("2024-03-01T00:00:00Z"), "a",
                              "withdrawn by the source", std::nullopt};
  }
  return records;
}

TEST(JsonReaderTest, ExportThenImportGivesBackIdenticalRecordsOfEveryKind) {
  Incident linked = civharm::testing::SampleIncident();
  linked.operation_ids = {NewId()};
  linked.report_ids = {NewId()};
  const std::vector<std::pair<EntityKind, std::vector<AnyRecord>>> cases = {
      {EntityKind::kIncident, WithMeta({civharm::testing::SampleIncident(), linked})},
      {EntityKind::kReport, WithMeta({civharm::testing::SampleReport()})},
      {EntityKind::kVictim,
       WithMeta({civharm::testing::SampleVictim(), civharm::testing::SampleVictim()})},
      {EntityKind::kOperation, WithMeta({civharm::testing::SampleOperation()})}};
  for (const auto& [kind, records] : cases) {
    const std::string json = WriteText(records, {.format = ExportFormat::kJson, .entity = kind});
    const auto r = ReadText(json, {.format = ImportFormat::kJson, .entity = kind});
    ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
    ASSERT_TRUE(r.ended.ok()) << r.ended.ToString();
    ASSERT_EQ(r.rows.size(), records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      ASSERT_THAT(r.rows[i].errors, IsEmpty()) << r.rows[i].errors[0].message;
      EXPECT_EQ(*r.rows[i].record, records[i]);
      EXPECT_EQ(r.rows[i].line, i + 2);  // one record per line after "["
      ASSERT_EQ(r.rows[i].raw.size(), 1u);
      EXPECT_EQ(nlohmann::json::parse(r.rows[i].raw[0]), ToJson(records[i]));
    }
    EXPECT_TRUE(r.header.empty());
  }
}

TEST(JsonReaderTest, ReadsPrettyPrintedInputAndNamesFieldPathsAndLines) {
  const std::string text = R"([
  {
    "title": "fine",
    "date": {"start": "2023-01-03"}
  },
  {
    "title": "two problems",
    "date": {"start": "2023-01-32"},
    "location": {"lat": 95, "lon": 36.5},
    "status": "open"
  },
  {
    "date": {"start": "2023-01-05", "end": "2023-01-04", "precision": "days"},
    "belligerents": [{"name": "A"}, {"name": " "}]
  },
  "not a record",
  {"date": {"start": "2023-01-03"}, "title": tru}
])";
  const auto r = ReadText(text, {.format = ImportFormat::kJson, .entity = EntityKind::kIncident});
  ASSERT_TRUE(r.opened.ok());
  ASSERT_TRUE(r.ended.ok()) << r.ended.ToString();
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_TRUE(r.rows[0].record);
  EXPECT_EQ(r.rows[0].line, 2u);

  const ImportRow& two = r.rows[1];
  EXPECT_EQ(two.row, 2u);
  EXPECT_EQ(two.line, 6u);
  ASSERT_EQ(two.errors.size(), 2u);
  EXPECT_EQ(two.errors[0].column, "date.start");
  EXPECT_THAT(two.errors[0].message, HasSubstr("not a real date"));
  EXPECT_EQ(two.errors[1].column, "status");

  const ImportRow& three = r.rows[2];
  std::vector<std::string> columns;
  for (const RowError& e : three.errors) columns.push_back(e.column);
  EXPECT_THAT(columns, ElementsAre("date.end", "belligerents[1].name"));

  EXPECT_THAT(r.rows[3].errors[0].message,
              HasSubstr("must be a record (a JSON object), not string"));
  EXPECT_EQ(r.rows[4].errors[0].column, "");
  EXPECT_THAT(r.rows[4].errors[0].message, HasSubstr("is not valid JSON (line 17"));
  EXPECT_EQ(r.rows[4].raw[0], R"({"date": {"start": "2023-01-03"}, "title": tru})");
}

TEST(JsonReaderTest, GivesValidRowsTheirQualityNotes) {
  const auto r = ReadText(
      R"([{"date": {"start": "2023-01-03"}, "casualties": {"total_killed": {"min": 3, "best": 2, "max": 3}}}])",
      {.format = ImportFormat::kJson, .entity = EntityKind::kIncident});
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_TRUE(r.rows[0].record);
  ASSERT_EQ(r.rows[0].notes.size(), 1u);
  EXPECT_EQ(r.rows[0].notes[0].column, "casualties.total_killed");
  EXPECT_THAT(r.rows[0].notes[0].message, HasSubstr("outside the range"));
}

TEST(JsonReaderTest, RefusesAnythingButAnArray) {
  const auto r = ReadText(R"({"records": []})",
                          {.format = ImportFormat::kJson, .entity = EntityKind::kIncident});
  EXPECT_EQ(r.opened.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.opened.message(), HasSubstr("one array of records"));
}

}  // namespace
}  // namespace civharm::io
