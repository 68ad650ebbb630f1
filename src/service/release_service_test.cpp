// Public releases on a real store: the two-person rule; rejected, withdrawn and pending releases
// never public; a release rebuilt from history after later edits gives the same bytes; and, with
// records full of personal data and restricted incidents holding recognisable markers, every
// byte of every public output — the list, every page of incidents, the downloads in all four
// formats, the methodology, trends, breakdowns, the map and the open assessments — checked for
// them, under the default rules and under the broadest rules allowed.
#include "service/release_service.h"

#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <zlib.h>

#include <fmt/format.h>

#include "core/testing/temp_dir.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "report/report.h"
#include "service/public_report.h"

namespace civharm::service {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const Actor kNadia{"nadia", {Role::kPublisher}, {}};
const Actor kOmar{"omar", {Role::kPublisher}, {}};
const Actor kAnalyst{"amira", {Role::kAnalyst}, {}};

// Personal data, planted in reports, victims and case records: never in any public output.
const std::vector<std::string> kPersonal = {
    "MARKER-ACCOUNT-Qx7", "MARKER-CONTACT-Qx7",     "MARKER-NAME-Qx7",   "MARKER-REG-Qx7",
    "MARKER-FAM-Qx7",     "MARKER-PARTICIPANT-Qx7", "MARKER-SOURCE-Qx7", "MARKER-OPREF-Qx7"};
// What only the need-to-know group j2 may see: never public. The id is added by the fixture.
std::vector<std::string> Restricted() {
  return {"MARKER-RESTRICTED-TITLE", "MARKER-RESTRICTED-ADMIN", "MARKER-RESTRICTED-PARTY",
          "12.3456789"};
}
// Fields the default rules do not release, planted in a released incident.
const std::vector<std::string> kUnreleased = {
    "MARKER-DESCRIPTION", "MARKER-PLACE", "MARKER-LOCDESC",  "MARKER-ADMIN3",
    "35.763369",          "36.558974",    "37SBV7931960451", "MARKER-RETRACTED"};

constexpr std::string_view kBroadestRules = R"(
fields: [id, title, date, date.time, location.coordinates, location.country, location.admin1,
         location.admin2, location.admin3, location.place_names, location.description, conflict,
         event_type, event_subtype, belligerents, means, civilians_targeted, clarity, casualties,
         casualties.breakdown, civilian_objects, effects, description, external_grade, status]
dates: day
statuses: [unassessed, assessing, credible, not_credible, insufficient_info, investigating,
           investigated, responding, closed, reopened]
sensitivity:
  default: open
  levels:
    - {name: open, coordinates: exact, areas: admin3}
suppression_threshold: 1
methodology: Everything that may ever be published.
)";

// The files of a zip archive (an XLSX workbook), inflated: stored or deflated entries only.
std::map<std::string, std::string> Unzip(const std::string& zip) {
  const auto le = [&](size_t at, int bytes) {
    uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(zip[at + i]);
    return v;
  };
  std::map<std::string, std::string> files;
  if (zip.size() < 22) return files;
  size_t end = zip.size() - 22;
  while (le(end, 4) != 0x06054b50) {
    if (end == 0) return {};
    --end;
  }
  size_t at = le(end + 16, 4);
  for (uint32_t n = le(end + 10, 2); n > 0; --n) {
    const uint32_t method = le(at + 10, 2), packed = le(at + 20, 4), size = le(at + 24, 4);
    const uint32_t name_length = le(at + 28, 2);
    const std::string name = zip.substr(at + 46, name_length);
    const size_t local = le(at + 42, 4);
    const size_t data = local + 30 + le(local + 26, 2) + le(local + 28, 2);
    std::string content(size, '\0');
    if (method == 0) {
      content = zip.substr(data, size);
    } else {
      z_stream z = {};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return {};
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = packed;
      z.next_out = reinterpret_cast<Bytef*>(content.data());
      z.avail_out = size;
      const int r = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      if (r != Z_STREAM_END) return {};
    }
    files[name] = std::move(content);
    at += 46 + name_length + le(at + 30, 2) + le(at + 32, 2);
  }
  return files;
}

class ReleaseServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::OpenStore(
                 {.location = path_, .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                 .value();
    releases_ = std::make_unique<ReleaseService>(*store_);
  }

  template <typename T>
  T Put(T record) {
    auto tx = store_->BeginWrite({.actor = "civharm"}).value();
    auto saved = storage::InsertAs(*tx, std::move(record));
    EXPECT_TRUE(saved) << saved.error().ToString();
    EXPECT_TRUE(tx->Commit().ok());
    return *saved;
  }

  Incident Plain(const std::string& title, const std::string& admin1, double lat, double lon,
                 AssessmentStatus status = AssessmentStatus::kCredible) {
    Incident i;
    i.title = title;
    i.status = status;
    i.facts.date = {.start = *Date::Parse("2025-01-10"), .end = *Date::Parse("2025-01-10")};
    i.facts.location.lat = lat;
    i.facts.location.lon = lon;
    i.facts.location.precision = LocationPrecision::kExact;
    i.facts.location.country = "Velmora";
    i.facts.location.admin1 = admin1;
    i.facts.belligerents = {{.name = "Velmoran Army"}};
    i.facts.means = {.weapon = "artillery"};
    i.facts.casualties.civilian.killed = {1, 2, 3};
    return Put(i);
  }

  // A world with something of everything.
  void Seed() {
    for (int n = 0; n < 6; ++n) Plain("North " + std::to_string(n), "North Province", 10.1, 20.1);
    Plain("South", "South Province", 11.7, 21.3);
    // A released incident full of what the default rules do not release.
    Incident p = civharm::testing::SampleIncident();
    p.status = AssessmentStatus::kCredible;
    p.title = "Strike near the mill";
    p.facts.date = {.start = *Date::Parse("2025-02-03"), .end = *Date::Parse("2025-02-03")};
    p.facts.description = "MARKER-DESCRIPTION of the strike";
    p.facts.location.place_names = {{"MARKER-PLACE village", "en"}};
    p.facts.location.description = "MARKER-LOCDESC by the well";
    p.facts.location.admin3 = "MARKER-ADMIN3";
    p.facts.casualties.civilian = {.killed = {2, 2, 2}};  // the breakdown counts 2
    Operation op = civharm::testing::SampleOperation();
    op.reference = "MARKER-OPREF-Qx7";
    p.operation_ids = {Put(op).meta.id};
    public_ = Put(p);
    Report report = civharm::testing::SampleReport();
    report.source_name = "MARKER-SOURCE-Qx7";
    report.account = "MARKER-ACCOUNT-Qx7 saw the strike";
    report.contact = "MARKER-CONTACT-Qx7, +000 555";
    report.incident_id = public_.meta.id;
    Put(report);
    Victim v = civharm::testing::SampleVictim();
    v.names = {{"MARKER-NAME-Qx7", "en"}};
    v.external_registry_id = "MARKER-REG-Qx7";
    v.family_group_id = "MARKER-FAM-Qx7";
    v.incident_id = public_.meta.id;
    Put(v);
    Consultation c{.held_on = *Date::Parse("2025-03-01"),
                   .language = "ar",
                   .met_by = "civilian harm cell",
                   .participants = "MARKER-PARTICIPANT-Qx7 and her brother"};
    c.meta.incident_id = public_.meta.id;
    {
      auto tx = store_->BeginWrite({.actor = "civharm"}).value();
      ASSERT_TRUE(tx->InsertCaseRecord(c));
      ASSERT_TRUE(tx->Commit().ok());
    }
    // Restricted to j2: credible, and unassessed.
    Incident r = civharm::testing::SampleIncident();
    r.status = AssessmentStatus::kCredible;
    r.title = "MARKER-RESTRICTED-TITLE";
    r.facts.location.lat = 12.3456789;
    r.facts.location.mgrs.clear();
    r.facts.location.admin1 = "MARKER-RESTRICTED-ADMIN";
    r.facts.belligerents = {{.name = "MARKER-RESTRICTED-PARTY"}};
    r.meta.restricted_to = {"j2"};
    restricted_ = Put(r);
    Incident r2 = r;
    r2.status = AssessmentStatus::kUnassessed;
    Put(r2);
    Report secret = civharm::testing::SampleReport();
    secret.source_record_id = "secret-1";
    secret.account = "MARKER-ACCOUNT-Qx7 in the restricted report";
    secret.incident_id = restricted_.meta.id;
    secret.meta.restricted_to = {"j2"};
    Put(secret);
    // Retracted; under investigation; waiting for assessment (one since 40 days).
    const Incident x = Plain("MARKER-RETRACTED", "North Province", 10.1, 20.1);
    {
      auto tx = store_->BeginWrite({.actor = "civharm"}).value();
      ASSERT_TRUE(tx->Retract(EntityKind::kIncident, x.meta.id, "entered twice", std::nullopt, 1));
      ASSERT_TRUE(tx->Commit().ok());
    }
    Plain("Under investigation", "North Province", 10.1, 20.1, AssessmentStatus::kInvestigating);
    const Incident waiting =
        Plain("Waiting", "North Province", 10.1, 20.1, AssessmentStatus::kUnassessed);
    Report old = civharm::testing::SampleReport();
    old.source_record_id = "old-1";
    old.account.clear();
    old.received_at = *Timestamp::Parse(Timestamp::Now().date().AddDays(-40).ToString());
    old.incident_id = waiting.meta.id;
    Put(old);
    for (int n = 0; n < 5; ++n) {
      Plain("Waiting " + std::to_string(n), "North Province", 10.1, 20.1,
            AssessmentStatus::kUnassessed);
    }
  }

  Release Approved(std::optional<ReleaseRules> rules = std::nullopt) {
    auto requested = releases_->Request(kNadia, {.rules = std::move(rules), .note = "test"});
    EXPECT_TRUE(requested) << requested.error().ToString();
    auto approved = releases_->Approve(kOmar, requested->id, "checked");
    EXPECT_TRUE(approved) << approved.error().ToString();
    return *approved;
  }

  // Every public output of a release, by name.
  std::map<std::string, std::string> PublicOutputs(const Release& r) {
    std::map<std::string, std::string> out;
    const auto add = [&](const std::string& name, const Result<json>& j) {
      ASSERT_TRUE(j) << name << ": " << j.error().ToString();
      out[name] = j->dump();
    };
    json list = json::array();
    const std::vector<Release> approved = releases_->PublicReleases().value();
    for (const Release& p : approved) list.push_back(PublicReleaseJson(p));
    out["list"] = list.dump();
    out["latest"] = PublicReleaseJson(releases_->LatestPublicRelease().value()).dump();
    int64_t after = 0;
    do {
      auto page = releases_->PublicRows(r.version, after, 2);
      EXPECT_TRUE(page) << page.error().ToString();
      if (!page) break;
      for (const std::string& row : page->rows) out["incidents"] += row;
      after = page->next_after;
    } while (after != 0);
    for (io::ExportFormat f : {io::ExportFormat::kCsv, io::ExportFormat::kJson,
                               io::ExportFormat::kGeoJson, io::ExportFormat::kXlsx}) {
      std::ostringstream bytes;
      Status s = releases_->PublicDownload(r.version, f, bytes);
      EXPECT_TRUE(s.ok()) << s.ToString();
      std::string text = bytes.str();
      if (f == io::ExportFormat::kXlsx) {
        const auto files = Unzip(text);
        EXPECT_TRUE(files.contains("xl/worksheets/sheet1.xml"));
        for (const auto& [name, content] : files) text += "\n" + content;
      }
      out[std::string("download.") + std::string(EnumName(f))] = text;
    }
    out["methodology"] = releases_->PublicRelease(r.version).value().rules.methodology;
    for (analytics::Dimension d : {analytics::Dimension::kPerpetrator,
                                   analytics::Dimension::kWeapon, analytics::Dimension::kCountry,
                                   analytics::Dimension::kAdmin1, analytics::Dimension::kAdmin2,
                                   analytics::Dimension::kStatus, analytics::Dimension::kGrade,
                                   analytics::Dimension::kAgeGroup, analytics::Dimension::kSex}) {
      const bool people = d == analytics::Dimension::kAgeGroup || d == analytics::Dimension::kSex;
      if (people && !r.rules.Releases(ReleaseField::kCasualtyBreakdown)) continue;
      const std::string name(EnumName(d));
      add("breakdown." + name, releases_->PublicBreakdown(r.version, d));
      if (!people) {
        add("trend." + name, releases_->PublicTrend(
                                 r.version, {.interval = analytics::Interval::kMonth, .by = {d}}));
      }
    }
    add("trend", releases_->PublicTrend(r.version, {.interval = analytics::Interval::kDay}));
    add("map.world", releases_->PublicMap(r.version, {.zoom = 0}));
    add("map.near",
        releases_->PublicMap(
            r.version, {.box = {.west = 19, .south = 9, .east = 40, .north = 40}, .zoom = 12}));
    add("open-assessments", releases_->PublicOpenAssessments());
    // The public report in every language, as HTML (the same text the PDF is drawn from) and as
    // its workbook.
    for (const char* language : {"en", "fr", "ar"}) {
      auto report = BuildPublicReport(*releases_, {.version = r.version, .language = language});
      EXPECT_TRUE(report) << report.error().ToString();
      if (!report) continue;
      std::ostringstream html, xlsx;
      EXPECT_TRUE(report::RenderHtml(report->document, html).ok());
      EXPECT_TRUE(io::WriteTablesXlsx(report->tables, xlsx).ok());
      std::string text = html.str();
      for (const auto& [name, content] : Unzip(xlsx.str())) text += "\n" + content;
      out[std::string("report.") + language] = text;
    }
    return out;
  }

  void ExpectAbsent(const std::map<std::string, std::string>& outputs,
                    const std::vector<std::string>& markers) {
    for (const auto& [name, bytes] : outputs) {
      for (const std::string& marker : markers) {
        EXPECT_EQ(bytes.find(marker), std::string::npos) << "'" << marker << "' in " << name;
      }
    }
  }

  civharm::testing::TempDir dir_;
  std::string path_ = dir_.File("r.db");
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<ReleaseService> releases_;
  Incident public_, restricted_;
};

TEST_F(ReleaseServiceTest, OnePersonRequestsAndAnotherReviews) {
  Seed();
  EXPECT_EQ(releases_->Request(kAnalyst, {}).error().code(), ErrorCode::kPermissionDenied);
  auto requested = releases_->Request(kNadia, {.note = "first quarter"});
  ASSERT_TRUE(requested) << requested.error().ToString();
  EXPECT_EQ(requested->version, 1);
  EXPECT_EQ(requested->status, ReleaseStatus::kRequested);
  EXPECT_EQ(requested->requested_by, "nadia");
  EXPECT_EQ(requested->rules, DefaultReleaseRules());
  // What the reviewer sees: what goes out, and what was left out and why.
  const ReleaseSummary& s = requested->summary;
  EXPECT_EQ(s.considered, 16) << "every incident but the two restricted ones";
  EXPECT_EQ(s.released, 9);
  EXPECT_EQ(requested->incidents, 9);
  EXPECT_EQ(s.excluded, (std::map<std::string, int64_t>{{"retracted", 1}, {"status", 6}}));
  EXPECT_EQ(s.by_level, (std::map<std::string, int64_t>{{"severe", 1}, {"standard", 8}}));
  EXPECT_EQ(s.coordinates.at("coarsened"), 8);
  EXPECT_EQ(s.coordinates.at("dropped"), 1);
  EXPECT_EQ(s.withheld_fields.at("description"), 1);
  EXPECT_EQ(s.withheld_fields.at("operation_ids"), 1);
  EXPECT_EQ(releases_->Rows(kOmar, requested->id, 0, 50)->rows.size(), 9u);
  EXPECT_EQ(releases_->Rows(kAnalyst, requested->id, 0, 50).error().code(),
            ErrorCode::kPermissionDenied);

  // The requester may not approve it, whatever their role.
  auto self = releases_->Approve(kNadia, requested->id, "");
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_THAT(self.error().message(), HasSubstr("another person must review it"));
  const Actor admin_nadia{"nadia", {Role::kAdmin}, {}};
  EXPECT_EQ(releases_->Approve(admin_nadia, requested->id, "").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(releases_->Reject(kNadia, requested->id, "no").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(releases_->Approve(kAnalyst, requested->id, "").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(releases_->Reject(kOmar, requested->id, " ").error().field(), "reason");
  EXPECT_EQ(releases_->PublicRelease(1).error().code(), ErrorCode::kNotFound);

  auto approved = releases_->Approve(kOmar, requested->id, "map checked");
  ASSERT_TRUE(approved) << approved.error().ToString();
  EXPECT_EQ(approved->status, ReleaseStatus::kApproved);
  EXPECT_EQ(approved->reviewed_by, "omar");
  EXPECT_EQ(approved->content_hash, requested->content_hash);
  EXPECT_EQ(releases_->Approve(kOmar, requested->id, "").error().code(), ErrorCode::kConflict);
  EXPECT_EQ(releases_->PublicRelease(1)->version, 1);
  EXPECT_EQ(releases_->Get(kNadia, NewId()).error().code(), ErrorCode::kNotFound);
  // The audit log names each of them.
  const auto log = store_->BeginRead(storage::View::Everything()).value()->ReadAudit(0, 1000);
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& e : *log) {
    if (e.entity == "release") entries.emplace_back(e.action, e.actor);
  }
  EXPECT_THAT(entries, ElementsAre(std::pair<std::string, std::string>{"create", "nadia"},
                                   std::pair<std::string, std::string>{"update", "omar"}));
  EXPECT_TRUE(store_->VerifyAudit()->ok());
}

TEST_F(ReleaseServiceTest, RejectedWithdrawnAndPendingReleasesAreNeverPublic) {
  Seed();
  auto first = releases_->Request(kNadia, {});
  ASSERT_TRUE(releases_->Reject(kOmar, first->id, "the map is too precise"));
  const Release second = Approved();
  auto third = releases_->Request(kOmar, {});
  ASSERT_TRUE(third);
  EXPECT_THAT(releases_->PublicReleases().value(), ::testing::SizeIs(1));
  EXPECT_EQ(releases_->LatestPublicRelease()->version, second.version);
  for (int64_t v : {first->version, third->version, int64_t{99}}) {
    EXPECT_EQ(releases_->PublicRelease(v).error().code(), ErrorCode::kNotFound) << v;
    EXPECT_EQ(releases_->PublicRows(v, 0, 10).error().code(), ErrorCode::kNotFound) << v;
    std::ostringstream out;
    EXPECT_EQ(releases_->PublicDownload(v, io::ExportFormat::kCsv, out).code(),
              ErrorCode::kNotFound);
    EXPECT_EQ(out.str(), "");
    EXPECT_EQ(releases_->PublicTrend(v, {}).error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(releases_->PublicMap(v, {}).error().code(), ErrorCode::kNotFound);
  }
  EXPECT_EQ(releases_->Withdraw(kOmar, first->id, "x").error().code(), ErrorCode::kConflict)
      << "rejected already";
  EXPECT_EQ(releases_->Withdraw(kOmar, third->id, "").error().field(), "reason");
  ASSERT_TRUE(releases_->Withdraw(kOmar, third->id, "asked for by mistake")) << "own request";
  // Withdrawn after approval: off the public site at once.
  ASSERT_TRUE(releases_->PublicTrend(second.version, {}));
  auto withdrawn = releases_->Withdraw(kNadia, second.id, "a location was wrong");
  ASSERT_TRUE(withdrawn) << withdrawn.error().ToString();
  EXPECT_EQ(withdrawn->withdrawn_by, "nadia");
  EXPECT_EQ(releases_->PublicRelease(second.version).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(releases_->PublicTrend(second.version, {}).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(releases_->LatestPublicRelease().error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(releases_->PublicOpenAssessments().error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(releases_->PublicReleases()->empty());
  EXPECT_THAT(releases_->List(kNadia).value(), ::testing::SizeIs(3));
}

TEST_F(ReleaseServiceTest, ARebuildFromHistoryAfterLaterEditsGivesTheSameBytes) {
  Seed();
  const Release r = Approved();
  const std::string before = releases_->PublicRows(r.version, 0, 1000)->rows.front();
  // Later: an incident renamed, another retracted, a new one, a case step.
  {
    auto tx = store_->BeginWrite({.actor = "civharm"}).value();
    Incident edit = public_;
    edit.title = "Renamed later";
    ASSERT_TRUE(tx->Update(AnyRecord(edit), public_.meta.version));
    ASSERT_TRUE(tx->Commit().ok());
  }
  Plain("Added later", "North Province", 10.1, 20.1);
  auto v = releases_->Verify(kOmar, r.id);
  ASSERT_TRUE(v) << v.error().ToString();
  EXPECT_TRUE(v->ok()) << VerificationJson(*v).dump();
  EXPECT_EQ(v->rebuilt_hash, r.content_hash);
  EXPECT_EQ(v->rebuilt_incidents, 9);
  EXPECT_EQ(releases_->PublicRows(r.version, 0, 1000)->rows.front(), before);
  // A new release sees the changes; the old one does not change.
  auto next = releases_->Request(kOmar, {});
  ASSERT_TRUE(next);
  EXPECT_EQ(next->incidents, 10);
  EXPECT_NE(next->content_hash, r.content_hash);
  EXPECT_GT(next->as_of_seq, r.as_of_seq);

  // History altered behind civharm's back: the rebuild no longer matches.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const std::string sql =
        "DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET doc = replace(doc, "
        "'North 3', 'North 9') WHERE entity = 'incident'";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  v = releases_->Verify(kOmar, r.id);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok());
  EXPECT_NE(v->rebuilt_hash, r.content_hash);
  EXPECT_EQ(v->stored_hash, r.content_hash) << "the stored rows are untouched";
  EXPECT_TRUE(v->first_difference.has_value());
  EXPECT_EQ(releases_->Verify(kAnalyst, r.id).error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(ReleaseServiceTest, NothingRestrictedOrPersonalReachesAnyPublicOutput) {
  Seed();
  std::vector<std::string> restricted = Restricted();
  restricted.push_back(restricted_.meta.id);
  const Release standard = Approved();
  auto outputs = PublicOutputs(standard);
  ASSERT_GE(outputs.size(), 23u);
  EXPECT_THAT(outputs["incidents"], HasSubstr("Strike near the mill")) << "the check can fail";
  EXPECT_THAT(outputs["report.en"], HasSubstr("North Province")) << "the check can fail";
  EXPECT_THAT(outputs["download.csv"], HasSubstr("#event+id,#event+name,#date+start"));
  EXPECT_THAT(outputs["download.xlsx"], HasSubstr("Strike near the mill"));
  ExpectAbsent(outputs, kPersonal);
  ExpectAbsent(outputs, restricted);
  ExpectAbsent(outputs, kUnreleased);
  // Nobody's name: not the requester's, not the reviewer's.
  ExpectAbsent(outputs, {"nadia", "omar"});

  // The broadest rules allowed still publish nothing personal or restricted (and what they do
  // publish, they publish: the markers of released fields appear).
  const Release broad = Approved(ParseReleaseRules(kBroadestRules).value());
  outputs = PublicOutputs(broad);
  EXPECT_THAT(outputs["incidents"], HasSubstr("MARKER-DESCRIPTION"));
  EXPECT_THAT(outputs["incidents"], HasSubstr("35.763369"));
  EXPECT_THAT(outputs["download.geojson"], HasSubstr("MARKER-PLACE"));
  EXPECT_THAT(outputs["report.fr"], HasSubstr("Idlib governorate"));
  ExpectAbsent(outputs, kPersonal);
  ExpectAbsent(outputs, restricted);
  ExpectAbsent(outputs, {"MARKER-RETRACTED", "37SBV7931960451", "nadia", "omar"});
}

TEST_F(ReleaseServiceTest, PublicTablesSuppressSmallCounts) {
  Seed();
  const Release r = Approved();
  // By province: 6 + 1 + 1 (the investigation) + the mill's Idlib: the small ones "<5", and the
  // largest too where one alone would be given away by the total.
  const json admin1 = releases_->PublicBreakdown(r.version, analytics::Dimension::kAdmin1).value();
  EXPECT_EQ(admin1["suppressed_below"], 5);
  EXPECT_EQ(admin1["incidents"], 9);
  std::map<std::string, json> by_key;
  for (const json& row : admin1["rows"]) by_key[row["key"]] = row["incidents"];
  EXPECT_EQ(by_key["North Province"], 7);
  EXPECT_EQ(by_key["South Province"], "<5");
  EXPECT_EQ(by_key["Idlib governorate"], "<5");
  EXPECT_THAT(admin1.dump(), ::testing::Not(HasSubstr("\"incidents\":1")));

  const json trend =
      releases_->PublicTrend(r.version, {.interval = analytics::Interval::kMonth}).value();
  ASSERT_EQ(trend["groups"].size(), 2u);
  EXPECT_EQ(trend["groups"][0]["period"], "2025-01");
  EXPECT_EQ(trend["groups"][0]["incidents"], "<5") << "8 beside a suppressed 1";
  EXPECT_EQ(trend["groups"][1]["incidents"], "<5");
  EXPECT_EQ(trend["total"]["incidents"], 9);
  EXPECT_EQ(trend["groups"][0]["civilians_killed"]["max"], "<5") << "24 beside a suppressed 2";
  EXPECT_EQ(trend["total"]["civilians_killed"]["max"], 26);

  const json map = releases_->PublicMap(r.version, {.zoom = 0}).value();
  EXPECT_EQ(map["without_point"], "<5") << "the incident under investigation";
  EXPECT_EQ(map["in_view"], 8);
  for (const json& c : map["clusters"]) EXPECT_TRUE(c.contains("count"));

  const json open = releases_->PublicOpenAssessments().value();
  EXPECT_EQ(open["release"], r.version);
  const json& assessment = open["stages"][0];
  EXPECT_EQ(assessment["stage"], "assessment");
  EXPECT_EQ(assessment["open"], 6) << "the restricted unassessed incident is not counted";
  EXPECT_EQ(assessment["by_age_days"]["0-7"], "<5");
  EXPECT_EQ(assessment["by_age_days"]["31-90"], "<5");
  EXPECT_EQ(assessment["by_age_days"]["8-30"], 0);
  EXPECT_EQ(assessment["oldest_age_days"], 40);
  EXPECT_EQ(open["stages"][1]["open"], "<5") << "one investigation";
  EXPECT_FALSE(open["stages"][1].contains("oldest_age_days"));
  EXPECT_EQ(open["stages"][2]["open"], 8);

  // Tables only by what the release publishes.
  auto by_age = releases_->PublicBreakdown(r.version, analytics::Dimension::kAgeGroup);
  ASSERT_FALSE(by_age);
  EXPECT_EQ(by_age.error().field(), "by");
  EXPECT_THAT(by_age.error().message(), HasSubstr("casualties.breakdown"));
  ReleaseRules monthly = DefaultReleaseRules();
  monthly.dates = DateRelease::kMonth;
  const Release m = Approved(monthly);
  EXPECT_EQ(
      releases_->PublicTrend(m.version, {.interval = analytics::Interval::kWeek}).error().field(),
      "interval");
  EXPECT_TRUE(releases_->PublicTrend(m.version, {.interval = analytics::Interval::kYear}));
  EXPECT_EQ(releases_->PublicMap(r.version, {.zoom = 99}).error().field(), "zoom");
}

TEST_F(ReleaseServiceTest, DownloadsHaveTheReleasedColumnsWithHxlTags) {
  Seed();
  const Release r = Approved();
  std::ostringstream csv;
  ASSERT_TRUE(releases_->PublicDownload(r.version, io::ExportFormat::kCsv, csv).ok());
  std::istringstream lines(csv.str());
  std::string header, tags, first;
  std::getline(lines, header);
  std::getline(lines, tags);
  std::getline(lines, first);
  EXPECT_THAT(header, ::testing::StartsWith(
                          "id,title,date.start,date.end,date.precision,location.lat,location.lon,"
                          "location.precision,coordinate_grid,location.country,location.admin1,"
                          "location.admin2,conflict,"));
  EXPECT_THAT(tags, HasSubstr("#geo+lat,#geo+lon,#geo+precision,#geo+grid_degrees"));
  EXPECT_THAT(header, ::testing::Not(HasSubstr("description")));
  EXPECT_THAT(header, ::testing::Not(HasSubstr("mgrs")));
  EXPECT_THAT(first, HasSubstr(",0.05,Velmora,"));
  const json rows = json::parse([&] {
    std::ostringstream out;
    EXPECT_TRUE(releases_->PublicDownload(r.version, io::ExportFormat::kJson, out).ok());
    return out.str();
  }());
  ASSERT_EQ(rows.size(), 9u);
  // The JSON download is the public rows, byte for byte as stored.
  const auto page = releases_->PublicRows(r.version, 0, 1000).value();
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].dump(), page.rows[i]);
  EXPECT_EQ(page.next_after, 0);
  EXPECT_EQ(releases_->PublicRows(r.version, 0, 4)->next_after, 4);
  EXPECT_EQ(releases_->PublicRows(r.version, 8, 4)->rows.size(), 1u);
  EXPECT_EQ(releases_->PublicRows(r.version, 0, 0).error().field(), "limit");
}

// The text of every cell of the tables of a document, row by row, keyed by the first cell.
std::map<std::string, std::vector<std::string>> RowsOf(const report::Document& doc,
                                                       const std::string& first_column) {
  std::map<std::string, std::vector<std::string>> rows;
  for (const report::Block& b : doc.blocks) {
    const auto* t = std::get_if<report::Table>(&b);
    if (t == nullptr || t->columns.empty() || t->columns[0].label != first_column) continue;
    for (const auto& row : t->rows) rows[row[0]] = row;
  }
  return rows;
}

std::vector<std::string> HeadingsOf(const report::Document& doc) {
  std::vector<std::string> out;
  for (const report::Block& b : doc.blocks) {
    if (const auto* h = std::get_if<report::Heading>(&b)) out.push_back(h->text);
  }
  return out;
}

TEST_F(ReleaseServiceTest, ThePublicReportShowsTheReleasesTablesAsPublished) {
  Seed();
  EXPECT_EQ(BuildPublicReport(*releases_, {}).error().code(), ErrorCode::kNotFound)
      << "no approved release yet";
  const Release r = Approved();
  const auto report = BuildPublicReport(*releases_, {});  // the latest
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->release.version, r.version);
  const report::Document& doc = report->document;
  EXPECT_TRUE(report::Validate(doc).ok());
  EXPECT_EQ(doc.subtitle, fmt::format("Release {} of {}: 9 incidents", r.version,
                                      r.built_on.ToString()));
  const auto* figures = std::get_if<report::KeyFigures>(&doc.blocks.at(1));
  ASSERT_NE(figures, nullptr);
  EXPECT_EQ(figures->figures[0].value, "9");
  EXPECT_EQ(figures->figures[1].value, "18") << "eight plain incidents' 2 and the mill's 2";
  EXPECT_EQ(figures->figures[1].note, "range 10–26");

  // By month, as the public trend: both months suppressed (one beside the other's total).
  const auto months = RowsOf(doc, "Month");
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months.at("2025-01")[1], "<5");
  EXPECT_EQ(months.at("2025-02")[1], "<5");
  // The chart leaves the suppressed figures out.
  for (const report::Block& b : doc.blocks) {
    if (const auto* chart = std::get_if<report::LineChart>(&b)) {
      EXPECT_FALSE(chart->series.at(0).points.at(0).has_value());
    }
  }
  const auto areas = RowsOf(doc, "Area");
  EXPECT_THAT(areas.at("North Province"), ElementsAre("North Province", "7", "14", "7–21",
                                                      "–"));
  EXPECT_EQ(areas.at("South Province")[1], "<5");
  const auto stages = RowsOf(doc, "Stage");
  EXPECT_EQ(stages.at("Waiting for assessment")[1], "6");
  EXPECT_EQ(stages.at("Under investigation")[1], "<5");
  const auto about = RowsOf(doc, "");
  EXPECT_EQ(about.at("Content hash (BLAKE2b-256)")[1], r.content_hash);
  EXPECT_EQ(about.at("Suppressed below")[1], "5");
  const std::vector<std::string> headings = HeadingsOf(doc);
  EXPECT_THAT(headings, ::testing::Contains("Where incidents happened"));
  EXPECT_THAT(headings, ::testing::Contains("How this dataset is made")) << "the methodology";
  EXPECT_THAT(headings, ::testing::Not(::testing::Contains("Civilian casualties by age group")))
      << "the default rules do not publish the breakdown by age";

  // The workbook has every row of every table, suppressed cells as text.
  const auto sheet = std::find_if(report->tables.begin(), report->tables.end(),
                                  [](const io::TableSheet& t) {
                                    return t.name == "Incidents by area (admin 1)";
                                  });
  ASSERT_NE(sheet, report->tables.end());
  EXPECT_EQ(sheet->rows.size(), 3u) << "North, South and the mill's Idlib";

  // Rendered: a PDF, and in Arabic right to left.
  std::ostringstream pdf;
  ASSERT_TRUE(WriteReport(doc, report->tables, ReportFormat::kPdf, pdf).ok());
  EXPECT_EQ(pdf.str().substr(0, 5), "%PDF-");
  const auto arabic = BuildPublicReport(*releases_, {.version = r.version, .language = "ar"});
  ASSERT_TRUE(arabic);
  EXPECT_EQ(report::DirectionOf(arabic->document), report::Direction::kRtl);
  EXPECT_EQ(BuildPublicReport(*releases_, {.language = "de"}).error().field(), "language");
  // A release that is not approved has no public report.
  const Release pending = releases_->Request(kNadia, {.note = "next"}).value();
  EXPECT_EQ(BuildPublicReport(*releases_, {.version = pending.version}).error().code(),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace civharm::service
