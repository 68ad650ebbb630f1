#include "api/list_query.h"

#include <gtest/gtest.h>

namespace civharm::api {
namespace {

TEST(ListQueryTest, ReadsEveryFilter) {
  auto q =
      ParseListQuery(EntityKind::kIncident,
                     "date_from=2024-01-01&date_to=2024-03-31&bbox=35.1,33,37,35.5&country=Syria"
                     "&admin1=Idlib&belligerent=Coalition&status=credible,closed&grade=fair"
                     "&q=market&retracted=include&sort=-date&limit=20");
  ASSERT_TRUE(q) << q.error().ToString();
  EXPECT_EQ(q->date_from->ToString(), "2024-01-01");
  EXPECT_DOUBLE_EQ(q->bbox->min_lon, 35.1);
  EXPECT_DOUBLE_EQ(q->bbox->max_lat, 35.5);
  EXPECT_EQ(q->statuses.size(), 2u);
  EXPECT_EQ(q->grades[0], ExternalGrade::kFair);
  EXPECT_EQ(q->sort, storage::SortOrder::kDateDesc);
  EXPECT_EQ(q->limit, 20);
  EXPECT_EQ(q->retracted, storage::RetractedPolicy::kInclude);
}

TEST(ListQueryTest, EveryMistakeNamesItsParameter) {
  const std::pair<const char*, const char*> cases[] = {
      {"date_from=2024-02-30", "date_from"},
      {"bbox=1,2,3", "bbox"},
      {"bbox=a,b,c,d", "bbox"},
      {"status=credible,maybe", "status"},
      {"limit=0", "limit"},
      {"limit=5000", "limit"},
      {"limit=ten", "limit"},
      {"sort=size", "sort"},
      {"colour=red", "colour"},
      {"q=a&q=b", "q"},
      {"incident_id=42", "incident_id"},
      {"retracted=yes", "retracted"},
      {"bbox=0,10,1,5", "bbox"},
      {"date_from=2024-02-01&date_to=2024-01-01", "date_to"},
  };
  for (const auto& [query, field] : cases) {
    auto q = ParseListQuery(EntityKind::kIncident, query);
    ASSERT_FALSE(q) << query;
    EXPECT_EQ(q.error().field(), field) << query;
    EXPECT_EQ(q.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(ListQueryTest, FiltersMustFitTheKind) {
  auto q = ParseListQuery(EntityKind::kVictim, "country=Syria");
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().field(), "country");
  EXPECT_TRUE(ParseListQuery(EntityKind::kReport, "source_type=ngo&source_name=Airwars"));
}

}  // namespace
}  // namespace civharm::api
