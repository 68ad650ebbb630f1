#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "io/flat_fields.h"
#include "io/test_util.h"

namespace civharm::io {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::WriteText;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  for (std::string_view l : Split(text, '\n')) lines.emplace_back(l);
  return lines;
}

std::string HeaderOf(EntityKind kind, bool hxl) {
  std::string out;
  for (const auto& f : internal::FlatFields(kind))
    out += (out.empty() ? "" : ",") + (hxl ? f.hxl : f.name);
  return out;
}

TEST(WriterTest, CsvHasTheFieldHeaderAndOptionallyAnHxlRow) {
  Incident i = civharm::testing::SampleIncident();
  const std::string plain =
      WriteText({i}, {.format = ExportFormat::kCsv, .entity = EntityKind::kIncident});
  const std::string hxl =
      WriteText({i}, {.format = ExportFormat::kCsv, .entity = EntityKind::kIncident, .hxl = true});
  const auto p = Lines(plain);
  const auto h = Lines(hxl);
  EXPECT_THAT(
      p[0], StartsWith(
                "id,title,date.start,date.end,date.precision,date.time,location.lat,location.lon"));
  EXPECT_EQ(p[0], HeaderOf(EntityKind::kIncident, false));
  EXPECT_EQ(h[0], p[0]);
  EXPECT_THAT(h[1], StartsWith("#event+id,#event+name,#date+start,#date+end,#date+precision,#date+"
                               "time,#geo+lat,#geo+lon"));
  EXPECT_EQ(h[1], HeaderOf(EntityKind::kIncident, true));
  EXPECT_EQ(h[2], p[1]);
  // UTF-8 without a byte-order mark; LF line ends; quotes only where a cell needs them.
  EXPECT_THAT(plain, StartsWith("id,"));
  EXPECT_EQ(plain.find('\r'), std::string::npos);
  EXPECT_THAT(
      p[1],
      StartsWith(",Strike on al-Rami village,2013-01-03,2013-01-05,days,14:30,35.763369,36.558974,"
                 "37SBV7931960451,Syria,Idlib governorate,"));
  EXPECT_THAT(
      p[1],
      HasSubstr(
          R"("[{""lang"":""en"",""name"":""Rami village""},{""lang"":""ar"",""name"":""الرامي""}]")"));
}

TEST(WriterTest, CsvQuotesDelimitersQuotesAndLineBreaks) {
  Victim v;
  v.names = {{"O'Brien, \"Jack\"\nJr", "en"}};
  v.family_group_id = "plain";
  const std::string csv =
      WriteText({v}, {.format = ExportFormat::kCsv, .entity = EntityKind::kVictim});
  EXPECT_THAT(csv, HasSubstr(R"(,"[{""lang"":""en"",""name"":""O'Brien, \""Jack\""\nJr""}]",)"));
  EXPECT_THAT(csv, HasSubstr(",plain,"));
}

TEST(WriterTest, JsonIsAValidArrayWithOneRecordPerLine) {
  std::vector<AnyRecord> records = {civharm::testing::SampleReport(),
                                    civharm::testing::SampleReport()};
  std::get<Report>(records[1]).account = "line one\nline two \"quoted\"";
  const std::string text =
      WriteText(records, {.format = ExportFormat::kJson, .entity = EntityKind::kReport});
  const json j = json::parse(text);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0], ToJson(records[0]));
  EXPECT_EQ(j[1], ToJson(records[1]));
  const auto lines = Lines(text);
  ASSERT_EQ(lines.size(), 5u);  // "[", two records, "]", and the empty rest after the last \n
  EXPECT_EQ(lines[0], "[");
  EXPECT_EQ(lines[1].back(), ',');
  EXPECT_EQ(lines[3], "]");
  EXPECT_EQ(lines[4], "");
}

TEST(WriterTest, GeoJsonPlacesRecordsWithCoordinatesAsPoints) {
  Incident located = civharm::testing::SampleIncident();
  located.meta.id = NewId();
  Incident unlocated = civharm::testing::SampleIncident();
  unlocated.facts.location = {};
  const std::string text = WriteText(
      {located, unlocated}, {.format = ExportFormat::kGeoJson, .entity = EntityKind::kIncident});
  const json j = json::parse(text);
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 2u);
  const json& f = j["features"][0];
  EXPECT_EQ(f["type"], "Feature");
  EXPECT_EQ(f["id"], located.meta.id);
  EXPECT_EQ(f["geometry"]["type"], "Point");
  EXPECT_EQ(f["geometry"]["coordinates"], json::array({36.558974, 35.763369}));  // [lon, lat]
  EXPECT_EQ(f["properties"], ToJson(located));
  EXPECT_TRUE(j["features"][1]["geometry"].is_null());
  EXPECT_FALSE(j["features"][1].contains("id"));

  const json ops =
      json::parse(WriteText({civharm::testing::SampleOperation()},
                            {.format = ExportFormat::kGeoJson, .entity = EntityKind::kOperation}));
  EXPECT_EQ(ops["features"][0]["geometry"]["coordinates"], json::array({36.5591, 35.7634}));
  const json victims =
      json::parse(WriteText({civharm::testing::SampleVictim()},
                            {.format = ExportFormat::kGeoJson, .entity = EntityKind::kVictim}));
  EXPECT_TRUE(victims["features"][0]["geometry"].is_null());
}

TEST(WriterTest, AnEmptyExportIsStillAValidFile) {
  EXPECT_EQ(WriteText({}, {.format = ExportFormat::kCsv, .entity = EntityKind::kVictim}),
            HeaderOf(EntityKind::kVictim, false) + "\n");
  EXPECT_EQ(
      WriteText({}, {.format = ExportFormat::kCsv, .entity = EntityKind::kVictim, .hxl = true}),
      HeaderOf(EntityKind::kVictim, false) + "\n" + HeaderOf(EntityKind::kVictim, true) + "\n");
  EXPECT_EQ(WriteText({}, {.format = ExportFormat::kJson, .entity = EntityKind::kVictim}), "[]\n");
  const json g =
      json::parse(WriteText({}, {.format = ExportFormat::kGeoJson, .entity = EntityKind::kVictim}));
  EXPECT_EQ(g["type"], "FeatureCollection");
  EXPECT_TRUE(g["features"].is_array() && g["features"].empty());
}

TEST(WriterTest, RefusesRecordsOfAnotherKindAndHxlOutsideCsv) {
  std::ostringstream out;
  auto w = OpenWriter(out, {.format = ExportFormat::kJson, .entity = EntityKind::kIncident});
  ASSERT_TRUE(w);
  const Status s = (*w)->Write(civharm::testing::SampleVictim());
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("holds incident records, not victim"));
  EXPECT_TRUE((*w)->Finish().ok());
  EXPECT_EQ(out.str(), "[]\n");
  EXPECT_FALSE((*w)->Write(civharm::testing::SampleIncident()).ok());  // after Finish
  EXPECT_FALSE(OpenWriter(out, {.format = ExportFormat::kJson, .hxl = true}));
}

TEST(WriterTest, RefusesTextThatIsNotUtf8InsteadOfAlteringIt) {
  Incident bad = civharm::testing::SampleIncident();
  bad.title = "caf\xE9";
  for (ExportFormat format : {ExportFormat::kCsv, ExportFormat::kJson, ExportFormat::kGeoJson}) {
    std::ostringstream out;
    auto w = OpenWriter(out, {.format = format, .entity = EntityKind::kIncident});
    const Status s = (*w)->Write(bad);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << EnumName(format);
    EXPECT_TRUE((*w)->Write(civharm::testing::SampleIncident()).ok());
    EXPECT_TRUE((*w)->Finish().ok());
    EXPECT_EQ(out.str().find("caf\xE9"), std::string::npos);
  }
}

// A stream that accepts `room` bytes and then fails, as a full disk does.
class FullDisk : public std::streambuf {
 public:
  explicit FullDisk(size_t room) : room_(room) {}

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    const auto take = std::min<std::streamsize>(n, static_cast<std::streamsize>(room_));
    room_ -= static_cast<size_t>(take);
    return take;
  }
  int_type overflow(int_type c) override {
    if (room_ == 0 || traits_type::eq_int_type(c, traits_type::eof())) return traits_type::eof();
    --room_;
    return c;
  }

 private:
  size_t room_;
};

TEST(WriterTest, ReportsAFailingStream) {
  for (ExportFormat format : {ExportFormat::kCsv, ExportFormat::kJson, ExportFormat::kGeoJson}) {
    FullDisk disk(100);
    std::ostream out(&disk);
    auto w = OpenWriter(out, {.format = format, .entity = EntityKind::kReport});
    ASSERT_TRUE(w);
    Status s;
    // Enough records to pass the 1 MiB buffer, so that Write itself meets the failure.
    for (int i = 0; i < 2000 && s.ok(); ++i) s = (*w)->Write(civharm::testing::SampleReport());
    EXPECT_EQ(s.code(), ErrorCode::kUnavailable) << EnumName(format);
    EXPECT_EQ((*w)->Finish().code(), ErrorCode::kUnavailable);
  }
  FullDisk disk(10);
  std::ostream out(&disk);
  auto w = OpenWriter(out, {.format = ExportFormat::kJson, .entity = EntityKind::kReport});
  ASSERT_TRUE((*w)->Write(civharm::testing::SampleReport()).ok());  // still buffered
  EXPECT_EQ((*w)->Finish().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace civharm::io
