#include "report/document.h"

#include <cmath>
#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm::report {
namespace {

using ::testing::Contains;
using ::testing::Field;

Document WithBlock(Block block) {
  Document d{.title = "Report"};
  d.blocks.push_back(std::move(block));
  return d;
}

BarChart Bars(size_t categories, size_t values) {
  BarChart chart{.caption = "Killed"};
  for (size_t i = 0; i < categories; ++i) chart.categories.push_back("c" + std::to_string(i));
  chart.series.push_back(
      {.name = "a", .values = std::vector<std::optional<double>>(categories, 1.0)});
  chart.series.push_back({.name = "b", .values = std::vector<std::optional<double>>(values, 1.0)});
  return chart;
}

TEST(DocumentTest, AcceptsAWellFormedDocument) {
  Document d{.title = "Rapport mensuel", .language = "fr"};
  d.blocks = {Heading{.level = 1, .text = "Résumé"}, Paragraph{.text = "Deux lignes\nici."},
              Bars(3, 3),
              PointMap{.points = {{.lat = 35.9, .lon = 36.6, .weight = 0}},
                       .bbox = BoundingBox{36, 35, 37, 36}}};
  EXPECT_TRUE(Validate(d).ok()) << Validate(d).ToString();
}

TEST(DocumentTest, NamesTheBlockAndSeriesWhoseValuesDoNotMatchTheCategories) {
  Document d{.title = "Report"};
  d.blocks = {Heading{.text = "a"}, Paragraph{.text = "b"}, Paragraph{.text = "c"}, Bars(11, 12)};
  const Status s = Validate(d);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "blocks[3].series[1].values");
  EXPECT_EQ(s.message(), "12 values for 11 categories");
  EXPECT_EQ(s.ToString(),
            "invalid_argument: blocks[3].series[1].values: 12 values for 11 categories");
}

TEST(DocumentTest, RejectsNumbersThatAreNotFinite) {
  BarChart bars = Bars(3, 3);
  bars.series[0].values[2] = std::nan("");
  const Status s = Validate(WithBlock(bars));
  EXPECT_EQ(s.field(), "blocks[0].series[0].values[2]");
  EXPECT_EQ(s.message(), "must be a finite number");

  LineChart line{.x_labels = {"2024-01"},
                 .series = {{.points = {Estimate{0, 1, std::numeric_limits<double>::infinity()}}}}};
  EXPECT_EQ(Validate(WithBlock(line)).field(), "blocks[0].series[0].points[0].max");
}

TEST(DocumentTest, RejectsABandWhoseMinimumIsAboveItsMaximum) {
  LineChart line{.x_labels = {"2024-01", "2024-02"},
                 .series = {{.name = "Killed", .points = {Estimate{1, 2, 3}, Estimate{5, 4, 3}}}}};
  const Status s = Validate(WithBlock(line));
  EXPECT_EQ(s.field(), "blocks[0].series[0].points[1]");
  EXPECT_EQ(s.message(), "min 5 <= best 4 <= max 3 does not hold");
}

TEST(DocumentTest, RejectsCoordinatesOutOfRangeAndAnEmptyBox) {
  PointMap map{.points = {{.lat = 91, .lon = 10}, {.lat = 10, .lon = -181}},
               .bbox = BoundingBox{10, 5, 10, 6}};
  const Status s = Validate(WithBlock(map));
  EXPECT_EQ(s.field(), "blocks[0].points[0].lat");
  EXPECT_EQ(s.message(), "must be in [-90, 90]");
  EXPECT_THAT(s.details(), Contains(Field(&FieldError::field, "blocks[0].points[1].lon")));
  EXPECT_THAT(s.details(),
              Contains(FieldError{"blocks[0].bbox", "min_lon must be less than max_lon"}));
}

TEST(DocumentTest, RejectsTextThatIsNotUtf8OrHasControlCharacters) {
  Document d{.title = "bad \xff byte"};
  EXPECT_EQ(Validate(d).field(), "title");
  EXPECT_EQ(Validate(d).message(), "is not valid UTF-8");

  Table table{.columns = {{.label = "a"}, {.label = "b"}}, .rows = {{"1", "2"}, {"3", "\xc3("}}};
  EXPECT_EQ(Validate(WithBlock(table)).field(), "blocks[0].rows[1][1]");

  const Status s = Validate(WithBlock(Heading{.text = std::string("a\0b", 3)}));
  EXPECT_EQ(s.field(), "blocks[0].text");
  EXPECT_EQ(s.message(), "contains the control character U+0000");
  // A line feed is a line break in a paragraph, not in a heading.
  EXPECT_TRUE(Validate(WithBlock(Paragraph{.text = "a\nb"})).ok());
  EXPECT_FALSE(Validate(WithBlock(Heading{.text = "a\nb"})).ok());
}

TEST(DocumentTest, ReportsEveryProblemAtOnce) {
  Document d{.title = "", .language = "not a tag"};
  d.blocks = {Heading{.level = 4, .text = "x"},
              Table{.columns = {{.label = "a"}}, .rows = {{"1", "2"}}}};
  const Status s = Validate(d);
  EXPECT_THAT(s.details(), Contains(FieldError{"title", "must not be empty"}));
  EXPECT_THAT(s.details(), Contains(Field(&FieldError::field, "language")));
  EXPECT_THAT(s.details(), Contains(FieldError{"blocks[0].level", "must be 1, 2 or 3"}));
  EXPECT_THAT(s.details(), Contains(FieldError{"blocks[1].rows[0]", "2 cells for 1 columns"}));
}

TEST(DocumentTest, DirectionFollowsTheLanguageUnlessGiven) {
  auto direction = [](std::string language, std::optional<Direction> given = std::nullopt) {
    return DirectionOf(Document{.title = "t", .language = std::move(language), .direction = given});
  };
  EXPECT_EQ(direction("ar"), Direction::kRtl);
  EXPECT_EQ(direction("fa-AF"), Direction::kRtl);
  EXPECT_EQ(direction("he"), Direction::kRtl);
  EXPECT_EQ(direction("ku-Arab"), Direction::kRtl);
  EXPECT_EQ(direction("az-Arab-IR"), Direction::kRtl);
  EXPECT_EQ(direction("ku-Latn"), Direction::kLtr);
  EXPECT_EQ(direction("ar-Latn"), Direction::kLtr);
  EXPECT_EQ(direction("en"), Direction::kLtr);
  EXPECT_EQ(direction("fr-CA"), Direction::kLtr);
  EXPECT_EQ(direction("ar", Direction::kLtr), Direction::kLtr);
  EXPECT_EQ(direction("en", Direction::kRtl), Direction::kRtl);
}

TEST(DocumentTest, AcceptsOnlyWellFormedLanguageTags) {
  for (const char* ok : {"en", "ar", "fa-AF", "zh-Hant-TW", "es-419"}) {
    EXPECT_TRUE(Validate(Document{.title = "t", .language = ok}).ok()) << ok;
  }
  for (const char* bad : {"", "e", "en-", "-en", "en_US", "\"><script>", "12"}) {
    EXPECT_EQ(Validate(Document{.title = "t", .language = bad}).field(), "language") << bad;
  }
}

}  // namespace
}  // namespace civharm::report
