#include "core/id.h"

#include <set>

#include <gtest/gtest.h>

namespace civharm {
namespace {

TEST(IdTest, NewIdsAreValidVersion7AndDistinct) {
  std::set<Id> seen;
  for (int i = 0; i < 1000; ++i) {
    const Id id = NewId();
    ASSERT_TRUE(IsValidId(id)) << id;
    EXPECT_EQ(id[14], '7');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(IdTest, RejectsMalformedText) {
  EXPECT_FALSE(IsValidId("0190A7C4-5F21-7C3E-9D4B-2F6A1E0C9B13"));  // uppercase
  EXPECT_FALSE(IsValidId("0190a7c45f217c3e9d4b2f6a1e0c9b13"));
  EXPECT_FALSE(IsValidId("0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b1"));
  EXPECT_TRUE(IsValidId("0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b13"));
}

}  // namespace
}  // namespace civharm
