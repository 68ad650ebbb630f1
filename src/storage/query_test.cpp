#include "storage/sqlite/query.h"

#include <gtest/gtest.h>

namespace civharm::storage {
namespace {

TEST(QueryTest, DefaultsApplyToEveryKind) {
  Query q;
  for (EntityKind k :
       {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim, EntityKind::kOperation}) {
    EXPECT_TRUE(q.Check(k).ok()) << EnumName(k);
  }
}

TEST(QueryTest, RefusesFiltersThatDoNotApply) {
  Query q;
  q.statuses = {AssessmentStatus::kCredible};
  EXPECT_TRUE(q.Check(EntityKind::kIncident).ok());
  const Status s = q.Check(EntityKind::kReport);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "status");
  Query v;
  v.bbox = BBox{0, 0, 1, 1};
  EXPECT_EQ(v.Check(EntityKind::kVictim).field(), "bbox");
  Query t;
  t.text = "market";
  EXPECT_EQ(t.Check(EntityKind::kVictim).field(), "q");
}

TEST(QueryTest, ChecksLimitsDatesAndBoxes) {
  Query q;
  q.limit = 0;
  EXPECT_EQ(q.Check(EntityKind::kIncident).field(), "limit");
  q.limit = 1001;
  EXPECT_EQ(q.Check(EntityKind::kIncident).field(), "limit");
  q = Query();
  q.date_from = *Date::Parse("2024-02-01");
  q.date_to = *Date::Parse("2024-01-01");
  EXPECT_EQ(q.Check(EntityKind::kIncident).field(), "date_to");
  q = Query();
  q.bbox = BBox{10, 50, 20, 40};
  EXPECT_EQ(q.Check(EntityKind::kIncident).field(), "bbox");
  q.bbox = BBox{170, -10, -170, 10};  // across the antimeridian: fine
  EXPECT_TRUE(q.Check(EntityKind::kIncident).ok());
}

TEST(QueryTest, RefusesForeignCursors) {
  Query q;
  q.cursor = "not-a-cursor";
  auto sql =
      sqlite::BuildSelect(EntityKind::kIncident, q, View::Everything(), sqlite::Paging::kPage);
  ASSERT_FALSE(sql);
  EXPECT_EQ(sql.error().field(), "cursor");
  q.cursor = sqlite::EncodeCursor(SortOrder::kDateDesc, 19000, 5);
  q.sort = SortOrder::kNewest;
  sql = sqlite::BuildSelect(EntityKind::kIncident, q, View::Everything(), sqlite::Paging::kPage);
  ASSERT_FALSE(sql);
  EXPECT_EQ(sql.error().field(), "cursor");
  q.sort = SortOrder::kDateDesc;
  EXPECT_TRUE(
      sqlite::BuildSelect(EntityKind::kIncident, q, View::Everything(), sqlite::Paging::kPage));
}

TEST(QueryTest, UserTextNeverBecomesQuerySyntax) {
  Query q;
  q.text = "market\" OR 1=1 NEAR(";
  auto sql =
      sqlite::BuildSelect(EntityKind::kIncident, q, View::Everything(), sqlite::Paging::kPage);
  ASSERT_TRUE(sql);
  bool found = false;
  for (const auto& b : sql->binds) {
    if (const auto* s = std::get_if<std::string>(&b)) {
      EXPECT_EQ(*s, "\"market\"\"\" \"OR\" \"1=1\" \"NEAR(\"");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace civharm::storage
