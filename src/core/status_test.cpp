#include "core/status.h"

#include <gtest/gtest.h>

#include "core/problems.h"

namespace civharm {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return std::unexpected(InvalidArgument("odd", "v"));
  return v / 2;
}

Result<int> Quarter(int v) {
  CIVHARM_ASSIGN_OR_RETURN(int h, Half(v));
  CIVHARM_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckQuarter(int v) {
  CIVHARM_RETURN_IF_ERROR(Quarter(v));
  return Status::Ok();
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, ToStringNamesCodeFieldAndMessage) {
  EXPECT_EQ(InvalidArgument("must not be before date.start", "date.end").ToString(),
            "invalid_argument: date.end: must not be before date.start");
  EXPECT_EQ(NotFound("no such incident").ToString(), "not_found: no such incident");
}

TEST(StatusTest, MacrosPropagateTheFirstFailure) {
  EXPECT_EQ(Quarter(8).value(), 2);
  ASSERT_FALSE(Quarter(6).has_value());
  EXPECT_EQ(Quarter(6).error().message(), "odd");
  EXPECT_TRUE(CheckQuarter(12).ok());
  EXPECT_EQ(CheckQuarter(5).code(), ErrorCode::kInvalidArgument);
}

TEST(StatusTest, PrependAddsContext) {
  Status s = InvalidArgument("bad date");
  s.Prepend("row 12");
  EXPECT_EQ(s.message(), "row 12: bad date");
}

TEST(ProblemsTest, KeepsEveryProblemAndLeadsWithTheFirst) {
  Problems p;
  EXPECT_TRUE(p.ToStatus().ok());
  p.Add("date.end", "must not be before date.start");
  p.Add("location.lat", "must be between -90 and 90");
  const Status s = p.ToStatus();
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "date.end");
  ASSERT_EQ(s.details().size(), 2u);
  EXPECT_EQ(s.details()[1], (FieldError{"location.lat", "must be between -90 and 90"}));
}

TEST(ProblemsTest, AddStatusUsesItsDetails) {
  Problems inner;
  inner.Add("a", "x");
  inner.Add("b", "y");
  Problems outer;
  outer.Add("", inner.ToStatus());
  outer.Add("c", Status::Ok());
  EXPECT_EQ(outer.list().size(), 2u);
}

}  // namespace
}  // namespace civharm
