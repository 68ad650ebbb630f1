// Golden import of the UCDP GED 23.1 sample (../shared/data/events): all 1,000 events land, and
// the store's sums equal the file's, computed here independently of civharm's CSV reader.
#include <algorithm>
#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "core/testing/temp_dir.h"
#include "storage/store.h"
#include "support/process.h"
#include "support/server.h"

namespace civharm::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kSample = "events/ucdp_ged231_sample1000.csv";

// A plain RFC 4180 reader, enough for this one well-formed file.
std::vector<std::map<std::string, std::string>> ReadCsv(const std::string& path) {
  const std::string text = ReadFile(path);
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(cell));
      cell.clear();
      rows.emplace_back();
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  std::vector<std::map<std::string, std::string>> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> m;
    for (size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) m[rows[0][c]] = rows[r][c];
    out.push_back(std::move(m));
  }
  return out;
}

class GoldenUcdpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sample_ = SharedData(kSample);
    if (sample_.empty()) {
      GTEST_SKIP() << "REFERENCE DATA MISSING: ../shared/data/" << kSample
                   << " is not there, so the UCDP golden import was NOT checked";
    }
  }
  std::string sample_;
  TempDir dir_;
};

TEST_F(GoldenUcdpTest, AllEventsLandAndTheSumsEqualTheFiles) {
  const auto rows = ReadCsv(sample_);
  ASSERT_EQ(rows.size(), 1000u);
  int64_t best = 0, low = 0, high = 0, civilians = 0, side_a = 0, side_b = 0, unknown = 0;
  int64_t range_min = 0, range_max = 0;  // GED has rows whose low is above their high
  for (const auto& r : rows) {
    const int64_t l = std::stoll(r.at("low")), h = std::stoll(r.at("high"));
    best += std::stoll(r.at("best"));
    low += l;
    high += h;
    range_min += std::min(l, h);
    range_max += std::max(l, h);
    civilians += std::stoll(r.at("deaths_civilians"));
    side_a += std::stoll(r.at("deaths_a"));
    side_b += std::stoll(r.at("deaths_b"));
    unknown += std::stoll(r.at("deaths_unknown"));
  }
  // The figures a second, independent reading (Python's csv module) gives for this file.
  EXPECT_EQ(best, 9561);
  EXPECT_EQ(low, 6224);
  EXPECT_EQ(high, 22017);
  EXPECT_EQ(civilians, 2690);

  const std::string db = dir_.File("ucdp.db");
  InitAndSignIn(db);
  const ProcessResult r = RunCivharm({"import", "--format", "ucdp-ged", "--db", db, sample_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1000 rows: 1000 reports created, 1000 incidents opened for them"));
  EXPECT_THAT(r.out, HasSubstr("13 rows carry data-quality notes"));

  auto store = storage::OpenStore({.location = db}).value();
  auto tx = store->BeginRead(storage::View::Everything()).value();
  for (EntityKind kind : {EntityKind::kReport, EntityKind::kIncident}) {
    int64_t n = 0, s_best = 0, s_min = 0, s_max = 0, s_civ = 0, s_comb = 0, s_unknown = 0;
    int64_t s_low = 0, s_high = 0;  // the source's own figures, as reports keep them
    ASSERT_TRUE(tx->Scan(kind, {}, [&](const AnyRecord& rec) {
                    const EventFacts& f = kind == EntityKind::kReport
                                              ? std::get<Report>(rec).facts
                                              : std::get<Incident>(rec).facts;
                    ++n;
                    s_best += f.casualties.total_killed.best.value();
                    s_min += f.casualties.total_killed.min.value();
                    s_max += f.casualties.total_killed.max.value();
                    if (const auto* report = std::get_if<Report>(&rec)) {
                      // An inverted low–high pair is stored as an ordered range, and the
                      // source's own cells are kept beside it.
                      const auto& kept = report->source_fields;
                      s_low += kept.contains("low") ? std::stoll(kept.at("low"))
                                                    : *f.casualties.total_killed.min;
                      s_high += kept.contains("high") ? std::stoll(kept.at("high"))
                                                      : *f.casualties.total_killed.max;
                    }
                    s_civ += f.casualties.civilian.killed.best.value();
                    s_comb += f.casualties.combatant.killed.best.value();
                    s_unknown += f.casualties.undetermined.killed.best.value();
                    return Status::Ok();
                  }).ok());
    EXPECT_EQ(n, 1000) << EnumName(kind);
    EXPECT_EQ(s_best, best);
    EXPECT_EQ(s_min, range_min);
    EXPECT_EQ(s_max, range_max);
    if (kind == EntityKind::kReport) {
      EXPECT_EQ(s_low, low);
      EXPECT_EQ(s_high, high);
    }
    EXPECT_EQ(s_civ, civilians);
    EXPECT_EQ(s_comb, side_a + side_b);
    EXPECT_EQ(s_unknown, unknown);
  }
}

// The analysis API over the imported sample gives the figures computed here from the file alone:
// incidents and civilian deaths by year and country, by perpetrator (side A, the first
// belligerent a GED row names), and the map's clusters holding every event.
TEST_F(GoldenUcdpTest, AnalysisOverHttpEqualsTheFile) {
  const auto rows = ReadCsv(sample_);
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> by_year_country;
  std::map<std::string, std::pair<int64_t, int64_t>> by_side_a;
  int64_t in_2017_h1 = 0;
  for (const auto& r : rows) {
    const std::string day = r.at("date_start").substr(0, 10);
    const int64_t civilians = std::stoll(r.at("deaths_civilians"));
    auto& yc = by_year_country[{day.substr(0, 4), r.at("country")}];
    ++yc.first;
    yc.second += civilians;
    auto& side = by_side_a[r.at("side_a")];
    ++side.first;
    side.second += civilians;
    const std::string end = r.at("date_end").substr(0, 10);
    if (end >= "2017-01-01" && day <= "2017-06-30") ++in_2017_h1;
  }

  const std::string db = dir_.File("ucdp.db");
  const Admin admin = InitAndSignIn(db);
  ASSERT_EQ(RunCivharm({"import", "--format", "ucdp-ged", "--db", db, sample_}).exit_code, 0);
  TestServer server(db, dir_.path());
  const auto get = [&](const std::string& path) {
    auto r = server.Client(admin.token)->Get(path);
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "no answer");
    return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
  };

  const auto trend = get("/api/v1/analytics/trends?interval=year&by=country");
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> served;
  for (const auto& g : trend["groups"]) {
    served[{g["period"], g["keys"]["country"]}] = {g["incidents"],
                                                   g["civilians_killed"]["best"]};
    EXPECT_EQ(g["civilians_killed"]["incidents_with_figure"], g["incidents"]);
  }
  EXPECT_EQ(served, by_year_country);
  EXPECT_EQ(trend["total"]["incidents"], 1000);
  EXPECT_EQ(trend["total"]["civilians_killed"]["best"], 2690);

  const auto breakdown = get("/api/v1/analytics/breakdown?by=perpetrator");
  std::map<std::string, std::pair<int64_t, int64_t>> served_sides;
  double shares = 0;
  for (const auto& row : breakdown["rows"]) {
    served_sides[row["key"]] = {row["incidents"], row["civilians_killed"]["best"]};
    shares += row["incident_share"].get<double>();
  }
  EXPECT_EQ(served_sides, by_side_a);
  EXPECT_NEAR(shares, 1.0, 1e-9);
  EXPECT_EQ(breakdown["incidents"], 1000);

  // A date filter counts the incidents whose date range overlaps it.
  const auto half = get("/api/v1/analytics/trends?interval=month&date_from=2017-01-01"
                        "&date_to=2017-06-30");
  EXPECT_EQ(half["total"]["incidents"], in_2017_h1);

  const auto map = get("/api/v1/map/clusters?zoom=3&max_points=0");
  EXPECT_EQ(map["mode"], "clusters");
  int64_t clustered = 0;
  for (const auto& c : map["clusters"]) clustered += c["count"].get<int64_t>();
  EXPECT_EQ(clustered + map["without_point"].get<int64_t>(), 1000);
  EXPECT_EQ(map["in_view"], clustered);

  // A monthly situation report over the same incidents, as PDF and as the XLSX of its tables.
  auto pdf = server.Client(admin.token)->Get("/api/v1/reports/sitrep?period=monthly&day=2017-03-15");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200) << pdf->body;
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_TRUE(pdf->body.starts_with("%PDF"));
  EXPECT_THAT(pdf->get_header_value("Content-Disposition"),
              HasSubstr("sitrep-monthly-2017-03-01.pdf"));
  auto xlsx = server.Client(admin.token)
                  ->Get("/api/v1/reports/sitrep?period=weekly&day=2017-03-15&format=xlsx&language=fr");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200) << xlsx->body;
  EXPECT_TRUE(xlsx->body.starts_with("PK"));

  // Bad parameters are refused, naming them.
  auto bad = server.Client(admin.token)->Get("/api/v1/reports/sitrep?period=yearly");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("\"field\":\"period\""));
  bad = server.Client(admin.token)->Get("/api/v1/analytics/trends?by=sex");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("\"field\":\"by\""));
  bad = server.Client(admin.token)->Get("/api/v1/map/clusters?zoom=30");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("\"field\":\"zoom\""));
  bad = server.Client(admin.token)->Get("/api/v1/analytics/timing?limit=5");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("\"field\":\"limit\""));
}

TEST_F(GoldenUcdpTest, EveryColumnOfARowLands) {
  const std::string db = dir_.File("ucdp.db");
  InitAndSignIn(db);
  ASSERT_EQ(RunCivharm({"import", "--format", "ucdp-ged", "--db", db, sample_}).exit_code, 0);
  auto store = storage::OpenStore({.location = db}).value();
  auto found = store->BeginRead(storage::View::Everything())
                   .value()
                   ->FindBySourceKey(EntityKind::kReport, "UCDP GED", "300380")
                   .value();
  ASSERT_TRUE(found);
  const Report& r = std::get<Report>(*found);
  EXPECT_EQ(r.source_type, SourceType::kEventDataset);
  EXPECT_EQ(r.reference_code, "SYR-2013-1-11973-99");
  EXPECT_EQ(r.facts.date.start.ToString(), "2013-01-03");
  EXPECT_EQ(r.facts.location.lat, 35.763369);
  EXPECT_EQ(r.facts.location.lon, 36.558974);
  EXPECT_EQ(r.facts.location.admin1, "Idlib governorate");
  EXPECT_EQ(r.facts.location.admin2, "Ariha district");
  EXPECT_EQ(r.facts.location.source_precision,
            (SourcePrecision{PrecisionScheme::kUcdpWherePrec, 1}));
  EXPECT_EQ(r.facts.location.precision, LocationPrecision::kExact);
  EXPECT_EQ(r.facts.conflict, "Syria: Government");
  ASSERT_EQ(r.facts.belligerents.size(), 2u);
  EXPECT_EQ(r.facts.belligerents[1].name, "Syrian insurgents");
  EXPECT_EQ(r.facts.belligerents[1].killed.best, 2);
  EXPECT_EQ(r.original_source, "SOHR; VDC");
  EXPECT_EQ(r.source_fields.at("priogrid_gid"), "181154");
  EXPECT_EQ(r.source_fields.at("dyad_name"), "Government of Syria - Syrian insurgents");
  EXPECT_EQ(r.source_fields.at("number_of_sources"), "2");
}

TEST_F(GoldenUcdpTest, ImportingTheSameFileAgainAddsNothing) {
  const std::string db = dir_.File("ucdp.db");
  InitAndSignIn(db);
  ASSERT_EQ(RunCivharm({"import", "--format", "ucdp-ged", "--db", db, sample_}).exit_code, 0);
  const ProcessResult again = RunCivharm({"import", "--format", "ucdp-ged", "--db", db, sample_});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("1000 rows: 0 reports created, 0 incidents opened for them; "
                                   "1000 already present, 0 conflicting, 0 refused"));
  auto store = storage::OpenStore({.location = db}).value();
  EXPECT_EQ(store->BeginRead(storage::View::Everything())
                .value()
                ->Count(EntityKind::kIncident, {})
                .value(),
            1000);
  EXPECT_EQ(RunCivharm({"audit", "verify", "--db", db}).exit_code, 0);
}

}  // namespace
}  // namespace civharm::testing
