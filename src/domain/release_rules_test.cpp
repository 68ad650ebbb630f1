#include "domain/release_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/codec.h"
#include "domain/test_fixtures.h"

namespace civharm {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// The problems of rules that fail to parse, as "field: message".
std::vector<std::string> Problems(std::string_view text) {
  auto r = ParseReleaseRules(text);
  EXPECT_FALSE(r) << "parsed";
  std::vector<std::string> out;
  if (r) return out;
  if (r.error().details().empty()) {
    out.push_back(r.error().field() + ": " + r.error().message());
  }
  for (const FieldError& e : r.error().details()) out.push_back(e.field + ": " + e.message);
  return out;
}

constexpr std::string_view kSmallRules = R"(
fields: [id, title, date, location.coordinates, location.country, location.admin1, casualties,
         status]
dates: day
statuses: [credible, closed]
sensitivity:
  default: low
  levels:
    - {name: low, coordinates: exact, areas: admin3}
    - {name: mid, coordinates: grid, grid_degrees: 0.5, areas: admin1}
    - {name: top, coordinates: none, areas: country}
  rules:
    - level: mid
      when: {countries: [syria]}
    - level: top
      when: {statuses: [closed], civilians_harmed_at_least: 3}
withhold:
  - admin1: [Hama governorate]
suppression_threshold: 3
methodology: "How it is made."
)";

ReleaseRules SmallRules() {
  auto r = ParseReleaseRules(kSmallRules);
  EXPECT_TRUE(r) << r.error().ToString();
  return *r;
}

Incident Credible() {
  Incident i = testing::SampleIncident();
  i.meta.id = "01890a5d-ac96-774b-bcce-b302099a8057";
  i.status = AssessmentStatus::kCredible;
  return i;
}

TEST(ReleaseRulesTest, TheBuiltInDefaultParsesAndRoundTripsThroughItsCanonicalJson) {
  const ReleaseRules rules = DefaultReleaseRules();
  EXPECT_EQ(rules.default_level, "standard");
  EXPECT_EQ(rules.levels.size(), 3u);
  EXPECT_EQ(rules.suppression_threshold, 5);
  EXPECT_TRUE(rules.Releases(ReleaseField::kCoordinates));
  EXPECT_FALSE(rules.Releases(ReleaseField::kPlaceNames));
  EXPECT_FALSE(rules.Releases(ReleaseField::kDescription));
  EXPECT_THAT(rules.methodology, HasSubstr("# How this dataset is made"));
  const json canonical = ToJson(rules);
  auto back = ReleaseRulesFromJson(canonical);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, rules);
  // The canonical text is JSON, which the parser reads as well.
  auto again = ParseReleaseRules(canonical.dump(2));
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(*again, rules);
}

TEST(ReleaseRulesTest, YamlAndJsonReadAlike) {
  const ReleaseRules yaml = SmallRules();
  EXPECT_EQ(yaml.levels[1].grid_degrees, 0.5);
  EXPECT_EQ(yaml.sensitivity[1].when.civilians_harmed_at_least, 3);
  EXPECT_EQ(yaml.withhold[0].admin1, std::vector<std::string>{"Hama governorate"});
  auto json_rules = ParseReleaseRules(ToJson(yaml).dump());
  ASSERT_TRUE(json_rules);
  EXPECT_EQ(*json_rules, yaml);
}

TEST(ReleaseRulesTest, EveryProblemIsReportedWithItsPath) {
  const auto problems = Problems(R"(
fields: [id, names, victims, location.mgrs, restricted_to, weather, date.start, title, title]
dates: week
statuses: [credible, duplicate, credible]
sensitivity:
  default: nowhere
  levels:
    - {name: a, coordinates: grid, areas: admin1}
    - {name: b, coordinates: grid, grid_degrees: 0.07, areas: admin2}
    - {name: a, coordinates: exact, grid_degrees: 1, areas: district}
  rules:
    - {level: c, when: {}}
withhold:
  - {civilians_harmed_at_least: 0}
suppression_threshold: 0
surprise: true
)");
  EXPECT_THAT(problems, Contains(HasSubstr("fields[1]: 'names' is personal data")));
  EXPECT_THAT(problems, Contains(HasSubstr("fields[2]: 'victims' is personal data")));
  EXPECT_THAT(problems, Contains(HasSubstr("fields[3]: 'location.mgrs' would give the place")));
  EXPECT_THAT(problems, Contains(HasSubstr("fields[4]: 'restricted_to' is a need-to-know")));
  EXPECT_THAT(problems, Contains(HasSubstr("fields[5]: 'weather' is not an incident field")));
  EXPECT_THAT(problems, Contains(HasSubstr("fields[6]: 'date.start' is released as part of date")));
  EXPECT_THAT(problems, Contains("fields[8]: 'title' appears twice"));
  EXPECT_THAT(problems, Contains(HasSubstr("fields: must include 'date'")));
  EXPECT_THAT(problems, Contains(HasSubstr("dates: 'week' is not one of: day, month")));
  EXPECT_THAT(problems, Contains(HasSubstr("statuses[1]: 'duplicate' incidents")));
  EXPECT_THAT(problems, Contains("statuses[2]: 'credible' appears twice"));
  EXPECT_THAT(problems,
              Contains("sensitivity.levels[0].grid_degrees: is required when coordinates is grid"));
  EXPECT_THAT(problems, Contains(HasSubstr("sensitivity.levels[1].grid_degrees: 0.07 does not "
                                           "divide 180 degrees")));
  EXPECT_THAT(problems, Contains("sensitivity.levels[2].name: 'a' appears twice"));
  EXPECT_THAT(problems,
              Contains("sensitivity.levels[2].grid_degrees: is only for coordinates: grid"));
  EXPECT_THAT(problems, Contains(HasSubstr("sensitivity.levels[2].areas: 'district' is not")));
  EXPECT_THAT(problems, Contains(HasSubstr("sensitivity.default: 'nowhere' is not one of the")));
  EXPECT_THAT(problems, Contains(HasSubstr("sensitivity.rules[0].level: 'c' is not one of the")));
  EXPECT_THAT(problems, Contains(HasSubstr("sensitivity.rules[0].when: must give at least one")));
  EXPECT_THAT(problems, Contains("withhold[0].civilians_harmed_at_least: must be 1 or more"));
  EXPECT_THAT(problems, Contains(HasSubstr("suppression_threshold: must be from 1")));
  EXPECT_THAT(problems, Contains("surprise: is not a known field"));
  EXPECT_THAT(problems, Contains("methodology: is required"));
}

TEST(ReleaseRulesTest, MalformedTextAndWrongShapesAreRefused) {
  EXPECT_THAT(Problems("fields: [id\nstatuses: ]"), ElementsAre(HasSubstr("not valid YAML")));
  EXPECT_THAT(Problems("{\"fields\": [}"), ElementsAre(HasSubstr("not valid JSON")));
  EXPECT_THAT(Problems("- just\n- a list"), ElementsAre(HasSubstr("release rules are an object")));
  const auto twice = Problems("fields: [date]\nfields: [id]\n");
  EXPECT_THAT(twice, Contains("fields: appears twice"));
  const auto quoted = Problems(std::string(kSmallRules) + "\n" + "extra: 1");
  EXPECT_THAT(quoted, ElementsAre("extra: is not a known field"));
  // A quoted number is text, not a number.
  std::string text(kSmallRules);
  text.replace(text.find("suppression_threshold: 3"), 24, "suppression_threshold: \"3\"");
  EXPECT_THAT(Problems(text), ElementsAre("suppression_threshold: must be a whole number, not "
                                          "string"));
}

TEST(ReleaseRulesTest, AnIncidentGetsTheMostSensitiveLevelItMatches) {
  const ReleaseRules rules = SmallRules();
  Incident i = Credible();
  EXPECT_EQ(rules.LevelOf(i).name, "mid") << "Syria, in any case";
  i.facts.location.country = "Velmora";
  EXPECT_EQ(rules.LevelOf(i).name, "low") << "the default";
  i.status = AssessmentStatus::kClosed;
  EXPECT_EQ(rules.LevelOf(i).name, "top") << "closed, 5 + 10 civilians harmed";
  i.facts.casualties.civilian = {};
  EXPECT_EQ(rules.LevelOf(i).name, "low") << "no figures: fewer than 3";
  i.facts.casualties.civilian.injured = {.best = 3};
  EXPECT_EQ(rules.LevelOf(i).name, "top");
}

TEST(ReleaseRulesTest, GridCellsHideThePointAndPrintCleanly) {
  // Every point of the cell gives the cell's centre.
  EXPECT_EQ(SnapToGrid(35.763369, 36.558974, 0.05), (GridPoint{35.775, 36.575}));
  EXPECT_EQ(SnapToGrid(35.750001, 36.550001, 0.05), (GridPoint{35.775, 36.575}));
  EXPECT_EQ(SnapToGrid(35.799999, 36.599999, 0.05), (GridPoint{35.775, 36.575}));
  EXPECT_EQ(SnapToGrid(35.8, 36.6, 0.05), (GridPoint{35.825, 36.625})) << "edges go north-east";
  EXPECT_EQ(SnapToGrid(35.763369, 36.558974, 0.25), (GridPoint{35.875, 36.625}));
  EXPECT_EQ(SnapToGrid(-33.9, 18.4, 1), (GridPoint{-33.5, 18.5}));
  EXPECT_EQ(SnapToGrid(90, 0, 1), (GridPoint{89.5, 0.5})) << "the pole stays on the map";
  EXPECT_EQ(SnapToGrid(-90, -180, 1), (GridPoint{-89.5, -179.5}));
  EXPECT_EQ(SnapToGrid(10, 180, 1), (GridPoint{10.5, -179.5})) << "180°E is 180°W";
  EXPECT_EQ(SnapToGrid(10, 179.99, 1), (GridPoint{10.5, 179.5}));
  // Printed, the centres have no floating-point tails.
  EXPECT_EQ(json(SnapToGrid(35.763369, 36.558974, 0.05).lat).dump(), "35.775");
  EXPECT_EQ(json(SnapToGrid(12.34, 45.67, 0.01).lon).dump(), "45.675");
}

TEST(ReleaseRulesTest, ThePublicFormHoldsOnlyReleasedFieldsCoarsenedByLevel) {
  const ReleaseRules rules = DefaultReleaseRules();
  Incident i = Credible();
  i.operation_ids = {"01890a5d-ac96-774b-bcce-b302099a8058"};
  i.facts.casualties.civilian = {.killed = {1, 1, 2}};  // 2 harmed at most: the standard level
  const ReleaseDecision d = Publish(i, rules);
  ASSERT_FALSE(d.excluded);
  const json& doc = d.form.doc;
  EXPECT_EQ(d.form.level, "standard");
  EXPECT_EQ(d.form.coordinates, CoordinateOutcome::kCoarsened);
  EXPECT_EQ(doc["location"]["lat"], 35.775);
  EXPECT_EQ(doc["location"]["lon"], 36.575);
  EXPECT_EQ(doc["location"]["precision"], "exact");
  EXPECT_EQ(doc[std::string(kCoordinateGridKey)], 0.05);
  EXPECT_EQ(doc["location"]["admin2"], "Ariha district");
  EXPECT_EQ(doc["id"], i.meta.id);
  EXPECT_EQ(doc["status"], "credible");
  EXPECT_EQ(doc["date"],
            json({{"start", "2013-01-03"}, {"end", "2013-01-05"}, {"precision", "days"}}));
  for (const char* key : {"description", "operation_ids", "report_ids", "version", "created_at",
                          "restricted_to", "retraction"}) {
    EXPECT_FALSE(doc.contains(key)) << key;
  }
  for (const char* key : {"mgrs", "place_names", "description", "admin3", "source_precision"}) {
    EXPECT_FALSE(doc["location"].contains(key)) << key;
  }
  EXPECT_FALSE(doc["casualties"].contains("breakdown"));
  EXPECT_THAT(d.form.withheld,
              ElementsAre("date.time", "location.mgrs", "location.source_precision",
                          "location.admin3", "location.place_names", "location.description",
                          "casualties.breakdown", "description", "operation_ids"));
  // What is published reads back as an incident, for the public tables.
  auto back = IncidentOfPublicDocument(doc);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->facts.location.lat, 35.775);
  EXPECT_EQ(back->facts.casualties.civilian.killed, (CountRange{1, 1, 2}));

  // Many civilians harmed: a coarser grid and only the province.
  Incident many = Credible();
  const ReleaseDecision high = Publish(many, rules);
  EXPECT_EQ(high.form.level, "high");
  EXPECT_EQ(high.form.doc["location"]["lat"], 35.875);
  EXPECT_EQ(high.form.doc["location"]["admin1"], "Idlib governorate");
  EXPECT_FALSE(high.form.doc["location"].contains("admin2"));
  EXPECT_THAT(high.form.withheld, Contains("location.admin2"));

  // Under investigation: no coordinates at all.
  Incident investigating = Credible();
  investigating.status = AssessmentStatus::kInvestigating;
  const ReleaseDecision severe = Publish(investigating, rules);
  EXPECT_EQ(severe.form.level, "severe");
  EXPECT_EQ(severe.form.coordinates, CoordinateOutcome::kDropped);
  EXPECT_FALSE(severe.form.doc["location"].contains("lat"));
  EXPECT_FALSE(severe.form.doc.contains(kCoordinateGridKey));
  EXPECT_THAT(severe.form.withheld, Contains("location.coordinates"));
}

TEST(ReleaseRulesTest, ExactLevelsPublishPlacesAndMonthsWidenDates) {
  ReleaseRules rules = SmallRules();
  rules.fields.push_back(ReleaseField::kPlaceNames);
  rules.fields.push_back(ReleaseField::kTimeOfDay);
  Incident i = Credible();
  i.facts.location.country = "Velmora";  // level low: exact, admin3
  i.facts.location.admin3 = "Ariha subdistrict";
  ReleaseDecision d = Publish(i, rules);
  EXPECT_EQ(d.form.coordinates, CoordinateOutcome::kExact);
  EXPECT_EQ(d.form.doc["location"]["lat"], 35.763369);
  EXPECT_EQ(d.form.doc["location"]["place_names"][0]["name"], "Rami village");
  EXPECT_EQ(d.form.doc["date"]["time"], "14:30");
  EXPECT_FALSE(d.form.doc["location"].contains("admin3")) << "not among the fields";

  rules.dates = DateRelease::kMonth;
  d = Publish(i, rules);
  EXPECT_TRUE(d.form.date_coarsened);
  EXPECT_EQ(d.form.doc["date"],
            json({{"start", "2013-01-01"}, {"end", "2013-01-31"}, {"precision", "month"}}));
  EXPECT_THAT(d.form.withheld, Contains("date.time"));
  i.facts.date = {.start = *Date::Parse("2012-12-30"),
                  .end = *Date::Parse("2013-02-02"),
                  .precision = DatePrecision::kDayRange};
  d = Publish(i, rules);
  EXPECT_EQ(d.form.doc["date"]["start"], "2012-12-01");
  EXPECT_EQ(d.form.doc["date"]["end"], "2013-02-28");
  i.facts.date = {.start = *Date::Parse("2012-01-01"),
                  .end = *Date::Parse("2012-12-31"),
                  .precision = DatePrecision::kYear};
  d = Publish(i, rules);
  EXPECT_FALSE(d.form.date_coarsened) << "a year is coarser than a month";
  EXPECT_EQ(d.form.doc["date"]["precision"], "year");

  // Coordinates given by MGRS alone are published from the centre of the square.
  Incident mgrs = Credible();
  mgrs.facts.location.lat.reset();
  mgrs.facts.location.lon.reset();
  d = Publish(mgrs, rules);  // Syria: level mid, grid 0.5
  EXPECT_EQ(d.form.coordinates, CoordinateOutcome::kCoarsened);
  EXPECT_EQ(d.form.doc["location"]["lat"], 35.75);
  EXPECT_EQ(d.form.doc["location"]["lon"], 36.75);
}

TEST(ReleaseRulesTest, RestrictedRetractedUnassessedDuplicateAndWithheldAreNotReleased) {
  const ReleaseRules rules = SmallRules();
  Incident i = Credible();
  EXPECT_FALSE(Publish(i, rules).excluded);
  Incident restricted = i;
  restricted.meta.restricted_to = {"j2"};
  EXPECT_EQ(Publish(restricted, rules).excluded, Exclusion::kRestricted);
  Incident retracted = i;
  retracted.meta.retraction = Retraction{.reason = "entered twice"};
  EXPECT_EQ(Publish(retracted, rules).excluded, Exclusion::kRetracted);
  Incident unassessed = i;
  unassessed.status = AssessmentStatus::kUnassessed;
  EXPECT_EQ(Publish(unassessed, rules).excluded, Exclusion::kStatus);
  ReleaseRules with_duplicates = rules;
  with_duplicates.statuses.push_back(AssessmentStatus::kDuplicate);  // not through the parser
  Incident duplicate = i;
  duplicate.status = AssessmentStatus::kDuplicate;
  EXPECT_EQ(Publish(duplicate, with_duplicates).excluded, Exclusion::kStatus);
  Incident hama = i;
  hama.facts.location.admin1 = "HAMA governorate";
  EXPECT_EQ(Publish(hama, rules).excluded, Exclusion::kWithheld);
  for (const Incident* x : {&restricted, &retracted, &unassessed, &hama}) {
    EXPECT_TRUE(Publish(*x, rules).form.doc.is_null()) << "nothing is built for it";
  }
}

TEST(ReleaseRulesTest, DownloadColumnsFollowTheReleasedFields) {
  const auto columns = PublicColumns(SmallRules());
  ASSERT_EQ(columns.size(), 2u + 3u + 4u + 2u + 24u + 1u);
  EXPECT_THAT(std::vector<std::string>(columns.begin(), columns.begin() + 11),
              ElementsAre("id", "title", "date.start", "date.end", "date.precision", "location.lat",
                          "location.lon", "location.precision", std::string(kCoordinateGridKey),
                          "location.country", "location.admin1"));
  EXPECT_EQ(columns[11], "casualties.civilian.killed.min");
  EXPECT_EQ(columns[34], "casualties.total_injured.max");
  EXPECT_EQ(columns.back(), "status");
}

TEST(ReleaseRulesTest, SmallCountsAreSuppressedAndOneAloneIsNotGivenAwayByTheTotal) {
  const std::vector<int64_t> one = {0, 3, 10, 7};
  EXPECT_THAT(SuppressedCells(one, 5), ElementsAre(false, true, false, true));
  const std::vector<int64_t> two = {0, 3, 4, 10};
  EXPECT_THAT(SuppressedCells(two, 5), ElementsAre(false, true, true, false));
  const std::vector<int64_t> alone = {0, 0, 3};
  EXPECT_THAT(SuppressedCells(alone, 5), ElementsAre(false, false, true));
  const std::vector<int64_t> none = {5, 6, 0};
  EXPECT_THAT(SuppressedCells(none, 5), ElementsAre(false, false, false));
  EXPECT_THAT(SuppressedCells(one, 1), ElementsAre(false, false, false, false));
  EXPECT_THAT(SuppressedCells(std::vector<int64_t>{}, 5), IsEmpty());
  EXPECT_EQ(ShownCount(3, 5), json("<5"));
  EXPECT_EQ(ShownCount(1, 5), json("<5"));
  EXPECT_EQ(ShownCount(0, 5), json(0)) << "none is not suppressed";
  EXPECT_EQ(ShownCount(5, 5), json(5));
  EXPECT_EQ(ShownCount(12, true, 5), json("<5"));
  EXPECT_THAT(ShownCount(4, 5).dump(), Not(HasSubstr("4")));
}

}  // namespace
}  // namespace civharm
