#include "domain/assessment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr Level kL = Level::kLeader, kEL = Level::kEmergingLeader, kE = Level::kEngaged,
                kU = Level::kUncommitted, kR = Level::kRegressive;

// The 23 indicators of the built-in edition, in its order.
const std::vector<std::string> kIds = {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4",
                                       "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3",
                                       "4.4", "4.5", "5.1", "5.2", "5.3", "5.4", "5.5"};
// Worked by hand under mean_half_up: category 1 L,L,EL,EL (mean 4.5) → Leader; 2 EL,E,E,E
// (3.25) → Engaged; 3 all Engaged; 4 all Uncommitted; 5 R,U,E,U,U (2.2) → Uncommitted;
// overall 5,3,3,2,2 (3) → Engaged.
const std::vector<Level> kLevels = {kL, kL, kEL, kEL, kEL, kE, kE, kE, kE, kE, kE, kE,
                                    kE, kU, kU,  kU,  kU,  kU, kR, kU, kE, kU, kU};

StateAssessment Draft(std::string state, const std::vector<std::string>& ids,
                      const std::vector<Level>& levels) {
  StateAssessment a;
  a.id = "01890a5d-ac96-774b-bcce-b302099a8057";
  a.version = 1;
  a.state = std::move(state);
  a.period = {.from = *Date::Parse("2024-01-01"), .to = *Date::Parse("2024-12-31")};
  a.edition = "cpm-2025-04";
  for (size_t i = 0; i < ids.size(); ++i) {
    a.indicators.push_back(
        {.indicator_id = ids[i], .level = levels[i], .rationale = "because of " + ids[i]});
  }
  a.assessor = "amina";
  a.created_at = *Timestamp::Parse("2025-02-01T09:00:00Z");
  a.updated_at = *Timestamp::Parse("2025-02-03T09:00:00Z");
  return a;
}

StateAssessment Published(std::string state, const std::vector<Level>& levels) {
  StateAssessment a = Draft(std::move(state), kIds, levels);
  a.status = ScoreStatus::kPublished;
  a.reviewer = "boris";
  a.published_at = *Timestamp::Parse("2025-03-01T09:00:00Z");
  return a;
}

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const FieldError& e : s.details()) out.push_back(e.field);
  return out;
}

std::vector<std::optional<Level>> Column(const std::vector<ComparisonRow>& rows,
                                         std::string_view subject) {
  for (const ComparisonRow& r : rows) {
    if (r.subject == subject) return r.levels;
  }
  ADD_FAILURE() << "no row " << subject;
  return {};
}

TEST(StateAssessmentTest, ScoresCategoriesAndOverallByTheFrameworkRule) {
  const Framework fw = DefaultFramework();
  const StateAssessment a = Published("Utopia", kLevels);
  EXPECT_TRUE(Validate(a, fw).ok()) << Validate(a, fw).ToString();
  auto card = ScoreOf(a, fw);
  ASSERT_TRUE(card) << card.error().ToString();
  EXPECT_EQ(card->rule, AggregationRule::kMeanHalfUp);
  std::vector<Level> levels;
  for (const CategoryScore& c : card->categories) {
    ASSERT_TRUE(c.level);
    EXPECT_FALSE(c.level->overridden());
    levels.push_back(c.level->level());
  }
  EXPECT_THAT(levels, ElementsAre(kL, kE, kE, kU, kU));
  ASSERT_TRUE(card->overall);
  EXPECT_EQ(card->overall->level(), kE);
  ASSERT_EQ(card->categories[1].indicators.size(), 4u);
  EXPECT_EQ(card->categories[1].indicators[0].indicator_id, "2.1");
}

TEST(StateAssessmentTest, ShowsOverridesBesideComputedLevels) {
  const Framework fw = DefaultFramework();
  StateAssessment a = Published("Utopia", kLevels);
  a.category_overrides[4] = {.level = kE, .reason = "disclosure improved late in the year"};
  a.overall_override = LevelOverride{.level = kEL, .reason = "the panel's judgment"};
  auto card = ScoreOf(a, fw);
  ASSERT_TRUE(card) << card.error().ToString();
  const LevelDecision& four = *card->categories[3].level;
  EXPECT_EQ(four.computed(), kU);
  EXPECT_EQ(four.level(), kE);
  EXPECT_EQ(four.reason(), "disclosure improved late in the year");
  // The overall level is computed from effective levels: 5,3,3,3,2 → 3.2 → Engaged.
  EXPECT_EQ(card->overall->computed(), kE);
  EXPECT_EQ(card->overall->level(), kEL);
  const json j = ToJson(*card);
  EXPECT_EQ(j["categories"][3]["level"],
            json({{"level", "engaged"},
                  {"computed", "uncommitted"},
                  {"overridden", true},
                  {"reason", "disclosure improved late in the year"}}));
  EXPECT_EQ(j["overall"]["level"], "emerging_leader");
}

TEST(StateAssessmentTest, RefusesOverridesWithoutReasonOrTarget) {
  const Framework fw = DefaultFramework();
  StateAssessment a = Draft("Utopia", {"1.1", "1.2", "1.3"}, {kL, kL, kL});
  a.category_overrides[1] = {.level = kE, .reason = "  "};
  a.category_overrides[2] = {.level = kE, .reason = "no indicator scored"};
  a.category_overrides[9] = {.level = kE, .reason = "no such category"};
  a.overall_override = LevelOverride{.level = kL, .reason = "already the computed level"};
  const Status s = Validate(a, fw);
  EXPECT_THAT(Fields(s), ElementsAre("category_overrides.1.reason", "category_overrides.2",
                                     "category_overrides.9", "overall_override.level"));
  EXPECT_FALSE(ScoreOf(a, fw));
  // Read anyway, a refused override is left out rather than shown.
  EXPECT_EQ(RoadmapOf(a, fw).front().current, kL);
}

TEST(StateAssessmentTest, ReportsEveryProblemWithItsPath) {
  const Framework fw = DefaultFramework();
  StateAssessment a = Published("Utopia", kLevels);
  a.edition = "cpm-2020-01";
  a.indicators[0].indicator_id = "9.9";  // and so 1.1 is not scored
  a.indicators[1].evidence = {
      {.kind = EvidenceKind::kLink, .title = "A report", .url = "ftp://example.org/r.pdf"},
      {.kind = EvidenceKind::kRecord,
       .title = "The incident",
       .record_kind = EvidenceRecordKind::kIncident,
       .record_id = "INC-12"},
      {.kind = EvidenceKind::kLink, .title = "No address"},
      {.kind = EvidenceKind::kRecord, .title = "No kind", .record_id = a.id},
      {.kind = EvidenceKind::kDocument, .title = "Fine", .url = "https://example.org/a b"}};
  a.indicators[2].rationale = " ";
  a.indicators.push_back(a.indicators[3]);  // 1.4 again
  a.reviewer = a.assessor;
  a.state = "\xff";
  const Status s = Validate(a, fw);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(Fields(s),
              ElementsAre("state", "edition", "indicators[0].indicator_id",
                          "indicators[1].evidence[0].url", "indicators[1].evidence[1].record_id",
                          "indicators[1].evidence[2].url", "indicators[1].evidence[3].record_kind",
                          "indicators[1].evidence[4].url", "indicators[2].rationale",
                          "indicators[23].indicator_id", "indicators", "reviewer"));
  EXPECT_THAT(s.details()[10].message, HasSubstr("this one is not scored: 1.1"));
}

TEST(StateAssessmentTest, LetsADraftBeIncompleteButNotWhatIsUnderReview) {
  const Framework fw = DefaultFramework();
  StateAssessment a = Draft("Utopia", {"2.1", "2.3"}, {kE, kL});
  EXPECT_TRUE(Validate(a, fw).ok()) << Validate(a, fw).ToString();
  a.status = ScoreStatus::kUnderReview;
  EXPECT_THAT(Fields(Validate(a, fw)), ElementsAre("indicators"));
  a = Published("Utopia", kLevels);
  a.reviewer.clear();
  a.published_at.reset();
  EXPECT_THAT(Fields(Validate(a, fw)), ElementsAre("reviewer", "published_at"));
}

TEST(StateAssessmentTest, ContentFromARequestTakesOnlyWhatAnAssessorWrites) {
  auto content = AssessmentContentFromJson(json::parse(R"({
      "state": "Utopia", "force": "Utopian Armed Forces",
      "period": {"from": "2024-01-01", "to": "2024-12-31"},
      "indicators": [{"indicator_id": "2.1", "level": "engaged", "rationale": "a cell exists"}],
      "overall_override": {"level": "leader", "reason": "r"}})"));
  ASSERT_TRUE(content) << content.error().ToString();
  EXPECT_EQ(content->state, "Utopia");
  EXPECT_EQ(content->force, "Utopian Armed Forces");
  EXPECT_EQ(content->period.to, *Date::Parse("2024-12-31"));
  ASSERT_EQ(content->indicators.size(), 1u);
  EXPECT_EQ(content->indicators[0].level, kE);
  EXPECT_EQ(content->status, ScoreStatus::kDraft);
  // The service's fields are not the writer's to set; state and period are required.
  auto refused = AssessmentContentFromJson(json::parse(
      R"({"status": "published", "assessor": "me", "indicators": [{"level": "best"}]})"));
  ASSERT_FALSE(refused);
  EXPECT_THAT(Fields(refused.error()),
              ::testing::IsSupersetOf({"state", "period", "status", "assessor",
                                       "indicators[0].level", "indicators[0].indicator_id"}));
}

TEST(StateAssessmentTest, RoundTripsThroughJson) {
  StateAssessment a = Published("Utopia", kLevels);
  a.indicators[0].evidence = {
      {.kind = EvidenceKind::kDocument, .title = "Defence white paper", .note = "p. 12"},
      {.kind = EvidenceKind::kLink, .title = "Policy", .url = "https://example.org/policy"},
      {.kind = EvidenceKind::kRecord,
       .title = "Case",
       .record_kind = EvidenceRecordKind::kCase,
       .record_id = a.id}};
  a.category_overrides[4] = {.level = kE, .reason = "why"};
  a.overall_override = LevelOverride{.level = kEL, .reason = "why not"};
  a.review_note = "checked";
  a.force = "Utopian Armed Forces";
  const json j = ToJson(a);
  EXPECT_EQ(j["category_overrides"]["4"]["level"], "engaged");
  EXPECT_EQ(j["force"], "Utopian Armed Forces");
  auto back = StateAssessmentFromJson(j);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, a);
  EXPECT_EQ(ToJson(*back), j);
}

TEST(StateAssessmentTest, RefusesUnknownKeysAndBadValuesFromJson) {
  json j = ToJson(Published("Utopia", kLevels));
  j["colour"] = "red";
  j["indicators"][0]["evidence"] = json::array({{{"kind", "film"}, {"title", "x"}, {"y", 1}}});
  j["indicators"][1]["level"] = "excellent";
  j["category_overrides"] = {{"02", {{"level", "leader"}, {"reason", "r"}}}};
  j["period"].erase("to");
  auto r = StateAssessmentFromJson(j);
  ASSERT_FALSE(r);
  EXPECT_THAT(Fields(r.error()), ElementsAre("period.to", "indicators[0].evidence[0].kind",
                                             "indicators[0].evidence[0].y", "indicators[1].level",
                                             "category_overrides.02", "colour"));
}

TEST(StateAssessmentTest, ComparesTwoPeriodsListingExactlyWhatChanged) {
  const Framework fw = DefaultFramework();
  StateAssessment before = Published("Utopia", kLevels);
  before.period = {.from = *Date::Parse("2023-01-01"), .to = *Date::Parse("2023-12-31")};
  StateAssessment after = Draft("Utopia", kIds, kLevels);
  after.indicators[4] = {.indicator_id = "2.1", .level = kL, .rationale = "tracking cell set up"};
  after.indicators[13].level = kR;  // 4.1; category 4: R,U,U,U,U → 1.8 → still Uncommitted
  after.indicators.erase(after.indicators.begin() + 20);  // 5.3; category 5: R,U,U,U → 1.75
                                                          // → still Uncommitted
  after.overall_override = LevelOverride{.level = kEL, .reason = "momentum"};
  // Category 2: L,E,E,E → 4.25 → Emerging Leader; overall computed 5,4,3,2,2 → 3.2 → Engaged.
  const std::vector<LevelChange> changes = Compare(before, after, fw);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0],
            (LevelChange{"2", "Civilian harm tracking", kE, kEL, LevelShift::kUp, "", ""}));
  EXPECT_EQ(changes[1], (LevelChange{"2.1", "Tracking mechanism", kEL, kL, LevelShift::kUp,
                                     "because of 2.1", "tracking cell set up"}));
  EXPECT_EQ(changes[2].subject, "4.1");
  EXPECT_EQ(changes[2].shift, LevelShift::kDown);
  EXPECT_EQ(changes[3], (LevelChange{"5.3", "Consultation with those harmed", kE, std::nullopt,
                                     LevelShift::kNoLongerScored, "because of 5.3", ""}));
  EXPECT_EQ(changes[4],
            (LevelChange{"overall", "Overall", kE, kEL, LevelShift::kUp, "", "momentum"}));
  EXPECT_EQ(ToJson(changes[3]), json({{"subject", "5.3"},
                                      {"name", "Consultation with those harmed"},
                                      {"before", "engaged"},
                                      {"after", nullptr},
                                      {"shift", "no_longer_scored"},
                                      {"rationale_before", "because of 5.3"}}));
  EXPECT_TRUE(Compare(before, before, fw).empty());
}

TEST(StateAssessmentTest, ComparesSeveralStatesSideBySide) {
  const Framework fw = DefaultFramework();
  const std::vector<StateAssessment> states = {
      Published("Utopia", kLevels), Published("Arcadia", std::vector<Level>(kIds.size(), kL)),
      Draft("Erewhon", {"1.1", "1.2", "1.3", "1.4"}, {kE, kE, kE, kE})};
  const std::vector<ComparisonRow> rows = CompareMany(states, fw);
  ASSERT_EQ(rows.size(), 5u + kIds.size() + 1u);
  EXPECT_EQ(rows.front().subject, "1");
  EXPECT_EQ(rows[1].subject, "1.1");
  EXPECT_EQ(rows.back().subject, "overall");
  EXPECT_THAT(Column(rows, "1"), ElementsAre(kL, kL, kE));
  EXPECT_THAT(Column(rows, "2"), ElementsAre(kE, kL, std::nullopt));
  EXPECT_THAT(Column(rows, "2.1"), ElementsAre(kEL, kL, std::nullopt));
  EXPECT_THAT(Column(rows, "overall"), ElementsAre(kE, kL, kE));
  EXPECT_EQ(ToJson(rows.back())["levels"], json({"engaged", "leader", "engaged"}));
}

TEST(StateAssessmentTest, GivesARoadmapForWhatIsScored) {
  const Framework fw = DefaultFramework();
  const std::vector<RoadmapStep> middle = RoadmapOf(Draft("Erewhon", {"1.1", "1.3"}, {kE, kU}), fw);
  ASSERT_EQ(middle.size(), 3u);
  const Category& policy = fw.categories[0];
  EXPECT_EQ(middle[0].subject, "1");
  EXPECT_EQ(middle[0].current, kE);  // U and E: 2.5 → Engaged
  EXPECT_EQ(middle[0].next, kEL);
  EXPECT_EQ(middle[0].current_description, policy.levels[kE]);
  EXPECT_EQ(middle[0].next_description, policy.levels[kEL]);
  EXPECT_EQ(middle[2].subject, "1.3");
  EXPECT_EQ(middle[2].next, kE);
  EXPECT_TRUE(middle[2].category_descriptions);

  const std::vector<RoadmapStep> top =
      RoadmapOf(Published("Arcadia", std::vector<Level>(kIds.size(), kL)), fw);
  ASSERT_EQ(top.size(), 5u + kIds.size());
  EXPECT_EQ(top[0].current, kL);
  EXPECT_FALSE(top[0].next);
  EXPECT_TRUE(top[0].next_description.empty());
  EXPECT_THAT(top[0].gap, HasSubstr("highest level"));
}

}  // namespace
}  // namespace civharm
