// The case lifecycle end to end, over the HTTP API of a real `civharm serve` process: an NGO's
// report becomes a case that is assessed, investigated, responded to with amends, closed and
// learnt from — each step taken by the role it belongs to — and the NGO, like an anonymous
// survivor, is told what became of its report and nothing more.
#include <algorithm>
#include <csignal>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/testing/temp_dir.h"
#include "core/time.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "support/process.h"
#include "support/server.h"

namespace civharm::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kNgoCode = "NGO-2026-0042";
constexpr std::string_view kInvestigator = "amira.nasser";
constexpr std::string_view kOperationRef = "OP-STORY-7";
// Personal data recorded in the case: only roles with read_personal_data may see it.
constexpr std::string_view kWitness = "Omar Haddad";
constexpr std::string_view kRecipient = "the family of Yusuf Karim";

using Answer = ApiAnswer;

// The day `offset` days from today (UTC), as the server counts days.
std::string Day(int offset) {
  return Timestamp::Now().date().AddDays(offset).ToString();
}

class CaseStoryTest : public ::testing::Test {
 protected:
  Answer Call(const std::string& token, const std::string& method, const std::string& path,
              const json& body = nullptr, const httplib::Headers& headers = {}) {
    return server_.Call(token, method, path, body, headers);
  }

  // Adds a user with one role and signs them in; returns their API token.
  std::string AddUser(std::string_view name, std::string_view role) {
    return server_.AddUser(admin_.token, name, role);
  }

  // Takes a step that must succeed; returns the case file after it.
  json Step(const std::string& token, const std::string& incident, const json& body) {
    const Answer a = Call(token, "POST", "/api/v1/incidents/" + incident + "/case/steps", body);
    EXPECT_EQ(a.status, 200) << body.dump() << ": " << a.raw;
    return a.body;
  }

  // Moves a response or lesson to its next status; returns the record after it.
  json Move(const std::string& token, const std::string& path, std::string_view status, int day,
            const json& record) {
    const Answer a =
        Call(token, "POST", path + "/status",
             {{"status", status}, {"on", Day(day)}, {"expected_version", record["version"]}});
    EXPECT_EQ(a.status, 200) << path << " → " << status << ": " << a.raw;
    if (a.status == 200) {
      EXPECT_EQ(a.body["status"], status);
    }
    return a.body;
  }

  std::string NewIncident(const std::string& title) {
    Incident i = SampleIncident();
    i.title = title;
    const Answer a = Call(admin_.token, "POST", "/api/v1/incidents", ToJson(i));
    EXPECT_EQ(a.status, 201) << a.raw;
    return a.status == 201 ? a.body["id"].get<std::string>() : "";
  }

  TempDir dir_;
  Admin admin_ = InitDatabase(dir_.File("story.db"));
  TestServer server_{
      dir_.File("story.db"),
      dir_.path(),
      {"--assessment-days", "10", "--investigation-days", "60", "--response-days", "45"}};
};

TEST_F(CaseStoryTest, AnNgoReportBecomesACaseThatIsAssessedInvestigatedAmendedAndClosed) {
  const std::string analyst = AddUser("sam.analyst", "analyst");
  const std::string investigator = AddUser(kInvestigator, "investigator");
  const std::string officer = AddUser("rania.response", "response_officer");
  const std::string ngo = AddUser("ngo", "external_reporter");

  // The NGO reports harm under its own reference code; an incident opens for it.
  Report report = SampleReport();
  report.source_name = "Local monitors network";
  report.source_record_id = "LMN-1";
  report.reference_code = std::string(kNgoCode);
  report.received_at = *Timestamp::Parse(Day(-40) + "T09:00:00Z");
  const Answer posted = Call(ngo, "POST", "/api/v1/reports", ToJson(report));
  ASSERT_EQ(posted.status, 201) << posted.raw;
  const std::string report_id = posted.body["id"];
  const std::string incident = posted.body["incident_id"];
  const std::string incident_path = "/api/v1/incidents/" + incident;
  EXPECT_EQ(Call(ngo, "GET", incident_path + "/case").status, 403) << "sources see no case file";

  // The analyst records the own-force operation, with its collateral damage estimate, and links
  // it to the incident.
  Operation op = SampleOperation();
  op.reference = std::string(kOperationRef);
  op.cde.civilian_killed = {.min = 0, .max = 1};
  const Answer op_posted = Call(analyst, "POST", "/api/v1/operations", ToJson(op));
  ASSERT_EQ(op_posted.status, 201) << op_posted.raw;
  const std::string operation = op_posted.body["id"];
  json inc = Call(analyst, "GET", incident_path).body;
  inc["operation_ids"] = {operation};
  const Answer linked = Call(analyst, "PUT", incident_path, inc);
  ASSERT_EQ(linked.status, 200) << linked.raw;

  json file = Call(investigator, "GET", incident_path + "/case").body;
  EXPECT_EQ(file["status"], "unassessed");
  EXPECT_EQ(file["allowed_steps"], json({"start_assessment"}));
  EXPECT_EQ(file["deadline"]["stage"], "assessment");
  EXPECT_EQ(file["deadline"]["since"], Day(-40)) << "the allegation's arrival";
  EXPECT_EQ(file["deadline"]["due"], Day(-30)) << "--assessment-days 10";
  EXPECT_EQ(file["deadline"]["overdue_days"], 30);
  EXPECT_EQ(Call(officer, "GET", incident_path + "/case").body["allowed_steps"], json::array());

  // The investigator assesses: credible, on the NGO's report and the operation's records.
  file = Step(investigator, incident,
              {{"step", "start_assessment"}, {"expected_status", "unassessed"}, {"on", Day(-38)}});
  EXPECT_EQ(file["status"], "assessing");
  file = Step(investigator, incident,
              {{"step", "record_finding"},
               {"expected_status", "assessing"},
               {"on", Day(-35)},
               {"assessment",
                {{"finding", "credible"},
                 {"reports_considered", {report_id}},
                 {"operations_considered", {operation}},
                 {"other_sources", {"post-strike imagery"}},
                 {"civilians_killed", {{"min", 2}, {"max", 3}}}}}});
  EXPECT_EQ(file["status"], "credible");
  ASSERT_EQ(file["assessments"].size(), 1u);
  EXPECT_EQ(file["assessments"][0]["finding"], "credible");
  EXPECT_EQ(file["assessments"][0]["standard"], "more_likely_than_not");
  EXPECT_EQ(file["deadline"]["stage"], "response");

  // An administrative investigation, recorded as it goes.
  file = Step(investigator, incident,
              {{"step", "open_investigation"},
               {"on", Day(-30)},
               {"investigation",
                {{"investigation_kind", "administrative"}, {"authority", "Joint Task Force IG"}}}});
  EXPECT_EQ(file["status"], "investigating");
  EXPECT_EQ(file["deadline"]["stage"], "investigation");
  EXPECT_EQ(file["deadline"]["due"], Day(30)) << "--investigation-days 60";
  ASSERT_EQ(file["investigations"].size(), 1u);
  const json opened = file["investigations"][0];
  const json progress{{"investigation_kind", "administrative"},
                      {"authority", "Joint Task Force IG"},
                      {"led_by_unit_chain_of_command", false},
                      {"inquiries",
                       {{{"kind", "witness_interview"},
                         {"outcome", "done"},
                         {"on", Day(-28)},
                         {"summary", "a neighbour saw the strike"}},
                        {{"kind", "site_visit"},
                         {"outcome", "not_possible"},
                         {"reason", "the area is under the control of another party"}}}},
                      {"sources_consulted", {"strike log", "full-motion video"}},
                      {"findings", "The building was misidentified as a command post."},
                      {"causes", {{{"kind", "target_misidentification"}}}},
                      {"witness_details", std::string(kWitness) + ", shopkeeper"}};
  Answer put =
      Call(investigator, "PUT", "/api/v1/investigations/" + opened["id"].get<std::string>(),
           {{"investigation", progress}, {"expected_version", opened["version"]}});
  ASSERT_EQ(put.status, 200) << put.raw;
  EXPECT_EQ(put.body["version"], 2);
  EXPECT_EQ(put.body["incident_id"], incident);
  EXPECT_EQ(put.body["witness_details"], std::string(kWitness) + ", shopkeeper");
  EXPECT_EQ(put.body["inquiries"].size(), 2u);
  // A stale version changes nothing.
  put = Call(investigator, "PUT", "/api/v1/investigations/" + opened["id"].get<std::string>(),
             {{"investigation", progress}, {"expected_version", 1}});
  EXPECT_EQ(put.status, 409) << put.raw;
  file = Step(investigator, incident, {{"step", "complete_investigation"}, {"on", Day(-20)}});
  EXPECT_EQ(file["status"], "investigated");
  EXPECT_EQ(file["investigations"][0]["completed_on"], Day(-20));
  EXPECT_EQ(file["investigations"][0]["causes"][0]["kind"], "target_misidentification");

  // The response officer responds: a public acknowledgment, an ex gratia payment, a
  // consultation with the family.
  file = Step(officer, incident, {{"step", "start_response"}, {"on", Day(-15)}});
  EXPECT_EQ(file["status"], "responding");
  EXPECT_EQ(file["allowed_steps"], json({"close"}));
  EXPECT_EQ(file["deadline"]["due"], Day(30)) << "--response-days 45";
  Answer added = Call(officer, "POST", incident_path + "/responses",
                      {{"response_kind", "acknowledgment"},
                       {"is_public", true},
                       {"description", "Statement on the force's website"},
                       {"history", {{{"status", "proposed"}, {"on", Day(-14)}}}}});
  ASSERT_EQ(added.status, 201) << added.raw;
  const std::string ack_path = "/api/v1/responses/" + added.body["id"].get<std::string>();
  EXPECT_EQ(added.headers.find("Location")->second, ack_path);
  EXPECT_EQ(added.body["history"][0]["by"], "rania.response");
  Move(officer, ack_path, "delivered", -12, added.body);

  added = Call(officer, "POST", incident_path + "/responses",
               {{"response_kind", "ex_gratia_payment"},
                {"amount", {{"amount", "1500.00"}, {"currency", "USD"}}},
                {"recipient", kRecipient},
                {"history", {{{"status", "proposed"}, {"on", Day(-14)}}}}});
  ASSERT_EQ(added.status, 201) << added.raw;
  const std::string pay_path = "/api/v1/responses/" + added.body["id"].get<std::string>();
  json payment = Move(officer, pay_path, "offered", -10, added.body);
  payment = Move(officer, pay_path, "accepted", -8, payment);
  const Answer consulted = Call(officer, "POST", incident_path + "/consultations",
                                {{"held_on", Day(-11)},
                                 {"mode", "in_person"},
                                 {"language", "ar"},
                                 {"met_by", "Civil affairs officer"},
                                 {"preferred_responses", {"ex_gratia_payment", "apology"}},
                                 {"participants", kRecipient},
                                 {"preferences", "They asked for the payment in cash."}});
  ASSERT_EQ(consulted.status, 201) << consulted.raw;

  // Closing waits for every response to be resolved.
  Answer refused = Call(officer, "POST", incident_path + "/case/steps", {{"step", "close"}});
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_EQ(refused.body["error"]["code"], "conflict");
  EXPECT_THAT(refused.raw, HasSubstr("accepted"));
  EXPECT_EQ(Call(officer, "GET", incident_path + "/case").body["status"], "responding")
      << "a refused step changes nothing";
  payment = Move(officer, pay_path, "paid", -5, payment);
  EXPECT_EQ(payment["amount"]["amount"], "1500.00");
  EXPECT_EQ(Call(officer, "POST", pay_path + "/status",
                 {{"status", "withdrawn"}, {"on", Day(-4)}, {"note", "x"}, {"expected_version", 4}})
                .status,
            409)
      << "a paid payment is resolved";
  file = Step(officer, incident, {{"step", "close"}, {"on", Day(-3)}});
  EXPECT_EQ(file["status"], "closed");
  EXPECT_TRUE(file["deadline"].is_null());
  EXPECT_EQ(file["transitions"].size(), 6u);
  EXPECT_EQ(file["responses"].size(), 2u);
  EXPECT_EQ(file["consultations"].size(), 1u);

  const Answer totals = Call(officer, "GET", "/api/v1/amends/totals?incident=" + incident);
  ASSERT_EQ(totals.status, 200) << totals.raw;
  EXPECT_EQ(totals.body["totals"],
            json::parse(R"([{"currency":"USD","status":"paid","payments":1,"amount":"1500.00"}])"));

  // The estimate missed the harm the force concedes.
  const Answer cde = Call(analyst, "GET", "/api/v1/operations/cde-comparison");
  ASSERT_EQ(cde.status, 200) << cde.raw;
  ASSERT_EQ(cde.body["operations"].size(), 1u);
  const json& compared = cde.body["operations"][0];
  EXPECT_EQ(compared["reference"], std::string(kOperationRef));
  EXPECT_EQ(compared["estimate"]["killed"], json({{"min", 0}, {"max", 1}}));
  EXPECT_EQ(compared["assessed"]["killed"], json({{"min", 2}, {"max", 3}}));
  EXPECT_EQ(compared["incidents"], json({incident}));
  EXPECT_TRUE(compared["killed_exceeds_estimate"]);

  // The lesson, followed to implementation.
  added = Call(analyst, "POST", incident_path + "/lessons",
               {{"cause", {{"kind", "target_misidentification"}}},
                {"recommendation", "Require a second source before striking a building."},
                {"owner", "J3 targeting cell"},
                {"due", Day(60)}});
  ASSERT_EQ(added.status, 201) << added.raw;
  EXPECT_EQ(added.body["status"], "proposed");
  const std::string lesson_path = "/api/v1/lessons/" + added.body["id"].get<std::string>();
  json lesson = Move(investigator, lesson_path, "accepted", 0, added.body);
  EXPECT_EQ(Call(analyst, "GET", "/api/v1/lessons?status=accepted").body["lessons"].size(), 1u);
  lesson = Move(analyst, lesson_path, "implemented", 0, lesson);
  EXPECT_EQ(lesson["history"].size(), 3u);
  EXPECT_EQ(Call(officer, "POST", lesson_path + "/status",
                 {{"status", "rejected"}, {"on", Day(0)}, {"note", "x"}, {"expected_version", 3}})
                .status,
            403)
      << "response officers do not manage lessons";
  const json implemented = Call(analyst, "GET", "/api/v1/lessons?status=implemented").body;
  ASSERT_EQ(implemented["lessons"].size(), 1u);
  EXPECT_EQ(implemented["lessons"][0]["owner"], "J3 targeting cell");

  // The timeline: the report, then every step and status change, in time order.
  const Answer timeline = Call(analyst, "GET", incident_path + "/timeline");
  ASSERT_EQ(timeline.status, 200) << timeline.raw;
  const json& entries = timeline.body["entries"];
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0]["kind"], "report");
  EXPECT_EQ(entries[0]["record_id"], report_id);
  std::vector<std::string> steps;
  int response_changes = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) {
      const Timestamp before = *Timestamp::Parse(entries[i - 1]["at"].get<std::string>());
      const Timestamp at = *Timestamp::Parse(entries[i]["at"].get<std::string>());
      EXPECT_FALSE(at < before) << entries.dump(1);
    }
    const std::string summary = entries[i]["summary"];
    if (entries[i]["kind"] == "transition") steps.push_back(summary.substr(0, summary.find(':')));
    if (entries[i]["kind"] == "response_status") ++response_changes;
  }
  EXPECT_EQ(steps,
            (std::vector<std::string>{"start_assessment", "record_finding", "open_investigation",
                                      "complete_investigation", "start_response", "close"}));
  EXPECT_EQ(response_changes, 2 + 4);
  EXPECT_THAT(timeline.raw, Not(HasSubstr(kWitness)));
  EXPECT_THAT(timeline.raw, Not(HasSubstr(kRecipient)));

  // Personal data of the case reaches only the roles that may read it.
  const Answer as_analyst = Call(analyst, "GET", incident_path + "/case");
  ASSERT_EQ(as_analyst.status, 200);
  EXPECT_THAT(as_analyst.raw, Not(HasSubstr(kWitness)));
  EXPECT_THAT(as_analyst.raw, Not(HasSubstr(kRecipient)));
  EXPECT_THAT(as_analyst.raw, HasSubstr("target_misidentification"));
  const Answer as_investigator = Call(investigator, "GET", incident_path + "/case");
  EXPECT_THAT(as_investigator.raw, HasSubstr(kWitness));
  EXPECT_THAT(as_investigator.raw, HasSubstr(kRecipient));

  // The NGO is told what became of its report, and nothing else.
  const Answer mine = Call(ngo, "GET", "/api/v1/my/reports/" + std::string(kNgoCode));
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(mine.body["reference_code"], std::string(kNgoCode));
  EXPECT_EQ(mine.body["received_on"], Day(-40));
  EXPECT_EQ(mine.body["stage"], "closed");
  EXPECT_EQ(mine.body["finding"], "credible");
  EXPECT_EQ(mine.body["finding_on"], Day(-35));
  EXPECT_EQ(mine.body["acknowledged_publicly"], true);
  EXPECT_EQ(mine.body["closed_on"], Day(-3));
  EXPECT_EQ(mine.body["updated_on"], Day(-3));
  for (const std::string& secret :
       {incident, report_id, operation, std::string(kOperationRef),
        std::string("target_misidentification"), std::string(kInvestigator), std::string("1500"),
        std::string(kWitness), std::string(kRecipient)}) {
    EXPECT_THAT(mine.raw, Not(HasSubstr(secret)));
  }
  const Answer all_mine = Call(ngo, "GET", "/api/v1/my/reports");
  ASSERT_EQ(all_mine.status, 200) << all_mine.raw;
  ASSERT_EQ(all_mine.body["reports"].size(), 1u);
  EXPECT_EQ(all_mine.body["reports"][0], mine.body);
  EXPECT_EQ(Call(analyst, "GET", "/api/v1/my/reports/" + std::string(kNgoCode)).status, 404)
      << "only whoever submitted it";
  EXPECT_EQ(Call(analyst, "GET", "/api/v1/my/reports").body["reports"], json::array());

  // Reopened on new information: the source is told it is being looked at again.
  file = Step(investigator, incident,
              {{"step", "reopen"}, {"note", "a second family came forward"}, {"on", Day(0)}});
  EXPECT_EQ(file["status"], "reopened");
  EXPECT_EQ(file["deadline"]["stage"], "assessment");
  const json reopened = Call(ngo, "GET", "/api/v1/my/reports/" + std::string(kNgoCode)).body;
  EXPECT_EQ(reopened["stage"], "reopened");
  EXPECT_FALSE(reopened.contains("finding"));
  EXPECT_FALSE(reopened.contains("closed_on"));
}

TEST_F(CaseStoryTest, AnAnonymousSourceSeesItsReportsStatusWithItsTokenOnly) {
  auto anonymous = server_.Client();
  auto r = anonymous->Post(
      "/api/v1/public/reports",
      json{{"account", "A shell hit the well at dawn."}, {"date", {{"start", Day(-2)}}}}.dump(),
      "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  const json receipt = json::parse(r->body);
  const std::string reference = receipt["reference"], token = receipt["token"];
  EXPECT_THAT(reference, ::testing::StartsWith("PUB-"));
  EXPECT_GE(token.size(), 16u);

  const std::string path = "/api/v1/public/reports/" + reference + "/status";
  r = anonymous->Get(path, {{"X-Report-Token", token}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json status = json::parse(r->body);
  EXPECT_EQ(status["reference_code"], reference);
  EXPECT_EQ(status["stage"], "received");
  EXPECT_EQ(status["received_on"], Day(0));
  EXPECT_EQ(status["acknowledged_publicly"], false);
  EXPECT_FALSE(status.contains("finding"));
  EXPECT_THAT(r->body, Not(HasSubstr("well")));

  // A wrong token and an unknown code get the same answer.
  r = anonymous->Get(path, {{"X-Report-Token", token + "x"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  const std::string wrong_token = r->body;
  r = anonymous->Get("/api/v1/public/reports/PUB-000000000000/status", {{"X-Report-Token", token}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  std::string unknown = r->body;
  if (const size_t at = unknown.find("PUB-000000000000"); at != std::string::npos) {
    unknown.replace(at, 16, reference);
  }
  EXPECT_EQ(unknown, wrong_token);
  // The token goes in its header, never in the URL.
  r = anonymous->Get(path);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "X-Report-Token");
  r = anonymous->Get(path + "?token=" + token);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "token");

  server_.Signal(SIGTERM);
  server_.Wait();
  EXPECT_THAT(server_.Output(), Not(HasSubstr(token)));
}

TEST_F(CaseStoryTest, StepsAreRefusedToTheWrongRoleAndFromTheWrongStatus) {
  const std::string analyst = AddUser("sam.analyst", "analyst");
  const std::string investigator = AddUser(kInvestigator, "investigator");
  const std::string officer = AddUser("rania.response", "response_officer");
  const std::string incident = NewIncident("Strike near the bakery");
  const std::string steps = "/api/v1/incidents/" + incident + "/case/steps";

  Answer a = Call(officer, "POST", steps, {{"step", "start_assessment"}});
  EXPECT_EQ(a.status, 403) << a.raw;
  EXPECT_THAT(a.raw, HasSubstr("your role does not allow assess"));
  a = Call(officer, "POST", steps, {{"step", "close"}});
  EXPECT_EQ(a.status, 409) << a.raw;
  EXPECT_EQ(a.body["error"]["field"], "step");
  EXPECT_THAT(a.raw, HasSubstr("unassessed"));

  Step(investigator, incident, {{"step", "start_assessment"}});
  a = Call(analyst, "POST", steps,
           {{"step", "record_finding"},
            {"assessment", {{"finding", "credible"}, {"civilians_killed", {{"min", 1}}}}}});
  EXPECT_EQ(a.status, 403) << a.raw;
  // Someone moved the case since it was read.
  a = Call(investigator, "POST", steps,
           {{"step", "record_finding"},
            {"expected_status", "unassessed"},
            {"assessment", {{"finding", "credible"}, {"civilians_killed", {{"min", 1}}}}}});
  EXPECT_EQ(a.status, 409) << a.raw;
  // Bodies are read strictly, nested records too.
  a = Call(investigator, "POST", steps, {{"step", "record_finding"}, {"finding", "credible"}});
  EXPECT_EQ(a.status, 400) << a.raw;
  EXPECT_EQ(a.body["error"]["field"], "finding");
  a = Call(investigator, "POST", steps,
           {{"step", "record_finding"}, {"assessment", {{"finding", "credible"}, {"colour", 1}}}});
  EXPECT_EQ(a.status, 400) << a.raw;
  EXPECT_EQ(a.body["error"]["field"], "assessment.colour");
  a = Call(investigator, "POST", steps, {{"step", "fly"}});
  EXPECT_EQ(a.status, 400) << a.raw;
  EXPECT_EQ(a.body["error"]["field"], "step");
  a = Call(investigator, "POST", steps,
           {{"step", "record_finding"},
            {"assessment",
             {{"finding", "not_credible"},
              {"not_credible_reason", "no_civilian_harm"},
              {"reasoning", "the people killed were fighters"}}},
            {"on", Day(5)}});
  EXPECT_EQ(a.status, 400) << "a step is never dated in the future: " << a.raw;
  EXPECT_EQ(a.body["error"]["field"], "on");
  EXPECT_EQ(Call(investigator, "GET", "/api/v1/incidents/" + incident + "/case").body["status"],
            "assessing");

  // A response is for a case found credible.
  a = Call(officer, "POST", "/api/v1/incidents/" + incident + "/responses",
           {{"response_kind", "apology"}});
  EXPECT_EQ(a.status, 409) << a.raw;
  a = Call(officer, "POST", "/api/v1/incidents/" + incident + "/responses",
           {{"response_kind", "apology"}, {"incident_id", NewIncident("another")}});
  EXPECT_EQ(a.status, 400) << a.raw;
  EXPECT_EQ(a.body["error"]["field"], "incident_id");

  // Found not credible: into the review queue.
  Step(investigator, incident,
       {{"step", "record_finding"},
        {"assessment",
         {{"finding", "not_credible"},
          {"not_credible_reason", "no_own_force_activity"},
          {"other_sources", {"strike log"}},
          {"reasoning", "no strike of the force that day"}}}});
  const Answer queue = Call(analyst, "GET", "/api/v1/cases/review-queue");
  ASSERT_EQ(queue.status, 200) << queue.raw;
  ASSERT_EQ(queue.body["cases"].size(), 1u);
  EXPECT_EQ(queue.body["cases"][0]["incident_id"], incident);
  EXPECT_EQ(queue.body["cases"][0]["reason"], "no_own_force_activity");
  EXPECT_EQ(queue.body["cases"][0]["new_reports"], 0);
  a = Call(officer, "POST", steps, {{"step", "reopen"}, {"note", "new witness"}});
  EXPECT_EQ(a.status, 403) << a.raw;
  a = Call(investigator, "POST", steps, {{"step", "reopen"}});
  EXPECT_EQ(a.status, 400) << "reopening says why: " << a.raw;
}

TEST_F(CaseStoryTest, QueuesCountOpenCasesAgainstTheServersDeadlines) {
  const std::string analyst = AddUser("sam.analyst", "analyst");
  const std::string incident = NewIncident("Strike on the market road");
  Answer a = Call(analyst, "GET", "/api/v1/cases/overdue?today=" + Day(20));
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(a.body["today"], Day(20));
  EXPECT_EQ(a.body["deadlines"],
            json({{"assessment_days", 10}, {"investigation_days", 60}, {"response_days", 45}}));
  ASSERT_EQ(a.body["cases"].size(), 1u);
  EXPECT_EQ(a.body["cases"][0]["incident_id"], incident);
  EXPECT_EQ(a.body["cases"][0]["stage"], "assessment");
  EXPECT_EQ(a.body["cases"][0]["overdue_days"], 10);
  EXPECT_EQ(Call(analyst, "GET", "/api/v1/cases/overdue").body["cases"], json::array());

  a = Call(analyst, "GET", "/api/v1/cases/backlog?today=" + Day(9));
  ASSERT_EQ(a.status, 200) << a.raw;
  ASSERT_EQ(a.body["stages"].size(), 3u);
  EXPECT_EQ(a.body["stages"][0]["stage"], "assessment");
  EXPECT_EQ(a.body["stages"][0]["count"], 1);
  EXPECT_EQ(a.body["stages"][0]["overdue"], 0);
  EXPECT_EQ(a.body["stages"][0]["by_age"]["8-30"], 1);
  EXPECT_EQ(a.body["stages"][0]["median_age_days"], 9);
  EXPECT_EQ(a.body["by_status"]["unassessed"], 1);
  EXPECT_EQ(a.body["by_status"]["closed"], 0);

  for (const std::string bad :
       {"/api/v1/cases/overdue?today=2026-02-30", "/api/v1/cases/backlog?day=2026-01-01",
        "/api/v1/cases/overdue?today=2026-01-01&today=2026-01-02", "/api/v1/lessons?status=done",
        "/api/v1/amends/totals?incident=7", "/api/v1/cases/review-queue?limit=5"}) {
    a = Call(analyst, "GET", bad);
    EXPECT_EQ(a.status, 400) << bad << ": " << a.raw;
    EXPECT_TRUE(a.body["error"]["field"].is_string()) << bad << ": " << a.raw;
  }

  const Answer lifecycle = Call(analyst, "GET", "/api/v1/lifecycle");
  ASSERT_EQ(lifecycle.status, 200);
  EXPECT_EQ(lifecycle.body["steps"][1]["step"], "record_finding");
  EXPECT_EQ(lifecycle.body["steps"][1]["to"],
            json({"credible", "not_credible", "insufficient_info", "duplicate"}));
  EXPECT_EQ(lifecycle.body["steps"][1]["action"], "assess");
}

TEST(ServeDeadlinesTest, AreCheckedBeforeServing) {
  TempDir dir;
  InitDatabase(dir.File("d.db"));
  const ProcessResult r =
      RunCivharm({"serve", "--db", dir.File("d.db"), "--port", "1", "--response-days", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--response-days"));
}

}  // namespace
}  // namespace civharm::testing
