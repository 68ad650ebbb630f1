// Mapping files (ParseMapping, LoadMapping) and CSV read through them.

#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/describe.h"
#include "io/test_util.h"

namespace civharm::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using testing::ReadText;

const std::string kTestData = CIVHARM_SOURCE_DIR "/src/io/testdata/";

std::string MappingError(const std::string& yaml) {
  auto m = ParseMapping(yaml);
  if (m) return "(no error)";
  EXPECT_EQ(m.error().code(), ErrorCode::kInvalidArgument);
  return m.error().message();
}

// ---- parsing -----------------------------------------------------------------------------

TEST(MappingTest, ReadsTheYamlAndJsonFormsAlike) {
  auto yaml = LoadMapping(kTestData + "mapping_monitor.yaml");
  auto json = LoadMapping(kTestData + "mapping_monitor.json");
  ASSERT_TRUE(yaml) << yaml.error().ToString();
  ASSERT_TRUE(json) << json.error().ToString();
  for (const Mapping* m : {&*yaml, &*json}) {
    EXPECT_EQ(m->entity, EntityKind::kReport);
    EXPECT_EQ(m->delimiter, ';');
    EXPECT_EQ(m->columns.size(), 12u);
    EXPECT_EQ(m->columns.at("Incident ID").field, "source_record_id");
    EXPECT_EQ(m->columns.at("Date").field, "date.start");
    EXPECT_EQ(m->columns.at("Date").date_format, "%d/%m/%Y");
    EXPECT_THAT(m->columns.at("Type").values,
                ElementsAre(Pair("AS", "airstrike"), Pair("SH", "shelling")));
    EXPECT_EQ(m->constants.at("location.country"), "Syria");
    EXPECT_THAT(m->ignore, ElementsAre("Internal notes"));
  }
  EXPECT_EQ(yaml->columns.size(), json->columns.size());
  EXPECT_EQ(yaml->constants, json->constants);
}

TEST(MappingTest, DefaultsToReportsAndCommas) {
  auto m = ParseMapping(
      "columns: {A: source_record_id, B: date.start}\nconstants: {source_type: un, source_name: "
      "UN}\n");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->entity, EntityKind::kReport);
  EXPECT_EQ(m->delimiter, ',');
  auto tab = ParseMapping("entity: incident\ndelimiter: \"\\t\"\ncolumns: {D: date.start}\n");
  ASSERT_TRUE(tab) << tab.error().ToString();
  EXPECT_EQ(tab->delimiter, '\t');
}

TEST(MappingTest, UnknownKeysAtAnyLevelAreErrorsNamingTheKey) {
  EXPECT_THAT(
      MappingError("entity: incident\ncolums: {D: date.start}\n"),
      HasSubstr("colums: is not a known key (entity, delimiter, columns, constants, ignore)"));
  EXPECT_THAT(MappingError("entity: incident\ncolumns:\n  D: {field: date.start, formt: \"%d\"}\n"),
              HasSubstr("columns.D.formt: is not a known key (field, format, values)"));
  EXPECT_THAT(
      MappingError(
          "entity: incident\ncolumns: {D: date.start}\nconstants: {location.countr: Yemen}\n"),
      HasSubstr("constants.location.countr: 'location.countr' is not a field of incident"));
  EXPECT_THAT(MappingError("entity: incidents\ncolumns: {D: date.start}\n"),
              HasSubstr("entity: 'incidents' is not one of: incident, report, victim, operation"));
  EXPECT_THAT(MappingError("entity: incident\ndelimiter: ';;'\ncolumns: {D: date.start}\n"),
              HasSubstr("delimiter: must be one character"));
}

TEST(MappingTest, ChecksTargetsFormatsAndConstants) {
  EXPECT_THAT(
      MappingError(
          "entity: incident\ncolumns:\n  D: date.start\n  K: casualties.civilian.killed.bets\n"),
      HasSubstr("columns.K: 'casualties.civilian.killed.bets' is not a field of incident"));
  EXPECT_THAT(
      MappingError("entity: incident\ncolumns:\n  D: {field: date.start, format: \"%d/%m/%y\"}\n"),
      HasSubstr("columns.D.format: '%d/%m/%y' uses %y, which is not supported"));
  EXPECT_THAT(
      MappingError("entity: incident\ncolumns:\n  D: {field: date.start, format: \"%m/%Y\"}\n"),
      HasSubstr("columns.D.format: '%m/%Y' must give the year (%Y), the month"));
  EXPECT_THAT(
      MappingError(
          "entity: incident\ncolumns:\n  D: date.start\n  K: {field: title, format: \"%d\"}\n"),
      HasSubstr("columns.K.format: 'title' is not a date field"));
  EXPECT_THAT(MappingError(
                  "entity: incident\ncolumns: {D: date.start}\nconstants: {location.lat: north}\n"),
              HasSubstr("constants.location.lat: 'north' is not a number"));
  EXPECT_THAT(
      MappingError("entity: incident\ncolumns: {D: date.start}\nconstants: {status: open}\n"),
      HasSubstr("constants.status: 'open' is not one of: unassessed"));
  EXPECT_THAT(
      MappingError("entity: incident\ncolumns: {D: date.start, X: \"belligerents[0].colour\"}\n"),
      HasSubstr("columns.X: 'belligerents[0].colour' is not a field of incident: items of "
                "'belligerents'"));
}

TEST(MappingTest, RefusesAFieldFilledTwice) {
  EXPECT_THAT(MappingError("entity: incident\ncolumns: {A: date.start, B: date.start}\n"),
              HasSubstr("columns.B: fills 'date.start', which columns.A already fills"));
  EXPECT_THAT(
      MappingError("entity: incident\ncolumns: {D: date.start, C: location.country}\nconstants: "
                   "{location.country: Yemen}\n"),
      HasSubstr(
          "constants.location.country: fills 'location.country', which columns.C already fills"));
  EXPECT_THAT(MappingError("entity: incident\ncolumns: {D: date.start, B: belligerents, N: "
                           "\"belligerents[0].name\"}\n"),
              HasSubstr("fills an item of 'belligerents', which columns.B fills as a whole"));
  EXPECT_THAT(MappingError("entity: incident\ncolumns: {D: date.start}\nignore: [D]\n"),
              HasSubstr("ignore: 'D' is also mapped under columns"));
}

TEST(MappingTest, RequiresWhatEveryRecordNeeds) {
  EXPECT_THAT(MappingError("entity: report\ncolumns: {D: date.start}\n"),
              HasSubstr("nothing fills 'source_type', which every report needs"));
  EXPECT_THAT(MappingError("entity: operation\ncolumns: {R: reference}\n"),
              HasSubstr("nothing fills 'start'"));
  EXPECT_THAT(MappingError("entity: incident\n"), HasSubstr("columns: is required"));
}

TEST(MappingTest, ReportsYamlSyntaxErrorsWithTheirLine) {
  EXPECT_THAT(MappingError("entity: incident\ncolumns:\n  D: [date.start\n"),
              HasSubstr("not valid YAML or JSON: line"));
  EXPECT_THAT(MappingError("- a\n- b\n"), HasSubstr("object with at least 'columns'"));
}

TEST(MappingTest, LoadMappingNamesTheFile) {
  auto missing = LoadMapping(kTestData + "no_such_mapping.yaml");
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_THAT(missing.error().message(), HasSubstr("no_such_mapping.yaml"));
}

// ---- reading through a mapping -------------------------------------------------------------

TEST(MappingReaderTest, ReadsAMonitorSheetThroughTheMapping) {
  const Mapping mapping = *LoadMapping(kTestData + "mapping_monitor.yaml");
  std::ifstream in(kTestData + "monitor.csv", std::ios::binary);
  ASSERT_TRUE(in.is_open());
  const auto r = testing::ReadStream(in, {.format = ImportFormat::kCsv, .mapping = &mapping});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_EQ(r.rows.size(), 3u);

  ASSERT_THAT(r.rows[0].errors, IsEmpty())
      << r.rows[0].errors[0].column << ": " << r.rows[0].errors[0].message;
  const Report& a = std::get<Report>(*r.rows[0].record);
  EXPECT_EQ(a.source_type, SourceType::kNgo);
  EXPECT_EQ(a.source_name, "Local Monitor");
  EXPECT_EQ(a.source_record_id, "M-001");
  EXPECT_EQ(a.facts.date.start, *Date::Parse("2023-01-03"));  // trimmed, day first
  EXPECT_EQ(a.facts.date.end, a.facts.date.start);            // not given: the start
  EXPECT_EQ(a.facts.date.precision, DatePrecision::kDay);
  EXPECT_EQ(a.facts.casualties.civilian.killed, (CountRange{.best = 2}));
  EXPECT_EQ(a.facts.casualties.civilian.injured, (CountRange{.best = 5}));
  EXPECT_EQ(a.facts.means.strike_type, "airstrike");
  EXPECT_EQ(a.facts.location.country, "Syria");
  EXPECT_EQ(a.facts.location.admin1, "Idlib");
  EXPECT_THAT(a.facts.location.place_names, ElementsAre(LocalName{"Rami", "en"}));
  EXPECT_THAT(
      a.facts.belligerents,
      ElementsAre(Belligerent{"Government forces", Attribution::kSuspected, std::nullopt, {}}));
  // A report is kept as given: the unmapped column stays, the ignored one does not.
  EXPECT_THAT(a.source_fields, ElementsAre(Pair("Source URL", "http://example.org/1")));

  ASSERT_THAT(r.rows[1].errors, IsEmpty())
      << r.rows[1].errors[0].column << ": " << r.rows[1].errors[0].message;
  const Report& b = std::get<Report>(*r.rows[1].record);
  EXPECT_EQ(b.facts.date.end, *Date::Parse("2023-01-19"));
  EXPECT_EQ(b.facts.date.precision, DatePrecision::kDayRange);
  EXPECT_EQ(b.facts.means.strike_type, "shelling");
  // The second perpetrator becomes the first belligerent, with its constants.
  EXPECT_THAT(b.facts.belligerents,
              ElementsAre(Belligerent{"Armed group X", Attribution::kSuspected, Side::kB, {}}));
  EXPECT_TRUE(b.source_fields.empty());

  const ImportRow& bad = r.rows[2];
  EXPECT_FALSE(bad.record);
  std::map<std::string, std::string> by_column;
  for (const RowError& e : bad.errors) by_column[e.column] = Describe(e);
  EXPECT_THAT(
      by_column,
      ElementsAre(Pair("Date", "row 3 (line 4), column 'Date': '31/02/2023' is not a real date"),
                  Pair("Date precision", HasSubstr("'exactish' is not one of: day, days")),
                  Pair("Killed", "row 3 (line 4), column 'Killed': 'x' is not a whole number"),
                  Pair("Perp 2 certainty", HasSubstr("'maybe' is not one of: known, suspected")),
                  Pair("Perpetrator 2", HasSubstr("is required"))));
  EXPECT_EQ(bad.raw.size(), 14u);
}

TEST(MappingReaderTest, RefusesMappedOrIgnoredColumnsTheFileLacks) {
  const Mapping m = *ParseMapping(
      "entity: incident\ncolumns: {Date: date.start, Killed: "
      "casualties.civilian.killed.best}\nignore: [Notes]\n");
  const auto r =
      ReadText("Date,Other\n2023-01-01,x\n", {.format = ImportFormat::kCsv, .mapping = &m});
  EXPECT_EQ(r.opened.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.opened.message(), HasSubstr("columns the file does not have: 'Killed', 'Notes'"));
}

TEST(MappingReaderTest, UnmappedColumnsAreKeptForReportsAndRefusedForOtherRecords) {
  const Mapping victims = *ParseMapping("entity: victim\ncolumns: {Outcome: outcome}\n");
  const auto v = ReadText("Outcome,Name,Age\nkilled,A,3\n",
                          {.format = ImportFormat::kCsv, .mapping = &victims});
  EXPECT_THAT(v.opened.message(),
              HasSubstr("columns 'Name', 'Age' are neither mapped nor ignored"));

  const Mapping reports = *ParseMapping(
      "columns: {Date: date.start}\nconstants: {source_type: media, source_name: Paper}\n");
  const auto r = ReadText("Date,Name,Age\n2023-01-01,  A  ,\n",
                          {.format = ImportFormat::kCsv, .mapping = &reports});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_TRUE(r.rows.at(0).record);
  EXPECT_THAT(std::get<Report>(*r.rows[0].record).source_fields,
              ElementsAre(Pair("Name", "  A  ")));
}

TEST(MappingReaderTest, FillsVictimNamesItemByItem) {
  const Mapping m = *ParseMapping(R"yaml(
entity: victim
columns:
  Name: names[0].name
  "Name (Arabic)": names[1].name
  Age: age
  Sex: {field: sex, values: {F: female, M: male}}
  List: source_name
  Row: source_record_id
constants:
  names[0].lang: en
  names[1].lang: ar
  outcome: killed
)yaml");
  const auto r = ReadText(
      "Name,Name (Arabic),Age,Sex,List,Row\n"
      "Abdul Satar,عبد الستار,34,M,MoH,17\n"
      ",عبد الله,x,F,MoH,18\n",
      {.format = ImportFormat::kCsv, .mapping = &m});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  ASSERT_TRUE(r.rows[0].record);
  const Victim& v = std::get<Victim>(*r.rows[0].record);
  EXPECT_THAT(v.names, ElementsAre(LocalName{"Abdul Satar", "en"}, LocalName{"عبد الستار", "ar"}));
  EXPECT_EQ(v.age, 34);
  EXPECT_EQ(v.sex, Sex::kMale);
  EXPECT_EQ(v.outcome, VictimOutcome::kKilled);
  ASSERT_EQ(r.rows[1].errors.size(), 1u);
  EXPECT_EQ(r.rows[1].errors[0].column, "Age");
}

TEST(MappingReaderTest, ReadsOperationTimesThroughADateFormat) {
  const Mapping m = *ParseMapping(R"yaml(
entity: operation
columns:
  Ref: reference
  Day: {field: start, format: "%d %b %Y"}
)yaml");
  const auto r =
      ReadText("Ref,Day\nOP-1,3 Jan 2013\n", {.format = ImportFormat::kCsv, .mapping = &m});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_TRUE(r.rows.at(0).record) << r.rows[0].errors[0].message;
  EXPECT_EQ(std::get<Operation>(*r.rows[0].record).start,
            *Timestamp::Parse("2013-01-03T00:00:00Z"));
}

TEST(MappingReaderTest, ValueMapsApplyToTheTrimmedCellAndMayMapToNothing) {
  const Mapping m = *ParseMapping(R"yaml(
entity: incident
columns:
  D: date.start
  K: {field: casualties.civilian.killed.best, values: {"N/A": "", "unknown": ""}}
)yaml");
  const auto r = ReadText("D,K\n2023-01-01, N/A \n2023-01-02,unknown\n2023-01-03, 4\n",
                          {.format = ImportFormat::kCsv, .mapping = &m});
  ASSERT_EQ(r.rows.size(), 3u);
  for (const auto& row : r.rows) ASSERT_TRUE(row.record);
  EXPECT_FALSE(std::get<Incident>(*r.rows[0].record).facts.casualties.civilian.killed.best);
  EXPECT_FALSE(std::get<Incident>(*r.rows[1].record).facts.casualties.civilian.killed.best);
  EXPECT_EQ(std::get<Incident>(*r.rows[2].record).facts.casualties.civilian.killed.best, 4);
}

TEST(MappingReaderTest, SkipsAnHxlHashtagRowUnderTheHeader) {
  // Humanitarian datasets (HDX) carry HXL hashtags in the first row under the header.
  const Mapping m = *ParseMapping(
      "entity: incident\ncolumns: {Date: date.start, Killed: casualties.civilian.killed.best}\n");
  const auto r =
      ReadText("Date,Killed\n#date +occurred,#affected+killed\n2023-01-01,4\n#not,a hashtag row\n",
               {.format = ImportFormat::kCsv, .mapping = &m});
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].row, 1u);
  EXPECT_EQ(r.rows[0].line, 3u);
  ASSERT_TRUE(r.rows[0].record);
  EXPECT_EQ(r.rows[1].row, 2u);  // only the first data row may be the hashtag row
  EXPECT_FALSE(r.rows[1].record);
}

TEST(MappingReaderTest, RefusesAMappingBuiltInCodeThatIsInvalid) {
  Mapping m;
  m.entity = EntityKind::kIncident;
  m.columns["D"] = {.field = "date.begin"};
  const auto r = ReadText("D\n2023-01-01\n", {.format = ImportFormat::kCsv, .mapping = &m});
  EXPECT_THAT(r.opened.message(), HasSubstr("columns.D: 'date.begin' is not a field of incident"));
}

}  // namespace
}  // namespace civharm::io
