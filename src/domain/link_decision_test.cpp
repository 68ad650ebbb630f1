#include "domain/link_decision.h"

#include <gtest/gtest.h>

namespace civharm {
namespace {

LinkDecision Sample() {
  return Normalized({.a = NewId(),
                     .b = NewId(),
                     .verdict = Verdict::kDifferent,
                     .reason = "two strikes a day apart",
                     .decided_by = "amira",
                     .decided_at = *Timestamp::Parse("2026-11-20T10:00:00Z")});
}

TEST(LinkDecisionTest, RoundTripsThroughJson) {
  const LinkDecision d = Sample();
  ASSERT_TRUE(Validate(d).ok()) << Validate(d).ToString();
  const auto back = LinkDecisionFromJson(ToJson(d));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, d);
  EXPECT_EQ(d.key(), d.a + ":" + d.b);
}

TEST(LinkDecisionTest, NormalizedOrdersTheReports) {
  LinkDecision d = Sample();
  std::swap(d.a, d.b);
  EXPECT_FALSE(Validate(d).ok());
  EXPECT_TRUE(Validate(Normalized(d)).ok());
}

TEST(LinkDecisionTest, RefusesWhatCannotBeADecision) {
  LinkDecision d = Sample();
  d.b = d.a;
  EXPECT_EQ(Validate(d).field(), "reports");
  d = Sample();
  d.reason.clear();
  EXPECT_EQ(Validate(d).field(), "reason");
  d = Sample();
  d.a = "not an id";
  EXPECT_FALSE(Validate(d).ok());
  EXPECT_FALSE(LinkDecisionFromJson({{"reports", {"x"}}, {"verdict", "different"}}));
  EXPECT_FALSE(LinkDecisionFromJson({{"reports", {d.a, d.b}}, {"verdict", "maybe"}}));
  EXPECT_FALSE(LinkDecisionFromJson({{"reports", {d.a, d.b}}, {"verdict", "same"}, {"extra", 1}}));
}

}  // namespace
}  // namespace civharm
