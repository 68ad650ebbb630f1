#include "io/dataset_writer.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::io {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::vector<DatasetColumn> Columns() {
  return {*LayoutColumn(EntityKind::kIncident, "id"),
          *LayoutColumn(EntityKind::kIncident, "location.lat"),
          *LayoutColumn(EntityKind::kIncident, "belligerents"),
          {"coordinate_grid", "#geo+grid", ColumnKind::kNumber}};
}

const std::vector<json> kDocs = {{{"id", "a"},
                                  {"location", {{"lat", 35.775}, {"lon", 36.575}}},
                                  {"belligerents", {{{"name", "X, \"the\" party"}}}},
                                  {"coordinate_grid", 0.05},
                                  {"title", "not a column"}},
                                 {{"id", "b"}}};

std::string Write(ExportFormat format, const std::vector<json>& docs, bool hxl = true) {
  std::ostringstream out;
  auto w = OpenDatasetWriter(out, {.format = format, .columns = Columns(), .hxl = hxl});
  if (!w) return "open: " + w.error().ToString();
  for (const json& d : docs) {
    if (Status s = (*w)->Write(d); !s.ok()) return "write: " + s.ToString();
  }
  if (Status s = (*w)->Finish(); !s.ok()) return "finish: " + s.ToString();
  return out.str();
}

TEST(DatasetWriterTest, CsvHasExactlyTheColumnsWithTheirHxlTags) {
  EXPECT_EQ(LayoutColumn(EntityKind::kIncident, "location.lat")->hxl, "#geo+lat");
  EXPECT_FALSE(LayoutColumn(EntityKind::kIncident, "coordinate_grid"));
  EXPECT_EQ(Write(ExportFormat::kCsv, kDocs),
            "id,location.lat,belligerents,coordinate_grid\n"
            "#event+id,#geo+lat,#org+name+belligerents,#geo+grid\n"
            "a,35.775,\"[{\"\"name\"\":\"\"X, \\\"\"the\\\"\" party\"\"}]\",0.05\n"
            "b,,,\n");
  EXPECT_EQ(Write(ExportFormat::kCsv, {}, false), "id,location.lat,belligerents,coordinate_grid\n");
}

TEST(DatasetWriterTest, JsonAndGeoJsonHoldEachDocumentWhole) {
  const std::string j = Write(ExportFormat::kJson, kDocs);
  EXPECT_EQ(json::parse(j), json(kDocs));
  EXPECT_EQ(Write(ExportFormat::kJson, {}), "[]\n");
  const json geo = json::parse(Write(ExportFormat::kGeoJson, kDocs));
  EXPECT_EQ(geo["type"], "FeatureCollection");
  ASSERT_EQ(geo["features"].size(), 2u);
  EXPECT_EQ(geo["features"][0]["geometry"]["coordinates"], json({36.575, 35.775}));
  EXPECT_EQ(geo["features"][0]["properties"], kDocs[0]);
  EXPECT_TRUE(geo["features"][1]["geometry"].is_null());
  EXPECT_EQ(ContentTypeOf(ExportFormat::kGeoJson), "application/geo+json");
  EXPECT_EQ(ExtensionOf(ExportFormat::kXlsx), "xlsx");
}

TEST(DatasetWriterTest, BadColumnsAndRowsAreRefusedLeavingNothingHalfWritten) {
  std::ostringstream out;
  EXPECT_FALSE(OpenDatasetWriter(out, {.format = ExportFormat::kCsv}));
  auto bad = OpenDatasetWriter(
      out, {.format = ExportFormat::kCsv, .columns = {{"x", "not a tag", ColumnKind::kText}}});
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message(), HasSubstr("not an HXL hashtag"));
  std::ostringstream csv;
  auto w = OpenDatasetWriter(csv, {.format = ExportFormat::kCsv, .columns = Columns()});
  ASSERT_TRUE(w);
  EXPECT_FALSE((*w)->Write(json::array()).ok());
  EXPECT_FALSE((*w)->Write({{"id", std::string("\xff\xfe")}}).ok()) << "not UTF-8";
  ASSERT_TRUE((*w)->Write({{"id", "c"}}).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  EXPECT_THAT(csv.str(), ::testing::EndsWith("\nc,,,\n"));
  EXPECT_FALSE((*w)->Finish().ok());
}

}  // namespace
}  // namespace civharm::io
