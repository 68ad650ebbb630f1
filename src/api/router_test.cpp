#include "api/router.h"

#include <gtest/gtest.h>

namespace civharm::api {
namespace {

Router Sample() {
  Router r;
  r.Add({"GET", "/api/v1/things/{id}", "read", [](const HttpRequest&, const PathParams& p) {
           HttpResponse resp;
           resp.body = p.at("id");
           return resp;
         }});
  r.Add({"PUT", "/api/v1/things/{id}", "write",
         [](const HttpRequest&, const PathParams&) { return HttpResponse{.status = 204}; }});
  return r;
}

TEST(RouterTest, MatchesTemplatesAndCapturesParameters) {
  const HttpResponse r = Sample().Dispatch({.method = "GET", .path = "/api/v1/things/abc"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "abc");
}

TEST(RouterTest, UnknownPathIs404WithAnErrorBody) {
  const HttpResponse r = Sample().Dispatch({.method = "GET", .path = "/api/v1/things"});
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"not_found\""), std::string::npos);
  EXPECT_EQ(Sample().Dispatch({.method = "GET", .path = "/api/v1/things/"}).status, 404);
}

TEST(RouterTest, WrongMethodIs405AndSaysWhatIsAllowed) {
  const HttpResponse r = Sample().Dispatch({.method = "DELETE", .path = "/api/v1/things/abc"});
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET, PUT");
}

}  // namespace
}  // namespace civharm::api
