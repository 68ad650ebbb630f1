#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/test_util.h"

namespace civharm::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::ReadText;

// Five fictitious rows in ACLED's export layout (see testdata/README.md).
constexpr const char* kSample = CIVHARM_SOURCE_DIR "/src/io/testdata/acled_sample.csv";

testing::ReadOutcome ReadSample(const ReaderOptions& options) {
  std::ifstream in(kSample, std::ios::binary);
  EXPECT_TRUE(in.is_open()) << "missing test data: " << kSample;
  return testing::ReadStream(in, options);
}

const Report& ReportOf(const ImportRow& row) {
  return std::get<Report>(*row.record);
}

TEST(AcledTest, TranslatesEveryColumnOfAnExport) {
  const auto r = ReadSample({.format = ImportFormat::kAcled});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_TRUE(r.ended.ok()) << r.ended.ToString();
  ASSERT_EQ(r.rows.size(), 5u);
  for (size_t i : {0, 1, 2, 4})
    ASSERT_THAT(r.rows[i].errors, IsEmpty())
        << "row " << i + 1 << ": " << r.rows[i].errors[0].message;

  const Report& a = ReportOf(r.rows[0]);
  EXPECT_EQ(a.source_type, SourceType::kEventDataset);
  EXPECT_EQ(a.source_name, "ACLED");
  EXPECT_EQ(a.source_record_id, "XYZ90001");
  EXPECT_EQ(a.facts.date.start, *Date::Parse("2023-01-15"));
  EXPECT_EQ(a.facts.date.end, a.facts.date.start);
  EXPECT_EQ(a.facts.date.precision, DatePrecision::kDay);
  EXPECT_EQ(a.facts.event_type, "Explosions/Remote violence");
  EXPECT_EQ(a.facts.event_subtype, "Air/drone strike");
  EXPECT_THAT(
      a.facts.belligerents,
      ElementsAre(
          Belligerent{"Military Forces of Northland (2017-)", Attribution::kKnown, Side::kA, {}},
          Belligerent{"Civilians (Northland)", Attribution::kKnown, Side::kB, {}}));
  EXPECT_EQ(a.facts.civilians_targeted, true);
  EXPECT_EQ(a.facts.location.country, "Northland");
  EXPECT_EQ(a.facts.location.admin1, "Upper Province");
  EXPECT_EQ(a.facts.location.admin2, "Hill District");
  EXPECT_EQ(a.facts.location.admin3, "Hill Subdistrict");
  EXPECT_THAT(a.facts.location.place_names, ElementsAre(LocalName{"Kafr Example", ""}));
  EXPECT_EQ(a.facts.location.lat, 16.9876);
  EXPECT_EQ(a.facts.location.lon, 43.6012);
  EXPECT_EQ(a.facts.location.source_precision,
            (SourcePrecision{PrecisionScheme::kAcledGeoPrecision, 1}));
  EXPECT_EQ(a.facts.location.precision, LocationPrecision::kExact);
  EXPECT_EQ(a.citation, "Local Monitor; Example Radio");
  EXPECT_THAT(a.facts.description, HasSubstr("killing 3 civilians, including a child."));
  EXPECT_EQ(a.facts.casualties.total_killed, (CountRange{.best = 3}));
  EXPECT_EQ(a.received_at, Timestamp::FromUnixSeconds(1674000000));
  EXPECT_EQ(a.source_fields,
            (std::map<std::string, std::string>{{"assoc_actor_2", "Farmers (Northland)"},
                                                {"disorder_type", "Political violence"},
                                                {"inter1", "8"},
                                                {"inter2", "7"},
                                                {"interaction", "78"},
                                                {"iso", "900"},
                                                {"region", "Middle East"},
                                                {"source_scale", "Local partner-National"},
                                                {"year", "2023"}}));

  const Report& b = ReportOf(r.rows[1]);
  EXPECT_EQ(b.facts.date.precision, DatePrecision::kWeek);
  EXPECT_EQ(b.facts.date.start, *Date::Parse("2023-02-03"));
  EXPECT_FALSE(b.facts.civilians_targeted.has_value());
  EXPECT_THAT(b.facts.location.place_names,
              ElementsAre(LocalName{"Wadi \"Example\" crossing", ""}));
  EXPECT_EQ(b.facts.location.precision, LocationPrecision::kNear);
  EXPECT_EQ(b.facts.casualties.total_killed.best, 0);

  const Report& c = ReportOf(r.rows[2]);
  EXPECT_EQ(c.facts.date.start, *Date::Parse("2023-02-28"));
  EXPECT_EQ(c.facts.date.precision, DatePrecision::kMonth);
  EXPECT_EQ(c.facts.location.precision, LocationPrecision::kAdmin1);
  EXPECT_EQ(
      c.facts.description,
      "Around the end of February, gunmen killed 5 civilians\nin villages of Upper Province.");
  EXPECT_EQ(c.source_fields.at("tags"), "women targeted: girls");

  const Report& e = ReportOf(r.rows[4]);
  EXPECT_EQ(r.rows[4].line, 7u);
  EXPECT_EQ(e.facts.belligerents.size(), 1u);
  EXPECT_THAT(e.facts.location.place_names, ElementsAre(LocalName{"قرية المثال", ""}));
}

TEST(AcledTest, RefusesARowWithEveryProblemNamed) {
  const auto r = ReadSample({.format = ImportFormat::kAcled});
  ASSERT_EQ(r.rows.size(), 5u);
  const ImportRow& bad = r.rows[3];
  EXPECT_FALSE(bad.record);
  EXPECT_EQ(bad.row, 4u);
  EXPECT_EQ(bad.line, 6u);  // row 3 spans two lines
  std::map<std::string, std::string> by_column;
  for (const RowError& e : bad.errors) by_column[e.column] = e.message;
  EXPECT_EQ(by_column.size(), 3u);
  EXPECT_EQ(by_column["event_date"], "'31 February 2023' is not a real date");
  EXPECT_EQ(by_column["fatalities"], "'two' is not a whole number");
  EXPECT_THAT(by_column["civilian_targeting"], HasSubstr("'Yes' is not a value ACLED uses here"));
  EXPECT_EQ(bad.raw.size(), 31u);
  EXPECT_EQ(bad.raw[0], "XYZ90004");
}

TEST(AcledTest, UsesTheGivenSourceName) {
  const auto r = ReadSample({.format = ImportFormat::kAcled, .source_name = "ACLED 2023-06"});
  ASSERT_FALSE(r.rows.empty());
  EXPECT_EQ(ReportOf(r.rows[0]).source_name, "ACLED 2023-06");
}

TEST(AcledTest, ReadsAMinimalExportAndRefusesBadCodes) {
  const auto r = ReadText(
      "event_id_cnty,event_date,latitude,longitude,fatalities,time_precision,geo_precision,"
      "timestamp\n"
      "A1,2023-01-02,1.5,2.5,0,1,,\n"
      "A2,2023-01-02,1.5,2.5,0,4,5,-3\n"
      "A3,02/01/2023,1.5,2.5,0,,,\n",
      {.format = ImportFormat::kAcled});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_EQ(r.rows.size(), 3u);
  ASSERT_TRUE(r.rows[0].record);
  EXPECT_FALSE(ReportOf(r.rows[0]).facts.location.precision);
  std::vector<std::string> columns;
  for (const RowError& e : r.rows[1].errors) columns.push_back(e.column);
  EXPECT_THAT(columns, ElementsAre("time_precision", "geo_precision", "timestamp"));
  ASSERT_EQ(r.rows[2].errors.size(), 1u);
  EXPECT_THAT(r.rows[2].errors[0].message,
              HasSubstr("'02/01/2023' is not a date in a form ACLED uses"));
}

TEST(AcledTest, NamesTheMissingRequiredColumns) {
  const auto r = ReadText("event_id_cnty,event_date,notes\nA1,2023-01-02,x\n",
                          {.format = ImportFormat::kAcled});
  EXPECT_THAT(r.opened.message(),
              HasSubstr("lacks the columns 'latitude', 'longitude', 'fatalities'"));
}

}  // namespace
}  // namespace civharm::io
