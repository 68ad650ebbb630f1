// The OpenAPI document and the router must describe the same API.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "core/testing/temp_dir.h"

namespace civharm::api {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApiTest, DocumentIsValidJsonOfOpenApi3) {
  const auto doc = nlohmann::json::parse(OpenApiDocument());
  EXPECT_TRUE(doc["openapi"].get<std::string>().starts_with("3."));
  EXPECT_TRUE(doc.contains("paths"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

TEST(OpenApiTest, DescribesExactlyTheRoutesTheServerHas) {
  civharm::testing::TempDir dir;
  auto store = storage::OpenStore({.location = dir.File("x.db")}).value();
  service::RecordService records(*store);
  service::AuthService auth(*store);
  ApiServices services{*store, records, auth};
  const Router router = BuildRouter(services);

  std::set<std::pair<std::string, std::string>> routes, documented;
  for (const Route& r : router.routes()) routes.insert({r.path, Lower(r.method)});
  const auto doc = nlohmann::json::parse(OpenApiDocument());
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      documented.insert({path, method});
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  }
  for (const auto& r : routes)
    EXPECT_TRUE(documented.contains(r)) << "undocumented: " << r.second << " " << r.first;
  for (const auto& d : documented)
    EXPECT_TRUE(routes.contains(d)) << "no such route: " << d.second << " " << d.first;
}

}  // namespace
}  // namespace civharm::api
