// The HTTP API of a real `civharm serve` process, over loopback.
#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "core/testing/temp_dir.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "support/process.h"
#include "support/server.h"

namespace civharm::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class HttpApiTest : public ::testing::Test {
 protected:
  json Parse(const httplib::Result& r) {
    EXPECT_TRUE(r) << "no response";
    return r ? json::parse(r->body) : json();
  }
  httplib::Result Post(const std::string& path, const json& body) {
    return client_->Post(path, body.dump(), "application/json");
  }

  TempDir dir_;
  Admin admin_ = InitDatabase(dir_.File("http.db"));
  TestServer server_{dir_.File("http.db"), dir_.path()};
  std::unique_ptr<httplib::Client> client_ = server_.Client(admin_.token);
};

TEST_F(HttpApiTest, HealthzAndTheOpenApiDocument) {
  auto r = client_->Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["status"], "ok");
  EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("application/json"));
  r = client_->Get("/api/v1/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(json::parse(r->body).contains("paths"));
}

TEST_F(HttpApiTest, AReportTravelsThroughTheWholeApi) {
  Report report = civharm::testing::SampleReport();
  auto created = Post("/api/v1/reports", ToJson(report));
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const json r = json::parse(created->body);
  EXPECT_EQ(created->get_header_value("Location"), "/api/v1/reports/" + r["id"].get<std::string>());
  // Unicode survives the trip.
  EXPECT_EQ(r["location"]["place_names"][1]["name"], "الرامي");

  const std::string incident_url = "/api/v1/incidents/" + r["incident_id"].get<std::string>();
  json incident = Parse(client_->Get(incident_url));
  EXPECT_EQ(incident["report_ids"][0], r["id"]);

  incident["title"] = "Strike on al-Rami, two sources";
  auto put = client_->Put(incident_url, incident.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(json::parse(put->body)["version"], 2);
  EXPECT_EQ(put->get_header_value("ETag"), "\"2\"");

  auto stale =
      client_->Put(incident_url, incident.dump(), "application/json");  // still says version 1
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 409);
  EXPECT_EQ(json::parse(stale->body)["error"]["code"], "conflict");

  const json list = Parse(client_->Get("/api/v1/incidents?q=two+sources&country=syria"));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_TRUE(list["next_cursor"].is_null());

  auto retract = Post(incident_url + "/retract", {{"reason", "test entry"}, {"version", 2}});
  ASSERT_TRUE(retract);
  EXPECT_EQ(retract->status, 200) << retract->body;
  EXPECT_TRUE(Parse(client_->Get("/api/v1/incidents"))["items"].empty());
  EXPECT_EQ(Parse(client_->Get(incident_url))["retraction"]["by"], "admin");
}

TEST_F(HttpApiTest, ErrorsCarryCodeMessageAndField) {
  json bad = ToJson(civharm::testing::SampleIncident());
  bad["casualties"]["civilian"]["killed"] = {{"min", 9}, {"max", 2}};
  auto r = Post("/api/v1/incidents", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const json e = json::parse(r->body)["error"];
  EXPECT_EQ(e["code"], "invalid_argument");
  EXPECT_EQ(e["field"], "casualties.civilian.killed.max");
  EXPECT_FALSE(e["message"].get<std::string>().empty());

  r = client_->Get("/api/v1/incidents?bbox=1,2");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["field"], "bbox");

  r = client_->Get("/api/v1/operations/0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b13");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);

  r = client_->Delete("/api/v1/incidents/0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b13");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "GET, PUT");

  r = client_->Post("/api/v1/victims", "{not json", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(json::parse(r->body)["error"]["message"].get<std::string>(),
              HasSubstr("not valid JSON"));

  r = client_->Get("/nowhere");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(HttpApiTest, ListsPageThroughEverything) {
  for (int k = 0; k < 7; ++k)
    ASSERT_EQ(Post("/api/v1/operations",
                   [&] {
                     Operation o = civharm::testing::SampleOperation();
                     o.reference = "OP-" + std::to_string(k);
                     return ToJson(o);
                   }())
                  ->status,
              201);
  std::set<std::string> seen;
  std::string next = "/api/v1/operations?limit=3&sort=oldest";
  int pages = 0;
  while (!next.empty() && pages < 10) {
    const json page = Parse(client_->Get(next));
    ++pages;
    for (const json& item : page["items"]) seen.insert(item["reference"]);
    next = page["next_cursor"].is_null() ? ""
                                         : "/api/v1/operations?limit=3&sort=oldest&cursor=" +
                                               page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);
}

TEST_F(HttpApiTest, ImportsAFileAllOrNothingAndNamesEveryRefusedRow) {
  const std::string csv =
      "source_type,source_name,source_record_id,date.start\n"
      "ngo,Test NGO,r-1,2024-01-01\n"
      "ngo,Test NGO,r-2,2024-13-01\n";
  const std::string path = "/api/v1/imports?format=csv&kind=reports&name=..%2F..%2Fngo%20list.csv";
  auto refused = client_->Post(path, csv, "text/csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422);
  json body = json::parse(refused->body);
  EXPECT_FALSE(body["landed"].get<bool>());
  EXPECT_EQ(body["file"], "ngo_list.csv");  // its own name, nothing of a path
  EXPECT_EQ(body["error"]["field"], "file");
  ASSERT_EQ(body["errors"].size(), 1u);
  EXPECT_EQ(body["errors"][0]["row"], 2);
  EXPECT_EQ(body["errors"][0]["line"], 3);
  EXPECT_EQ(body["errors"][0]["column"], "date.start");
  EXPECT_EQ(Parse(client_->Get("/api/v1/reports?source_name=Test%20NGO"))["items"].size(), 0u);

  // With invalid=skip the valid row lands and the refused one comes back with its reason.
  auto skipped = client_->Post(path + "&invalid=skip", csv, "text/csv");
  ASSERT_TRUE(skipped);
  ASSERT_EQ(skipped->status, 200) << skipped->body;
  body = json::parse(skipped->body);
  EXPECT_TRUE(body["landed"].get<bool>());
  EXPECT_EQ(body["created"], 1);
  EXPECT_EQ(body["rejected"], 1);
  EXPECT_THAT(body["rejects"].get<std::string>(),
              HasSubstr("ngo,Test NGO,r-2,2024-13-01,\"row 2 (line 3), column 'date.start'"));
  EXPECT_EQ(Parse(client_->Get("/api/v1/reports?source_name=Test%20NGO"))["items"].size(), 1u);

  // The same file again adds nothing.
  body = json::parse(client_->Post(path + "&invalid=skip", csv, "text/csv")->body);
  EXPECT_EQ(body["created"], 0);
  EXPECT_EQ(body["unchanged"], 1);

  for (const char* bad : {"format=xml", "kind=people", "invalid=maybe", "colour=blue"}) {
    auto r = client_->Post(std::string("/api/v1/imports?") + bad, csv, "text/csv");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
  }
  auto empty = client_->Post("/api/v1/imports?kind=reports", "", "text/csv");
  EXPECT_EQ(json::parse(empty->body)["error"]["field"], "file");
}

TEST_F(HttpApiTest, ExportsWhatTheListsFilterAsADownload) {
  ASSERT_EQ(Post("/api/v1/reports", ToJson(civharm::testing::SampleReport()))->status, 201);
  auto csv = client_->Get("/api/v1/exports/reports?format=csv&hxl=true&date_from=2000-01-01");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_THAT(csv->get_header_value("Content-Type"), HasSubstr("text/csv"));
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"civharm-reports.csv\"");
  EXPECT_EQ(csv->get_header_value("X-Record-Count"), "1");
  // The header, the HXL hashtags, one record.
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n') >= 3, true);
  EXPECT_THAT(csv->body, HasSubstr("#"));
  auto none = client_->Get("/api/v1/exports/reports?format=json&date_from=2099-01-01");
  ASSERT_TRUE(none);
  EXPECT_EQ(json::parse(none->body), json::array());
  for (const char* bad : {"/api/v1/exports/people", "/api/v1/exports/reports?format=pdf",
                          "/api/v1/exports/reports?format=json&hxl=true",
                          "/api/v1/exports/reports?limit=5"}) {
    auto r = client_->Get(bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
  }
}

TEST_F(HttpApiTest, StopsCleanlyOnSigterm) {
  server_.Signal(SIGTERM);
  EXPECT_EQ(server_.Wait(), 0);
  EXPECT_THAT(ReadFile(dir_.File("server.err")), HasSubstr("stopping"));
}

TEST_F(HttpApiTest, LogsNoQueryStringsOrBodies) {
  ASSERT_TRUE(client_->Get("/api/v1/incidents?q=Hankosh"));
  json victim = ToJson(civharm::testing::SampleVictim());
  ASSERT_EQ(Post("/api/v1/victims", victim)->status, 201);
  server_.Signal(SIGTERM);
  server_.Wait();
  const std::string log = ReadFile(dir_.File("server.err")) + ReadFile(dir_.File("server.out"));
  EXPECT_THAT(log, HasSubstr("POST /api/v1/victims 201"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("Hankosh")));
}

}  // namespace
}  // namespace civharm::testing
