// A public release end to end, over the HTTP API of a real `civharm serve` process: one publisher
// requests a release, cannot approve it herself, a second publisher approves it, and then anyone,
// without signing in, reads it and downloads its open data in four formats — none of which holds
// anything restricted or personal — until the public rate limit answers 429.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/testing/temp_dir.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "support/process.h"
#include "support/server.h"

namespace civharm::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kPublicReads = 20;  // --public-read-limit for this server
const std::vector<std::string> kSecret = {"MARKER-RESTRICTED-Zq", "MARKER-ACCOUNT-Zq",
                                          "MARKER-CONTACT-Zq", "MARKER-NAME-Zq"};

using Answer = ApiAnswer;

class ReleaseStoryTest : public ::testing::Test {
 protected:
  Answer Call(const std::string& token, const std::string& method, const std::string& path,
              const json& body = nullptr, const httplib::Headers& headers = {}) {
    return server_.Call(token, method, path, body, headers);
  }

  std::string AddUser(std::string_view name, std::string_view role) {
    return server_.AddUser(admin_.token, name, role);
  }

  // An incident assessed credible by the administrator; returns its id.
  std::string CredibleIncident(Incident incident) {
    const Answer created = Call(admin_.token, "POST", "/api/v1/incidents", ToJson(incident));
    EXPECT_EQ(created.status, 201) << created.raw;
    const std::string id = created.body.value("id", "");
    const std::string steps = "/api/v1/incidents/" + id + "/case/steps";
    EXPECT_EQ(Call(admin_.token, "POST", steps, {{"step", "start_assessment"}}).status, 200);
    const Answer found = Call(admin_.token, "POST", steps,
                              {{"step", "record_finding"},
                               {"assessment",
                                {{"finding", "credible"},
                                 {"other_sources", {"strike log"}},
                                 {"civilians_killed", {{"min", 1}, {"max", 2}}}}}});
    EXPECT_EQ(found.status, 200) << found.raw;
    return id;
  }

  void ExpectNoSecret(const std::string& what, const std::string& bytes) {
    for (const std::string& marker : kSecret) {
      EXPECT_THAT(bytes, Not(HasSubstr(marker))) << what;
    }
    EXPECT_THAT(bytes, Not(HasSubstr("nadia"))) << what << ": the requester's name";
    EXPECT_THAT(bytes, Not(HasSubstr("omar"))) << what << ": the reviewer's name";
  }

  TempDir dir_;
  Admin admin_ = InitDatabase(dir_.File("release.db"));
  TestServer server_{
      dir_.File("release.db"), dir_.path(), {"--public-read-limit", std::to_string(kPublicReads)}};
};

TEST_F(ReleaseStoryTest, RequestedByOneApprovedByAnotherThenOpenToAnyone) {
  Incident open = SampleIncident();
  open.title = "Strike on the market at Rami";
  open.facts.casualties.civilian.injured = {};  // fewer than 10 harmed: the standard level
  const std::string open_id = CredibleIncident(open);
  Report report = SampleReport();
  report.account = "MARKER-ACCOUNT-Zq saw it";
  report.contact = "MARKER-CONTACT-Zq";
  report.incident_id = open_id;
  ASSERT_EQ(Call(admin_.token, "POST", "/api/v1/reports", ToJson(report)).status, 201);
  Victim victim = SampleVictim();
  victim.names = {{"MARKER-NAME-Zq", "en"}};
  victim.incident_id = open_id;
  ASSERT_EQ(Call(admin_.token, "POST", "/api/v1/victims", ToJson(victim)).status, 201);
  Incident secret = SampleIncident();
  secret.title = "MARKER-RESTRICTED-Zq strike";
  secret.meta.restricted_to = {"j2"};
  const std::string secret_id = CredibleIncident(secret);

  const std::string nadia = AddUser("nadia", "publisher");
  const std::string omar = AddUser("omar", "publisher");
  const std::string analyst = AddUser("sam", "analyst");

  // Nadia requests; the analyst may not.
  EXPECT_EQ(Call(analyst, "POST", "/api/v1/releases", json::object()).status, 403);
  const Answer bad =
      Call(nadia, "POST", "/api/v1/releases", {{"rules", {{"fields", {"date", "names"}}}}});
  EXPECT_EQ(bad.status, 400) << bad.raw;
  EXPECT_THAT(bad.raw, HasSubstr("rules.fields[1]"));
  const Answer requested =
      Call(nadia, "POST", "/api/v1/releases", {{"note", "the first public release"}});
  ASSERT_EQ(requested.status, 201) << requested.raw;
  EXPECT_EQ(requested.body["version"], 1);
  EXPECT_EQ(requested.body["status"], "requested");
  EXPECT_EQ(requested.body["incidents"], 1) << "the restricted incident is not even read";
  const std::string id = requested.body["id"];
  EXPECT_EQ(requested.header("Location"), "/api/v1/releases/" + id);
  // Before approval nothing is public, but the reviewers see exactly what would go out.
  int public_reads = 0;
  const auto Public = [&](const std::string& path) {
    ++public_reads;
    return Call("", "GET", path);
  };
  EXPECT_EQ(Public("/api/v1/public/releases/1").status, 404);
  const Answer preview = Call(omar, "GET", "/api/v1/releases/" + id + "/incidents");
  ASSERT_EQ(preview.status, 200) << preview.raw;
  ASSERT_EQ(preview.body["items"].size(), 1u);
  EXPECT_EQ(preview.body["items"][0]["id"], open_id);

  // The requester may not approve her own release.
  const Answer self = Call(nadia, "POST", "/api/v1/releases/" + id + "/approve", json::object());
  EXPECT_EQ(self.status, 403) << self.raw;
  EXPECT_THAT(self.raw, HasSubstr("another person must review it"));
  const Answer approved =
      Call(omar, "POST", "/api/v1/releases/" + id + "/approve", {{"note", "map checked"}});
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status"], "approved");
  EXPECT_EQ(approved.body["reviewed_by"], "omar");
  EXPECT_EQ(Call(omar, "POST", "/api/v1/releases/" + id + "/approve", json::object()).status, 409);
  const Answer verified = Call(nadia, "GET", "/api/v1/releases/" + id + "/verify");
  ASSERT_EQ(verified.status, 200) << verified.raw;
  EXPECT_EQ(verified.body["ok"], true);

  // Anyone, without signing in.
  EXPECT_EQ(Call("", "GET", "/api/v1/releases").status, 401) << "the publishers' routes";
  const Answer list = Public("/api/v1/public/releases");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["content_hash"], requested.body["content_hash"]);
  ExpectNoSecret("list", list.raw);

  const Answer csv = Public("/api/v1/public/releases/1/download?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("Content-Disposition"), "attachment; filename=\"civharm-release-1.csv\"");
  EXPECT_THAT(csv.raw, HasSubstr("\n#event+id,#event+name,#date+start,"));
  EXPECT_THAT(csv.raw, HasSubstr("Strike on the market at Rami"));
  ExpectNoSecret("csv", csv.raw);
  const Answer geojson = Public("/api/v1/public/releases/1/download?format=geojson");
  ASSERT_EQ(geojson.status, 200);
  EXPECT_EQ(geojson.header("Content-Type"), "application/geo+json; charset=utf-8");
  EXPECT_EQ(geojson.body["features"][0]["geometry"]["coordinates"], json({36.575, 35.775}))
      << "the point snapped to the centre of its 0.05° cell";
  ExpectNoSecret("geojson", geojson.raw);
  const Answer data = Public("/api/v1/public/releases/1/download?format=json");
  ASSERT_EQ(data.status, 200);
  ExpectNoSecret("json", data.raw);
  const Answer xlsx = Public("/api/v1/public/releases/1/download?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.header("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.raw.substr(0, 2), "PK");
  EXPECT_EQ(xlsx.header("Content-Disposition"), "attachment; filename=\"civharm-release-1.xlsx\"");
  EXPECT_EQ(Public("/api/v1/public/releases/1/download?format=pdf").status, 400);

  const Answer methodology = Public("/api/v1/public/releases/1/methodology");
  ASSERT_EQ(methodology.status, 200);
  EXPECT_EQ(methodology.header("Content-Type"), "text/markdown; charset=utf-8");
  EXPECT_THAT(methodology.raw, HasSubstr("# How this dataset is made"));
  const Answer page = Public("/api/v1/public/releases/latest");
  EXPECT_EQ(page.body["version"], 1);
  ExpectNoSecret("latest", page.raw);
  const Answer incidents = Public("/api/v1/public/releases/1/incidents?limit=1");
  ASSERT_EQ(incidents.status, 200);
  EXPECT_TRUE(incidents.body["next_cursor"].is_null());
  EXPECT_FALSE(incidents.body["items"][0].contains("description"));
  const Answer trends = Public("/api/v1/public/releases/1/trends?interval=year&by=perpetrator");
  ASSERT_EQ(trends.status, 200) << trends.raw;
  EXPECT_EQ(trends.body["groups"][0]["incidents"], "<5");
  const Answer map = Public("/api/v1/public/releases/1/map?bbox=30,30,40,40&zoom=6");
  ASSERT_EQ(map.status, 200) << map.raw;
  EXPECT_EQ(map.body["clusters"][0]["count"], "<5");
  const Answer open_assessments = Public("/api/v1/public/open-assessments");
  ASSERT_EQ(open_assessments.status, 200) << open_assessments.raw;
  EXPECT_EQ(open_assessments.body["release"], 1);
  // The public report: in Arabic as a PDF, in English as HTML; nothing secret in either.
  const Answer report_pdf = Public("/api/v1/public/releases/1/report?language=ar");
  ASSERT_EQ(report_pdf.status, 200) << report_pdf.raw;
  EXPECT_EQ(report_pdf.header("Content-Type"), "application/pdf");
  EXPECT_EQ(report_pdf.raw.substr(0, 5), "%PDF-");
  EXPECT_EQ(report_pdf.header("Content-Disposition"),
            "attachment; filename=\"civharm-release-1-report-ar.pdf\"");
  const Answer report_html = Public("/api/v1/public/releases/1/report?format=html");
  ASSERT_EQ(report_html.status, 200) << report_html.raw;
  EXPECT_THAT(report_html.raw, HasSubstr("Civilian harm: public report"));
  EXPECT_THAT(report_html.raw, HasSubstr(requested.body["content_hash"].get<std::string>()));
  EXPECT_THAT(report_html.raw, HasSubstr("How this dataset is made"));
  const Answer bad_format = Public("/api/v1/public/releases/1/report?format=docx");
  EXPECT_EQ(bad_format.status, 400);
  EXPECT_EQ(bad_format.body["error"]["field"], "format") << bad_format.raw;
  for (const Answer* a : {&incidents, &trends, &map, &open_assessments, &report_html}) {
    ExpectNoSecret("tables", a->raw);
  }
  EXPECT_THAT(incidents.raw, Not(HasSubstr(secret_id)));

  // Over the limit: 429 with Retry-After, for every public route alike.
  Answer refused;
  for (int i = public_reads; i <= kPublicReads && refused.status != 429; ++i) {
    refused = Public("/api/v1/public/releases");
  }
  ASSERT_EQ(refused.status, 429) << refused.raw;
  EXPECT_FALSE(refused.header("Retry-After").empty());
  EXPECT_EQ(refused.body["error"]["code"], "resource_exhausted");
  EXPECT_EQ(Call("", "GET", "/api/v1/public/releases/1/download?format=csv").status, 429);
  // The signed-in routes are not counted.
  EXPECT_EQ(Call(nadia, "GET", "/api/v1/releases").status, 200);

  // Withdrawn, it is public no more; and the audit chain holds it all.
  const Answer withdrawn = Call(omar, "POST", "/api/v1/releases/" + id + "/withdraw",
                                {{"reason", "a location was wrong"}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.raw;
  const Answer check = Call(admin_.token, "GET", "/api/v1/audit/verification");
  ASSERT_EQ(check.status, 200);
  EXPECT_EQ(check.body["ok"], true) << check.raw;
  EXPECT_EQ(check.body["releases"], 1);
}

// The same story on the command line: `civharm release` as two publishers in turn.
TEST(ReleaseCommandTest, RequestApproveVerifyAndDownloadAsTwoPeople) {
  TempDir dir;
  const std::string db = dir.File("cli.db");
  InitAndSignIn(db);
  ASSERT_EQ(RunCivharm({"demo", "--events", "20", "--db", db}).exit_code, 0);
  std::map<std::string, std::string> tokens;
  for (const char* name : {"nadia", "omar"}) {
    ProcessResult r =
        RunCivharm({"user", "add", name, "--role", "publisher", "--password-stdin", "--db", db},
                   std::string(kTestPassword) + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = RunCivharm({"token", "create", "--user", name, "--password-stdin", "--db", db},
                   std::string(kTestPassword) + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    tokens[name] = r.out.substr(0, r.out.find('\n'));
  }
  const std::string rules = dir.File("bad.yaml");
  std::ofstream(rules) << "fields: [date, names]\n";

  UseToken(tokens["nadia"]);
  ProcessResult r = RunCivharm({"release", "request", "--rules", rules, "--db", db});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("rules.fields[1]: 'names' is personal data"));
  r = RunCivharm({"release", "request", "--note", "from the command line", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json requested = json::parse(r.out);
  EXPECT_EQ(requested["version"], 1);
  EXPECT_EQ(requested["status"], "requested");
  EXPECT_GT(requested["incidents"].get<int>(), 0);
  r = RunCivharm({"release", "approve", "1", "--db", db});
  EXPECT_EQ(r.exit_code, 5) << "not by the person who requested it";
  EXPECT_THAT(r.err, HasSubstr("another person must review it"));

  UseToken(tokens["omar"]);
  r = RunCivharm({"release", "approve", requested["id"], "--note", "checked", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["status"], "approved");
  EXPECT_EQ(RunCivharm({"release", "reject", "1", "--reason", "late", "--db", db}).exit_code, 4);
  r = RunCivharm({"release", "verify", "1", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["ok"], true);
  const std::string csv = dir.File("release-1.csv");
  r = RunCivharm({"release", "download", "1", "--format", "csv", "--out", csv, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(ReadFile(csv), HasSubstr("\n#event+id,#event+name,"));
  // The public report needs nobody signed in: it shows only what the release publishes.
  UseToken("");
  const std::string report = dir.File("report.html");
  r = RunCivharm({"report", "public", "--format", "html", "--language", "fr", "--out", report,
                  "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "release 1: " + report + "\n");
  EXPECT_THAT(ReadFile(report), HasSubstr("Dommages aux civils : rapport public"));
  EXPECT_THAT(ReadFile(report), HasSubstr(requested["content_hash"].get<std::string>()));
  r = RunCivharm({"report", "public", "--release", "2", "--out", report, "--db", db});
  EXPECT_EQ(r.exit_code, 3) << "no such approved release";
  UseToken(tokens["omar"]);
  r = RunCivharm({"release", "list", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).size(), 1u);
  EXPECT_EQ(RunCivharm({"release", "show", "7", "--db", db}).exit_code, 3);
  EXPECT_EQ(RunCivharm({"release", "show", "latest", "--db", db}).exit_code, 2);
  r = RunCivharm({"release", "rules"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("suppression_threshold: 5"));
  r = RunCivharm({"audit", "verify", "--db", db});
  EXPECT_EQ(r.exit_code, 5) << "a publisher may not verify the whole log";
}

}  // namespace
}  // namespace civharm::testing
