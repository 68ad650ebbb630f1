// Access control of the real server, end to end: every route called as every role and
// anonymously; records restricted to a need-to-know group and personal data never reaching
// those who may not see them, in lists, searches, reads, errors, exports or the audit log;
// sessions, CSRF, expiry, revocation, lockout and rate limits; and no personal data in anything
// the server or the command line writes to its logs.
#include <csignal>
#include <fstream>
#include <functional>
#include <set>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/testing/temp_dir.h"
#include "core/time.h"
#include "domain/codec.h"
#include "domain/framework.h"
#include "domain/test_fixtures.h"
#include "service/authorization.h"
#include "support/process.h"
#include "support/server.h"

namespace civharm::testing {
namespace {

using nlohmann::json;
using service::Action;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "a long test passphrase";
// Personal data planted in the records: none of it may reach a role without read_personal_data,
// nor any log.
const std::vector<std::string> kPersonal = {"Zainab", "Quraishi", "REG-ZQ-777", "F-ZQ-1",
                                            "Hamid",  "Qasemi",   "0101-555"};
// What only the need-to-know group j2 may see.
constexpr std::string_view kRestrictedTitle = "Secret Crater strike";

struct Caller {
  std::string name;  // "anonymous" for no token
  std::vector<Role> roles;
  std::vector<std::string> groups;
  std::string token;

  service::Actor actor() const { return {name, roles, groups}; }
  bool anonymous() const { return token.empty(); }
  bool Allows(const std::vector<Action>& actions) const {
    return std::all_of(actions.begin(), actions.end(),
                       [&](Action a) { return service::Allows(actor(), a); });
  }
  bool InJ2() const {
    return std::find(roles.begin(), roles.end(), Role::kAdmin) != roles.end() ||
           std::find(groups.begin(), groups.end(), "j2") != groups.end();
  }
};

struct Answer {
  int status = 0;
  std::string body;
  httplib::Headers headers;
};

// Members are public: the route cases below build their requests with them.
class AuthorizationMatrixTest : public ::testing::Test {
 public:
  void SetUp() override {
    callers_.push_back({"admin", {Role::kAdmin}, {}, admin_.token});
    for (const auto& [role, name] : EnumTraits<Role>::kNames) {
      if (role == Role::kAdmin) continue;
      AddCaller("u-" + std::string(name), {role}, {});
    }
    AddCaller("insider", {Role::kAnalyst}, {"j2"});
    AddCaller("insider-investigator", {Role::kInvestigator}, {"j2"});
    callers_.push_back({"anonymous", {}, {}, ""});
    AddUser("target", {Role::kPocAdviser}, {});    // whom the user routes manage
    AddUser("requester", {Role::kPublisher}, {});  // whose releases the others review
    requester_ = SignIn("requester");
    AddUser("scorer", {Role::kFrameworkAssessor}, {});  // whose assessments the others review
    scorer_ = SignIn("scorer");
    Seed();
  }

  void AddUser(const std::string& name, const std::vector<Role>& roles,
               const std::vector<std::string>& groups) {
    json user{{"name", name}, {"groups", groups}, {"password", kPassword}};
    for (Role r : roles) user["roles"].push_back(EnumName(r));
    const Answer added = Call(admin_.token, "POST", "/api/v1/users", user.dump());
    ASSERT_EQ(added.status, 201) << added.body;
  }

  std::string SignIn(const std::string& name) {
    const Answer login =
        Call("", "POST", "/api/v1/auth/login",
             json{{"name", name}, {"password", kPassword}, {"kind", "api"}}.dump());
    EXPECT_EQ(login.status, 201) << login.body;
    return login.status == 201 ? json::parse(login.body)["token"].get<std::string>() : "";
  }

  void AddCaller(const std::string& name, std::vector<Role> roles,
                 std::vector<std::string> groups) {
    AddUser(name, roles, groups);
    callers_.push_back({name, roles, groups, SignIn(name)});
  }

  Answer Call(const std::string& token, const std::string& method, const std::string& path,
              const std::string& body = "", httplib::Headers headers = {}) {
    auto client = server_.Client(token);
    httplib::Result r = method == "GET"   ? client->Get(path, headers)
                        : method == "PUT" ? client->Put(path, headers, body, "application/json")
                                          : client->Post(path, headers, body, "application/json");
    if (!r) return {};
    return {r->status, r->body, r->headers};
  }

  json Create(const std::string& collection, const json& record) {
    const Answer a = Call(admin_.token, "POST", "/api/v1/" + collection, record.dump());
    EXPECT_EQ(a.status, 201) << collection << ": " << a.body;
    return a.status == 201 ? json::parse(a.body) : json();
  }

  // Records without personal data, fresh for each call that changes one.
  json FreshIncident() { return Create("incidents", ToJson(SampleIncident())); }
  json FreshReport() {
    Report r = SampleReport();
    r.account.clear();
    r.source_record_id = "VDC-" + std::to_string(++serial_);
    return Create("reports", ToJson(r));
  }
  json FreshVictim() {
    Victim v = SampleVictim();
    v.names.clear();
    v.family_group_id.clear();
    v.external_registry_id.clear();
    v.source_record_id = "MOH-" + std::to_string(++serial_);
    return Create("victims", ToJson(v));
  }
  json FreshOperation() {
    Operation o = SampleOperation();
    o.reference = "OP-" + std::to_string(++serial_);
    return Create("operations", ToJson(o));
  }
  json Fresh(const std::string& collection) {
    if (collection == "incidents") return FreshIncident();
    if (collection == "reports") return FreshReport();
    if (collection == "victims") return FreshVictim();
    return FreshOperation();
  }

  json Step(const std::string& incident, const json& body) {
    const Answer a =
        Call(admin_.token, "POST", "/api/v1/incidents/" + incident + "/case/steps", body.dump());
    EXPECT_EQ(a.status, 200) << body.dump() << ": " << a.body;
    return a.status == 200 ? json::parse(a.body) : json();
  }
  // The case file of a fresh incident the administrator moved to "credible" or "investigating".
  json FreshCase(const std::string& status) {
    const std::string id = FreshIncident()["id"];
    Step(id, {{"step", "start_assessment"}});
    json file = Step(id, {{"step", "record_finding"},
                          {"assessment",
                           {{"finding", "credible"},
                            {"other_sources", {"strike log"}},
                            {"civilians_killed", {{"min", 1}, {"max", 2}}}}}});
    if (status == "investigating") {
      file = Step(id, {{"step", "open_investigation"},
                       {"investigation", {{"investigation_kind", "administrative"}}}});
    }
    return file;
  }
  json CreateCaseRecord(const std::string& path, const json& body) {
    const Answer a = Call(admin_.token, "POST", path, body.dump());
    EXPECT_EQ(a.status, 201) << path << ": " << a.body;
    return a.status == 201 ? json::parse(a.body) : json();
  }
  static std::string Today() { return Timestamp::Now().date().ToString(); }
  // A release the requester asked for, waiting for review: its id.
  std::string RequestedRelease() {
    const Answer a = Call(requester_, "POST", "/api/v1/releases", "{}");
    EXPECT_EQ(a.status, 201) << a.body;
    return a.status == 201 ? json::parse(a.body)["id"].get<std::string>() : "";
  }
  // The version of an approved release.
  std::string PublicVersion() {
    if (public_version_.empty()) {
      const Answer a =
          Call(admin_.token, "POST", "/api/v1/releases/" + RequestedRelease() + "/approve", "{}");
      EXPECT_EQ(a.status, 200) << a.body;
      if (a.status == 200)
        public_version_ = std::to_string(json::parse(a.body)["version"].get<int>());
    }
    return public_version_;
  }

  // What a framework assessor writes: every indicator of the built-in edition scored.
  static json AssessmentContent() {
    json indicators = json::array();
    for (const Category& c : DefaultFramework().categories) {
      for (const Indicator& i : c.indicators) {
        indicators.push_back(
            {{"indicator_id", i.id}, {"level", "engaged"}, {"rationale", "seen in 2024"}});
      }
    }
    return {{"state", "Syria"},
            {"force", "Government of Syria"},
            {"period", {{"from", "2013-01-01"}, {"to", "2013-12-31"}}},
            {"indicators", std::move(indicators)}};
  }
  // A draft the scorer wrote: {id, version}.
  json DraftAssessment() {
    const Answer a = Call(scorer_, "POST", "/api/v1/state-assessments", AssessmentContent().dump());
    EXPECT_EQ(a.status, 201) << a.body;
    return a.status == 201 ? json::parse(a.body) : json{{"id", "none"}, {"version", 1}};
  }
  // The scorer's draft, sent for review.
  json AssessmentUnderReview() {
    const json draft = DraftAssessment();
    const Answer a = Call(scorer_, "POST",
                          "/api/v1/state-assessments/" + draft["id"].get<std::string>() + "/submit",
                          json{{"version", draft["version"]}}.dump());
    EXPECT_EQ(a.status, 200) << a.body;
    return a.status == 200 ? json::parse(a.body) : draft;
  }
  // A published assessment's id, made on first use.
  std::string PublishedAssessment() {
    if (published_assessment_.empty()) {
      const json a = AssessmentUnderReview();
      const std::string id = a["id"];
      const Answer p = Call(admin_.token, "POST", "/api/v1/state-assessments/" + id + "/publish",
                            json{{"version", a["version"]}}.dump());
      EXPECT_EQ(p.status, 200) << p.body;
      published_assessment_ = id;
    }
    return published_assessment_;
  }

  void Seed() {
    open_incident_ = FreshIncident()["id"];
    Report report = SampleReport();
    report.account = "Testimony of Zainab Quraishi about the strike";
    report.contact = "Zainab Quraishi, telephone 0101-555";
    report.incident_id = open_incident_;
    open_report_ = Create("reports", ToJson(report))["id"];
    Victim victim = SampleVictim();
    victim.names = {{"Zainab Quraishi", "en"}};
    victim.family_group_id = "F-ZQ-1";
    victim.external_registry_id = "REG-ZQ-777";
    victim.incident_id = open_incident_;
    open_victim_ = Create("victims", ToJson(victim))["id"];

    Incident secret = SampleIncident();
    secret.title = std::string(kRestrictedTitle);
    secret.meta.restricted_to = {"j2"};
    secret_incident_ = Create("incidents", ToJson(secret))["id"];
    Report secret_report = SampleReport();
    secret_report.source_record_id = "VDC-SECRET";
    secret_report.account = "Hamid Qasemi saw the crater";
    secret_report.incident_id = secret_incident_;
    secret_report.meta.restricted_to = {"j2"};
    secret_report_ = Create("reports", ToJson(secret_report))["id"];
    Victim secret_victim = SampleVictim();
    secret_victim.source_record_id = "MOH-SECRET";
    secret_victim.names = {{"Hamid Qasemi", "en"}};
    secret_victim.incident_id = secret_incident_;
    secret_victim.meta.restricted_to = {"j2"};
    secret_victim_ = Create("victims", ToJson(secret_victim))["id"];
  }

  TempDir dir_;
  Admin admin_ = InitDatabase(dir_.File("matrix.db"));
  TestServer server_{
      dir_.File("matrix.db"),
      dir_.path(),
      {"--sign-in-limit", "0", "--submission-limit", "0", "--public-read-limit", "0"}};
  std::vector<Caller> callers_;
  // Headers the next call of a route case sends, set by the case's make (X-Report-Token).
  httplib::Headers next_headers_;
  int serial_ = 0;
  std::string requester_;       // a publisher's token: the releases the callers review are hers
  std::string public_version_;  // an approved release, made on first use
  std::string scorer_;          // a framework assessor's token: the assessments others review
  std::string published_assessment_;  // made on first use
  std::string open_incident_, open_report_, open_victim_;
  std::string secret_incident_, secret_report_, secret_victim_;
};

// One call of one route: how to make it (fresh records are created as the administrator first),
// what it needs, and what a caller allowed to make it gets.
struct RouteCase {
  std::string method;
  std::string path;  // the OpenAPI template this case covers
  std::function<std::pair<std::string, std::string>(AuthorizationMatrixTest&)> make;  // url, body
  std::vector<Action> needs;  // empty: any signed-in user
  int allowed_status = 200;
  bool is_public = false;
};

constexpr std::array<std::pair<std::string_view, EntityKind>, 4> kCollections = {
    std::pair{std::string_view("incidents"), EntityKind::kIncident},
    std::pair{std::string_view("reports"), EntityKind::kReport},
    std::pair{std::string_view("victims"), EntityKind::kVictim},
    std::pair{std::string_view("operations"), EntityKind::kOperation}};

std::vector<RouteCase> RouteCases() {
  using T = AuthorizationMatrixTest;
  using P = std::pair<std::string, std::string>;
  std::vector<RouteCase> cases = {
      {"GET",
       "/healthz",
       [](T&) {
         return P{"/healthz", ""};
       },
       {},
       200,
       true},
      {"GET",
       "/api/v1/openapi.json",
       [](T&) {
         return P{"/api/v1/openapi.json", ""};
       },
       {},
       200,
       true},
      {"POST",
       "/api/v1/imports",
       [](T&) {
         return P{"/api/v1/imports?format=json&kind=reports&name=empty.json", "[]"};
       },
       {Action::kImport, Action::kWriteReports, Action::kWriteIncidents},
       200},
      {"GET",
       "/api/v1/exports/{kind}",
       [](T&) {
         return P{"/api/v1/exports/incidents?format=json", ""};
       },
       {Action::kExport, Action::kReadIncidents},
       200},
      {"GET",
       "/api/v1/geo/position",
       [](T&) {
         return P{"/api/v1/geo/position?mgrs=38SMB4488", ""};
       },
       {},
       200,
       true},
      {"POST",
       "/api/v1/public/reports",
       [](T&) {
         return P{"/api/v1/public/reports",
                  json{{"account", "shelling near the school"}, {"date", {{"start", "2026-11-01"}}}}
                      .dump()};
       },
       {},
       202,
       true},
      {"GET", "/api/v1/auth/session",
       [](T&) {
         return P{"/api/v1/auth/session", ""};
       }},
      {"GET", "/api/v1/tokens",
       [](T&) {
         return P{"/api/v1/tokens", ""};
       }},
      {"POST",
       "/api/v1/tokens",
       [](T&) {
         return P{"/api/v1/tokens", json{{"label", "matrix"}}.dump()};
       },
       {},
       201},
      {"POST",
       "/api/v1/tokens/{id}/revoke",
       [](T&) {
         return P{"/api/v1/tokens/tok_nobodys/revoke", ""};
       },
       {},
       404},
      {"GET",
       "/api/v1/users",
       [](T&) {
         return P{"/api/v1/users", ""};
       },
       {Action::kManageUsers}},
      {"POST",
       "/api/v1/users",
       [](T& t) {
         return P{
             "/api/v1/users",
             json{{"name", "new-" + std::to_string(++t.serial_)}, {"roles", {"analyst"}}}.dump()};
       },
       {Action::kManageUsers},
       201},
      {"GET",
       "/api/v1/users/{name}",
       [](T&) {
         return P{"/api/v1/users/target", ""};
       },
       {Action::kManageUsers}},
      {"POST",
       "/api/v1/users/{name}/disable",
       [](T&) {
         return P{"/api/v1/users/target/disable", ""};
       },
       {Action::kManageUsers}},
      {"POST",
       "/api/v1/users/{name}/enable",
       [](T&) {
         return P{"/api/v1/users/target/enable", ""};
       },
       {Action::kManageUsers}},
      {"POST",
       "/api/v1/users/{name}/password",
       [](T&) {
         return P{"/api/v1/users/target/password", ""};
       },
       {Action::kManageUsers}},
      {"POST",
       "/api/v1/users/{name}/grant",
       [](T&) {
         return P{"/api/v1/users/target/grant", json{{"groups", {"j9"}}}.dump()};
       },
       {Action::kManageUsers}},
      {"POST",
       "/api/v1/users/{name}/revoke",
       [](T&) {
         return P{"/api/v1/users/target/revoke", json{{"groups", {"j9"}}}.dump()};
       },
       {Action::kManageUsers}},
      {"GET",
       "/api/v1/audit",
       [](T&) {
         return P{"/api/v1/audit?limit=5", ""};
       },
       {Action::kReadAudit}},
      {"GET",
       "/api/v1/audit/verification",
       [](T&) {
         return P{"/api/v1/audit/verification", ""};
       },
       {Action::kVerifyAudit}},
      {"GET",
       "/api/v1/victims/linkage",
       [](T&) {
         return P{"/api/v1/victims/linkage", ""};
       },
       {Action::kReadVictims, Action::kReadPersonalData}},
      {"GET",
       "/api/v1/fusion/proposals",
       [](T&) {
         return P{"/api/v1/fusion/proposals?country=Syria", ""};
       },
       {Action::kReadReports}},
      {"GET",
       "/api/v1/reports/{id}/candidates",
       [](T& t) {
         return P{"/api/v1/reports/" + t.open_report_ + "/candidates", ""};
       },
       {Action::kReadReports, Action::kReadIncidents}},
      {"GET",
       "/api/v1/fusion/decisions",
       [](T&) {
         return P{"/api/v1/fusion/decisions", ""};
       },
       {Action::kReadReports}},
      {"POST",
       "/api/v1/fusion/decisions",
       [](T& t) {
         return P{"/api/v1/fusion/decisions",
                  json{{"reports", {t.FreshReport()["id"], t.FreshReport()["id"]}},
                       {"verdict", "different"},
                       {"reason", "a week apart"}}
                      .dump()};
       },
       {Action::kReadReports, Action::kWriteIncidents}},
      {"POST",
       "/api/v1/fusion/fuse",
       [](T& t) {
         return P{"/api/v1/fusion/fuse",
                  json{{"reports", {t.FreshReport()["id"], t.FreshReport()["id"]}},
                       {"reason", "one strike"}}
                      .dump()};
       },
       {Action::kReadReports, Action::kWriteReports, Action::kWriteIncidents}},
      {"POST",
       "/api/v1/incidents/{id}/split",
       [](T& t) {
         const json a = t.FreshReport(), b = t.FreshReport();
         t.Call(t.admin_.token, "POST", "/api/v1/fusion/fuse",
                json{{"reports", {a["id"], b["id"]}}, {"reason", "one strike"}}.dump());
         return P{"/api/v1/incidents/" + a["incident_id"].get<std::string>() + "/split",
                  json{{"reports", {b["id"]}}, {"reason", "two strikes"}}.dump()};
       },
       {Action::kReadReports, Action::kWriteReports, Action::kWriteIncidents},
       201},
      {"GET",
       "/api/v1/incidents/{id}/sources",
       [](T& t) {
         return P{"/api/v1/incidents/" + t.open_incident_ + "/sources", ""};
       },
       {Action::kReadIncidents, Action::kReadReports}},
      {"GET",
       "/api/v1/fusion/cross-reference",
       [](T&) {
         return P{"/api/v1/fusion/cross-reference?format=csv", ""};
       },
       {Action::kReadReports}},
      // The case lifecycle.
      {"GET",
       "/api/v1/incidents/{id}/case",
       [](T& t) {
         return P{"/api/v1/incidents/" + t.open_incident_ + "/case", ""};
       },
       {Action::kReadCases}},
      {"POST",
       "/api/v1/incidents/{id}/case/steps",
       [](T& t) {
         return P{"/api/v1/incidents/" + t.FreshIncident()["id"].get<std::string>() + "/case/steps",
                  json{{"step", "start_assessment"}, {"expected_status", "unassessed"}}.dump()};
       },
       {Action::kReadCases, Action::kAssess}},
      {"PUT",
       "/api/v1/investigations/{id}",
       [](T& t) {
         const json investigation = t.FreshCase("investigating")["investigations"][0];
         return P{"/api/v1/investigations/" + investigation["id"].get<std::string>(),
                  json{{"investigation",
                        {{"investigation_kind", "administrative"}, {"findings", "under way"}}},
                       {"expected_version", investigation["version"]}}
                      .dump()};
       },
       {Action::kReadCases, Action::kInvestigate}},
      {"POST",
       "/api/v1/incidents/{id}/responses",
       [](T& t) {
         const json file = t.FreshCase("credible");
         return P{"/api/v1/incidents/" + file["incident"]["id"].get<std::string>() + "/responses",
                  json{{"response_kind", "acknowledgment"}, {"is_public", true}}.dump()};
       },
       {Action::kReadCases, Action::kRespond},
       201},
      {"POST",
       "/api/v1/responses/{id}/status",
       [](T& t) {
         const json file = t.FreshCase("credible");
         const json response = t.CreateCaseRecord(
             "/api/v1/incidents/" + file["incident"]["id"].get<std::string>() + "/responses",
             {{"response_kind", "apology"}});
         return P{"/api/v1/responses/" + response["id"].get<std::string>() + "/status",
                  json{{"status", "offered"}, {"on", T::Today()}, {"expected_version", 1}}.dump()};
       },
       {Action::kReadCases, Action::kRespond}},
      {"POST",
       "/api/v1/incidents/{id}/consultations",
       [](T& t) {
         return P{"/api/v1/incidents/" + t.open_incident_ + "/consultations",
                  json{{"held_on", "2024-01-10"},
                       {"mode", "phone"},
                       {"language", "ar"},
                       {"met_by", "civil affairs"}}
                      .dump()};
       },
       {Action::kReadCases, Action::kRespond},
       201},
      {"POST",
       "/api/v1/incidents/{id}/lessons",
       [](T& t) {
         return P{
             "/api/v1/incidents/" + t.open_incident_ + "/lessons",
             json{
                 {"cause", {{"kind", "cde_error"}}}, {"recommendation", "recheck"}, {"owner", "J3"}}
                 .dump()};
       },
       {Action::kReadCases, Action::kManageLessons},
       201},
      {"GET",
       "/api/v1/lessons",
       [](T&) {
         return P{"/api/v1/lessons?status=proposed", ""};
       },
       {Action::kReadCases}},
      {"POST",
       "/api/v1/lessons/{id}/status",
       [](T& t) {
         const json lesson =
             t.CreateCaseRecord("/api/v1/incidents/" + t.open_incident_ + "/lessons",
                                {{"cause", {{"kind", "pattern_of_life_gap"}}},
                                 {"recommendation", "watch longer"},
                                 {"owner", "J2"}});
         return P{"/api/v1/lessons/" + lesson["id"].get<std::string>() + "/status",
                  json{{"status", "accepted"}, {"on", T::Today()}, {"expected_version", 1}}.dump()};
       },
       {Action::kReadCases, Action::kManageLessons}},
      {"GET",
       "/api/v1/analytics/trends",
       [](T&) {
         return P{"/api/v1/analytics/trends?interval=year&by=perpetrator", ""};
       },
       {Action::kReadIncidents}},
      {"GET",
       "/api/v1/analytics/breakdown",
       [](T&) {
         return P{"/api/v1/analytics/breakdown?by=status", ""};
       },
       {Action::kReadIncidents}},
      {"GET",
       "/api/v1/analytics/timing",
       [](T&) {
         return P{"/api/v1/analytics/timing", ""};
       },
       {Action::kReadCases}},
      {"GET",
       "/api/v1/analytics/cde-validation",
       [](T&) {
         return P{"/api/v1/analytics/cde-validation", ""};
       },
       {Action::kReadCases, Action::kReadOperations}},
      {"GET",
       "/api/v1/map/clusters",
       [](T&) {
         return P{"/api/v1/map/clusters?zoom=3", ""};
       },
       {Action::kReadIncidents}},
      {"GET",
       "/api/v1/reports/sitrep",
       [](T&) {
         return P{"/api/v1/reports/sitrep?format=html&period=monthly", ""};
       },
       {Action::kReadIncidents}},
      {"GET",
       "/api/v1/cases/overdue",
       [](T&) {
         return P{"/api/v1/cases/overdue?today=2099-01-01", ""};
       },
       {Action::kReadCases}},
      {"GET",
       "/api/v1/cases/backlog",
       [](T&) {
         return P{"/api/v1/cases/backlog", ""};
       },
       {Action::kReadCases}},
      {"GET",
       "/api/v1/cases/review-queue",
       [](T&) {
         return P{"/api/v1/cases/review-queue", ""};
       },
       {Action::kReadCases}},
      {"GET",
       "/api/v1/amends/totals",
       [](T& t) {
         return P{"/api/v1/amends/totals?incident=" + t.open_incident_, ""};
       },
       {Action::kReadCases}},
      {"GET",
       "/api/v1/incidents/{id}/timeline",
       [](T& t) {
         return P{"/api/v1/incidents/" + t.open_incident_ + "/timeline", ""};
       },
       {Action::kReadCases, Action::kReadReports}},
      {"GET",
       "/api/v1/operations/cde-comparison",
       [](T&) {
         return P{"/api/v1/operations/cde-comparison", ""};
       },
       {Action::kReadCases, Action::kReadOperations}},
      {"GET", "/api/v1/lifecycle",
       [](T&) {
         return P{"/api/v1/lifecycle", ""};
       }},
      // Answers to sources.
      {"GET",
       "/api/v1/public/reports/{reference}/status",
       [](T& t) {
         const Answer a =
             t.Call("", "POST", "/api/v1/public/reports",
                    json{{"account", "a shell hit the bakery"}, {"date", {{"start", "2026-11-02"}}}}
                        .dump());
         EXPECT_EQ(a.status, 202) << a.body;
         const json receipt = a.status == 202 ? json::parse(a.body) : json::object();
         t.next_headers_ = {{"X-Report-Token", receipt.value("token", "")}};
         return P{"/api/v1/public/reports/" + receipt.value("reference", "PUB-none") + "/status",
                  ""};
       },
       {},
       200,
       true},
      {"GET", "/api/v1/my/reports",
       [](T&) {
         return P{"/api/v1/my/reports", ""};
       }},
      {"GET",
       "/api/v1/my/reports/{reference}",
       [](T&) {
         return P{"/api/v1/my/reports/REF-nobodys", ""};
       },
       {},
       404},
      // Public releases: publishers request and review; anyone reads the approved ones.
      {"POST",
       "/api/v1/releases",
       [](T&) {
         return P{"/api/v1/releases", json{{"note", "matrix"}}.dump()};
       },
       {Action::kRequestRelease},
       201},
      {"GET",
       "/api/v1/releases",
       [](T&) {
         return P{"/api/v1/releases", ""};
       },
       {Action::kRequestRelease}},
      {"GET",
       "/api/v1/releases/{id}",
       [](T& t) {
         return P{"/api/v1/releases/" + t.RequestedRelease(), ""};
       },
       {Action::kRequestRelease}},
      {"GET",
       "/api/v1/releases/{id}/incidents",
       [](T& t) {
         return P{"/api/v1/releases/" + t.RequestedRelease() + "/incidents", ""};
       },
       {Action::kRequestRelease}},
      {"GET",
       "/api/v1/releases/{id}/download",
       [](T& t) {
         return P{"/api/v1/releases/" + t.RequestedRelease() + "/download?format=csv", ""};
       },
       {Action::kRequestRelease}},
      {"GET",
       "/api/v1/releases/{id}/verify",
       [](T& t) {
         return P{"/api/v1/releases/" + t.RequestedRelease() + "/verify", ""};
       },
       {Action::kRequestRelease}},
      {"POST",
       "/api/v1/releases/{id}/approve",
       [](T& t) {
         return P{"/api/v1/releases/" + t.RequestedRelease() + "/approve", "{}"};
       },
       {Action::kReviewRelease}},
      {"POST",
       "/api/v1/releases/{id}/reject",
       [](T& t) {
         return P{"/api/v1/releases/" + t.RequestedRelease() + "/reject",
                  json{{"reason", "too precise"}}.dump()};
       },
       {Action::kReviewRelease}},
      {"POST",
       "/api/v1/releases/{id}/withdraw",
       [](T& t) {
         return P{"/api/v1/releases/" + t.RequestedRelease() + "/withdraw",
                  json{{"reason", "asked for by mistake"}}.dump()};
       },
       {Action::kReviewRelease}},
  };
  for (const char* route :
       {"", "/latest", "/{version}", "/{version}/incidents", "/{version}/download",
        "/{version}/methodology", "/{version}/trends", "/{version}/breakdown", "/{version}/map",
        "/{version}/report"}) {
    const std::string path = std::string("/api/v1/public/releases") + route;
    cases.push_back({"GET",
                     path,
                     [path](T& t) {
                       std::string url = path;
                       const std::string version = t.PublicVersion();
                       if (auto at = url.find("{version}"); at != std::string::npos) {
                         url.replace(at, 9, version);
                       }
                       if (url.ends_with("/download")) url += "?format=json";
                       if (url.ends_with("/breakdown")) url += "?by=country";
                       if (url.ends_with("/report")) url += "?format=html";
                       return P{url, ""};
                     },
                     {},
                     200,
                     true});
  }
  // The leadership framework: framework assessors write and review (never their own), analysts
  // and publishers read, anyone reads what is published.
  const auto scores = [](const char* method, const char* path, auto make,
                         std::vector<Action> needs, int status = 200) {
    return RouteCase{method, path, make, std::move(needs), status};
  };
  const std::string kAssessments = "/api/v1/state-assessments/";
  cases.push_back(scores("GET", "/api/v1/framework/editions",
                         [](T&) { return P{"/api/v1/framework/editions", ""}; },
                         {Action::kReadScores}));
  cases.push_back(scores("GET", "/api/v1/framework/editions/{edition}",
                         [](T&) { return P{"/api/v1/framework/editions/cpm-2025-04", ""}; },
                         {Action::kReadScores}));
  cases.push_back(scores(
      "POST", "/api/v1/framework/editions",
      [](T& t) {
        json fw = ToJson(DefaultFramework());
        fw["edition"] = "matrix-" + std::to_string(++t.serial_);
        return P{"/api/v1/framework/editions", fw.dump()};
      },
      {Action::kManageFramework}, 201));
  cases.push_back(scores("GET", "/api/v1/state-assessments",
                         [](T&) { return P{"/api/v1/state-assessments?status=draft", ""}; },
                         {Action::kReadScores}));
  cases.push_back(scores(
      "POST", "/api/v1/state-assessments",
      [](T&) { return P{"/api/v1/state-assessments", T::AssessmentContent().dump()}; },
      {Action::kWriteScores}, 201));
  cases.push_back(scores("GET", "/api/v1/state-assessments/{id}",
                         [kAssessments](T& t) {
                           return P{kAssessments + t.PublishedAssessment(), ""};
                         },
                         {Action::kReadScores}));
  cases.push_back(scores("PUT", "/api/v1/state-assessments/{id}",
                         [kAssessments](T& t) {
                           const json draft = t.DraftAssessment();
                           json body = T::AssessmentContent();
                           body["version"] = draft["version"];
                           return P{kAssessments + draft["id"].get<std::string>(), body.dump()};
                         },
                         {Action::kWriteScores}));
  cases.push_back(scores("POST", "/api/v1/state-assessments/{id}/submit",
                         [kAssessments](T& t) {
                           const json draft = t.DraftAssessment();
                           return P{kAssessments + draft["id"].get<std::string>() + "/submit",
                                    json{{"version", draft["version"]}}.dump()};
                         },
                         {Action::kWriteScores}));
  for (const char* step : {"return", "publish"}) {
    cases.push_back(scores("POST",
                           step == std::string("return")
                               ? "/api/v1/state-assessments/{id}/return"
                               : "/api/v1/state-assessments/{id}/publish",
                           [kAssessments, step](T& t) {
                             const json a = t.AssessmentUnderReview();
                             return P{kAssessments + a["id"].get<std::string>() + "/" + step,
                                      json{{"version", a["version"]}, {"note", "see 1.4"}}.dump()};
                           },
                           {Action::kReviewScores}));
  }
  for (const char* part : {"roadmap", "evidence", "scorecard"}) {
    cases.push_back(scores("GET", (std::string("/api/v1/state-assessments/{id}/") + part).c_str(),
                           [kAssessments, part](T& t) {
                             std::string url = kAssessments + t.PublishedAssessment() + "/" + part;
                             if (url.ends_with("/scorecard")) url += "?format=html";
                             return P{url, ""};
                           },
                           {Action::kReadScores}));
  }
  cases.push_back(scores("GET", "/api/v1/state-assessments/compare",
                         [](T& t) {
                           const std::string id = t.PublishedAssessment();
                           return P{"/api/v1/state-assessments/compare?before=" + id +
                                        "&after=" + id,
                                    ""};
                         },
                         {Action::kReadScores}));
  cases.push_back(scores("GET", "/api/v1/state-assessments/comparison",
                         [](T& t) {
                           const std::string id = t.PublishedAssessment();
                           return P{"/api/v1/state-assessments/comparison?format=csv&ids=" + id +
                                        "," + id,
                                    ""};
                         },
                         {Action::kReadScores}));
  for (const char* route : {"", "/{id}", "/{id}/evidence", "/{id}/scorecard"}) {
    const std::string path = std::string("/api/v1/public/state-assessments") + route;
    cases.push_back({"GET",
                     path,
                     [path](T& t) {
                       std::string url = path;
                       if (auto at = url.find("{id}"); at != std::string::npos) {
                         url.replace(at, 4, t.PublishedAssessment());
                       }
                       if (url.ends_with("/scorecard")) url += "?format=html&language=ar";
                       return P{url, ""};
                     },
                     {},
                     200,
                     true});
  }
  cases.push_back({"GET",
                   "/api/v1/public/open-assessments",
                   [](T& t) {
                     t.PublicVersion();
                     return P{"/api/v1/public/open-assessments", ""};
                   },
                   {},
                   200,
                   true});
  for (const auto& [name, kind] : kCollections) {
    const std::string base = "/api/v1/" + std::string(name);
    const std::string collection(name);
    const Action read = service::ReadAction(kind), write = service::WriteAction(kind);
    cases.push_back({"GET", base, [base](T&) { return P{base, ""}; }, {read}});
    cases.push_back({"POST",
                     base,
                     [collection](T& t) {
                       json fresh = t.Fresh(collection);
                       for (std::string_view key : {"id", "version", "created_at", "updated_at",
                                                    "report_ids", "incident_id", "status"}) {
                         fresh.erase(key);
                       }
                       if (collection == "reports")
                         fresh["source_record_id"] = "X-" + std::to_string(++t.serial_);
                       if (collection == "victims")
                         fresh["source_record_id"] = "X-" + std::to_string(++t.serial_);
                       if (collection == "operations")
                         fresh["reference"] = "X-" + std::to_string(++t.serial_);
                       return P{"/api/v1/" + collection, fresh.dump()};
                     },
                     {write},
                     201});
    cases.push_back({"GET",
                     base + "/{id}",
                     [collection](T& t) {
                       return P{"/api/v1/" + collection + "/" +
                                    t.Fresh(collection)["id"].get<std::string>(),
                                ""};
                     },
                     {read}});
    cases.push_back(
        {"PUT",
         base + "/{id}",
         [collection](T& t) {
           const json fresh = t.Fresh(collection);
           return P{"/api/v1/" + collection + "/" + fresh["id"].get<std::string>(), fresh.dump()};
         },
         {read, write}});
    cases.push_back(
        {"POST",
         base + "/{id}/retract",
         [collection](T& t) {
           const json fresh = t.Fresh(collection);
           return P{"/api/v1/" + collection + "/" + fresh["id"].get<std::string>() + "/retract",
                    json{{"reason", "entered twice"}, {"version", fresh["version"]}}.dump()};
         },
         {Action::kRetractRecords, read, write}});
  }
  return cases;
}

TEST_F(AuthorizationMatrixTest, EveryRouteAnswersEveryRoleAsThePermissionTableSays) {
  const std::vector<RouteCase> cases = RouteCases();
  for (const RouteCase& rc : cases) {
    for (const Caller& caller : callers_) {
      const auto [url, body] = rc.make(*this);
      const Answer a = Call(caller.token, rc.method, url, body, std::exchange(next_headers_, {}));
      int want = rc.allowed_status;
      if (!rc.is_public && caller.anonymous()) {
        want = 401;
      } else if (!rc.is_public && !caller.Allows(rc.needs)) {
        want = 403;
      }
      EXPECT_EQ(a.status, want) << rc.method << " " << url << " as " << caller.name << ": "
                                << a.body.substr(0, 300);
      if (want == 401) {
        EXPECT_THAT(a.body, HasSubstr("\"unauthenticated\""));
        EXPECT_TRUE(a.headers.contains("WWW-Authenticate"));
      }
      if (want == 403) {
        EXPECT_THAT(a.body, HasSubstr("your role does not allow"));
      }
    }
  }

  // Every route the server documents is in the matrix, or in the tests below.
  const std::set<std::string> elsewhere = {"post /api/v1/auth/login", "post /api/v1/auth/logout",
                                           "post /api/v1/auth/password"};
  std::set<std::string> covered;
  for (const RouteCase& rc : cases) {
    std::string m = rc.method;
    for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    covered.insert(m + " " + rc.path);
  }
  const json doc = json::parse(Call("", "GET", "/api/v1/openapi.json").body);
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      const std::string route = method + " " + path;
      EXPECT_TRUE(covered.contains(route) || elsewhere.contains(route)) << "not tested: " << route;
    }
  }
}

TEST_F(AuthorizationMatrixTest, SomeRowsOfTheTableSpelledOut) {
  // A check on the table itself, not only on its enforcement.
  const auto as = [&](const std::string& name) {
    return *std::find_if(callers_.begin(), callers_.end(),
                         [&](const Caller& c) { return c.name == name; });
  };
  EXPECT_EQ(Call(as("u-publisher").token, "GET", "/api/v1/reports").status, 403);
  EXPECT_EQ(Call(as("u-external_reporter").token, "GET", "/api/v1/incidents").status, 403);
  EXPECT_EQ(Call(as("u-public").token, "GET", "/api/v1/incidents").status, 403);
  EXPECT_EQ(Call(as("u-humanitarian_liaison").token, "GET", "/api/v1/victims").status, 403);
  EXPECT_EQ(Call(as("u-analyst").token, "GET", "/api/v1/users").status, 403);
  EXPECT_EQ(Call(as("u-investigator").token, "GET", "/api/v1/audit").status, 403);
  EXPECT_EQ(Call(as("u-analyst").token, "GET", "/api/v1/audit/verification").status, 200);
  // Releases: publishers only; and never approved by the one who requested them.
  EXPECT_EQ(Call(as("u-analyst").token, "POST", "/api/v1/releases", "{}").status, 403);
  const std::string own =
      json::parse(Call(as("u-publisher").token, "POST", "/api/v1/releases", "{}").body)["id"];
  const Answer self =
      Call(as("u-publisher").token, "POST", "/api/v1/releases/" + own + "/approve", "{}");
  EXPECT_EQ(self.status, 403);
  EXPECT_THAT(self.body, HasSubstr("another person must review it"));
  EXPECT_EQ(Call(as("u-response_officer").token, "GET", "/api/v1/victims").status, 200);
  // The leadership framework: analysts read assessments, investigators do not; an assessment is
  // never published by its own assessor.
  EXPECT_EQ(Call(as("u-analyst").token, "GET", "/api/v1/state-assessments").status, 200);
  EXPECT_EQ(Call(as("u-investigator").token, "GET", "/api/v1/state-assessments").status, 403);
  const json review = AssessmentUnderReview();
  const Answer own_review = Call(
      scorer_, "POST", "/api/v1/state-assessments/" + review["id"].get<std::string>() + "/publish",
      json{{"version", review["version"]}}.dump());
  EXPECT_EQ(own_review.status, 403);
  EXPECT_THAT(own_review.body, HasSubstr("someone other than its assessor"));
  // The case lifecycle: who may read case files, and who may take which step.
  const std::string case_file = "/api/v1/incidents/" + open_incident_ + "/case";
  EXPECT_EQ(Call(as("u-publisher").token, "GET", case_file).status, 200);
  EXPECT_EQ(Call(as("u-poc_adviser").token, "GET", case_file).status, 403);
  EXPECT_EQ(
      Call(as("u-publisher").token, "GET", "/api/v1/incidents/" + open_incident_ + "/timeline")
          .status,
      403);
  EXPECT_EQ(Call(as("u-analyst").token, "POST", case_file + "/steps",
                 json{{"step", "start_assessment"}}.dump())
                .status,
            403);
  EXPECT_EQ(Call(as("u-external_reporter").token, "GET", "/api/v1/my/reports").status, 200);
  const json lifecycle = json::parse(Call(as("u-public").token, "GET", "/api/v1/lifecycle").body);
  ASSERT_EQ(lifecycle["steps"].size(), 7u);
  EXPECT_EQ(lifecycle["steps"][0]["step"], "start_assessment");
  EXPECT_EQ(lifecycle["steps"][0]["roles"], json({"admin", "investigator"}));
  EXPECT_EQ(lifecycle["steps"][5]["step"], "close");
  EXPECT_EQ(lifecycle["steps"][5]["roles"], json({"admin", "response_officer"}));
}

TEST_F(AuthorizationMatrixTest, RestrictedRecordsAndPersonalDataReachOnlyThoseWhoMaySeeThem) {
  const std::string nobody = "01a20000-0000-7000-8000-000000000000";
  for (const Caller& caller : callers_) {
    if (caller.anonymous()) continue;
    std::string seen;  // every body this caller got
    for (const auto& [name, kind] : kCollections) {
      if (!caller.Allows({service::ReadAction(kind)})) continue;
      const std::string base = "/api/v1/" + std::string(name);
      for (const std::string query :
           {"?limit=1000&retracted=include", "?q=Crater", "?q=strike", "?q=Zainab", "?q=Hamid"}) {
        if (query.starts_with("?q=") && kind == EntityKind::kVictim) continue;
        const Answer a = Call(caller.token, "GET", base + query);
        EXPECT_EQ(a.status, 200) << caller.name << " " << base << query << ": " << a.body;
        seen += a.body;
      }
    }
    const std::vector<std::pair<std::string, std::string>> reads = {
        {"incidents", open_incident_},   {"reports", open_report_},   {"victims", open_victim_},
        {"incidents", secret_incident_}, {"reports", secret_report_}, {"victims", secret_victim_}};
    for (const auto& [collection, id] : reads) {
      const EntityKind kind = *ParseEnum<EntityKind>(collection.substr(0, collection.size() - 1));
      if (!caller.Allows({service::ReadAction(kind)})) continue;
      const Answer a = Call(caller.token, "GET", "/api/v1/" + collection + "/" + id);
      seen += a.body;
      const bool secret = id == secret_incident_ || id == secret_report_ || id == secret_victim_;
      if (secret && !caller.InJ2()) {
        // Exactly what a record that never existed gets.
        const Answer none = Call(caller.token, "GET", "/api/v1/" + collection + "/" + nobody);
        EXPECT_EQ(a.status, 404) << caller.name << " read " << collection << " " << id;
        std::string expected = none.body;
        expected.replace(expected.find(nobody), nobody.size(), id);
        EXPECT_EQ(a.body, expected);
        // Nor can it be changed, or learnt about from the answer to a change.
        const Answer put = Call(caller.token, "PUT", "/api/v1/" + collection + "/" + id,
                                json{{"version", 1}}.dump());
        if (caller.Allows({service::WriteAction(kind)})) {
          EXPECT_NE(put.status, 409);
        }
        seen += put.body;
      } else {
        EXPECT_EQ(a.status, 200) << caller.name << " read " << collection << " " << id;
      }
    }
    if (!caller.InJ2() && caller.Allows({Action::kReadReports, Action::kWriteReports})) {
      // Linking to a restricted incident is refused exactly as linking to a missing one.
      const auto link_to = [&](const std::string& incident) {
        Report r = SampleReport();
        r.account.clear();
        r.source_record_id = "LINK-" + std::to_string(++serial_);
        r.incident_id = incident;
        Answer a = Call(caller.token, "POST", "/api/v1/reports", ToJson(r).dump());
        if (const size_t at = a.body.find(incident); at != std::string::npos) {
          a.body.replace(at, incident.size(), "<id>");
        }
        return a;
      };
      const Answer secret = link_to(secret_incident_);
      const Answer missing = link_to(nobody);
      EXPECT_EQ(secret.status, 400) << caller.name;
      EXPECT_EQ(secret.body, missing.body) << caller.name;
    }
    if (caller.InJ2()) {
      if (caller.Allows({Action::kReadIncidents})) {
        EXPECT_THAT(seen, HasSubstr(kRestrictedTitle));
      }
    } else {
      EXPECT_THAT(seen, Not(HasSubstr(kRestrictedTitle))) << caller.name;
      for (const std::string& id : {secret_report_, secret_victim_}) {
        EXPECT_THAT(seen, Not(HasSubstr("\"id\":\"" + id))) << caller.name;
      }
    }
    const bool personal = caller.Allows({Action::kReadPersonalData});
    for (const std::string& p : kPersonal) {
      if (!personal) {
        EXPECT_THAT(seen, Not(HasSubstr(p))) << caller.name << " saw " << p;
      }
    }
    if (personal && caller.Allows({Action::kReadVictims})) {
      EXPECT_THAT(seen, HasSubstr("Zainab Quraishi")) << caller.name;
      EXPECT_EQ(seen.find("Hamid Qasemi") != std::string::npos, caller.InJ2()) << caller.name;
    }
  }
  // The audit log holds personal data sealed, never in clear, even for administrators.
  const Answer audit = Call(admin_.token, "GET", "/api/v1/audit?limit=1000");
  ASSERT_EQ(audit.status, 200);
  EXPECT_THAT(audit.body, HasSubstr("$sealed"));
  for (const std::string& p : kPersonal) EXPECT_THAT(audit.body, Not(HasSubstr(p)));
}

TEST_F(AuthorizationMatrixTest, PersonalDataIsSearchedInMemoryByThoseWhoMayReadIt) {
  const auto as = [&](const std::string& name) {
    return std::find_if(callers_.begin(), callers_.end(),
                        [&](const Caller& c) { return c.name == name; })
        ->token;
  };
  const auto ids = [&](const std::string& token, const std::string& url) {
    const Answer a = Call(token, "GET", url);
    EXPECT_EQ(a.status, 200) << url << ": " << a.body;
    std::set<std::string> out;
    if (a.status == 200) {
      const json body = json::parse(a.body);
      for (const json& item : body["items"]) out.insert(item["id"].get<std::string>());
    }
    return out;
  };
  const std::string investigator = as("u-investigator"), insider = as("insider-investigator");
  EXPECT_EQ(ids(investigator, "/api/v1/victims?personal_q=zainab%20QURAISHI"),
            std::set<std::string>{open_victim_});
  EXPECT_EQ(ids(investigator, "/api/v1/reports?personal_q=0101-555"),
            std::set<std::string>{open_report_});
  EXPECT_TRUE(ids(investigator, "/api/v1/victims?personal_q=Hamid").empty())
      << "restricted records stay out of personal searches too";
  EXPECT_EQ(ids(insider, "/api/v1/victims?personal_q=Hamid"),
            std::set<std::string>{secret_victim_});
  EXPECT_TRUE(ids(investigator, "/api/v1/victims?personal_q=Zainab%20Hamid").empty());
  // Paging over a filtered list: one record a page, and no record twice.
  const Answer first = Call(insider, "GET", "/api/v1/victims?personal_q=a&limit=1&sort=oldest");
  ASSERT_EQ(first.status, 200) << first.body;
  const json page = json::parse(first.body);
  ASSERT_EQ(page["items"].size(), 1u);
  ASSERT_TRUE(page["next_cursor"].is_string());
  const json second = json::parse(Call(insider, "GET",
                                       "/api/v1/victims?personal_q=a&limit=1&sort=oldest&cursor=" +
                                           page["next_cursor"].get<std::string>())
                                      .body);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_NE(second["items"][0]["id"], page["items"][0]["id"]);

  const Answer refused = Call(as("u-analyst"), "GET", "/api/v1/victims?personal_q=Zainab");
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.body, HasSubstr("read_personal_data"));
  EXPECT_EQ(Call(investigator, "GET", "/api/v1/incidents?personal_q=Zainab").status, 400);
}

TEST_F(AuthorizationMatrixTest, ExportsOfTheCommandLineFollowTheSameRules) {
  const std::string db = dir_.File("matrix.db");
  const auto export_as = [&](const std::string& name, const std::string& kind) {
    UseToken(std::find_if(callers_.begin(), callers_.end(), [&](const Caller& c) {
               return c.name == name;
             })->token);
    return RunCivharm({"export", "--format", "json", "--entity", kind, "--db", db});
  };
  ProcessResult r = export_as("u-analyst", "victim");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(open_victim_));
  for (const std::string& p : kPersonal) EXPECT_THAT(r.out, Not(HasSubstr(p)));
  EXPECT_THAT(r.out, Not(HasSubstr(secret_victim_)));
  r = export_as("insider-investigator", "victim");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Hamid Qasemi"));
  r = export_as("u-investigator", "report");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Zainab Quraishi, telephone"));
  EXPECT_THAT(r.out, Not(HasSubstr("Hamid")));
  EXPECT_THAT(r.out, Not(HasSubstr(secret_report_)));
  r = export_as("u-humanitarian_liaison", "report");
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_EQ(r.out, "");
}

TEST_F(AuthorizationMatrixTest, SessionsNeedTheirCsrfTokenAndEndWhenSignedOut) {
  httplib::Headers none;
  const Answer login = Call("", "POST", "/api/v1/auth/login",
                            json{{"name", "u-analyst"}, {"password", kPassword}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.headers.find("Set-Cookie")->second;
  EXPECT_THAT(set_cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(set_cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(set_cookie, Not(HasSubstr("Secure"))) << "plain HTTP on loopback";
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = json::parse(login.body)["csrf_token"];
  EXPECT_THAT(login.body, Not(HasSubstr(cookie.substr(cookie.find('=') + 1))))
      << "the session secret stays in the HttpOnly cookie";

  const httplib::Headers with_cookie = {{"Cookie", cookie}};
  EXPECT_EQ(Call("", "GET", "/api/v1/incidents", "", with_cookie).status, 200);
  const std::string incident = ToJson(SampleIncident()).dump();
  Answer a = Call("", "POST", "/api/v1/incidents", incident, with_cookie);
  EXPECT_EQ(a.status, 403);
  EXPECT_THAT(a.body, HasSubstr("X-CSRF-Token"));
  a = Call("", "POST", "/api/v1/incidents", incident,
           {{"Cookie", cookie}, {"X-CSRF-Token", std::string(csrf.size(), '0')}});
  EXPECT_EQ(a.status, 403);
  a = Call("", "POST", "/api/v1/incidents", incident, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(a.status, 201) << a.body;
  a = Call("", "GET", "/api/v1/auth/session", "", with_cookie);
  EXPECT_EQ(json::parse(a.body)["csrf_token"], csrf);
  EXPECT_EQ(json::parse(a.body)["user"]["name"], "u-analyst");

  a = Call("", "POST", "/api/v1/auth/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_THAT(a.headers.find("Set-Cookie")->second, HasSubstr("Max-Age=0"));
  EXPECT_EQ(Call("", "GET", "/api/v1/incidents", "", with_cookie).status, 401);
}

TEST_F(AuthorizationMatrixTest, RevokedTokensPasswordChangesAndDisabledUsersSignNobodyIn) {
  const Answer login =
      Call("", "POST", "/api/v1/auth/login",
           json{{"name", "u-poc_adviser"}, {"password", kPassword}, {"kind", "api"}}.dump());
  ASSERT_EQ(login.status, 201) << login.body;
  const std::string token = json::parse(login.body)["token"];
  const std::string token_id = json::parse(login.body)["token_id"];
  const std::string other = SignIn("u-poc_adviser");
  EXPECT_EQ(Call(token, "GET", "/api/v1/incidents").status, 200);
  const json mine = json::parse(Call(other, "GET", "/api/v1/tokens").body)["items"];
  ASSERT_GE(mine.size(), 3u);
  for (const json& t : mine) {
    EXPECT_FALSE(t.contains("digest"));
    EXPECT_EQ(t["user"], "u-poc_adviser");
  }
  // Someone else's token is not theirs to revoke, nor to learn about.
  const std::string outsider = SignIn("u-publisher");
  EXPECT_EQ(Call(outsider, "POST", "/api/v1/tokens/" + token_id + "/revoke").status, 404);
  EXPECT_EQ(Call(outsider, "GET", "/api/v1/tokens?user=u-poc_adviser").status, 403);
  ASSERT_EQ(Call(other, "POST", "/api/v1/tokens/" + token_id + "/revoke").status, 200);
  EXPECT_EQ(Call(token, "GET", "/api/v1/incidents").status, 401);
  EXPECT_EQ(Call(other, "GET", "/api/v1/incidents").status, 200);

  const std::string fresh = SignIn("u-poc_adviser");
  Answer a = Call(
      fresh, "POST", "/api/v1/auth/password",
      json{{"current_password", kPassword}, {"new_password", "another long passphrase"}}.dump());
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(Call(fresh, "GET", "/api/v1/incidents").status, 401) << "signed out everywhere";

  const std::string analyst = SignIn("u-analyst");
  ASSERT_EQ(Call(admin_.token, "POST", "/api/v1/users/u-analyst/disable").status, 200);
  EXPECT_EQ(Call(analyst, "GET", "/api/v1/incidents").status, 401);
  a = Call("", "POST", "/api/v1/auth/login",
           json{{"name", "u-analyst"}, {"password", kPassword}}.dump());
  EXPECT_EQ(a.status, 401);
}

TEST_F(AuthorizationMatrixTest, FailedSignInsLockTheAccountWithoutSayingSo) {
  const auto login = [&](const std::string& name, std::string_view password) {
    return Call("", "POST", "/api/v1/auth/login",
                json{{"name", name}, {"password", password}}.dump());
  };
  const Answer unknown = login("nobody-here", "whatever it is");
  EXPECT_EQ(unknown.status, 401);
  for (int i = 0; i < 5; ++i) {
    const Answer wrong = login("u-publisher", "not the passphrase");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.body, unknown.body);
  }
  const Answer locked = login("u-publisher", kPassword);
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.body, unknown.body);
  // An administrator's reset lifts the lock.
  const Answer reset = Call(admin_.token, "POST", "/api/v1/users/u-publisher/password",
                            json{{"password", "a reset long passphrase"}}.dump());
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(login("u-publisher", "a reset long passphrase").status, 200);
}

TEST(RateLimitTest, SignInsAndPublicReportsAreLimitedPerAddress) {
  TempDir dir;
  InitDatabase(dir.File("limits.db"));
  TestServer server(dir.File("limits.db"), dir.path(),
                    {"--sign-in-limit", "3", "--submission-limit", "2"});
  auto client = server.Client();
  const std::string login = json{{"name", "admin"}, {"password", "wrong wrong wrong"}}.dump();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client->Post("/api/v1/auth/login", login, "application/json")->status, 401);
  }
  auto refused = client->Post("/api/v1/auth/login", login, "application/json");
  EXPECT_EQ(refused->status, 429);
  EXPECT_GE(std::stoi(refused->get_header_value("Retry-After")), 1);

  const std::string report =
      json{{"account", "a shell hit the well"}, {"date", {{"start", "2026-10-30"}}}}.dump();
  for (int i = 0; i < 2; ++i) {
    auto r = client->Post("/api/v1/public/reports", report, "application/json");
    EXPECT_EQ(r->status, 202) << r->body;
    EXPECT_THAT(r->body, HasSubstr("\"reference\":\"PUB-"));
    EXPECT_THAT(r->body, Not(HasSubstr("well"))) << "nothing of the report comes back";
  }
  EXPECT_EQ(client->Post("/api/v1/public/reports", report, "application/json")->status, 429);
}

TEST_F(AuthorizationMatrixTest, NoPersonalDataInAnythingTheServerOrTheCommandLineLogs) {
  // Everything the other tests do, with the names in play...
  for (const RouteCase& rc : RouteCases()) {
    for (const Caller& caller : callers_) {
      const auto [url, body] = rc.make(*this);
      (void)Call(caller.token, rc.method, url, body, std::exchange(next_headers_, {}));
    }
  }
  for (const Caller& caller : callers_) {
    for (const std::string& path :
         {std::string("/api/v1/reports?q=Zainab"), std::string("/api/v1/reports?q=Quraishi"),
          "/api/v1/victims/" + secret_victim_}) {
      (void)Call(caller.token, "GET", path);
    }
  }
  // ...refused bodies that carry personal data...
  json bad = ToJson(SampleVictim());
  bad["names"] = {{{"name", "Zainab Quraishi"}, {"lang", "not a language tag at all"}}};
  bad["age"] = -4;
  (void)Call(admin_.token, "POST", "/api/v1/victims", bad.dump());
  (void)Call("", "POST", "/api/v1/public/reports",
             json{{"account", "Hamid Qasemi"}, {"contact", "0101-555"}, {"date", "bad"}}.dump());
  (void)Call("", "POST", "/api/v1/auth/login",
             json{{"name", "Zainab Quraishi"}, {"password", "Hamid Qasemi"}}.dump());

  // ...and the command line importing, refusing and exporting them.
  std::string cli;
  const std::string db = dir_.File("matrix.db");
  UseToken(admin_.token);
  std::ofstream(dir_.File("victims.csv"))
      << "source_name,source_record_id,names,age,status,outcome\n"
         "List A,A1,\"[{\"\"name\"\":\"\"Zainab Quraishi\"\"}]\",34,civilian,killed\n"
         "List A,A2,\"[{\"\"name\"\":\"\"Hamid Qasemi\"\"}]\",not an age,civilian,killed\n"
         "List A,A3,Zainab Quraishi,30,civilian,killed\n"
         "List A,A4,\"[{\"\"name\"\":\"\"Hamid Qasemi\",31,civilian,killed\n";
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"import", "--format", "csv", "--entity", "victim", "--db", db,
            dir_.File("victims.csv")},
           {"import", "--format", "csv", "--entity", "victim", "--skip-invalid", "--rejects",
            dir_.File("rejects.csv"), "--db", db, dir_.File("victims.csv")},
           {"export", "--format", "csv", "--entity", "victim", "--out", dir_.File("v.csv"), "--db",
            db},
           {"audit", "verify", "--db", db},
           {"user", "list", "--db", db}}) {
    const ProcessResult r = RunCivharm(args);
    cli += r.err;
    if (args[0] != "export") cli += r.out;
  }
  EXPECT_THAT(cli, HasSubstr("row 2")) << cli;
  EXPECT_THAT(cli, HasSubstr("1 victims created")) << cli;
  EXPECT_THAT(ReadFile(dir_.File("rejects.csv")), HasSubstr("Hamid Qasemi"))
      << "refused rows keep their data for correction";
  EXPECT_THAT(ReadFile(dir_.File("v.csv")), HasSubstr("Zainab Quraishi")) << "the data is there";
  server_.Signal(SIGTERM);
  server_.Wait();
  const std::string log = server_.Output();
  EXPECT_THAT(log, HasSubstr("GET /api/v1/victims"));
  for (const std::string& p : kPersonal) {
    EXPECT_THAT(log, Not(HasSubstr(p))) << "the server logged " << p;
    EXPECT_THAT(cli, Not(HasSubstr(p))) << "the command line wrote " << p << ":\n" << cli;
  }
}

}  // namespace
}  // namespace civharm::testing
