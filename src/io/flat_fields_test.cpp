#include "io/flat_fields.h"

#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/strings.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"

namespace civharm::io::internal {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// Every record kind, filled completely, with meta, a retraction and links.
std::vector<AnyRecord> FullRecords() {
  RecordMeta meta;
  meta.id = NewId();
  meta.version = 4;
  meta.created_at = *Timestamp::Parse("2024-01-01T00:00:00Z");
  meta.updated_at = *Timestamp::Parse("2024-02-01T12:30:00.5Z");
  meta.retraction =
      Retraction{*Timestamp::Parse("2024-03-01T10:00:00Z"), "analyst-1", "duplicate", NewId()};
  Report r = civharm::testing::SampleReport();
  r.meta = meta;
  r.incident_id = NewId();
  Incident i = civharm::testing::SampleIncident();
  i.meta = meta;
  i.operation_ids = {NewId()};
  i.report_ids = {NewId(), NewId()};
  i.facts.casualties.total_injured = {1, 2, 3};
  Victim v = civharm::testing::SampleVictim();
  v.meta = meta;
  v.incident_id = NewId();
  Operation o = civharm::testing::SampleOperation();
  o.meta = meta;
  o.cde.civilian_killed.best = 0;
  return {i, r, v, o};
}

// The codec's leaf paths: a flat field may stop at a list or at source_fields.
void Leaves(const json& j, const std::string& path, std::set<std::string>& out) {
  if (j.is_object() && path != "source_fields") {
    for (auto it = j.begin(); it != j.end(); ++it)
      Leaves(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
  } else {
    out.insert(path);
  }
}

TEST(CsvFlatFieldsTest, CoverEveryKeyTheCodecWrites) {
  for (const AnyRecord& record : FullRecords()) {
    std::set<std::string> leaves;
    Leaves(ToJson(record), "", leaves);
    for (const std::string& leaf : leaves) {
      EXPECT_NE(FindFlatField(KindOf(record), leaf), nullptr)
          << EnumName(KindOf(record)) << " has no flat field for the codec key " << leaf;
    }
  }
}

TEST(CsvFlatFieldsTest, NamesAreUniqueAndFollowTheCodecPaths) {
  for (EntityKind kind :
       {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim, EntityKind::kOperation}) {
    std::set<std::string> names;
    for (const FlatField& f : FlatFields(kind)) EXPECT_TRUE(names.insert(f.name).second) << f.name;
  }
  EXPECT_NE(FindFlatField(EntityKind::kIncident, "casualties.total_killed.best"), nullptr);
  EXPECT_NE(FindFlatField(EntityKind::kReport, "location.source_precision.code"), nullptr);
  EXPECT_NE(FindFlatField(EntityKind::kOperation, "cde.civilian_injured.max"), nullptr);
  EXPECT_EQ(FindFlatField(EntityKind::kVictim, "date.start"), nullptr);
  EXPECT_EQ(FindFlatField(EntityKind::kIncident, "source_name"), nullptr);
}

TEST(CsvFlatFieldsTest, GetCellWritesNumbersExactlyAndListsAsJson) {
  Incident i = civharm::testing::SampleIncident();
  i.facts.location.lat = 0.1 + 0.2;  // not 0.3: the cell must say so
  const json j = ToJson(i);
  auto cell = [&](const char* name) {
    return *GetCell(j, *FindFlatField(EntityKind::kIncident, name));
  };
  EXPECT_EQ(cell("location.lat"), "0.30000000000000004");
  EXPECT_EQ(cell("location.lon"), "36.558974");
  EXPECT_EQ(cell("casualties.civilian.killed.max"), "5");
  EXPECT_EQ(cell("casualties.civilian.killed.best"), "3");
  EXPECT_EQ(cell("casualties.total_injured.min"), "");  // absent, not 0
  EXPECT_EQ(cell("civilians_targeted"), "false");
  EXPECT_EQ(cell("date.time"), "14:30");
  EXPECT_EQ(cell("location.place_names"),
            R"([{"lang":"en","name":"Rami village"},{"lang":"ar","name":"الرامي"}])");

  json back = json::object();
  ASSERT_TRUE(
      SetCell(back, *FindFlatField(EntityKind::kIncident, "location.lat"), "0.30000000000000004")
          .ok());
  EXPECT_EQ(back["location"]["lat"].get<double>(), 0.1 + 0.2);
}

TEST(CsvFlatFieldsTest, SetCellRefusesMalformedValuesWithReasons) {
  json j = json::object();
  auto set = [&](const char* name, const char* text) {
    return SetCell(j, *FindFlatField(EntityKind::kIncident, name), text);
  };
  EXPECT_EQ(set("casualties.civilian.killed.min", "12abc").message(),
            "'12abc' is not a whole number");
  EXPECT_EQ(set("location.lat", "35,7").message(), "'35,7' is not a number");
  EXPECT_EQ(set("civilians_targeted", "yes").message(), "'yes' is not true or false");
  EXPECT_THAT(set("belligerents", "[{\"name\": ").message(), HasSubstr("is not valid JSON"));
  // The text the parser last read is not repeated: in a list of names it is personal data.
  const std::string broken = set("belligerents", "[{\"name\": \"Hamid Qasemi").message();
  EXPECT_THAT(broken, HasSubstr("is not valid JSON (parse error at line 1, column"));
  EXPECT_THAT(broken, Not(HasSubstr("Hamid")));
  EXPECT_TRUE(
      set("casualties.civilian.killed.min", " 12 ").ok());  // spaces around a number are fine
  EXPECT_EQ(j["casualties"]["civilian"]["killed"]["min"], 12);
  EXPECT_TRUE(set("description", "").ok());
  EXPECT_FALSE(j.contains("description"));  // empty is absent
  EXPECT_TRUE(set("title", "  kept as given ").ok());
  EXPECT_EQ(j["title"], "  kept as given ");
}

TEST(CsvFlatFieldsTest, ParsesListItemTargets) {
  auto t = ParseListItemTarget(EntityKind::kReport, "belligerents[2].side");
  ASSERT_TRUE(t && *t);
  EXPECT_EQ((*t)->list, "belligerents");
  EXPECT_EQ((*t)->index, 2u);
  EXPECT_EQ((*t)->key, "side");
  auto names = ParseListItemTarget(EntityKind::kVictim, "names[0].lang");
  ASSERT_TRUE(names && *names);
  EXPECT_EQ((*names)->list, "names");
  auto place = ParseListItemTarget(EntityKind::kOperation, "location.place_names[1].name");
  ASSERT_TRUE(place && *place);
  EXPECT_FALSE(*ParseListItemTarget(EntityKind::kReport, "date.start"));  // not an item at all
  EXPECT_THAT(ParseListItemTarget(EntityKind::kReport, "belligerents[0].colour").error().message(),
              HasSubstr("items of 'belligerents' have name, attribution, side"));
  EXPECT_FALSE(ParseListItemTarget(EntityKind::kVictim, "belligerents[0].name"));
  EXPECT_FALSE(ParseListItemTarget(EntityKind::kReport, "belligerents[x].name"));
  EXPECT_FALSE(ParseListItemTarget(EntityKind::kReport, "belligerents[0]name"));
}

TEST(HxlTest, EveryColumnHasAWellFormedDistinctHashtag) {
  EXPECT_TRUE(IsHxlHashtag("#affected+killed+civilians+min"));
  EXPECT_TRUE(IsHxlHashtag("#Adm1 +Name"));  // HXL ignores case and spaces before '+'
  EXPECT_FALSE(IsHxlHashtag("#geo+"));
  EXPECT_FALSE(IsHxlHashtag("#1geo"));
  EXPECT_FALSE(IsHxlHashtag("#geo lat"));
  EXPECT_FALSE(IsHxlHashtag("# geo"));
  for (EntityKind kind :
       {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim, EntityKind::kOperation}) {
    std::set<std::string> tags;
    for (const FlatField& f : FlatFields(kind)) {
      EXPECT_TRUE(IsHxlHashtag(f.hxl)) << f.name << " → " << f.hxl;
      EXPECT_EQ(f.hxl, ToLowerAscii(f.hxl));
      EXPECT_TRUE(tags.insert(f.hxl).second) << EnumName(kind) << ": " << f.hxl << " is used twice";
    }
  }
}

TEST(HxlTest, UsesTheStandardHashtagsForPlacesDatesAndPeople) {
  auto tag = [](EntityKind k, const char* name) { return FindFlatField(k, name)->hxl; };
  EXPECT_EQ(tag(EntityKind::kIncident, "date.start"), "#date+start");
  EXPECT_EQ(tag(EntityKind::kIncident, "date.end"), "#date+end");
  EXPECT_EQ(tag(EntityKind::kIncident, "location.lat"), "#geo+lat");
  EXPECT_EQ(tag(EntityKind::kIncident, "location.lon"), "#geo+lon");
  EXPECT_EQ(tag(EntityKind::kIncident, "location.country"), "#country+name");
  EXPECT_EQ(tag(EntityKind::kIncident, "location.admin1"), "#adm1+name");
  EXPECT_EQ(tag(EntityKind::kIncident, "location.admin3"), "#adm3+name");
  EXPECT_EQ(tag(EntityKind::kIncident, "casualties.civilian.killed.min"),
            "#affected+killed+civilians+min");
  EXPECT_EQ(tag(EntityKind::kIncident, "casualties.combatant.injured.max"),
            "#affected+injured+combatants+max");
  EXPECT_EQ(tag(EntityKind::kIncident, "id"), "#event+id");
  EXPECT_EQ(tag(EntityKind::kIncident, "event_type"), "#event+type");
  EXPECT_EQ(tag(EntityKind::kReport, "source_name"), "#org+name+source");
  EXPECT_EQ(tag(EntityKind::kIncident, "description"), "#description");
}

}  // namespace
}  // namespace civharm::io::internal
