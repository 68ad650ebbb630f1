#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "io/test_util.h"

namespace civharm::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::ReadText;

// UCDP GED 23.1 sample (1,000 events) from ../shared/data, read in place (GPL ≥ 3; see
// ../shared/data/README.md).
const std::filesystem::path kGedSample =
    CIVHARM_SOURCE_DIR "/../shared/data/events/ucdp_ged231_sample1000.csv";

constexpr const char* kHeader =
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,where_description,"
    "adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,"
    "date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,"
    "gwnoa,gwnob\n";

// One GED row built from named overrides of a valid default.
std::string Row(std::map<std::string, std::string> overrides = {}) {
  std::map<std::string, std::string> v = {{"id", "1001"},
                                          {"relid", "SYR-2013-1-1"},
                                          {"year", "2013"},
                                          {"active_year", "1"},
                                          {"code_status", "Clear"},
                                          {"type_of_violence", "1"},
                                          {"conflict_dset_id", "299"},
                                          {"conflict_new_id", "299"},
                                          {"conflict_name", "Syria: Government"},
                                          {"dyad_dset_id", "1"},
                                          {"dyad_new_id", "1"},
                                          {"dyad_name", "A - B"},
                                          {"side_a_dset_id", "118"},
                                          {"side_a_new_id", "118"},
                                          {"side_a", "Government of Syria"},
                                          {"side_b_dset_id", "4456"},
                                          {"side_b_new_id", "4456"},
                                          {"side_b", "Syrian insurgents"},
                                          {"number_of_sources", "2"},
                                          {"source_article", "\"VDC, 2013\""},
                                          {"source_office", "VDC"},
                                          {"source_date", "2013-01-03"},
                                          {"source_headline", "h"},
                                          {"source_original", "SOHR"},
                                          {"where_prec", "2"},
                                          {"where_coordinates", "Ariha town"},
                                          {"where_description", "near Ariha"},
                                          {"adm_1", "Idlib governorate"},
                                          {"adm_2", "Ariha district"},
                                          {"latitude", "35.81"},
                                          {"longitude", "36.61"},
                                          {"geom_wkt", "POINT (36.61 35.81)"},
                                          {"priogrid_gid", "181154"},
                                          {"country", "Syria"},
                                          {"country_id", "652"},
                                          {"region", "Middle East"},
                                          {"event_clarity", "1"},
                                          {"date_prec", "1"},
                                          {"date_start", "2013-01-03"},
                                          {"date_end", "2013-01-03"},
                                          {"deaths_a", "1"},
                                          {"deaths_b", "2"},
                                          {"deaths_civilians", "3"},
                                          {"deaths_unknown", "0"},
                                          {"best", "6"},
                                          {"high", "8"},
                                          {"low", "5"},
                                          {"gwnoa", "652"},
                                          {"gwnob", ""}};
  for (auto& [k, x] : overrides) v[k] = x;
  std::string row;
  bool first = true;
  for (std::string_view name :
       Split(std::string_view(kHeader).substr(0, std::strlen(kHeader) - 1), ',')) {
    if (!first) row += ',';
    first = false;
    row += v.at(std::string(name));
  }
  return row + "\n";
}

const Report& ReportOf(const ImportRow& row) {
  return std::get<Report>(*row.record);
}

TEST(UcdpGedTest, GoldenSampleImportsAllThousandRowsWithTheRightTotals) {
  std::ifstream in(kGedSample, std::ios::binary);
  ASSERT_TRUE(in.is_open())
      << "missing reference data: " << kGedSample
      << " (the UCDP GED sample of ../shared/data/events; see ../shared/data/README.md)";
  const auto r = testing::ReadStream(in, {.format = ImportFormat::kUcdpGed});
  ASSERT_TRUE(r.opened.ok()) << r.opened.ToString();
  ASSERT_TRUE(r.ended.ok()) << r.ended.ToString();
  ASSERT_EQ(r.rows.size(), 1000u);
  int64_t best = 0, low = 0, high = 0, civilians = 0, stored_min = 0, stored_max = 0;
  size_t noted = 0, inverted = 0;
  const Report* rami = nullptr;
  for (const ImportRow& row : r.rows) {
    ASSERT_THAT(row.errors, IsEmpty())
        << "row " << row.row << ": " << row.errors[0].column << ": " << row.errors[0].message;
    const Report& rep = ReportOf(row);
    const CountRange& total = rep.facts.casualties.total_killed;
    best += *total.best;
    stored_min += *total.min;
    stored_max += *total.max;
    // The source's own low and high: the stored range, or the cells kept beside a range that
    // had to be put in order.
    const bool reordered = rep.source_fields.contains("low");
    inverted += reordered;
    low += reordered ? *ParseInt64(rep.source_fields.at("low")) : *total.min;
    high += reordered ? *ParseInt64(rep.source_fields.at("high")) : *total.max;
    civilians += *rep.facts.casualties.civilian.killed.best;
    noted += !row.notes.empty();
    if (rep.source_record_id == "300380") rami = &rep;
  }
  EXPECT_EQ(best, 9561);
  EXPECT_EQ(low, 6224);
  EXPECT_EQ(high, 22017);
  EXPECT_EQ(civilians, 2690);
  EXPECT_EQ(noted, 13u);
  // Seven rows have low above high by one; their ranges were widened to cover both figures.
  EXPECT_EQ(inverted, 7u);
  EXPECT_EQ(stored_min, 6224 - 7);
  EXPECT_EQ(stored_max, 22017 + 7);

  ASSERT_NE(rami, nullptr);
  const EventFacts& f = rami->facts;
  EXPECT_EQ(rami->source_type, SourceType::kEventDataset);
  EXPECT_EQ(rami->source_name, "UCDP GED");
  EXPECT_EQ(rami->reference_code, "SYR-2013-1-11973-99");
  EXPECT_EQ(f.date.start, *Date::Parse("2013-01-03"));
  EXPECT_EQ(f.date.end, *Date::Parse("2013-01-03"));
  EXPECT_EQ(f.date.precision, DatePrecision::kDay);
  EXPECT_EQ(f.location.lat, 35.763369);
  EXPECT_EQ(f.location.lon, 36.558974);
  EXPECT_EQ(f.location.country, "Syria");
  EXPECT_EQ(f.location.admin1, "Idlib governorate");
  EXPECT_EQ(f.location.admin2, "Ariha district");
  EXPECT_THAT(f.location.place_names, ElementsAre(LocalName{"Rami village", ""}));
  EXPECT_EQ(f.location.description, "in the al-Rami village");
  EXPECT_EQ(f.location.source_precision, (SourcePrecision{PrecisionScheme::kUcdpWherePrec, 1}));
  EXPECT_EQ(f.location.precision, LocationPrecision::kExact);
  EXPECT_EQ(f.conflict, "Syria: Government");
  EXPECT_EQ(f.event_type, "state-based conflict");
  ASSERT_EQ(f.belligerents.size(), 2u);
  EXPECT_EQ(f.belligerents[0],
            (Belligerent{"Government of Syria", Attribution::kKnown, Side::kA, {.best = 0}}));
  EXPECT_EQ(f.belligerents[1],
            (Belligerent{"Syrian insurgents", Attribution::kKnown, Side::kB, {.best = 2}}));
  EXPECT_EQ(f.clarity, EventClarity::kHigh);
  EXPECT_EQ(f.casualties.civilian.killed, (CountRange{.best = 0}));
  EXPECT_EQ(f.casualties.combatant.killed, (CountRange{.best = 2}));
  EXPECT_EQ(f.casualties.undetermined.killed, (CountRange{.best = 0}));
  EXPECT_EQ(f.casualties.total_killed, (CountRange{2, 2, 2}));
  EXPECT_EQ(rami->citation,
            "\"Support Kurds in Syria,2013-01-03, Thursday 3 January 2013\";\"VDC,2013-01-03,Abdul "
            "Satar Mustafa Hankosh\"");
  EXPECT_EQ(rami->original_source, "SOHR; VDC");
  EXPECT_EQ(rami->source_fields.at("type_of_violence"), "1");
  EXPECT_EQ(rami->source_fields.at("dyad_name"), "Government of Syria - Syrian insurgents");
  EXPECT_EQ(rami->source_fields.at("geom_wkt"), "POINT (36.558974 35.763369)");
  EXPECT_EQ(rami->source_fields.at("priogrid_gid"), "181154");
  EXPECT_EQ(rami->source_fields.at("gwnoa"), "652");
  EXPECT_FALSE(rami->source_fields.contains("gwnob"));     // empty cells are not kept
  EXPECT_FALSE(rami->source_fields.contains("latitude"));  // translated columns are not repeated
  EXPECT_EQ(rami->source_fields.size(), 22u);
}

TEST(UcdpGedTest, SpotChecksAnAngolanRowWithWeekLongDatesAndProvincePrecision) {
  std::ifstream in(kGedSample, std::ios::binary);
  ASSERT_TRUE(in.is_open()) << "missing reference data: " << kGedSample;
  const auto r =
      testing::ReadStream(in, {.format = ImportFormat::kUcdpGed, .source_name = "UCDP GED 23.1"});
  ASSERT_GE(r.rows.size(), 2u);
  const Report& angola = ReportOf(r.rows[1]);
  EXPECT_EQ(r.rows[1].line, 3u);
  EXPECT_EQ(angola.source_name, "UCDP GED 23.1");
  EXPECT_EQ(angola.source_record_id, "21300");
  EXPECT_EQ(angola.facts.date.precision, DatePrecision::kWeek);
  EXPECT_EQ(angola.facts.date.start, *Date::Parse("1989-05-10"));
  EXPECT_EQ(angola.facts.date.end, *Date::Parse("1989-05-16"));
  EXPECT_EQ(angola.facts.location.precision, LocationPrecision::kAdmin1);
  EXPECT_EQ(angola.facts.location.lat, -9.65);
  EXPECT_EQ(angola.facts.clarity, EventClarity::kLow);
  EXPECT_TRUE(angola.facts.location.admin2.empty());
  EXPECT_EQ(angola.source_fields.at("number_of_sources"), "-1");
}

TEST(UcdpGedTest, AcceptsDatesWithAMidnightTimeAndRefusesOtherForms) {
  const auto r =
      ReadText(std::string(kHeader) +
                   Row({{"date_start", "2013-01-03 00:00:00.000"},
                        {"date_end", "2013-01-03 00:00:00.000"}}) +
                   Row({{"date_start", "03/01/2013"}}) +
                   Row({{"date_start", "2013-01-03 12:00:00.000"}, {"date_end", "2013-02-30"}}),
               {.format = ImportFormat::kUcdpGed});
  ASSERT_EQ(r.rows.size(), 3u);
  ASSERT_TRUE(r.rows[0].record);
  EXPECT_EQ(ReportOf(r.rows[0]).facts.date.start, *Date::Parse("2013-01-03"));
  ASSERT_EQ(r.rows[1].errors.size(), 1u);
  EXPECT_EQ(r.rows[1].errors[0].column, "date_start");
  EXPECT_THAT(r.rows[1].errors[0].message,
              HasSubstr("'03/01/2013' is not a date in the form YYYY-MM-DD"));
  ASSERT_EQ(r.rows[2].errors.size(), 2u);
  EXPECT_EQ(r.rows[2].errors[0].column, "date_start");
  EXPECT_EQ(r.rows[2].errors[1].column, "date_end");
  EXPECT_THAT(r.rows[2].errors[1].message, HasSubstr("not a real date"));
}

TEST(UcdpGedTest, CollectsEveryProblemOfARowUnderItsColumn) {
  const auto r = ReadText(std::string(kHeader) + Row({{"type_of_violence", "4"},
                                                      {"where_prec", "9"},
                                                      {"deaths_civilians", "12abc"},
                                                      {"latitude", "95"},
                                                      {"event_clarity", "3"},
                                                      {"date_prec", "1"},
                                                      {"date_end", "2013-01-05"},
                                                      {"id", ""}}),
                          {.format = ImportFormat::kUcdpGed});
  ASSERT_EQ(r.rows.size(), 1u);
  const ImportRow& row = r.rows[0];
  EXPECT_FALSE(row.record);
  std::map<std::string, std::string> by_column;
  for (const RowError& e : row.errors) {
    EXPECT_EQ(e.row, 1u);
    EXPECT_EQ(e.line, 2u);
    by_column[e.column] = e.message;
  }
  EXPECT_EQ(by_column.size(), 7u);
  EXPECT_THAT(by_column["id"], HasSubstr("is empty"));
  EXPECT_THAT(by_column["type_of_violence"], HasSubstr("'4' is not a type_of_violence code"));
  EXPECT_THAT(by_column["where_prec"], HasSubstr("'9' is not a where_prec code"));
  EXPECT_EQ(by_column["deaths_civilians"], "'12abc' is not a whole number");
  EXPECT_THAT(by_column["event_clarity"], HasSubstr("'3' is not a event_clarity code"));
  EXPECT_THAT(by_column["latitude"], HasSubstr("95 is not a latitude"));
  EXPECT_THAT(by_column["date_end"], HasSubstr("must equal the start when the precision is 'day'"));
}

TEST(UcdpGedTest, KeepsBestOutsideLowHighAsANoteAndOrdersAnInvertedRange) {
  const auto r = ReadText(std::string(kHeader) + Row({{"low", "5"}, {"best", "9"}, {"high", "8"}}) +
                              Row({{"low", "18"}, {"best", "18"}, {"high", "17"}}),
                          {.format = ImportFormat::kUcdpGed});
  ASSERT_EQ(r.rows.size(), 2u);
  ASSERT_TRUE(r.rows[0].record);
  EXPECT_EQ(ReportOf(r.rows[0]).facts.casualties.total_killed, (CountRange{5, 9, 8}));
  ASSERT_EQ(r.rows[0].notes.size(), 1u);
  EXPECT_EQ(r.rows[0].notes[0].column, "casualties.total_killed");
  EXPECT_THAT(r.rows[0].notes[0].message, HasSubstr("best estimate 9 lies outside the range 5–8"));

  ASSERT_TRUE(r.rows[1].record) << r.rows[1].errors[0].message;
  const Report& inverted = ReportOf(r.rows[1]);
  EXPECT_EQ(inverted.facts.casualties.total_killed, (CountRange{17, 18, 18}));
  EXPECT_EQ(inverted.source_fields.at("low"), "18");
  EXPECT_EQ(inverted.source_fields.at("high"), "17");
  ASSERT_EQ(r.rows[1].notes.size(), 1u);
  EXPECT_EQ(r.rows[1].notes[0].column, "low");
  EXPECT_THAT(r.rows[1].notes[0].message,
              HasSubstr("low estimate (18) is above its high estimate (17)"));
}

TEST(UcdpGedTest, KeepsTheDeathsOfAnUnnamedSideAndEveryExtraColumn) {
  std::string header(kHeader);
  header.insert(header.size() - 1, ",my_note");
  std::string row = Row({{"side_b", ""}, {"deaths_b", "4"}});
  row.insert(row.size() - 1, ",checked by hand");
  const auto r = ReadText(header + row, {.format = ImportFormat::kUcdpGed});
  ASSERT_EQ(r.rows.size(), 1u);
  ASSERT_TRUE(r.rows[0].record) << r.rows[0].errors[0].message;
  const Report& rep = ReportOf(r.rows[0]);
  ASSERT_EQ(rep.facts.belligerents.size(), 1u);
  EXPECT_EQ(rep.facts.belligerents[0].side, Side::kA);
  EXPECT_EQ(rep.source_fields.at("deaths_b"), "4");
  EXPECT_EQ(rep.source_fields.at("my_note"), "checked by hand");
  EXPECT_EQ(rep.facts.casualties.combatant.killed.best, 5);
}

TEST(UcdpGedTest, NamesEveryMissingRequiredColumn) {
  const auto r =
      ReadText("id,relid,date_start\n1,x,2013-01-01\n", {.format = ImportFormat::kUcdpGed});
  EXPECT_EQ(r.opened.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.opened.message(), HasSubstr("not a UCDP GED file"));
  EXPECT_THAT(r.opened.message(), HasSubstr("'type_of_violence'"));
  EXPECT_THAT(r.opened.message(), HasSubstr("'best', 'high', 'low'"));
  EXPECT_THAT(r.opened.message(), Not(HasSubstr("'relid'")));
}

}  // namespace
}  // namespace civharm::io
