#include "api/router.h"

#include <gtest/gtest.h>

namespace civharm::api {
namespace {

// Signs in whoever sends "authorization: letmein", as "amira".
Result<service::Actor> Authenticate(const HttpRequest& req) {
  if (req.header("authorization") == "letmein")
    return service::Actor{"amira", {Role::kAnalyst}, {}};
  return std::unexpected(Status(ErrorCode::kUnauthenticated, "sign in first"));
}

HttpResponse Echo(const HttpRequest&, const PathParams& p, const service::Actor& actor) {
  HttpResponse resp;
  resp.body = actor.name + ":" + (p.contains("id") ? p.at("id") : "");
  return resp;
}

Router Sample() {
  Router r(Authenticate);
  r.Add({"GET", "/api/v1/things/{id}", "read", Echo});
  r.Add({"PUT", "/api/v1/things/{id}", "write",
         [](const HttpRequest&, const PathParams&, const service::Actor&) {
           return HttpResponse{.status = 204};
         }});
  r.Add({"GET", "/public", "open to all", Echo, Access::kPublic});
  r.Add({"GET", "/api/v1/things/special", "a literal beside a template",
         [](const HttpRequest&, const PathParams&, const service::Actor&) {
           return HttpResponse{.body = "special"};
         }});
  return r;
}

HttpRequest SignedIn(std::string method, std::string path) {
  return {.method = std::move(method),
          .path = std::move(path),
          .headers = {{"authorization", "letmein"}}};
}

TEST(RouterTest, MatchesTemplatesAndCapturesParameters) {
  const HttpResponse r = Sample().Dispatch(SignedIn("GET", "/api/v1/things/abc"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "amira:abc");
}

TEST(RouterTest, SignedInRoutesRefuseStrangersBeforeTheHandlerRuns) {
  const HttpResponse r = Sample().Dispatch({.method = "PUT", .path = "/api/v1/things/abc"});
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("\"unauthenticated\""), std::string::npos);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "WWW-Authenticate");
}

TEST(RouterTest, PublicRoutesServeAnyoneAsAnonymous) {
  EXPECT_EQ(Sample().Dispatch({.method = "GET", .path = "/public"}).body, "anonymous:");
  EXPECT_EQ(Sample().Dispatch(SignedIn("GET", "/public")).body, "anonymous:");
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

TEST(RouterTest, ALiteralPathBeatsATemplateWhateverTheOrder) {
  EXPECT_EQ(Sample().Dispatch(SignedIn("GET", "/api/v1/things/special")).body, "special");
  EXPECT_EQ(Sample().Dispatch(SignedIn("GET", "/api/v1/things/other")).body, "amira:other");
}

TEST(RouterTest, FallbackAnswersOnlyGetsThatNoRouteKnows) {
  Router r = Sample();
  r.SetFallback([](const HttpRequest& req) -> std::optional<HttpResponse> {
    if (req.path == "/missing.js") return std::nullopt;
    return HttpResponse{.body = "file " + req.path};
  });
  EXPECT_EQ(r.Dispatch({.method = "GET", .path = "/assets/app.js"}).body,
            "file /assets/app.js");
  EXPECT_EQ(r.Dispatch({.method = "GET", .path = "/missing.js"}).status, 404);
  // Known routes keep their rules: a signed-in route still wants a caller.
  EXPECT_EQ(r.Dispatch({.method = "GET", .path = "/api/v1/things/abc"}).status, 401);
  EXPECT_EQ(r.Dispatch({.method = "HEAD", .path = "/assets/app.js"}).body, "file /assets/app.js");
  EXPECT_EQ(r.Dispatch({.method = "POST", .path = "/assets/app.js"}).status, 404);
}

}  // namespace
}  // namespace civharm::api
