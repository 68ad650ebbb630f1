#include "api/geo_api.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace civharm::api {
namespace {

using nlohmann::json;

class GeoApiTest : public ::testing::Test {
 protected:
  GeoApiTest() : router_([](const HttpRequest&) -> Result<service::Actor> {
      return std::unexpected(Status(ErrorCode::kUnauthenticated, "no one signs in here"));
    }) {
    AddGeoRoutes(router_, std::make_shared<RateLimiter>(0, std::chrono::minutes(1)));
  }
  HttpResponse Get(std::string query) {
    return router_.Dispatch(
        {.method = "GET", .path = "/api/v1/geo/position", .query = std::move(query)});
  }
  Router router_;
};

TEST_F(GeoApiTest, ReadsAReferenceIntoItsSquareForAnyone) {
  const HttpResponse r = Get("mgrs=38s%20mb%2044%2088");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  EXPECT_EQ(j["mgrs"], "38SMB4488");
  EXPECT_EQ(j["digits"], 2);
  EXPECT_DOUBLE_EQ(j["square_m"].get<double>(), 1000.0);
  // The centre of the 1 km square east of Baghdad's centre.
  EXPECT_NEAR(j["lat"].get<double>(), 33.334, 0.001);
  EXPECT_NEAR(j["lon"].get<double>(), 44.404, 0.001);
}

TEST_F(GeoApiTest, GivesCoordinatesTheirReference) {
  const json j = json::parse(Get("lat=33.3&lon=44.4").body);
  EXPECT_EQ(j["mgrs"], "38SMB4414084706");
  EXPECT_EQ(j["digits"], 5);
  EXPECT_DOUBLE_EQ(j["lat"].get<double>(), 33.3);
  const json coarse = json::parse(Get("lat=33.3&lon=44.4&digits=1").body);
  EXPECT_EQ(coarse["mgrs"], "38SMB48");
  EXPECT_DOUBLE_EQ(coarse["square_m"].get<double>(), 10000.0);
}

TEST_F(GeoApiTest, NamesWhatIsWrong) {
  const auto field_of = [this](const std::string& query) {
    const HttpResponse r = Get(query);
    EXPECT_EQ(r.status, 400) << query;
    return json::parse(r.body)["error"].value("field", "");
  };
  EXPECT_EQ(field_of("mgrs=38SMB448"), "mgrs");  // odd number of digits
  EXPECT_EQ(field_of("mgrs=99XAA"), "mgrs");
  EXPECT_EQ(field_of("lat=95&lon=44"), "lat");
  EXPECT_EQ(field_of("lat=33&lon=east"), "lon");
  EXPECT_EQ(field_of("lat=33"), "lon");
  EXPECT_EQ(field_of(""), "mgrs");
  EXPECT_EQ(field_of("mgrs=38SMB4488&lat=33&lon=44"), "mgrs");
  EXPECT_EQ(field_of("mgrs=38SMB4488&digits=2"), "digits");
  EXPECT_EQ(field_of("lat=33&lon=44&digits=6"), "digits");
  EXPECT_EQ(field_of("lat=33&lon=44&zoom=3"), "zoom");
}

}  // namespace
}  // namespace civharm::api
