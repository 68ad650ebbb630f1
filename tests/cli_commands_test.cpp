// Each `civharm` invocation of the foundation issue, run as a real process on real files,
// including its failure cases: exit code, and a reason on stderr.
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "core/strings.h"
#include "core/testing/temp_dir.h"
#include "core/time.h"
#include "domain/test_fixtures.h"
#include "service/answers.h"
#include "service/record_service.h"
#include "storage/keys.h"
#include "storage/store.h"
#include "support/process.h"

namespace civharm::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CliTest : public ::testing::Test {
 protected:
  // Every test starts with a database whose administrator is signed in.
  void SetUp() override { admin_ = InitAndSignIn(Db()); }

  std::string Db(const std::string& name = "civharm.db") { return dir_.File(name); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.File(name), std::ios::binary) << text;
    return dir_.File(name);
  }
  int64_t Count(const std::string& db, EntityKind kind) {
    auto store =
        storage::OpenStore({.location = db, .migrations = storage::MigrationPolicy::kCheck})
            .value();
    return store->BeginRead(storage::View::Everything())
        .value()
        ->Count(kind, {.retracted = storage::RetractedPolicy::kInclude})
        .value();
  }
  TempDir dir_;
  Admin admin_;
};

constexpr const char* kMapping = R"({
  "entity": "report",
  "columns": {
    "Ref": "source_record_id",
    "Date": {"field": "date.start", "format": "%d/%m/%Y"},
    "Killed": "casualties.civilian.killed.best"
  },
  "constants": {"source_type": "ngo", "source_name": "Local Monitor"}
})";

TEST_F(CliTest, DbMigrateCreatesTheDatabaseAndVersionReportsIt) {
  const std::string db = Db("fresh.db");
  ProcessResult r = RunCivharm({"db", "migrate", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("applied migrations 1, 2, 3"));
  r = RunCivharm({"db", "migrate", "--db", db});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("schema is current"));
  r = RunCivharm({"db", "version", "--db", db});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("schema version 8"));
}

TEST_F(CliTest, CommandsOnRecordsNeedAValidToken) {
  UseToken("");
  ProcessResult r = RunCivharm({"export", "--format", "json", "--db", Db()});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("set CIVHARM_TOKEN"));
  EXPECT_EQ(r.out, "");
  UseToken("chm_not_a_token_anyone_was_given");
  r = RunCivharm({"demo", "--events", "5", "--db", Db()});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("CIVHARM_TOKEN: sign in first"));
  EXPECT_EQ(Count(Db(), EntityKind::kIncident), 0);
  UseToken(admin_.token);
  r = RunCivharm({"token", "revoke", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RunCivharm({"export", "--format", "json", "--db", Db()}).exit_code, 5)
      << "a revoked token signs nobody in";
}

TEST_F(CliTest, UsersGetRolesAndTheirTokensActWithThem) {
  ProcessResult r = RunCivharm({"user", "init", "--db", Db()});
  EXPECT_EQ(r.exit_code, 4) << "only a database without users gets a first administrator";
  r = RunCivharm({"user", "add", "amira", "--role", "analyst", "--group", "j2", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string password = r.out.substr(r.out.find("password: ") + 10, 20);
  EXPECT_EQ(RunCivharm({"user", "add", "x", "--role", "overlord", "--db", Db()}).exit_code, 2);

  r = RunCivharm({"token", "create", "--db", Db(), "--user", "amira", "--password-stdin"},
                 "not her password\n");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("sign-in refused"));
  r = RunCivharm(
      {"token", "create", "--db", Db(), "--user", "amira", "--password-stdin", "--days", "7"},
      password + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  UseToken(r.out.substr(0, r.out.find('\n')));

  EXPECT_EQ(RunCivharm({"demo", "--events", "5", "--db", Db()}).exit_code, 5)
      << "loading demo data manages the database";
  r = RunCivharm({"user", "add", "bashir", "--role", "admin", "--db", Db()});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("manage_users"));
  r = RunCivharm({"user", "show", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("amira\tenabled\troles: analyst\tgroups: j2"));
  EXPECT_EQ(RunCivharm({"audit", "verify", "--db", Db()}).exit_code, 0);

  UseToken(admin_.token);
  ASSERT_EQ(
      RunCivharm({"user", "grant", "amira", "--role", "investigator", "--db", Db()}).exit_code, 0);
  r = RunCivharm({"user", "list", "--db", Db()});
  EXPECT_THAT(r.out, HasSubstr("amira\tenabled\troles: analyst,investigator"));
  ASSERT_EQ(RunCivharm({"user", "disable", "amira", "--db", Db()}).exit_code, 0);
  r = RunCivharm({"token", "create", "--db", Db(), "--user", "amira", "--password-stdin"},
                 password + "\n");
  EXPECT_EQ(r.exit_code, 5) << "a disabled user cannot sign in";
  r = RunCivharm({"user", "reset-password", "amira", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("password: "));
}

TEST_F(CliTest, VersionOfAMissingDatabaseFailsWithoutCreatingIt) {
  const ProcessResult r = RunCivharm({"db", "version", "--db", Db("absent.db")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, StartsWith("civharm: there is no database at"));
  EXPECT_FALSE(std::filesystem::exists(Db("absent.db")));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCivharm({}).exit_code, 2);
  EXPECT_EQ(RunCivharm({"import", "--db", Db()}).exit_code, 2);
  EXPECT_EQ(RunCivharm({"import", "--format", "xls", Write("x.csv", "a\n")}).exit_code, 2);
  EXPECT_EQ(RunCivharm({"import", "--format", "csv", Db("nope.csv")}).exit_code, 2);
  EXPECT_EQ(RunCivharm({"export", "--format", "json", "--hxl", "--db", Db()}).exit_code, 2);
  EXPECT_EQ(RunCivharm({"--help"}).exit_code, 0);
  EXPECT_THAT(RunCivharm({"import", "--help"}).out, HasSubstr("--skip-invalid"));
}

TEST_F(CliTest, AnInvalidFileImportsNothingAndNamesEachBadRow) {
  const std::string mapping = Write("map.json", kMapping);
  const std::string file =
      Write("in.csv", "Ref,Date,Killed\nA1,03/01/2024,2\nA2,31/02/2024,1\nA3,04/01/2024,-3\n");
  const ProcessResult r =
      RunCivharm({"import", "--format", "csv", "--mapping", mapping, "--db", Db(), file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("row 2 (line 3), column 'Date': '31/02/2024' is not a real date"));
  EXPECT_THAT(r.err, HasSubstr("row 3 (line 4), column 'Killed'"));
  EXPECT_THAT(r.err, HasSubstr("civharm: nothing imported: 2 of 3 rows are invalid"));
  EXPECT_EQ(Count(Db(), EntityKind::kReport), 0);
}

TEST_F(CliTest, SkipInvalidImportsTheRestAndWritesTheRefusedRows) {
  const std::string mapping = Write("map.json", kMapping);
  const std::string file = Write("in.csv", "Ref,Date,Killed\nA1,03/01/2024,2\nA2,31/02/2024,1\n");
  const std::string rejects = dir_.File("refused.csv");
  ProcessResult r = RunCivharm({"import", "--format", "csv", "--mapping", mapping, "--skip-invalid",
                                "--rejects", rejects, "--db", Db(), file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 reports created, 1 incidents opened for them"));
  EXPECT_THAT(r.out, HasSubstr("1 refused"));
  EXPECT_THAT(ReadFile(rejects), HasSubstr("A2"));
  EXPECT_EQ(Count(Db(), EntityKind::kReport), 1);
  // Importing the same file again adds nothing.
  r = RunCivharm({"import", "--format", "csv", "--mapping", mapping, "--skip-invalid", "--rejects",
                  rejects, "--db", Db(), file});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("0 reports created"));
  EXPECT_THAT(r.out, HasSubstr("1 already present"));
  EXPECT_EQ(Count(Db(), EntityKind::kReport), 1);
}

TEST_F(CliTest, AMalformedMappingIsRefusedWithItsKey) {
  const std::string mapping =
      Write("map.yaml", "entity: report\ncolumns:\n  Ref: source_recordid\n");
  const ProcessResult r = RunCivharm({"import", "--format", "csv", "--mapping", mapping, "--db",
                                      Db(), Write("in.csv", "Ref\nA1\n")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("columns.Ref"));
}

TEST_F(CliTest, DemoLoadsOnce) {
  ProcessResult r = RunCivharm({"demo", "--events", "40", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("40 incidents"));
  r = RunCivharm({"demo", "--events", "40", "--db", Db()});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("already loaded"));
}

// `demo --accounts` writes the demonstration accounts' passwords to a new file only its owner may
// read, never to stdout, and never over an existing file; on a database that holds the demo
// data already it makes the accounts only, once.
TEST_F(CliTest, DemoAccountsGoToANewPrivateFile) {
  ProcessResult r = RunCivharm({"demo", "--events", "40", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::string existing = Write("taken.txt", "keep me\n");
  r = RunCivharm({"demo", "--db", Db(), "--events", "40", "--accounts", existing});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("--accounts"));
  EXPECT_EQ(ReadFile(existing), "keep me\n");

  const std::string file = dir_.File("accounts.txt");
  r = RunCivharm({"demo", "--db", Db(), "--events", "40", "--accounts", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("loaded already"));
  EXPECT_THAT(r.out, HasSubstr("made 16 demonstration accounts"));
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string text = ReadFile(file);
  const std::vector<std::string_view> lines = Split(text, '\n');
  ASSERT_EQ(lines.size(), 17u);  // and the empty piece after the last newline
  EXPECT_TRUE(lines.back().empty());
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const std::vector<std::string_view> fields = Split(lines[i], '\t');
    ASSERT_EQ(fields.size(), 3u) << lines[i];
    const std::string password(fields[2]);
    EXPECT_THAT(r.out, ::testing::Not(HasSubstr(password))) << "no password on stdout";
    if (fields[0] == "publisher1") {
      EXPECT_EQ(fields[1], "publisher");
      const ProcessResult t =
          RunCivharm({"token", "create", "--db", Db(), "--user", "publisher1", "--password-stdin"},
                     password + "\n");
      EXPECT_EQ(t.exit_code, 0) << t.err;
    }
  }

  r = RunCivharm({"demo", "--db", Db(), "--events", "40", "--accounts", dir_.File("again.txt")});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_THAT(r.err, HasSubstr("exist already"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("again.txt")));
  EXPECT_EQ(RunCivharm({"audit", "verify", "--db", Db()}).exit_code, 0);
}

TEST_F(CliTest, ExportsCsvWithHxlJsonAndGeoJson) {
  ASSERT_EQ(RunCivharm({"demo", "--events", "30", "--db", Db()}).exit_code, 0);
  ProcessResult r = RunCivharm({"export", "--format", "csv", "--hxl", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, tags;
  std::getline(lines, header);
  std::getline(lines, tags);
  EXPECT_THAT(header, HasSubstr("date.start"));
  EXPECT_THAT(tags, StartsWith("#"));
  EXPECT_THAT(tags, HasSubstr("#geo+lat"));

  r = RunCivharm({"export", "--format", "json", "--entity", "report", "--out", dir_.File("r.json"),
                  "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto reports = nlohmann::json::parse(ReadFile(dir_.File("r.json")));
  EXPECT_EQ(static_cast<int64_t>(reports.size()), Count(Db(), EntityKind::kReport));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("r.json.partial")));

  r = RunCivharm({"export", "--format", "geojson", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto geo = nlohmann::json::parse(r.out);
  EXPECT_EQ(geo["type"], "FeatureCollection");
  EXPECT_EQ(geo["features"].size(), 30u);
  EXPECT_EQ(geo["features"][0]["geometry"]["type"], "Point");
}

TEST_F(CliTest, ExportsXlsxAsAZipWorkbook) {
  ASSERT_EQ(RunCivharm({"demo", "--events", "10", "--db", Db()}).exit_code, 0);
  const ProcessResult r = RunCivharm(
      {"export", "--format", "xlsx", "--hxl", "--out", dir_.File("i.xlsx"), "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string book = ReadFile(dir_.File("i.xlsx"));
  EXPECT_TRUE(book.starts_with("PK")) << "not a zip archive";
  EXPECT_THAT(book, HasSubstr("xl/worksheets/sheet1.xml"));
}

TEST_F(CliTest, AnalyzeGivesTheApisFiguresOverTheFilters) {
  ASSERT_EQ(RunCivharm({"demo", "--events", "60", "--db", Db()}).exit_code, 0);
  ProcessResult r = RunCivharm({"analyze", "trends", "--interval", "year", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto all = nlohmann::json::parse(r.out);
  EXPECT_EQ(all["total"]["incidents"], Count(Db(), EntityKind::kIncident));
  EXPECT_EQ(all["interval"], "year");

  r = RunCivharm({"analyze", "breakdown", "--by", "status", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto statuses = nlohmann::json::parse(r.out);
  ASSERT_FALSE(statuses["rows"].empty());
  // Filtering by the largest status gives exactly that row's incidents.
  const std::string status = statuses["rows"][0]["key"];
  r = RunCivharm(
      {"analyze", "trends", "--where", "status=" + status, "--by", "status", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["total"]["incidents"], statuses["rows"][0]["incidents"]);

  r = RunCivharm({"analyze", "map", "--zoom", "1", "--max-points", "100000", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto map = nlohmann::json::parse(r.out);
  EXPECT_EQ(map["mode"], "points");
  EXPECT_EQ(map["points"].size() + map["without_point"].get<size_t>(), 60u);

  r = RunCivharm({"analyze", "trends", "--where", "limit=5", "--db", Db()});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_THAT(r.err, HasSubstr("limit"));
  r = RunCivharm({"analyze", "breakdown", "--by", "colour", "--db", Db()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("by"));
}

TEST_F(CliTest, ExportThenImportIntoAnEmptyStoreGivesBackTheSameRecords) {
  ASSERT_EQ(RunCivharm({"demo", "--events", "50", "--db", Db()}).exit_code, 0);
  const std::vector<std::string> kinds = {"operation", "incident", "report", "victim"};
  for (const std::string& format : {std::string("csv"), std::string("json")}) {
    const std::string copy = Db("copy-" + format + ".db");
    const Admin copy_admin = InitDatabase(copy);
    // The copy has its own keyring and users: each database is read with its own token.
    const auto run_on = [&](const std::string& db, std::vector<std::string> args) {
      UseToken(db == copy ? copy_admin.token : admin_.token);
      args.insert(args.end(), {"--db", db});
      return RunCivharm(args);
    };
    for (const std::string& kind : kinds) {
      const std::string file = dir_.File(kind + "." + format);
      ASSERT_EQ(
          run_on(Db(), {"export", "--format", format, "--entity", kind, "--out", file}).exit_code,
          0);
      const ProcessResult r = run_on(copy, {"import", "--format", format, "--entity", kind, file});
      ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.err;
    }
    for (const std::string& kind : kinds) {
      const ProcessResult a = run_on(Db(), {"export", "--format", "json", "--entity", kind});
      const ProcessResult b = run_on(copy, {"export", "--format", "json", "--entity", kind});
      EXPECT_EQ(a.out, b.out) << kind << " through " << format;
      EXPECT_GT(a.out.size(), 10u);
    }
    EXPECT_EQ(run_on(copy, {"audit", "verify"}).exit_code, 0);
  }
}

TEST_F(CliTest, AuditVerifyFindsAnAlteredHistoryRow) {
  ASSERT_EQ(RunCivharm({"demo", "--events", "20", "--db", Db()}).exit_code, 0);
  ProcessResult r = RunCivharm({"audit", "verify", "--db", Db()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("audit log intact"));

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Db().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TRIGGER audit_log_append_only_update;"
                         "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 17;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  r = RunCivharm({"audit", "verify", "--db", Db()});
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_THAT(r.err, HasSubstr("audit log broken at entry 17"));
}

TEST_F(CliTest, LinkTwoListsWithoutADatabase) {
  // One list, and a second naming most of the same people with slips of the pen.
  const std::vector<std::string> first = {"amira", "bashir", "fatima", "omar", "leila",
                                          "yusuf", "hana",   "karim",  "nour", "samir"};
  const std::vector<std::string> last = {"haddad",  "nasser",  "khalil", "saleh",
                                         "darwish", "mansour", "aziz",   "hamdan"};
  std::string a = "name,surname,age,district\n", b = "district,full_name,family,age\n";
  std::set<std::pair<int, int>> truth;
  int row_b = 0;
  std::mt19937 rng(5);  // raw draws, the same on every platform
  for (int i = 0; i < 80; ++i) {
    const std::string f = first[rng() % first.size()], l = last[rng() % last.size()];
    const int age = 18 + static_cast<int>(rng() % 60);
    const std::string district = "d" + std::to_string(rng() % 9);
    a += fmt::format("{},{},{},{}\n", f, l, age, district);
    if (i % 4 == 3) continue;  // not on the second list
    std::string f2 = f;
    if (i % 5 == 0) std::swap(f2[1], f2[2]);
    b += fmt::format("{},{},{},{}\n", district, f2, l, i % 7 == 0 ? age + 1 : age);
    truth.emplace(i + 1, ++row_b);
  }
  const std::string la = Write("list-a.csv", a), lb = Write("list-b.csv", b);
  ProcessResult r = RunCivharm({"link", la, lb, "--compare", "name:jw:0.9:tf", "--compare",
                                "surname:jw:0.9", "--compare", "age:number:1", "--compare",
                                "district:exact", "--block", "surname", "--block", "age", "--pairs",
                                dir_.File("pairs.csv"), "--clusters", dir_.File("clusters.csv")});
  EXPECT_EQ(r.exit_code, 2) << "the second list names its columns differently";
  EXPECT_THAT(r.err, HasSubstr("list-b.csv: there is no column 'name'"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("pairs.csv")));

  b = "district,name,surname,age\n" + b.substr(b.find('\n') + 1);
  Write("list-b.csv", b);
  r = RunCivharm({"link", la, lb, "--compare", "name:jw:0.9:tf", "--compare", "surname:jw:0.9",
                  "--compare", "age:number:1", "--compare", "district:exact", "--block", "surname",
                  "--block", "age", "--pairs", dir_.File("pairs.csv"), "--clusters",
                  dir_.File("clusters.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("80 + 60 rows"));
  std::istringstream pairs(ReadFile(dir_.File("pairs.csv")));
  std::string line;
  std::getline(pairs, line);
  EXPECT_EQ(line, "file,row,other_file,other_row,probability,weight,linked,reasons");
  int true_links = 0, false_links = 0;
  while (std::getline(pairs, line)) {
    const auto cells = Split(line, ',');
    ASSERT_GE(cells.size(), 8u);
    EXPECT_EQ(cells[0], "list-a.csv") << "pairs only across the lists: " << line;
    EXPECT_EQ(cells[2], "list-b.csv") << line;
    if (cells[6] != "yes") continue;
    const std::pair<int, int> p{std::stoi(std::string(cells[1])), std::stoi(std::string(cells[3]))};
    (truth.contains(p) ? true_links : false_links)++;
  }
  EXPECT_GE(true_links, 57);  // of 60
  EXPECT_LE(false_links, 2);
  EXPECT_THAT(ReadFile(dir_.File("clusters.csv")), StartsWith("file,row,cluster\nlist-a.csv,1,"));
  r = RunCivharm(
      {"link", la, "--compare", "name:soundex", "--block", "name", "--pairs", dir_.File("p2.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("'name:soundex': the measure is one of exact, jw, lev"));
  r = RunCivharm({"link", la, "--compare", "age:number:one", "--block", "name", "--pairs",
                  dir_.File("p2.csv")});
  EXPECT_THAT(r.err, HasSubstr("'one' is not a number"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("p2.csv")));
}

}  // namespace
}  // namespace civharm::testing

namespace civharm::testing {
namespace {

TEST_F(CliTest, FusionOnTheStoreProposesFusesAndCrossReferences) {
  ASSERT_EQ(RunCivharm({"demo", "--events", "40", "--db", Db()}).exit_code, 0);
  ProcessResult r = RunCivharm({"fusion", "propose", "--db", Db(), "--pairs",
                                dir_.File("pairs.csv"), "--clusters", dir_.File("clusters.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("candidate pairs"));
  const std::string pairs = ReadFile(dir_.File("pairs.csv"));
  EXPECT_THAT(pairs, StartsWith("report,other_report,probability,weight,linked,same_incident,"
                                "reasons\n"));
  EXPECT_THAT(pairs, HasSubstr("date "));  // every pair explained
  EXPECT_THAT(ReadFile(dir_.File("clusters.csv")), StartsWith("cluster,report,incident\n"));

  r = RunCivharm({"fusion", "cross-reference", "--db", Db(), "--from", "2000-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("category,report,incident,source_type,"));
  EXPECT_THAT(r.err, HasSubstr("external reports match no own-force record"));
  EXPECT_EQ(
      RunCivharm({"fusion", "cross-reference", "--db", Db(), "--from", "2024-13-01"}).exit_code, 2);

  // Bad requests change nothing and say why.
  r = RunCivharm({"fusion", "fuse", "--db", Db(), "--report",
                  "00000000-0000-4000-8000-000000000001", "--reason", "x"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = RunCivharm({"fusion", "decide", "--db", Db(), "00000000-0000-4000-8000-000000000001",
                  "00000000-0000-4000-8000-000000000002", "--verdict", "different", "--reason",
                  "x"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  r = RunCivharm({"fusion", "decisions", "--db", Db()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace civharm::testing

namespace civharm::testing {
namespace {

using nlohmann::json;

// `civharm case …`: the case lifecycle through the command line, as users of different roles.
class CaseCliTest : public CliTest {
 protected:
  // A new user with one role, and an API token for it.
  std::string TokenFor(const std::string& name, const std::string& role) {
    UseToken(admin_.token);
    ProcessResult r = RunCivharm({"user", "add", name, "--role", role, "--db", Db()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string password = r.out.substr(r.out.find("password: ") + 10);
    password = password.substr(0, password.find('\n'));
    r = RunCivharm({"token", "create", "--db", Db(), "--user", name, "--password-stdin"},
                   password + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }

  // `civharm case args… --db <db>` as the user of `token`.
  ProcessResult Case(const std::string& token, std::vector<std::string> args,
                     const std::string& input = "") {
    UseToken(token);
    args.insert(args.begin(), "case");
    args.insert(args.end(), {"--db", Db()});
    return RunCivharm(args, input);
  }

  // Imports `n` reports, each opening its own incident; their ids and their incidents', in order.
  struct Imported {
    std::string report;
    std::string incident;
  };
  std::vector<Imported> ImportReports(int n) {
    std::string csv = "Ref,Date,Killed\n";
    for (int i = 0; i < n; ++i) csv += fmt::format("R{},0{}/01/2024,{}\n", i, i + 1, i + 1);
    UseToken(admin_.token);
    const ProcessResult imported =
        RunCivharm({"import", "--format", "csv", "--mapping", Write("map.json", kMapping), "--db",
                    Db(), Write("reports.csv", csv)});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    const ProcessResult r =
        RunCivharm({"export", "--format", "json", "--entity", "report", "--db", Db()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<Imported> out(static_cast<size_t>(n));
    for (const json& report : json::parse(r.out)) {
      const std::string ref = report["source_record_id"].get<std::string>();
      out.at(std::stoul(ref.substr(1))) = {report["id"].get<std::string>(),
                                           report["incident_id"].get<std::string>()};
    }
    return out;
  }

  static std::string Today(int plus_days = 0) {
    return Timestamp::Now().date().AddDays(plus_days).ToString();
  }
};

TEST_F(CaseCliTest, AnIncidentGoesFromReportToClosedCase) {
  const Imported r = ImportReports(1).at(0);
  const std::string investigator = TokenFor("ines", "investigator");
  const std::string officer = TokenFor("rami", "response_officer");
  const std::string analyst = TokenFor("ana", "analyst");

  ProcessResult out = Case(investigator, {"step", r.incident, "start_assessment", "--expect",
                                          "unassessed", "--note", "taken"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  json j = json::parse(out.out);
  EXPECT_EQ(j["status"], "assessing");
  EXPECT_EQ(j["transition"]["step"], "start_assessment");
  EXPECT_EQ(j["transition"]["note"], "taken");
  EXPECT_THAT(out.out, StartsWith("{\n  \"")) << "pretty, indented by two";

  const std::string assessment = Write("assessment.json", fmt::format(R"({{
    "reports_considered": ["{}"],
    "other_sources": ["strike log"],
    "finding": "credible",
    "civilians_killed": {{"min": 2, "best": 2, "max": 3}}
  }})",
                                                                      r.report));
  out = Case(analyst, {"step", r.incident, "record_finding", "--assessment", assessment});
  EXPECT_EQ(out.exit_code, 5) << "an analyst may not assess: " << out.err;
  EXPECT_THAT(out.err, HasSubstr("your role does not allow assess"));
  EXPECT_EQ(out.out, "");

  // A finding from standard input, with a typo: refused with its field, nothing changes.
  out = Case(investigator, {"step", r.incident, "record_finding", "--assessment", "-"},
             R"({"reports_considered": [], "finding": "credibel"})");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("assessment.finding"));
  out = Case(investigator, {"step", r.incident, "record_finding", "--assessment", assessment});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["status"], "credible");

  out = Case(officer, {"step", r.incident, "start_response", "--on", Today()});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["status"], "responding");

  out = Case(officer, {"respond", r.incident, "--file",
                       Write("ack.json", R"({"response_kind": "acknowledgment",
                                             "is_public": true,
                                             "description": "public statement"})")});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const json ack = json::parse(out.out);
  EXPECT_EQ(ack["incident_id"], r.incident);
  EXPECT_EQ(ack["status"], "proposed");
  ASSERT_TRUE(ack.contains("id"));
  const std::string ack_id = ack["id"].get<std::string>();

  out = Case(officer, {"step", r.incident, "close"});
  EXPECT_EQ(out.exit_code, 4) << "a response is still open";
  EXPECT_THAT(out.err, HasSubstr("resolve every response first"));

  out = Case(officer, {"response-status", ack_id, "delivered", "--on", Today(), "--version",
                       std::to_string(ack["version"].get<int64_t>())});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["status"], "delivered");
  out = Case(officer, {"response-status", ack_id, "withdrawn", "--on", Today(), "--note", "x",
                       "--version", "1"});
  EXPECT_EQ(out.exit_code, 4) << "version 1 is stale, and delivered is final: " << out.err;

  out = Case(officer, {"step", r.incident, "close", "--expect", "responding"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["status"], "closed");

  out = Case(admin_.token, {"show", r.incident});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  EXPECT_EQ(j["incident_id"], r.incident);
  EXPECT_EQ(j["status"], "closed");
  EXPECT_EQ(j["allowed_steps"], json::array({"reopen"}));
  EXPECT_FALSE(j.contains("deadline")) << "a closed case has none";
  ASSERT_EQ(j["transitions"].size(), 4u);
  EXPECT_EQ(j["transitions"][3]["step"], "close");
  EXPECT_EQ(j["transitions"][3]["created_by"], "rami");
  ASSERT_EQ(j["assessments"].size(), 1u);
  EXPECT_EQ(j["assessments"][0]["finding"], "credible");
  EXPECT_EQ(j["assessments"][0]["reports_considered"], json::array({r.report}));
  ASSERT_EQ(j["responses"].size(), 1u);
  EXPECT_EQ(j["responses"][0]["status"], "delivered");
  EXPECT_EQ(j["responses"][0]["history"].size(), 2u);
  EXPECT_TRUE(j["investigations"].empty());
  EXPECT_TRUE(j["consultations"].empty());
  EXPECT_TRUE(j["lessons"].empty());

  out = Case(admin_.token, {"timeline", r.incident});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  EXPECT_EQ(j.size(), 8u);  // the report, 4 steps, the assessment, 2 response statuses
  std::set<std::string> kinds;
  for (const json& e : j) kinds.insert(e["kind"].get<std::string>());
  EXPECT_EQ(kinds,
            (std::set<std::string>{"report", "transition", "assessment", "response_status"}));
}

TEST_F(CaseCliTest, AStepFromTheWrongStatusOrRoleIsRefused) {
  const Imported r = ImportReports(1).at(0);
  ProcessResult out = Case(admin_.token, {"step", r.incident, "close"});
  EXPECT_EQ(out.exit_code, 4);
  EXPECT_THAT(out.err, HasSubstr("step: the case is unassessed; close starts from responding"));
  out = Case(admin_.token, {"step", r.incident, "reopen", "--note", "new report"});
  EXPECT_EQ(out.exit_code, 4);
  EXPECT_THAT(out.err, HasSubstr("reopen starts from not_credible, insufficient_info, duplicate "
                                 "or closed"));
  out = Case(admin_.token, {"step", r.incident, "start_assessment", "--expect", "assessing"});
  EXPECT_EQ(out.exit_code, 4) << "someone else's view of the case is stale";
  out = Case(admin_.token, {"step", r.incident, "start_assessment", "--on", Today(1)});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("on: "));
  EXPECT_THAT(out.err, HasSubstr("is in the future"));
  EXPECT_EQ(Case(admin_.token, {"step", r.incident, "finish"}).exit_code, 2) << "no such step";
  EXPECT_EQ(Case(admin_.token, {"step", "not-an-id", "close"}).exit_code, 2);

  // An investigator may assess, never respond; the case stays where it was.
  const std::string investigator = TokenFor("ines", "investigator");
  ASSERT_EQ(Case(investigator, {"step", r.incident, "start_assessment"}).exit_code, 0);
  out = Case(TokenFor("ana", "analyst"),
             {"step", r.incident, "record_finding", "--assessment",
              Write("a.json", R"({"other_sources": ["imagery"], "finding": "insufficient_info",
                                  "reasoning": "nothing corroborates it"})")});
  EXPECT_EQ(out.exit_code, 5);
  EXPECT_THAT(out.err, HasSubstr("assess"));
  out = Case(investigator, {"show", r.incident});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const json j = json::parse(out.out);
  EXPECT_EQ(j["status"], "assessing");
  EXPECT_EQ(j["allowed_steps"], json::array({"record_finding"}));
  EXPECT_EQ(j["deadline"]["stage"], "assessment");
  EXPECT_EQ(j["deadline"]["due"], Today(30));
}

TEST_F(CaseCliTest, AmendsAreTotalledExactlyAsPaymentsMoveOn) {
  const Imported r = ImportReports(1).at(0);
  for (const std::string& step : {std::string("start_assessment"), std::string("record_finding")}) {
    ProcessResult out = Case(admin_.token, {"step", r.incident, step, "--assessment",
                                            Write("a.json", R"({"other_sources": ["imagery"],
                                                "finding": "credible",
                                                "civilians_injured": {"best": 1}})")});
    if (step == "start_assessment") {
      EXPECT_EQ(out.exit_code, 2) << "start_assessment takes no assessment";
      out = Case(admin_.token, {"step", r.incident, step});
    }
    ASSERT_EQ(out.exit_code, 0) << step << ": " << out.err;
  }
  ProcessResult out =
      Case(admin_.token,
           {"respond", r.incident, "--file",
            Write("pay.json", R"({"response_kind": "condolence_payment", "recipient": "the family",
                             "amount": {"amount": "1500.5", "currency": "USD"}})")});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::string payment = json::parse(out.out)["id"].get<std::string>();
  out = Case(admin_.token,
             {"respond", r.incident, "--file",
              Write("bad.json", R"({"response_kind": "ex_gratia_payment", "incident_id": "x",
                                    "amount": {"amount": 2.5, "currency": "usd"}})")});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("response.amount.amount: must be exact text"));
  EXPECT_THAT(out.err, HasSubstr("response.incident_id"));

  out = Case(admin_.token, {"amends"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out),
            json::parse(R"([{"currency": "USD", "status": "proposed", "payments": 1,
                             "total": "1500.50"}])"));

  out = Case(admin_.token, {"response-status", payment, "paid", "--on", Today(), "--version", "1"});
  EXPECT_EQ(out.exit_code, 4) << "a proposed payment is offered first";
  EXPECT_THAT(out.err,
              HasSubstr("status: a condolence_payment that is proposed cannot become paid"));
  out = Case(admin_.token,
             {"response-status", payment, "offered", "--on", Today(), "--version", "1"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  out = Case(admin_.token, {"response-status", payment, "paid", "--on", Today(), "--version", "2"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["status"], "paid");

  out = Case(admin_.token, {"amends", "--incident", r.incident});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out),
            json::parse(R"([{"currency": "USD", "status": "paid", "payments": 1,
                             "total": "1500.50"}])"));
  out = Case(admin_.token, {"amends", "--incident", "00000000-0000-4000-8000-000000000001"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out), json::array());
}

TEST_F(CaseCliTest, BacklogAndOverdueCountOpenCasesAsOfAnyDay) {
  const std::vector<Imported> r = ImportReports(3);
  ASSERT_EQ(Case(admin_.token, {"step", r[0].incident, "start_assessment"}).exit_code, 0);

  ProcessResult out = Case(admin_.token, {"backlog", "--today", Today(40)});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  json j = json::parse(out.out);
  EXPECT_EQ(j["today"], Today(40));
  ASSERT_EQ(j["stages"].size(), 3u);
  const json& assessment = j["stages"][0];
  EXPECT_EQ(assessment["stage"], "assessment");
  EXPECT_EQ(assessment["count"], 3);
  EXPECT_EQ(assessment["overdue"], 3) << "40 days past arrival, 30 allowed";
  EXPECT_EQ(assessment["by_age_days"]["31-90"], 3);
  EXPECT_EQ(assessment["median_age_days"], 40);
  EXPECT_EQ(j["stages"][1]["count"], 0);
  EXPECT_EQ(j["by_status"]["unassessed"], 2);
  EXPECT_EQ(j["by_status"]["assessing"], 1);
  EXPECT_EQ(j["by_status"]["closed"], 0);

  out = Case(admin_.token, {"backlog", "--today", Today(40), "--assessment-days", "45"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  EXPECT_EQ(j["stages"][0]["overdue"], 0);
  EXPECT_EQ(j["stages"][0]["days_allowed"], 45);
  out = Case(admin_.token, {"backlog"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  EXPECT_EQ(j["stages"][0]["count"], 3);
  EXPECT_EQ(j["stages"][0]["overdue"], 0);
  EXPECT_EQ(j["stages"][0]["by_age_days"]["0-7"], 3);

  out = Case(admin_.token, {"overdue", "--today", Today(40)});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  ASSERT_EQ(j["cases"].size(), 3u);
  EXPECT_EQ(j["cases"][0]["deadline"]["overdue_days"], 10);
  out = Case(admin_.token, {"overdue", "--today", Today(40), "--assessment-days", "60"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_TRUE(json::parse(out.out)["cases"].empty());

  out = Case(admin_.token, {"backlog", "--assessment-days", "0", "--response-days", "4000"});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("--assessment-days: must be 1–3650 days, not 0"));
  EXPECT_THAT(out.err, HasSubstr("--response-days: must be 1–3650 days, not 4000"));
  out = Case(admin_.token, {"overdue", "--today", "2024-02-30"});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("today: "));
  EXPECT_EQ(Case(TokenFor("hana", "humanitarian_liaison"), {"backlog"}).exit_code, 5);
}

TEST_F(CaseCliTest, AnInvestigationIsRecordedAsItGoesThenCompleted) {
  const Imported r = ImportReports(1).at(0);
  const std::string investigator = TokenFor("ines", "investigator");
  ASSERT_EQ(Case(investigator, {"step", r.incident, "start_assessment"}).exit_code, 0);
  ASSERT_EQ(Case(investigator, {"step", r.incident, "record_finding", "--assessment",
                                Write("a.json", R"({"other_sources": ["strike log"],
                                                    "finding": "credible",
                                                    "civilians_killed": {"best": 1}})")})
                .exit_code,
            0);
  ProcessResult out = Case(investigator, {"step", r.incident, "open_investigation"});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("investigation: say how it is investigated"));
  out = Case(investigator, {"step", r.incident, "open_investigation", "--investigation", "-"},
             R"({"investigation_kind": "administrative", "authority": "J2"})");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  json j = json::parse(out.out);
  EXPECT_EQ(j["status"], "investigating");
  const std::string id = j["transition"]["record"].get<std::string>();

  const std::string progress = Write("inv.json", R"({"investigation_kind": "administrative",
    "authority": "J2",
    "inquiries": [{"kind": "witness_interview", "outcome": "remote"}],
    "witness_details": "the shopkeeper, by telephone"})");
  out = Case(investigator, {"investigation", id, "--file", progress, "--version", "1"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["witness_details"], "the shopkeeper, by telephone");
  out = Case(investigator, {"investigation", id, "--file", progress, "--version", "1"});
  EXPECT_EQ(out.exit_code, 4) << "version 1 is stale";
  EXPECT_THAT(out.err, HasSubstr("read it again"));

  out = Case(investigator, {"step", r.incident, "complete_investigation"});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("investigation.findings: are required to complete it"));
  EXPECT_THAT(out.err, HasSubstr("investigation.inquiries: record the site visit"));
  out = Case(investigator, {"step", r.incident, "complete_investigation", "--investigation", "-"},
             R"({"investigation_kind": "administrative", "authority": "J2",
                 "findings": "the target was misidentified",
                 "causes": [{"kind": "target_misidentification"}],
                 "inquiries": [{"kind": "witness_interview", "outcome": "remote"},
                               {"kind": "site_visit", "outcome": "not_possible",
                                "reason": "unsafe"}]})");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["status"], "investigated");
  out = Case(investigator, {"investigation", id, "--file", progress, "--version", "3"});
  EXPECT_EQ(out.exit_code, 4) << "a completed investigation is not changed: " << out.err;

  out = Case(investigator, {"show", r.incident});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  ASSERT_EQ(j["investigations"].size(), 1u);
  EXPECT_EQ(j["investigations"][0]["completed_on"], Today());
  EXPECT_EQ(j["investigations"][0]["causes"][0]["kind"], "target_misidentification");
  EXPECT_EQ(j["deadline"]["stage"], "response");
}

TEST_F(CaseCliTest, LessonsConsultationsAndTheOtherViews) {
  const Imported r = ImportReports(1).at(0);
  ProcessResult out = Case(
      admin_.token, {"consult", r.incident, "--file", Write("c.json", R"({"held_on": "2024-03-01",
                                                              "mode": "in_person",
                                                              "language": "ar",
                                                              "met_by": "liaison officer"})")});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["language"], "ar");

  const std::string analyst = TokenFor("ana", "analyst");
  out = Case(analyst, {"lesson", r.incident, "--file", "-"},
             R"({"cause": {"kind": "pattern_of_life_gap"}, "recommendation": "watch longer",
                 "owner": "J3"})");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const json lesson = json::parse(out.out);
  EXPECT_EQ(lesson["status"], "proposed");
  out = Case(analyst, {"lesson-status", lesson["id"].get<std::string>(), "accepted", "--on",
                       Today(), "--version", "1"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  out = Case(analyst, {"lessons", "--status", "accepted"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  ASSERT_EQ(json::parse(out.out).size(), 1u);
  EXPECT_EQ(json::parse(out.out)[0]["id"], lesson["id"]);
  out = Case(analyst, {"lessons", "--status", "proposed"});
  EXPECT_EQ(json::parse(out.out), json::array());
  EXPECT_EQ(Case(analyst, {"lessons", "--status", "done"}).exit_code, 2);

  out = Case(admin_.token, {"review-queue"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out), json::array());
  out = Case(admin_.token, {"cde"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out), json::array());

  for (const std::string& sub : std::vector<std::string>{
           "show", "step", "investigation", "respond", "response-status", "consult", "lesson",
           "lesson-status", "lessons", "overdue", "backlog", "review-queue", "amends", "timeline",
           "cde", "answer", "my-reports"}) {
    const ProcessResult help = RunCivharm({"case", sub, "--help"});
    EXPECT_EQ(help.exit_code, 0) << sub;
    EXPECT_THAT(help.out, HasSubstr("--db")) << sub;
  }
  EXPECT_THAT(RunCivharm({"case", "step", "--help"}).out,
              HasSubstr("close: responding → closed; respond;"));
}

TEST_F(CaseCliTest, ASourceLearnsWhatBecameOfItsReport) {
  // A survivor through the public form, and an NGO with an account (its own submission).
  service::SubmissionReceipt survivor, ngo;
  {
    auto keys = storage::KeySource::FromFile(
        std::filesystem::path(Db()).replace_extension(".keyring").string());
    ASSERT_TRUE(keys) << keys.error().ToString();
    auto store = storage::OpenStore({.location = Db(),
                                     .migrations = storage::MigrationPolicy::kCheck,
                                     .keys = std::move(*keys)})
                     .value();
    service::RecordService records(*store);
    Report submitted;
    submitted.facts = SampleFacts();
    submitted.account = "my brother was killed at the market";
    survivor = records.SubmitPublicReport(service::Actor::Anonymous(), submitted).value();
    ngo = records.SubmitPublicReport({"monitor", {Role::kExternalReporter}, {}}, submitted).value();
  }
  ProcessResult out =
      Case("", {"answer", survivor.reference_code, "--token-stdin"}, survivor.token + "\n");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  json j = json::parse(out.out);
  EXPECT_EQ(j["reference_code"], survivor.reference_code);
  EXPECT_EQ(j["stage"], "received");
  EXPECT_EQ(j["acknowledged_publicly"], false);
  EXPECT_FALSE(j.contains("finding"));
  EXPECT_THAT(out.out, ::testing::Not(HasSubstr("market"))) << "nothing stored is shown";

  out = Case("", {"answer", survivor.reference_code, "--token-stdin"}, ngo.token + "\n");
  EXPECT_EQ(out.exit_code, 3) << "another report's token shows nothing";
  out = Case("", {"answer", survivor.reference_code, survivor.token});
  EXPECT_EQ(out.exit_code, 2) << "never a token on the command line";
  out = Case("", {"answer", survivor.reference_code});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("token: pass --token-stdin"));
  out = Case("", {"answer", survivor.reference_code, "--token-stdin"});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.err, HasSubstr("no token came on standard input"));

  const std::string monitor = TokenFor("monitor", "external_reporter");
  out = Case(monitor, {"my-reports"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  j = json::parse(out.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["reference_code"], ngo.reference_code);
  EXPECT_EQ(j[0]["stage"], "received");
  EXPECT_EQ(Case(monitor, {"show", "00000000-0000-4000-8000-000000000001"}).exit_code, 5)
      << "a source reads no case file";
}

}  // namespace
}  // namespace civharm::testing
