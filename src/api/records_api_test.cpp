// The record routes, called through the router on a real SQLite file (no sockets: those are
// exercised by tests/http_api_test.cpp against the real server process).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "core/testing/temp_dir.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "service/demo.h"
#include "service/user_service.h"

namespace civharm::api {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class RecordsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ =
        std::move(storage::OpenStore({.location = dir_.File("api.db"),
                                      .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                      .value());
    records_ = std::make_unique<service::RecordService>(*store_);
    auth_ = std::make_unique<service::AuthService>(*store_);
    services_ = std::make_unique<ApiServices>(ApiServices{*store_, *records_, *auth_});
    router_ = std::make_unique<Router>(BuildRouter(*services_));
    const auto admin = service::EnsureFirstAdmin(*store_).value().value();
    token_ =
        auth_->SignIn("admin", admin.password, {.kind = storage::TokenKind::kApi}).value().secret;
  }

  HttpResponse Call(std::string method, std::string target, std::string body = "",
                    std::map<std::string, std::string> headers = {}) {
    headers.emplace("authorization", "Bearer " + token_);
    HttpRequest req{.method = std::move(method),
                    .headers = std::move(headers),
                    .body = std::move(body),
                    .peer = "127.0.0.1"};
    const size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    return router_->Dispatch(req);
  }
  static json Body(const HttpResponse& r) { return json::parse(r.body); }
  static std::string Header(const HttpResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }

  json CreateIncident() {
    const HttpResponse r =
        Call("POST", "/api/v1/incidents", ToJson(civharm::testing::SampleIncident()).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Body(r);
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::RecordService> records_;
  std::unique_ptr<service::AuthService> auth_;
  std::unique_ptr<ApiServices> services_;
  std::unique_ptr<Router> router_;
  std::string token_;
};

TEST_F(RecordsApiTest, HealthzReportsTheSchema) {
  const HttpResponse r = Call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["status"], "ok");
  EXPECT_EQ(Body(r)["schema_version"], Body(r)["latest_schema_version"]);
}

TEST_F(RecordsApiTest, CreateReadUpdateRetract) {
  const json created = CreateIncident();
  const std::string id = created["id"];
  EXPECT_EQ(created["version"], 1);

  HttpResponse got = Call("GET", "/api/v1/incidents/" + id);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(Body(got), created);
  EXPECT_EQ(Header(got, "ETag"), "\"1\"");

  json edit = created;
  edit["title"] = "Strike on the al-Rami bakery";
  edit["version"] = 5;
  HttpResponse stale = Call("PUT", "/api/v1/incidents/" + id, edit.dump());
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(Body(stale)["error"]["code"], "conflict");

  edit["version"] = 1;
  HttpResponse updated = Call("PUT", "/api/v1/incidents/" + id, edit.dump());
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(Body(updated)["version"], 2);
  EXPECT_EQ(Body(updated)["title"], "Strike on the al-Rami bakery");

  HttpResponse retracted = Call("POST", "/api/v1/incidents/" + id + "/retract",
                                R"({"reason": "entered twice", "version": 2})");
  ASSERT_EQ(retracted.status, 200) << retracted.body;
  EXPECT_EQ(Body(retracted)["retraction"]["reason"], "entered twice");
  EXPECT_EQ(Body(retracted)["retraction"]["by"], "admin");

  EXPECT_TRUE(Body(Call("GET", "/api/v1/incidents"))["items"].empty());
  EXPECT_EQ(Body(Call("GET", "/api/v1/incidents?retracted=include"))["items"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/incidents/" + id).status, 200);  // never deleted
}

TEST_F(RecordsApiTest, UpdateAcceptsIfMatchInsteadOfABodyVersion) {
  json created = CreateIncident();
  created.erase("version");
  created["title"] = "renamed";
  EXPECT_EQ(Call("PUT", "/api/v1/incidents/" + std::string(created["id"]), created.dump()).status,
            400);
  HttpResponse r = Call("PUT", "/api/v1/incidents/" + std::string(created["id"]), created.dump(),
                        {{"if-match", "\"1\""}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(RecordsApiTest, InvalidBodiesSayWhatAndWhere) {
  json bad = ToJson(civharm::testing::SampleIncident());
  bad["date"]["end"] = "2012-12-31";
  bad["location"]["lat"] = 123;
  HttpResponse r = Call("POST", "/api/v1/incidents", bad.dump());
  EXPECT_EQ(r.status, 400);
  const json err = Body(r)["error"];
  EXPECT_EQ(err["code"], "invalid_argument");
  EXPECT_EQ(err["field"], "date.end");
  EXPECT_GE(err["details"].size(), 2u);

  r = Call("POST", "/api/v1/incidents", "{\"date\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(Body(r)["error"]["message"].get<std::string>(), HasSubstr("not valid JSON"));

  r = Call("POST", "/api/v1/incidents", R"({"location": {"lon": 1e400}})");
  EXPECT_EQ(r.status, 400);  // a number JSON cannot hold is bad input, not a server fault
  EXPECT_THAT(Body(r)["error"]["message"].get<std::string>(), HasSubstr("not valid JSON"));

  r = Call("POST", "/api/v1/incidents",
           R"({"date": {"start": "2024-01-01"}, "id": "0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b13"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "id");
  EXPECT_TRUE(Body(Call("GET", "/api/v1/incidents"))["items"].empty());  // nothing stored
}

TEST_F(RecordsApiTest, AReportWithoutIncidentOpensOne) {
  HttpResponse r = Call("POST", "/api/v1/reports", ToJson(civharm::testing::SampleReport()).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  const json report = Body(r);
  ASSERT_TRUE(report.contains("incident_id"));
  const json incident =
      Body(Call("GET", "/api/v1/incidents/" + std::string(report["incident_id"])));
  EXPECT_EQ(incident["status"], "unassessed");
  EXPECT_EQ(incident["report_ids"], json::array({report["id"]}));
  EXPECT_EQ(incident["date"], report["date"]);
  EXPECT_EQ(Header(r, "Location"), "/api/v1/reports/" + std::string(report["id"]));
  const json listed =
      Body(Call("GET", "/api/v1/reports?incident_id=" + std::string(report["incident_id"])));
  EXPECT_EQ(listed["items"].size(), 1u);
}

TEST_F(RecordsApiTest, StatusAndReportLinksAreNotEditable) {
  json created = CreateIncident();
  created["status"] = "credible";
  HttpResponse r = Call("PUT", "/api/v1/incidents/" + std::string(created["id"]), created.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "status");
  json fresh = ToJson(civharm::testing::SampleIncident());
  fresh["status"] = "closed";
  EXPECT_EQ(Body(Call("POST", "/api/v1/incidents", fresh.dump()))["error"]["field"], "status");
}

TEST_F(RecordsApiTest, BadIdsAndUnknownRecords) {
  EXPECT_EQ(Call("GET", "/api/v1/incidents/42").status, 400);
  HttpResponse r = Call("GET", "/api/v1/victims/0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b13");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r)["error"]["code"], "not_found");
  EXPECT_EQ(Call("DELETE", "/api/v1/incidents/0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b13").status, 405);
}

TEST_F(RecordsApiTest, ListsPageWithCursors) {
  for (int k = 0; k < 5; ++k) CreateIncident();
  std::set<std::string> seen;
  std::string target = "/api/v1/incidents?limit=2";
  for (int guard = 0; guard < 10; ++guard) {
    const json page = Body(Call("GET", target));
    for (const json& item : page["items"]) seen.insert(item["id"]);
    if (page["next_cursor"].is_null()) break;
    target = "/api/v1/incidents?limit=2&cursor=" + std::string(page["next_cursor"]);
  }
  EXPECT_EQ(seen.size(), 5u);
  HttpResponse r = Call("GET", "/api/v1/incidents?limit=2&cursor=garbage");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "cursor");
}

TEST_F(RecordsApiTest, FiltersAreChecked) {
  HttpResponse r = Call("GET", "/api/v1/incidents?colour=blue");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "colour");
  EXPECT_EQ(Call("GET", "/api/v1/victims?bbox=0,0,1,1").status, 400);
  CreateIncident();
  EXPECT_EQ(Body(Call("GET", "/api/v1/incidents?country=SYRIA&q=Rami"))["items"].size(), 1u);
  EXPECT_EQ(Body(Call("GET", "/api/v1/incidents?bbox=0,0,1,1"))["items"].size(), 0u);
}

TEST_F(RecordsApiTest, RetractNeedsAReasonAndTheVersion) {
  const json created = CreateIncident();
  const std::string url = "/api/v1/incidents/" + std::string(created["id"]) + "/retract";
  EXPECT_EQ(Body(Call("POST", url, R"({"version": 1})"))["error"]["field"], "reason");
  EXPECT_EQ(Body(Call("POST", url, R"({"reason": "x"})"))["error"]["field"], "version");
  EXPECT_EQ(Body(Call("POST", url, R"({"reason": "x", "version": 1, "why": 2})"))["error"]["field"],
            "why");
}

TEST_F(RecordsApiTest, FusionProposalsExplainEveryPair) {
  ASSERT_TRUE(service::LoadDemo(*store_, service::Actor::System(), {.events = 80}));
  const HttpResponse r = Call("GET", "/api/v1/fusion/proposals?date_from=2000-01-01");
  ASSERT_EQ(r.status, 200) << r.body;
  const json p = Body(r);
  EXPECT_GT(p["reports"].get<int>(), 80);
  ASSERT_FALSE(p["clusters"].empty());
  for (const json& c : p["clusters"]) {
    EXPECT_GE(c["reports"].size(), 2u);
    EXPECT_EQ(c["fused"].get<bool>(), c["incidents"].size() == 1);  // demo reports are fused
  }
  ASSERT_FALSE(p["pairs"].empty());
  const json& first = p["pairs"][0];
  EXPECT_TRUE(first["linked"].get<bool>());
  ASSERT_EQ(first["reasons"].size(), 5u);
  double sum = 0;
  for (const json& reason : first["reasons"]) sum += reason["weight"].get<double>();
  EXPECT_NEAR(sum, first["weight"].get<double>(), 1e-9);
  EXPECT_EQ(p["model"]["comparisons"][0]["name"], "date");
  EXPECT_EQ(Call("GET", "/api/v1/fusion/proposals?status=credible").status, 400);
}

TEST_F(RecordsApiTest, AnalystsFuseSplitAndDecideAndEverySourceKeepsItsFigures) {
  const auto report = [&](const std::string& source, int min, int max) {
    Report r = civharm::testing::SampleReport();
    r.source_name = source;
    r.facts.casualties = {};
    r.facts.casualties.civilian.killed = {.min = min, .max = max};
    const HttpResponse created = Call("POST", "/api/v1/reports", ToJson(r).dump());
    EXPECT_EQ(created.status, 201) << created.body;
    return Body(created);
  };
  const json a = report("Airwars", 2, 4), b = report("UN OHCHR", 6, 9);
  const std::string a_id = a["id"], b_id = b["id"];

  HttpResponse r = Call("POST", "/api/v1/fusion/fuse",
                        json{{"reports", {a_id, b_id}}, {"reason", "one strike"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string incident = Body(r)["incident"]["id"];
  EXPECT_EQ(incident, a["incident_id"]);
  EXPECT_EQ(Body(r)["incident"]["casualties"]["civilian"]["killed"],
            (json{{"min", 2}, {"max", 9}}));
  EXPECT_EQ(Body(r)["retracted_incidents"], json::array({b["incident_id"]}));

  r = Call("GET", "/api/v1/incidents/" + incident + "/sources");
  ASSERT_EQ(r.status, 200) << r.body;
  json sources = Body(r);
  EXPECT_EQ(sources["range"]["sources"], 2);
  EXPECT_EQ(sources["range"]["casualties"]["civilian_killed"], (json{{"min", 2}, {"max", 9}}));
  EXPECT_EQ(sources["sources"][0]["source_name"], "Airwars");
  EXPECT_EQ(sources["sources"][0]["casualties"]["civilian"]["killed"]["max"], 4);
  EXPECT_EQ(sources["sources"][1]["casualties"]["civilian"]["killed"]["max"], 9);

  r = Call("POST", "/api/v1/incidents/" + incident + "/split",
           json{{"reports", {b_id}}, {"reason", "the UN counts the next day's strike"}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Body(r)["decisions"], 1);
  EXPECT_EQ(Header(r, "Location"),
            "/api/v1/incidents/" + Body(r)["new_incident"]["id"].get<std::string>());
  const json decisions = Body(Call("GET", "/api/v1/fusion/decisions"))["decisions"];
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0]["verdict"], "different");
  EXPECT_EQ(decisions[0]["decided_by"], "admin");
  r = Call("POST", "/api/v1/fusion/fuse",
           json{{"reports", {a_id, b_id}}, {"reason", "one strike after all"}}.dump());
  EXPECT_EQ(r.status, 409) << r.body;

  // Bad requests say what is wrong.
  const auto field_of = [&](const json& body) {
    const HttpResponse bad = Call("POST", "/api/v1/fusion/decisions", body.dump());
    EXPECT_EQ(bad.status, 400) << bad.body;
    return Body(bad)["error"]["field"];
  };
  EXPECT_EQ(field_of({{"reports", {a_id, b_id}}, {"verdict", "maybe"}, {"reason", "x"}}),
            "verdict");
  EXPECT_EQ(field_of({{"reports", {a_id}}, {"verdict", "same"}, {"reason", "x"}}), "reports");
  EXPECT_EQ(field_of({{"reports", {a_id, b_id}}, {"verdict", "same"}}), "reason");
  EXPECT_EQ(field_of({{"reports", {a_id, b_id}}, {"verdict", "same"}, {"reason", "x"}, {"by", 1}}),
            "by");
  r = Call("POST", "/api/v1/fusion/decisions",
           json{{"reports", {a_id, b_id}}, {"verdict", "same"}, {"reason", "one place"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Call("POST", "/api/v1/fusion/fuse",
                 json{{"reports", {a_id, b_id}}, {"reason", "one strike after all"}}.dump())
                .status,
            200);

  r = Call("GET", "/api/v1/fusion/cross-reference?format=csv&source_name=Airwars");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(r.body.starts_with("category,report,incident,"));
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 2);  // header and Airwars
  EXPECT_NE(r.body.find("external_unmatched," + a_id), std::string::npos);
  EXPECT_EQ(Body(Call("GET", "/api/v1/fusion/cross-reference"))["counts"]["external_unmatched"], 2);
  EXPECT_EQ(Body(Call("GET", "/api/v1/fusion/cross-reference?format=xml"))["error"]["field"],
            "format");
}

}  // namespace
}  // namespace civharm::api
