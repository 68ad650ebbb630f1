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
  EXPECT_THAT(r.out, HasSubstr("schema version 4"));
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
