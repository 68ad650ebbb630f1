#include "domain/release.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

Release Requested() {
  Release r;
  r.id = "01890a5d-ac96-774b-bcce-b302099a8057";
  r.version = 2;
  r.note = "quarterly release";
  r.requested_by = "nadia";
  r.requested_at = *Timestamp::Parse("2026-04-01T09:00:00Z");
  r.as_of_seq = 120;
  r.built_on = *Date::Parse("2026-04-01");
  r.rules = DefaultReleaseRules();
  r.incidents = 2;
  r.summary = {.considered = 5,
               .released = 2,
               .excluded = {{"status", 3}},
               .by_level = {{"standard", 2}},
               .coordinates = {{"coarsened", 2}},
               .withheld_fields = {{"location.mgrs", 2}}};
  r.open_assessments = {.as_of = r.built_on,
                        .stages = {{.stage = "assessment",
                                    .count = 8,
                                    .by_age = {3, 0, 5, 0, 0},
                                    .median_age_days = 40,
                                    .oldest_age_days = 80}}};
  r.content_hash =
      ReleaseContentHash(std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"}, r.open_assessments);
  return r;
}

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const FieldError& e : s.details()) out.push_back(e.field);
  return out;
}

TEST(ReleaseTest, RoundTripsThroughJson) {
  Release r = Requested();
  r.status = ReleaseStatus::kWithdrawn;
  r.reviewed_by = "omar";
  r.reviewed_at = *Timestamp::Parse("2026-04-02T09:00:00Z");
  r.withdrawn_by = "omar";
  r.withdrawn_at = *Timestamp::Parse("2026-04-03T09:00:00Z");
  r.withdraw_reason = "a location was wrong";
  ASSERT_TRUE(Validate(r).ok()) << Validate(r).ToString();
  auto back = ReleaseFromJson(ToJson(r));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, r);
  json broken = ToJson(r);
  broken["rules"]["fields"][0] = "names";
  broken["summary"]["excluded"]["status"] = -1;
  auto refused = ReleaseFromJson(broken);
  ASSERT_FALSE(refused);
  EXPECT_THAT(Fields(refused.error()),
              ::testing::ElementsAre("rules.fields[0]", "summary.excluded.status"));
}

TEST(ReleaseTest, TheRequesterCannotReviewTheirOwnRelease) {
  Release r = Requested();
  EXPECT_TRUE(Validate(r).ok());
  r.status = ReleaseStatus::kApproved;
  EXPECT_THAT(Fields(Validate(r)), ::testing::ElementsAre("status"));
  r.reviewed_by = "nadia";
  r.reviewed_at = *Timestamp::Parse("2026-04-02T09:00:00Z");
  const Status self = Validate(r);
  EXPECT_THAT(Fields(self), ::testing::ElementsAre("reviewed_by"));
  EXPECT_THAT(self.message(), HasSubstr("someone other than the person who requested it"));
  r.reviewed_by = "omar";
  EXPECT_TRUE(Validate(r).ok());
  r.status = ReleaseStatus::kRejected;
  EXPECT_THAT(Fields(Validate(r)), ::testing::ElementsAre("review_note"));
  r.status = ReleaseStatus::kWithdrawn;
  EXPECT_THAT(Fields(Validate(r)), ::testing::ElementsAre("withdrawn_by", "withdraw_reason"));
  r.content_hash = "ABC";
  EXPECT_THAT(Fields(Validate(r)), ::testing::Contains("content_hash"));
}

TEST(ReleaseTest, TheContentHashChangesWithAnyByteOfTheRowsOrTheOpenAssessments) {
  const Release r = Requested();
  const std::vector<std::string> rows = {"{\"a\":1}", "{\"b\":2}"};
  EXPECT_EQ(ReleaseContentHash(rows, r.open_assessments), r.content_hash);
  EXPECT_NE(
      ReleaseContentHash(std::vector<std::string>{"{\"a\":1}", "{\"b\":3}"}, r.open_assessments),
      r.content_hash);
  EXPECT_NE(ReleaseContentHash(std::vector<std::string>{"{\"a\":1}{\"b\":2}"}, r.open_assessments),
            r.content_hash);
  OpenAssessments other = r.open_assessments;
  other.stages[0].by_age[0] = 4;
  EXPECT_NE(ReleaseContentHash(rows, other), r.content_hash);
  ReleaseDigest streamed;
  for (const std::string& row : rows) streamed.AddRow(row);
  EXPECT_EQ(streamed.Finish(r.open_assessments), r.content_hash);
}

TEST(ReleaseTest, OpenAssessmentsArePublishedWithSmallCountsSuppressed) {
  const Release r = Requested();
  const json pub = PublicOpenAssessments(r.open_assessments, 5);
  EXPECT_EQ(pub["as_of"], "2026-04-01");
  EXPECT_EQ(pub["suppressed_below"], 5);
  const json& stage = pub["stages"][0];
  EXPECT_EQ(stage["open"], 8);
  // 3 is suppressed, and so is 5: with the total of 8, the 3 would otherwise be plain.
  EXPECT_EQ(stage["by_age_days"],
            json({{"0-7", "<5"}, {"8-30", 0}, {"31-90", "<5"}, {"91-365", 0}, {"over_365", 0}}));
  EXPECT_EQ(stage["median_age_days"], 40);
  // Fewer than k cases: the count is suppressed and no age of a single case is given.
  const json few = PublicOpenAssessments(r.open_assessments, 10);
  EXPECT_EQ(few["stages"][0]["open"], "<10");
  EXPECT_FALSE(few["stages"][0].contains("median_age_days"));
  EXPECT_FALSE(few["stages"][0].contains("oldest_age_days"));
}

}  // namespace
}  // namespace civharm
