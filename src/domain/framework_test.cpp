#include "domain/framework.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civharm {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr Level kL = Level::kLeader, kEL = Level::kEmergingLeader, kE = Level::kEngaged,
                kU = Level::kUncommitted, kR = Level::kRegressive;

// The problems of a framework that fails to parse, as "field: message".
std::vector<std::string> Problems(std::string_view text) {
  auto r = ParseFramework(text);
  EXPECT_FALSE(r) << "parsed";
  std::vector<std::string> out;
  if (r) return out;
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  if (r.error().details().empty()) out.push_back(r.error().field() + ": " + r.error().message());
  for (const FieldError& e : r.error().details()) out.push_back(e.field + ": " + e.message);
  return out;
}

constexpr std::string_view kSmall = R"(
edition: test-1
title: A small framework
source: civharm's tests
categories:
  - id: 1
    name: Policy
    description: What a policy is.
    levels: {leader: L1, emerging_leader: EL1, engaged: E1, uncommitted: U1, regressive: R1}
    indicators:
      - {id: "1.1", name: One, source: cpm}
      - {id: "1.2", name: Two, source: cpm}
      - id: "1.3"
        name: Three
        source: civharm
        description: civharm's own reading.
        levels: {leader: L13, emerging_leader: EL13, engaged: E13, uncommitted: U13,
                 regressive: R13}
)";

// kSmall with `from` replaced by `to` (which must be there once).
std::string Small(std::string_view from, std::string_view to) {
  std::string s(kSmall);
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

Framework SmallFramework() {
  auto r = ParseFramework(kSmall);
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? *r : Framework{};
}

// ---- the shipped edition ---------------------------------------------------------------------

TEST(FrameworkTest, TheBuiltInEditionHasFiveCategoriesAndTheKnownIndicators) {
  const Framework fw = DefaultFramework();
  EXPECT_EQ(fw.edition, "cpm-2025-04");
  EXPECT_THAT(fw.source, HasSubstr("Civilian Protection Monitor"));
  EXPECT_EQ(fw.aggregation, AggregationRule::kMeanHalfUp);
  ASSERT_EQ(fw.categories.size(), 5u);
  std::vector<std::string> names;
  for (const Category& c : fw.categories) names.push_back(c.name);
  EXPECT_THAT(names, ElementsAre("National policy", "Civilian harm tracking", "Investigations",
                                 "Public reporting and transparency", "Post-harm response"));

  const std::vector<std::pair<std::string, std::string>> known = {
      {"1.1", "National policy framework"},
      {"1.2", "Clear policy language"},
      {"1.3", "Clear implementation guidance"},
      {"1.4", "Budget and resources"},
      {"2.1", "Tracking mechanism"},
      {"2.2", "Tracking to reduce harm through analysis"},
      {"2.3", "Coordination with investigation mechanisms"},
      {"2.4", "Data management"},
      {"3.1", "Investigates all credible reports"},
      {"3.2", "Witness interviews and site visits"},
      {"3.3", "Reports of investigations"},
      {"3.4", "Interaction with response mechanisms"},
      {"3.5", "Criminal investigations"}};
  for (const auto& entry : known) {
    const Indicator* i = fw.FindIndicator(entry.first);
    ASSERT_NE(i, nullptr) << entry.first;
    EXPECT_EQ(i->name, entry.second);
    EXPECT_EQ(i->source, IndicatorSource::kCpm) << i->id;
  }
  for (const Category& c : fw.categories) {
    EXPECT_EQ(c.id, &c - fw.categories.data() + 1);
    EXPECT_GE(c.indicators.size(), 3u);
    EXPECT_LE(c.indicators.size(), 5u);
    for (const auto& entry : EnumTraits<Level>::kNames) {
      EXPECT_FALSE(c.levels[entry.first].empty()) << c.id << " " << entry.second;
    }
    for (const Indicator& i : c.indicators) {
      // The seed describes levels per category only; categories 4 and 5 are civharm's reading.
      EXPECT_TRUE(i.levels.empty()) << i.id;
      if (c.id >= 4) {
        EXPECT_EQ(i.source, IndicatorSource::kCivharm) << i.id;
        EXPECT_FALSE(i.description.empty()) << i.id;
      }
    }
  }
  EXPECT_EQ(fw.categories[3].indicators.size(), 5u);
  EXPECT_EQ(fw.categories[4].indicators.size(), 5u);
}

TEST(FrameworkTest, TheBuiltInEditionHoldsTheSeedsTextWordForWord) {
  const Framework fw = DefaultFramework();
  EXPECT_EQ(fw.categories[4].description,
            "Efforts to acknowledge and express condolence for harm, to include offers of "
            "monetary and non-monetary forms of post-harm assistance.");
  EXPECT_EQ(fw.categories[0].levels[kR],
            "The government is antagonistic or ambivalent about protecting civilians in armed "
            "conflict or has a record of deliberately harming civilians.");
  EXPECT_THAT(fw.categories[0].levels[kL],
              StartsWith("The government has a clear, accessible and comprehensive policy "
                         "framework for civilian harm mitigation and response that addresses "
                         "prevention, mitigation, tracking; investigation, and response as well "
                         "as public reporting and transparency;"));
  EXPECT_THAT(fw.categories[0].levels[kL],
              HasSubstr("clear guidance for – and required reporting on – implementation"));
}

TEST(FrameworkTest, TheCanonicalJsonReadsBackEqual) {
  for (const Framework& fw : {DefaultFramework(), SmallFramework()}) {
    auto back = FrameworkFromJson(ToJson(fw));
    ASSERT_TRUE(back) << back.error().ToString();
    EXPECT_EQ(*back, fw);
    auto text = ParseFramework(ToJson(fw).dump(2));
    ASSERT_TRUE(text) << text.error().ToString();
    EXPECT_EQ(*text, fw);
  }
}

TEST(FrameworkTest, ReadsIndicatorsWithLevelsOfTheirOwn) {
  const Framework fw = SmallFramework();
  ASSERT_EQ(fw.categories.size(), 1u);
  EXPECT_TRUE(fw.categories[0].indicators[0].levels.empty());
  EXPECT_EQ(fw.categories[0].indicators[2].levels[kEL], "EL13");
  EXPECT_EQ(fw.categories[0].indicators[2].source, IndicatorSource::kCivharm);
  EXPECT_EQ(fw.categories[0].levels[kU], "U1");
}

// ---- malformed files -------------------------------------------------------------------------

TEST(FrameworkTest, RefusesUnknownKeys) {
  EXPECT_THAT(Problems(Small("    name: Policy", "    name: Policy\n    weight: 2")),
              ElementsAre("categories[0].weight: is not a known field"));
  EXPECT_THAT(Problems(Small("leader: L1,", "leeder: L1,")),
              ElementsAre("categories[0].levels.leader: is required",
                          "categories[0].levels.leeder: is not a known field"));
  EXPECT_THAT(Problems(Small("title:", "version: 2\ntitle:")),
              ElementsAre("version: is not a known field"));
}

TEST(FrameworkTest, RefusesIdsGivenTwice) {
  EXPECT_THAT(Problems(Small(R"({id: "1.2", name: Two)", R"({id: "1.1", name: Two)")),
              ElementsAre("categories[0].indicators[1].id: '1.1' appears twice"));
  std::string twice(kSmall);
  const std::string category = twice.substr(twice.find("  - id: 1"));
  EXPECT_THAT(Problems(twice + category), ElementsAre("categories[1].id: 1 appears twice"));
  EXPECT_THAT(Problems(Small("source: cpm}", "source: cpm, name: Again}")),
              ElementsAre("categories[0].indicators[0].name: appears twice"));
}

TEST(FrameworkTest, RefusesACategoryWithoutAllFiveLevels) {
  EXPECT_THAT(Problems(Small(", regressive: R1}", "}")),
              ElementsAre("categories[0].levels.regressive: is required"));
  EXPECT_THAT(Problems(Small("emerging_leader: EL13,", "")),
              ElementsAre("categories[0].indicators[2].levels.emerging_leader: is required"));
  EXPECT_THAT(Problems(Small("    levels: {leader: L1, emerging_leader: EL1, engaged: E1, "
                             "uncommitted: U1, regressive: R1}\n",
                             "")),
              ElementsAre("categories[0].levels: is required"));
}

TEST(FrameworkTest, RefusesIndicatorIdsNotPrefixedByTheirCategory) {
  const std::string message =
      ": must be the category's id, a dot and the indicator's number (\"1.1\", \"1.2\", …)";
  for (const char* id : {"2.1", "1.", "1.01", "1.a", "11", "1.1.1", ""}) {
    const std::string text = Small(R"(id: "1.1")", fmt::format("id: \"{}\"", id));
    if (std::string_view(id).empty()) {
      EXPECT_THAT(Problems(text), ElementsAre("categories[0].indicators[0].id: is required"));
    } else {
      EXPECT_THAT(Problems(text), ElementsAre("categories[0].indicators[0].id" + message)) << id;
    }
  }
  // Unquoted, YAML reads 1.1 as a number (and 1.10 as the same number).
  EXPECT_THAT(Problems(Small(R"(id: "1.2")", "id: 1.2")),
              ElementsAre("categories[0].indicators[1].id: must be text such as \"1.1\" (in "
                          "quotes in YAML), not number"));
}

TEST(FrameworkTest, RefusesCategoriesWithTooFewOrTooManyIndicators) {
  EXPECT_THAT(Problems(Small(R"(      - {id: "1.2", name: Two, source: cpm})"
                             "\n",
                             "")),
              ElementsAre("categories[0].indicators: has 2 indicators; a category has 3 to 5"));
  std::string many = Small(R"(      - {id: "1.2", name: Two, source: cpm})",
                           R"(      - {id: "1.2", name: Two, source: cpm}
      - {id: "1.4", name: Four, source: cpm}
      - {id: "1.5", name: Five, source: cpm}
      - {id: "1.6", name: Six, source: cpm})");
  EXPECT_THAT(Problems(many),
              ElementsAre("categories[0].indicators: has 6 indicators; a category has 3 to 5"));
}

TEST(FrameworkTest, RefusesBlankAndInvalidTextAndReportsEveryProblemAtOnce) {
  EXPECT_THAT(Problems(Small("name: One,", "name: \"  \",")),
              ElementsAre("categories[0].indicators[0].name: must not be blank"));
  EXPECT_THAT(Problems(Small("What a policy is.", "What a \xff policy is.")),
              ElementsAre("categories[0].description: is not valid UTF-8 text"));
  EXPECT_THAT(Problems(Small("edition: test-1", "edition: test 1\naggregation: average")),
              ElementsAre("edition: may hold only letters, digits, '.', '-' and '_'",
                          "aggregation: 'average' is not one of: mean_half_up, mean_half_down, "
                          "median_upper, median_lower, minimum"));
  EXPECT_THAT(Problems(Small("source: cpm}", "source: state}")),
              ElementsAre("categories[0].indicators[0].source: 'state' is not one of: cpm, "
                          "civharm"));
  EXPECT_THAT(Problems("edition: x\ncategories: []"),
              ElementsAre("title: is required", "source: is required",
                          "categories: must hold at least one category"));
}

TEST(FrameworkTest, RefusesTextThatIsNotYamlOrJson) {
  auto yaml = ParseFramework("categories: [unclosed");
  ASSERT_FALSE(yaml);
  EXPECT_EQ(yaml.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(yaml.error().message(), StartsWith("the framework is not valid YAML: "));
  EXPECT_THAT(yaml.error().message(), HasSubstr("(line 1, column"));
  auto json = ParseFramework("{\"edition\": ");
  ASSERT_FALSE(json);
  EXPECT_THAT(json.error().message(), StartsWith("the framework is not valid JSON: "));
  EXPECT_THAT(Problems("- just\n- a list"),
              ElementsAre(": the framework must be an object with edition, title, source and "
                          "categories, not array"));
  EXPECT_THAT(Problems(""), ElementsAre(": the framework must be an object with edition, title, "
                                        "source and categories, not null"));
}

// ---- aggregation -----------------------------------------------------------------------------

Level Of(std::vector<Level> levels, AggregationRule rule = kDefaultAggregationRule) {
  auto r = Aggregate(levels, rule);
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? *r : Level::kRegressive;
}

TEST(AggregateTest, TheDefaultReproducesTheWorkedExample) {
  EXPECT_EQ(Of({kL, kL, kEL, kEL}), kL);  // mean 4.5: a half, rounded up
  EXPECT_EQ(Of({kEL, kE, kE, kE}), kE);   // mean 3.25
  EXPECT_EQ(Of({kEL, kL, kEL, kL}), kL);  // the order does not matter
  EXPECT_EQ(Of({kE, kEL, kE, kE}), kE);
}

TEST(AggregateTest, EachRuleOnTheWorkedExample) {
  using R = AggregationRule;
  const std::vector<Level> a = {kL, kL, kEL, kEL}, b = {kEL, kE, kE, kE};
  EXPECT_EQ(Of(a, R::kMeanHalfUp), kL);
  EXPECT_EQ(Of(b, R::kMeanHalfUp), kE);
  EXPECT_EQ(Of(a, R::kMeanHalfDown), kEL);
  EXPECT_EQ(Of(b, R::kMeanHalfDown), kE);
  EXPECT_EQ(Of(a, R::kMedianUpper), kL);
  EXPECT_EQ(Of(b, R::kMedianUpper), kE);
  EXPECT_EQ(Of(a, R::kMedianLower), kEL);
  EXPECT_EQ(Of(b, R::kMedianLower), kE);
  EXPECT_EQ(Of(a, R::kMinimum), kEL);
  EXPECT_EQ(Of(b, R::kMinimum), kE);
}

TEST(AggregateTest, SettlesTiesByTheRulesName) {
  using R = AggregationRule;
  // Engaged and Uncommitted: mean 2.5, the two middle levels differ.
  EXPECT_EQ(Of({kE, kU}, R::kMeanHalfUp), kE);
  EXPECT_EQ(Of({kE, kU}, R::kMeanHalfDown), kU);
  EXPECT_EQ(Of({kE, kU}, R::kMedianUpper), kE);
  EXPECT_EQ(Of({kE, kU}, R::kMedianLower), kU);
  EXPECT_EQ(Of({kE, kU}, R::kMinimum), kU);
  // Means of 3.75 and 3.67 are not ties: both round to Emerging Leader either way. 3.5 is one.
  EXPECT_EQ(Of({kL, kEL, kE, kE}, R::kMeanHalfDown), kEL);
  EXPECT_EQ(Of({kL, kE, kE, kE, kEL, kEL}, R::kMeanHalfUp), kEL);
  EXPECT_EQ(Of({kL, kE, kE, kE, kEL, kEL}, R::kMeanHalfDown), kEL);
  EXPECT_EQ(Of({kL, kE, kE, kE}, R::kMeanHalfUp), kEL);
  EXPECT_EQ(Of({kL, kE, kE, kE}, R::kMeanHalfDown), kE);
}

TEST(AggregateTest, MeansMediansAndTheWeakestLinkDiffer) {
  using R = AggregationRule;
  const std::vector<Level> one_bad = {kL, kL, kL, kR};  // mean 4, median Leader
  EXPECT_EQ(Of(one_bad, R::kMeanHalfUp), kEL);
  EXPECT_EQ(Of(one_bad, R::kMeanHalfDown), kEL);
  EXPECT_EQ(Of(one_bad, R::kMedianUpper), kL);
  EXPECT_EQ(Of(one_bad, R::kMedianLower), kL);
  EXPECT_EQ(Of(one_bad, R::kMinimum), kR);
  EXPECT_EQ(Of({kL, kU, kR}, R::kMedianUpper), kU);  // odd: the middle one
  EXPECT_EQ(Of({kL, kU, kR}, R::kMedianLower), kU);
}

TEST(AggregateTest, OneLevelAndAllRegressiveGiveThemselves) {
  for (const auto& [rule, name] : EnumTraits<AggregationRule>::kNames) {
    for (const auto& entry : EnumTraits<Level>::kNames) {
      EXPECT_EQ(Of({entry.first}, rule), entry.first) << name;
    }
    EXPECT_EQ(Of({kR, kR, kR, kR, kR}, rule), kR) << name;
    EXPECT_EQ(Of({kL, kL, kL}, rule), kL) << name;
  }
}

TEST(AggregateTest, RefusesNothingToAggregate) {
  auto r = Aggregate({}, kDefaultAggregationRule);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(OverallLevel({}, kDefaultAggregationRule));
}

TEST(AggregateTest, NamesAreStable) {
  EXPECT_EQ(EnumName(kEL), "emerging_leader");
  EXPECT_EQ(ParseEnum<Level>("regressive"), kR);
  EXPECT_EQ(ParseEnum<AggregationRule>("median_upper"), AggregationRule::kMedianUpper);
  EXPECT_EQ(LevelTitle(kEL), "Emerging Leader");
  EXPECT_EQ(LevelScore(kL), 5);
  EXPECT_EQ(LevelScore(kR), 1);
  EXPECT_EQ(NextLevel(kR), kU);
  EXPECT_FALSE(NextLevel(kL).has_value());
}

// ---- overrides -------------------------------------------------------------------------------

TEST(LevelDecisionTest, AnOverrideNeedsAReason) {
  for (const char* blank : {"", "  \n"}) {
    auto r = LevelDecision::Overridden(kE, kEL, blank);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field(), "reason");
    EXPECT_THAT(r.error().message(), HasSubstr("is required"));
  }
  auto same = LevelDecision::Overridden(kE, kE, "Because.");
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().field(), "level");
  EXPECT_EQ(same.error().message(), "is the computed level already (engaged)");

  auto d = LevelDecision::Overridden(kE, kEL, "The 2024 policy took effect after the period.");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->computed(), kE);
  EXPECT_EQ(d->overridden(), kEL);
  EXPECT_EQ(d->level(), kEL);
  EXPECT_EQ(d->reason(), "The 2024 policy took effect after the period.");

  const LevelDecision plain(kU);
  EXPECT_EQ(plain.level(), kU);
  EXPECT_FALSE(plain.overridden().has_value());
  EXPECT_TRUE(plain.reason().empty());
}

TEST(LevelDecisionTest, TheOverallLevelUsesOverriddenCategoryLevels) {
  std::vector<LevelDecision> categories = {LevelDecision(kEL), LevelDecision(kE), LevelDecision(kE),
                                           LevelDecision(kE)};
  EXPECT_EQ(OverallLevel(categories, kDefaultAggregationRule), kE);
  auto raised = LevelDecision::Overridden(kE, kL, "Evidence the indicators do not capture.");
  ASSERT_TRUE(raised);
  categories[1] = *raised;
  EXPECT_EQ(OverallLevel(categories, kDefaultAggregationRule), kEL);  // 4, 5, 3, 3: 3.75
  EXPECT_EQ(OverallLevel(categories, AggregationRule::kMinimum), kE);
}

// ---- the roadmap -----------------------------------------------------------------------------

TEST(RoadmapTest, AMiddleLevelLeadsToTheNextInTheFrameworksWords) {
  const Framework fw = DefaultFramework();
  const Category& policy = fw.categories[0];
  const RoadmapStep s = Roadmap(policy, kE);
  EXPECT_EQ(s.subject, "1");
  EXPECT_EQ(s.name, "National policy");
  EXPECT_EQ(s.current, kE);
  EXPECT_EQ(s.current_description, policy.levels[kE]);
  EXPECT_EQ(s.next, kEL);
  EXPECT_EQ(s.next_description, policy.levels[kEL]);
  EXPECT_FALSE(s.category_descriptions);
  EXPECT_EQ(s.gap, "1 National policy: from Engaged to Emerging Leader. Now (Engaged): " +
                       policy.levels[kE] + " Next (Emerging Leader): " + policy.levels[kEL]);
  EXPECT_EQ(Roadmap(fw, "1", kE), s);
  EXPECT_EQ(Roadmap(policy, kR).next, kU);
}

TEST(RoadmapTest, LeaderHasNoNextLevel) {
  const Framework fw = DefaultFramework();
  const Category& response = fw.categories[4];
  const RoadmapStep s = Roadmap(response, kL);
  EXPECT_FALSE(s.next.has_value());
  EXPECT_TRUE(s.next_description.empty());
  EXPECT_EQ(s.current_description, response.levels[kL]);
  EXPECT_EQ(s.gap,
            "5 Post-harm response: Leader is the highest level; there is no next level. Now "
            "(Leader): " +
                response.levels[kL]);
}

TEST(RoadmapTest, AnIndicatorIsReadAgainstItsCategoryUnlessItHasLevelsOfItsOwn) {
  const Framework fw = DefaultFramework();
  auto s = Roadmap(fw, "4.1", kU);
  ASSERT_TRUE(s) << s.error().ToString();
  const Category& transparency = fw.categories[3];
  EXPECT_EQ(s->subject, "4.1");
  EXPECT_TRUE(s->category_descriptions);
  EXPECT_EQ(s->current_description, transparency.levels[kU]);
  EXPECT_EQ(s->next_description, transparency.levels[kE]);
  EXPECT_THAT(s->gap, StartsWith("4.1 Disclosure of the time and place of operations (levels of "
                                 "category 4 Public reporting and transparency): from "
                                 "Uncommitted to Engaged. Now (Uncommitted): "));

  const Framework small = SmallFramework();
  auto own = Roadmap(small, "1.3", kEL);
  ASSERT_TRUE(own);
  EXPECT_FALSE(own->category_descriptions);
  EXPECT_EQ(own->gap,
            "1.3 Three: from Emerging Leader to Leader. Now (Emerging Leader): EL13 "
            "Next (Leader): L13");
}

TEST(RoadmapTest, RefusesSubjectsTheFrameworkDoesNotHave) {
  const Framework fw = DefaultFramework();
  for (const char* subject : {"6", "1.9", "01", "", "4."}) {
    auto s = Roadmap(fw, subject, kE);
    ASSERT_FALSE(s) << subject;
    EXPECT_EQ(s.error().code(), ErrorCode::kNotFound);
  }
}

}  // namespace
}  // namespace civharm
