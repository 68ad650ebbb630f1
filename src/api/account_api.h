// Signing in and out, the caller's own session, password and API tokens, and (for those who
// manage users) the users themselves:
//
//   POST /api/v1/auth/login      (public, rate-limited per client address)
//   POST /api/v1/auth/logout     GET /api/v1/auth/session     POST /api/v1/auth/password
//   GET|POST /api/v1/tokens      POST /api/v1/tokens/{id}/revoke
//   GET|POST /api/v1/users       GET /api/v1/users/{name}
//   POST /api/v1/users/{name}/{disable,enable,password,grant,revoke}
//
// A browser signs in to a session held in an HttpOnly, SameSite=Strict cookie; any request that
// changes something with that cookie must carry the session's CSRF token in X-CSRF-Token. Scripts
// send an API token as "Authorization: Bearer …" and need no CSRF token.
#pragma once

#include <memory>

#include "api/rate_limiter.h"
#include "api/router.h"
#include "service/auth_service.h"
#include "storage/store.h"

namespace civharm::api {

inline constexpr std::string_view kSessionCookie = "civharm_session";

// Who is calling, from the bearer token or the session cookie (with the CSRF check).
Authenticator MakeAuthenticator(service::AuthService& auth);

struct SignInOptions {
  bool secure_cookies = false;            // add Secure to the session cookie (HTTPS deployments)
  std::shared_ptr<RateLimiter> attempts;  // per client address
};

void AddAccountRoutes(Router& router, storage::Store& store, service::AuthService& auth,
                      SignInOptions options);

}  // namespace civharm::api
