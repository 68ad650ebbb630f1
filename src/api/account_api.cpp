#include "api/account_api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/query_string.h"
#include "api/responses.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "domain/json_reader.h"
#include "service/authorization.h"
#include "service/user_service.h"

namespace civharm::api {
namespace {

using nlohmann::json;
using service::Actor;

struct Presented {
  std::string secret;
  bool from_cookie = false;
};

std::string CookieValue(std::string_view header, std::string_view name) {
  for (std::string_view part : Split(header, ';')) {
    part = Trim(part);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return "";
}

Result<Presented> PresentedToken(const HttpRequest& req) {
  if (std::string auth = req.header("authorization"); !auth.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() ||
        ToLowerAscii(auth.substr(0, kBearer.size())) != ToLowerAscii(kBearer)) {
      return std::unexpected(Status(ErrorCode::kUnauthenticated,
                                    "the Authorization header must be 'Bearer <API token>'",
                                    "Authorization"));
    }
    return Presented{std::string(Trim(auth.substr(kBearer.size()))), false};
  }
  return Presented{CookieValue(req.header("cookie"), kSessionCookie), true};
}

bool ChangesState(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

json TokenJson(const storage::Token& t) {
  json j{{"id", t.id},
         {"user", t.user},
         {"kind", EnumName(t.kind)},
         {"label", t.label},
         {"created_at", t.created_at.ToString()},
         {"expires_at", t.expires_at.ToString()},
         {"active", t.ActiveAt(Timestamp::Now())}};
  j["revoked_at"] = t.revoked_at ? json(t.revoked_at->ToString()) : json();
  return j;
}

json PermissionsOf(const Actor& actor) {
  json out = json::array();
  for (service::Action a : service::AllActions()) {
    if (service::Allows(actor, a)) out.push_back(service::ActionName(a));
  }
  return out;
}

std::string SessionCookie(std::string_view value, int64_t max_age, bool secure) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                     value, max_age, secure ? "; Secure" : "");
}

// {"label": "...", "lifetime_days": n} as a token request.
Result<service::TokenRequest> ReadTokenRequest(internal::JsonReader& in, Problems& problems,
                                               storage::TokenKind kind,
                                               const service::AuthPolicy& policy) {
  service::TokenRequest request{.kind = kind, .label = in.String("label")};
  const int64_t max_days =
      std::chrono::duration_cast<std::chrono::days>(policy.api_token_max_lifetime).count();
  if (auto days = in.Int("lifetime_days")) {
    if (*days < 1 || *days > max_days) {
      problems.Add("lifetime_days",
                   fmt::format("must be a whole number of days from 1 to {}", max_days));
    } else {
      request.lifetime = std::chrono::days(*days);
    }
  }
  return request;
}

json IssuedJson(const service::IssuedToken& issued) {
  return {{"token", issued.secret},
          {"token_id", issued.token.id},
          {"label", issued.token.label},
          {"expires_at", issued.token.expires_at.ToString()}};
}

// Refuses keys of a user that civharm sets or that this route does not change.
Status RefuseKeys(const json& body, std::initializer_list<std::string_view> keys,
                  std::string_view why) {
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object");
  for (std::string_view key : keys) {
    if (body.contains(key)) return InvalidArgument(std::string(why), std::string(key));
  }
  return Status::Ok();
}

// The roles and groups of a grant or revoke body, read with the user codec's rules.
Result<User> RolesAndGroups(const std::string& name, const json& body) {
  CIVHARM_RETURN_IF_ERROR(RefuseKeys(
      body,
      {"name", "display_name", "organisation", "disabled", "created_at", "password_changed_at"},
      "is not changed by granting or revoking; only roles and groups are"));
  json as_user = body;
  as_user["name"] = name;
  return UserFromJson(as_user);
}

HttpResponse UserResponse(int status, const User& user) {
  return JsonResponse(status, ToJson(user));
}

void AddSignInRoutes(Router& router, storage::Store& store, service::AuthService& auth,
                     SignInOptions options) {
  router.Add(
      {"POST", "/api/v1/auth/login", "Sign in with name and password",
       [&auth, options](const HttpRequest& req, const PathParams&, const Actor&) {
         if (auto refused = RefuseOverLimit(*options.attempts, req, "sign-in attempts")) {
           return *refused;
         }
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
           Problems problems;
           internal::JsonReader in(body, "", problems);
           in.Require("name");
           in.Require("password");
           const std::string name = in.String("name");
           const std::string password = in.String("password");
           const auto kind =
               in.Enum<storage::TokenKind>("kind").value_or(storage::TokenKind::kSession);
           CIVHARM_ASSIGN_OR_RETURN(service::TokenRequest request,
                                    ReadTokenRequest(in, problems, kind, auth.policy()));
           in.Finish();
           CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
           CIVHARM_ASSIGN_OR_RETURN(service::IssuedToken issued,
                                    auth.SignIn(name, password, request));
           const User& user = issued.user;
           if (kind == storage::TokenKind::kApi) {
             json out = IssuedJson(issued);
             out["user"] = ToJson(user);
             return JsonResponse(201, out);
           }
           HttpResponse r = JsonResponse(200, {{"user", ToJson(user)},
                                               {"csrf_token", service::CsrfTokenFor(issued.secret)},
                                               {"token_id", issued.token.id},
                                               {"expires_at", issued.token.expires_at.ToString()}});
           r.headers.emplace_back(
               "Set-Cookie", SessionCookie(issued.secret, auth.policy().session_lifetime.count(),
                                           options.secure_cookies));
           return r;
         });
       },
       Access::kPublic});

  router.Add({"POST", "/api/v1/auth/logout", "Sign out: revoke the session or token presented",
              [&auth, options](const HttpRequest& req, const PathParams&, const Actor&) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(Presented p, PresentedToken(req));
                  CIVHARM_RETURN_IF_ERROR(auth.SignOut(p.secret));
                  HttpResponse r = JsonResponse(200, {{"signed_out", true}});
                  if (p.from_cookie) {
                    r.headers.emplace_back("Set-Cookie",
                                           SessionCookie("", 0, options.secure_cookies));
                  }
                  return r;
                });
              }});

  router.Add({"GET", "/api/v1/auth/session", "Who is signed in, and what they may do",
              [&store](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(User user, service::GetUser(store, actor, actor.name));
                  CIVHARM_ASSIGN_OR_RETURN(Presented p, PresentedToken(req));
                  json out{{"user", ToJson(user)}, {"permissions", PermissionsOf(actor)}};
                  out["csrf_token"] =
                      p.from_cookie ? json(service::CsrfTokenFor(p.secret)) : json();
                  return JsonResponse(200, out);
                });
              }});

  router.Add(
      {"POST", "/api/v1/auth/password", "Change your own password (signs you out everywhere)",
       [&store](const HttpRequest& req, const PathParams&, const Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
           Problems problems;
           internal::JsonReader in(body, "", problems);
           in.Require("current_password");
           in.Require("new_password");
           const std::string current = in.String("current_password");
           const std::string replacement = in.String("new_password");
           in.Finish();
           CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
           CIVHARM_RETURN_IF_ERROR(service::ChangeOwnPassword(store, actor, current, replacement));
           return JsonResponse(200, {{"changed", true}, {"signed_out", true}});
         });
       }});

  router.Add({"GET", "/api/v1/tokens", "List your tokens (or, managing users, anyone's)",
              [&auth](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(QueryParams params, ParseQueryString(req.query));
                  std::string user;
                  for (const auto& [k, v] : params) {
                    if (k != "user") {
                      return std::unexpected(InvalidArgument("is not a filter of tokens", k));
                    }
                    user = v;
                  }
                  CIVHARM_ASSIGN_OR_RETURN(auto tokens, auth.ListTokens(actor, user));
                  json items = json::array();
                  for (const auto& t : tokens) items.push_back(TokenJson(t));
                  return JsonResponse(200, {{"items", std::move(items)}});
                });
              }});

  router.Add({"POST", "/api/v1/tokens", "Create an API token for yourself (shown once)",
              [&auth](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
                  Problems problems;
                  internal::JsonReader in(body, "", problems);
                  CIVHARM_ASSIGN_OR_RETURN(
                      service::TokenRequest request,
                      ReadTokenRequest(in, problems, storage::TokenKind::kApi, auth.policy()));
                  in.Finish();
                  CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
                  CIVHARM_ASSIGN_OR_RETURN(auto issued, auth.CreateApiToken(actor, request));
                  return JsonResponse(201, IssuedJson(issued));
                });
              }});

  router.Add({"POST", "/api/v1/tokens/{id}/revoke", "Revoke a token",
              [&auth](const HttpRequest&, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(auth.RevokeToken(actor, p.at("id")));
                  return JsonResponse(200, {{"revoked", p.at("id")}});
                });
              }});
}

void AddUserRoutes(Router& router, storage::Store& store) {
  router.Add({"GET", "/api/v1/users", "List users",
              [&store](const HttpRequest&, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(auto users, service::ListUsers(store, actor));
                  json items = json::array();
                  for (const User& u : users) items.push_back(ToJson(u));
                  return JsonResponse(200, {{"items", std::move(items)}});
                });
              }});

  router.Add({"POST", "/api/v1/users", "Add a user (a generated password is shown once)",
              [&store](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
                  CIVHARM_RETURN_IF_ERROR(
                      RefuseKeys(body, {"disabled", "created_at", "password_changed_at"},
                                 "is set by civharm"));
                  std::string password;
                  if (body.contains("password")) {
                    if (!body["password"].is_string()) {
                      return std::unexpected(InvalidArgument("must be a string", "password"));
                    }
                    password = body["password"].get<std::string>();
                    body.erase("password");
                  }
                  CIVHARM_ASSIGN_OR_RETURN(User user, UserFromJson(body));
                  CIVHARM_ASSIGN_OR_RETURN(
                      service::NewAccount added,
                      service::AddUser(store, actor, std::move(user), std::move(password)));
                  json out{{"user", ToJson(added.user)}};
                  if (!added.password.empty()) out["password"] = added.password;
                  HttpResponse r = JsonResponse(201, out);
                  r.headers.emplace_back("Location", "/api/v1/users/" + added.user.name);
                  return r;
                });
              }});

  router.Add({"GET", "/api/v1/users/{name}", "Read a user",
              [&store](const HttpRequest&, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(User u, service::GetUser(store, actor, p.at("name")));
                  return UserResponse(200, u);
                });
              }});

  for (const bool disable : {true, false}) {
    router.Add({"POST", disable ? "/api/v1/users/{name}/disable" : "/api/v1/users/{name}/enable",
                disable ? "Disable a user (revokes their tokens)" : "Enable a user",
                [&store, disable](const HttpRequest&, const PathParams& p, const Actor& actor) {
                  return Respond([&]() -> Result<HttpResponse> {
                    CIVHARM_ASSIGN_OR_RETURN(
                        User u, service::SetDisabled(store, actor, p.at("name"), disable));
                    return UserResponse(200, u);
                  });
                }});
  }

  router.Add({"POST", "/api/v1/users/{name}/password",
              "Reset a user's password (generated and shown once unless given)",
              [&store](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  std::string password;
                  if (!req.body.empty()) {
                    CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
                    Problems problems;
                    internal::JsonReader in(body, "", problems);
                    password = in.String("password");
                    in.Finish();
                    CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
                  }
                  CIVHARM_ASSIGN_OR_RETURN(
                      std::string generated,
                      service::ResetPassword(store, actor, p.at("name"), std::move(password)));
                  json out{{"user", p.at("name")}, {"tokens_revoked", true}};
                  if (!generated.empty()) out["password"] = generated;
                  return JsonResponse(200, out);
                });
              }});

  for (const bool grant : {true, false}) {
    router.Add(
        {"POST", grant ? "/api/v1/users/{name}/grant" : "/api/v1/users/{name}/revoke",
         grant ? "Give a user roles or groups" : "Take roles or groups from a user",
         [&store, grant](const HttpRequest& req, const PathParams& p, const Actor& actor) {
           return Respond([&]() -> Result<HttpResponse> {
             CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
             CIVHARM_ASSIGN_OR_RETURN(User change, RolesAndGroups(p.at("name"), body));
             CIVHARM_ASSIGN_OR_RETURN(
                 User u,
                 grant ? service::Grant(store, actor, p.at("name"), change.roles, change.groups)
                       : service::Revoke(store, actor, p.at("name"), change.roles, change.groups));
             return UserResponse(200, u);
           });
         }});
  }
}

}  // namespace

Authenticator MakeAuthenticator(service::AuthService& auth) {
  return [&auth](const HttpRequest& req) -> Result<Actor> {
    CIVHARM_ASSIGN_OR_RETURN(Presented p, PresentedToken(req));
    CIVHARM_ASSIGN_OR_RETURN(Actor actor, auth.Authenticate(p.secret));
    if (p.from_cookie && ChangesState(req.method) &&
        !ConstantTimeEquals(req.header("x-csrf-token"), service::CsrfTokenFor(p.secret))) {
      return std::unexpected(
          Status(ErrorCode::kPermissionDenied,
                 "a change made with a session cookie needs the session's CSRF token in the "
                 "X-CSRF-Token header (given at sign-in and by GET /api/v1/auth/session)",
                 "X-CSRF-Token"));
    }
    return actor;
  };
}

void AddAccountRoutes(Router& router, storage::Store& store, service::AuthService& auth,
                      SignInOptions options) {
  AddSignInRoutes(router, store, auth, std::move(options));
  AddUserRoutes(router, store);
}

}  // namespace civharm::api
