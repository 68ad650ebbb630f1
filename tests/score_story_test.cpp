// The leadership framework end to end, over the HTTP API of a real `civharm serve` process and
// through `civharm score`: two framework assessors enter assessments of several states, each
// reviewed and published by the other; the reviewer compares them across states and years, reads
// the roadmap and the evidence civharm computes from the force's own records beside the
// indicators, and downloads scorecards and the comparison table; the public reads what was
// published, without anyone's name and without a record id. Bad input changes nothing.
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/testing/temp_dir.h"
#include "domain/codec.h"
#include "domain/framework.h"
#include "domain/test_fixtures.h"
#include "support/process.h"
#include "support/server.h"

namespace civharm::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view kForce = "Government of Syria";  // the sample records' belligerent

using Answer = ApiAnswer;

// Every indicator of the built-in edition at `level`, with evidence citing `incident` for 2.1.
json Content(const std::string& state, int year, const std::string& level,
             const std::string& incident = "") {
  json indicators = json::array();
  for (const Category& c : DefaultFramework().categories) {
    for (const Indicator& i : c.indicators) {
      json score = {{"indicator_id", i.id}, {"level", level}, {"rationale", "seen: " + i.id}};
      if (i.id == "2.1" && !incident.empty()) {
        score["evidence"] = {{{"kind", "record"},
                              {"title", "The strike on the market"},
                              {"record_kind", "incident"},
                              {"record_id", incident}},
                             {{"kind", "link"},
                              {"title", "Tracking cell charter"},
                              {"url", "https://example.org/charter"}}};
      }
      indicators.push_back(std::move(score));
    }
  }
  return {{"state", state},
          {"force", kForce},
          {"period",
           {{"from", std::to_string(year) + "-01-01"}, {"to", std::to_string(year) + "-12-31"}}},
          {"indicators", std::move(indicators)}};
}

class ScoreStoryTest : public ::testing::Test {
 protected:
  Answer Call(const std::string& token, const std::string& method, const std::string& path,
              const json& body = nullptr, const httplib::Headers& headers = {}) {
    return server_.Call(token, method, path, body, headers);
  }

  std::string AddUser(std::string_view name, std::string_view role) {
    return server_.AddUser(admin_.token, name, role);
  }

  // An incident of the force in 2013, found credible; returns its id.
  std::string CredibleIncident() {
    const Answer created = Call(admin_.token, "POST", "/api/v1/incidents", ToJson(SampleIncident()));
    EXPECT_EQ(created.status, 201) << created.raw;
    const std::string id = created.body.value("id", "");
    const std::string steps = "/api/v1/incidents/" + id + "/case/steps";
    EXPECT_EQ(Call(admin_.token, "POST", steps, {{"step", "start_assessment"}}).status, 200);
    const Answer found = Call(admin_.token, "POST", steps,
                              {{"step", "record_finding"},
                               {"assessment",
                                {{"finding", "credible"},
                                 {"other_sources", {"a monitor's casualty list"}},
                                 {"civilians_killed", {{"min", 1}, {"max", 2}}}}}});
    EXPECT_EQ(found.status, 200) << found.raw;
    return id;
  }

  // Entered by `by`, published by `reviewer`; returns the published assessment.
  json Published(const std::string& by, const std::string& reviewer, const json& content) {
    const Answer created = Call(by, "POST", "/api/v1/state-assessments", content);
    EXPECT_EQ(created.status, 201) << created.raw;
    const std::string path = "/api/v1/state-assessments/" + created.body.value("id", "");
    const Answer submitted = Call(by, "POST", path + "/submit", {{"version", 1}});
    EXPECT_EQ(submitted.status, 200) << submitted.raw;
    const Answer published =
        Call(reviewer, "POST", path + "/publish", {{"version", 2}, {"note", "sources checked"}});
    EXPECT_EQ(published.status, 200) << published.raw;
    return published.body;
  }

  TempDir dir_;
  Admin admin_ = InitDatabase(dir_.File("score.db"));
  TestServer server_{dir_.File("score.db"), dir_.path(), {}};
};

TEST_F(ScoreStoryTest, AssessedReviewedPublishedComparedWithEvidenceAndRoadmap) {
  const std::string amina = AddUser("amina", "framework_assessor");
  const std::string boris = AddUser("boris", "framework_assessor");
  const std::string incident = CredibleIncident();

  // A draft, edited with If-Match, refused on a stale version, then sent for review.
  const Answer draft =
      Call(amina, "POST", "/api/v1/state-assessments", Content("Syria", 2013, "engaged", incident));
  ASSERT_EQ(draft.status, 201) << draft.raw;
  EXPECT_EQ(draft.body["status"], "draft");
  EXPECT_EQ(draft.body["assessor"], "amina");
  EXPECT_EQ(draft.header("ETag"), "\"1\"");
  EXPECT_THAT(draft.header("Location"), HasSubstr("/api/v1/state-assessments/"));
  EXPECT_EQ(draft.body["scorecard"]["overall"]["level"], "engaged");
  const std::string path = "/api/v1/state-assessments/" + draft.body["id"].get<std::string>();
  json revised = Content("Syria", 2013, "engaged", incident);
  revised["overall_override"] = {{"level", "uncommitted"}, {"reason", "no budget line at all"}};
  const Answer edited = Call(amina, "PUT", path, revised, {{"If-Match", "\"1\""}});
  ASSERT_EQ(edited.status, 200) << edited.raw;
  EXPECT_EQ(edited.body["scorecard"]["overall"]["level"], "uncommitted");
  EXPECT_EQ(edited.body["scorecard"]["overall"]["computed"], "engaged");
  EXPECT_EQ(Call(amina, "PUT", path, revised, {{"If-Match", "\"1\""}}).status, 409);
  ASSERT_EQ(Call(amina, "POST", path + "/submit", {{"version", 2}}).status, 200);

  // The assessor cannot publish her own; the other assessor returns it once, then publishes.
  const Answer own = Call(amina, "POST", path + "/publish", {{"version", 3}});
  EXPECT_EQ(own.status, 403);
  EXPECT_THAT(own.raw, HasSubstr("someone other than its assessor"));
  const Answer returned =
      Call(boris, "POST", path + "/return", {{"version", 3}, {"note", "cite the charter"}});
  ASSERT_EQ(returned.status, 200) << returned.raw;
  EXPECT_EQ(returned.body["status"], "draft");
  ASSERT_EQ(Call(amina, "POST", path + "/submit", {{"version", 4}}).status, 200);
  const Answer published = Call(boris, "POST", path + "/publish", {{"version", 5}});
  ASSERT_EQ(published.status, 200) << published.raw;
  EXPECT_EQ(published.body["status"], "published");
  EXPECT_EQ(published.body["reviewer"], "boris");
  EXPECT_EQ(Call(amina, "PUT", path, revised, {{"If-Match", "\"6\""}}).status, 409);

  // Two more states and a later year, each reviewed by the other assessor.
  const json iraq = Published(boris, amina, Content("Iraq", 2013, "leader"));
  const json syria14 = Published(amina, boris, Content("Syria", 2014, "emerging_leader"));

  // The reviewer compares across years and states.
  const Answer changes =
      Call(boris, "GET",
           "/api/v1/state-assessments/compare?before=" + published.body["id"].get<std::string>() +
               "&after=" + syria14["id"].get<std::string>());
  ASSERT_EQ(changes.status, 200) << changes.raw;
  const json& last = changes.body["changes"].back();
  EXPECT_EQ(last["subject"], "overall");
  EXPECT_EQ(last["before"], "uncommitted");
  EXPECT_EQ(last["after"], "emerging_leader");
  EXPECT_EQ(last["shift"], "up");
  const std::string ids = published.body["id"].get<std::string>() + "," +
                          iraq["id"].get<std::string>() + "," + syria14["id"].get<std::string>();
  const Answer table = Call(boris, "GET", "/api/v1/state-assessments/comparison?ids=" + ids);
  ASSERT_EQ(table.status, 200) << table.raw;
  EXPECT_EQ(table.body["assessments"].size(), 3u);
  EXPECT_EQ(table.body["rows"].back()["levels"],
            json({"uncommitted", "leader", "emerging_leader"}));
  const Answer csv =
      Call(boris, "GET", "/api/v1/state-assessments/comparison?format=csv&ids=" + ids);
  ASSERT_EQ(csv.status, 200);
  EXPECT_THAT(csv.header("Content-Type"), StartsWith("text/csv"));
  EXPECT_THAT(csv.raw, HasSubstr("overall"));
  EXPECT_THAT(csv.raw, HasSubstr("Iraq 2013-01-01"));
  const Answer xlsx =
      Call(boris, "GET", "/api/v1/state-assessments/comparison?format=xlsx&ids=" + ids);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_THAT(xlsx.raw, StartsWith("PK"));

  // The roadmap, and the evidence from the force's own records beside the indicators.
  const Answer roadmap = Call(boris, "GET", path + "/roadmap");
  ASSERT_EQ(roadmap.status, 200) << roadmap.raw;
  EXPECT_EQ(roadmap.body["items"][0]["subject"], "1");
  EXPECT_EQ(roadmap.body["items"][0]["current"], "engaged");
  EXPECT_EQ(roadmap.body["items"][0]["next"], "emerging_leader");
  const Answer evidence = Call(boris, "GET", path + "/evidence");
  ASSERT_EQ(evidence.status, 200) << evidence.raw;
  EXPECT_EQ(evidence.body["force"], kForce);
  EXPECT_EQ(evidence.body["allegations"], 1);
  const json& assessed = evidence.body["metrics"][0];
  EXPECT_EQ(assessed["metric"], "assessed");
  EXPECT_EQ(assessed["indicators"], json({"2.1"}));
  EXPECT_EQ(assessed["with"], 1);
  EXPECT_EQ(assessed["share"], 1.0);
  // Each figure links to the incidents behind it; they are listed one metric at a time.
  EXPECT_FALSE(assessed.contains("ids_with"));
  const std::string records = assessed["records"];
  EXPECT_EQ(records, path + "/evidence?ids=assessed");
  const Answer behind = Call(boris, "GET", records);
  ASSERT_EQ(behind.status, 200) << behind.raw;
  EXPECT_EQ(behind.body["metrics"][0]["ids_with"], json({incident}));
  EXPECT_FALSE(behind.body["metrics"][3].contains("ids_with"));  // investigated: not asked
  EXPECT_EQ(Call(boris, "GET", path + "/evidence?ids=everything").status, 400);

  // The scorecard, as the assessors download it.
  const Answer pdf = Call(boris, "GET", path + "/scorecard?format=pdf&language=fr");
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 300);
  EXPECT_THAT(pdf.raw, StartsWith("%PDF-"));
  const Answer html = Call(boris, "GET", path + "/scorecard?format=html");
  ASSERT_EQ(html.status, 200);
  EXPECT_THAT(html.raw, HasSubstr("Syria"));
  EXPECT_THAT(html.raw, HasSubstr("no budget line at all"));
  EXPECT_THAT(html.raw, HasSubstr(incident));

  // The public: published assessments only, no names, no record ids, small counts suppressed.
  ASSERT_EQ(Call(amina, "POST", "/api/v1/state-assessments", Content("Chad", 2013, "engaged"))
                .status,
            201);
  const Answer list = Call("", "GET", "/api/v1/public/state-assessments");
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(list.body["items"].size(), 3u);
  const Answer one = Call("", "GET", "/api/v1/public/state-assessments/" +
                                         published.body["id"].get<std::string>());
  ASSERT_EQ(one.status, 200);
  EXPECT_THAT(one.raw, HasSubstr("The strike on the market"));
  const Answer open_evidence = Call("", "GET", "/api/v1/public/state-assessments/" +
                                                   published.body["id"].get<std::string>() +
                                                   "/evidence");
  ASSERT_EQ(open_evidence.status, 200);
  EXPECT_EQ(open_evidence.body["allegations"], "<5");
  const Answer open_card =
      Call("", "GET", "/api/v1/public/state-assessments/" +
                          published.body["id"].get<std::string>() + "/scorecard?format=html");
  ASSERT_EQ(open_card.status, 200);
  for (const Answer* a : {&list, &one, &open_evidence, &open_card}) {
    for (const std::string& hidden :
         {incident, std::string("amina"), std::string("boris"), std::string("cite the charter")}) {
      EXPECT_THAT(a->raw, Not(HasSubstr(hidden)));
    }
  }
  EXPECT_EQ(Call("", "GET", "/api/v1/public/state-assessments/" + std::string(36, '0')).status,
            400);
}

TEST_F(ScoreStoryTest, BadInputIsRefusedWithItsFieldAndChangesNothing) {
  const std::string amina = AddUser("amina", "framework_assessor");
  json content = Content("Syria", 2013, "engaged");
  content["status"] = "published";                         // not the writer's to set
  content["indicators"][0]["level"] = "excellent";         // no such level
  content["indicators"][1]["indicator_id"] = "9.9";        // no such indicator
  content["period"] = {{"from", "2013-12-31"}, {"to", "2013-01-01"}};  // backwards
  const Answer refused = Call(amina, "POST", "/api/v1/state-assessments", content);
  EXPECT_EQ(refused.status, 400);
  std::vector<std::string> fields;
  for (const json& d : refused.body["error"]["details"]) fields.push_back(d["field"]);
  EXPECT_THAT(fields, ::testing::Contains("status"));
  EXPECT_THAT(fields, ::testing::Contains("indicators[0].level"));
  content.erase("status");
  content["indicators"][0]["level"] = "engaged";
  const Answer invalid = Call(amina, "POST", "/api/v1/state-assessments", content);
  EXPECT_EQ(invalid.status, 400);
  fields.clear();
  for (const json& d : invalid.body["error"]["details"]) fields.push_back(d["field"]);
  EXPECT_THAT(fields, ::testing::Contains("period.to"));
  EXPECT_THAT(fields, ::testing::Contains("indicators[1].indicator_id"));
  // Nothing was stored.
  const Answer list = Call(amina, "GET", "/api/v1/state-assessments");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.body["items"].empty());
  EXPECT_EQ(Call(amina, "GET", "/api/v1/state-assessments?status=finished").status, 400);
  EXPECT_EQ(Call(amina, "GET", "/api/v1/state-assessments/not-an-id").status, 400);
  EXPECT_EQ(Call(amina, "GET", "/api/v1/state-assessments/compare?before=x").status, 400);
  EXPECT_EQ(Call(amina, "GET", "/api/v1/framework/editions/cpm-1999").status, 404);
  const Answer edition = Call(amina, "POST", "/api/v1/framework/editions",
                              {{"edition", "broken"}, {"categories", 3}});
  EXPECT_EQ(edition.status, 400);
}

// The same work through `civharm score`, as the command line's users do it.
TEST_F(ScoreStoryTest, TheCommandLineEntersReviewsAndComparesAssessments) {
  const std::string amina = AddUser("amina", "framework_assessor");
  const std::string boris = AddUser("boris", "framework_assessor");
  const std::string db = dir_.File("score.db");
  const std::string file = dir_.File("syria.json");
  {
    std::ofstream out(file);
    out << Content("Syria", 2013, "engaged").dump();
  }
  UseToken(amina);
  ProcessResult created = RunCivharm({"score", "create", file, "--db", db});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const json a = json::parse(created.out);
  const std::string id = a["id"];
  EXPECT_EQ(a["status"], "draft");
  ASSERT_EQ(RunCivharm({"score", "submit", id, "--db", db}).exit_code, 0);
  const ProcessResult own = RunCivharm({"score", "publish", id, "--db", db});
  EXPECT_NE(own.exit_code, 0);
  EXPECT_THAT(own.err, HasSubstr("someone other than its assessor"));
  UseToken(boris);
  const ProcessResult published = RunCivharm({"score", "publish", id, "--db", db, "--note", "ok"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_EQ(json::parse(published.out)["status"], "published");

  // Another state, by the other assessor; then the table of both and the roadmap.
  {
    std::ofstream out(file);
    out << Content("Iraq", 2013, "leader").dump();
  }
  const ProcessResult iraq = RunCivharm({"score", "create", file, "--db", db});
  ASSERT_EQ(iraq.exit_code, 0) << iraq.err;
  const std::string iraq_id = json::parse(iraq.out)["id"];
  const ProcessResult table = RunCivharm({"score", "table", id, iraq_id, "--db", db});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, StartsWith("subject,name,"));
  EXPECT_THAT(table.out, HasSubstr("Iraq 2013-01-01"));
  EXPECT_THAT(table.out, HasSubstr("(draft)"));
  const ProcessResult roadmap = RunCivharm({"score", "roadmap", id, "--db", db});
  ASSERT_EQ(roadmap.exit_code, 0) << roadmap.err;
  EXPECT_EQ(json::parse(roadmap.out)[0]["next"], "emerging_leader");
  const std::string card = dir_.File("card.pdf");
  const ProcessResult scorecard =
      RunCivharm({"score", "scorecard", id, "--db", db, "--format", "pdf", "--out", card});
  ASSERT_EQ(scorecard.exit_code, 0) << scorecard.err;
  EXPECT_THAT(ReadFile(card), StartsWith("%PDF-"));
  // The public scorecard needs no user.
  UseToken("");
  const std::string open = dir_.File("open.html");
  const ProcessResult public_card = RunCivharm(
      {"score", "scorecard", id, "--public", "--db", db, "--format", "html", "--out", open});
  ASSERT_EQ(public_card.exit_code, 0) << public_card.err;
  EXPECT_THAT(ReadFile(open), Not(HasSubstr("amina")));
  EXPECT_THAT(ReadFile(open), HasSubstr("Syria"));
  // A malformed file is refused with where the problem is.
  {
    std::ofstream out(file);
    out << R"({"state": "Chad", "period": {"from": "2013-01-01"}})";
  }
  UseToken(amina);
  const ProcessResult bad = RunCivharm({"score", "create", file, "--db", db});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.err, HasSubstr("period.to"));
}

}  // namespace
}  // namespace civharm::testing
