// Signing in and knowing who is asking. A user signs in with name and password (argon2id) and
// gets a token: a session for a web browser (kept in a cookie, with a CSRF token derived from
// it) or an API token for scripts and the command line. Tokens expire and can be revoked; only
// their digests are stored. Repeated failures lock an account for a while.
//
//   AuthService auth(store);
//   CIVHARM_ASSIGN_OR_RETURN(IssuedToken t, auth.SignIn("amira", password, {.kind = kSession}));
//   CIVHARM_ASSIGN_OR_RETURN(Actor who, auth.Authenticate(t.secret));
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

struct AuthPolicy {
  std::chrono::seconds session_lifetime = std::chrono::hours(12);
  std::chrono::seconds api_token_lifetime = std::chrono::days(90);  // when none is asked for
  std::chrono::seconds api_token_max_lifetime = std::chrono::days(366);
  int lock_after_failures = 5;  // consecutive failed sign-ins that lock the account
  std::chrono::seconds lock_duration = std::chrono::minutes(15);
};

struct TokenRequest {
  storage::TokenKind kind = storage::TokenKind::kSession;
  std::string label;  // what the token is for (API tokens), ≤ 200 chars
  std::optional<std::chrono::seconds> lifetime;  // API tokens; at most the policy's maximum
};

struct IssuedToken {
  storage::Token token;
  std::string secret;  // what the client presents; shown once, never stored
  User user;           // whom it signs in
};

// The CSRF token that goes with a session: derived from the session's secret, so it needs no
// storage and cannot be guessed without the secret.
std::string CsrfTokenFor(std::string_view session_secret);

class AuthService {
 public:
  explicit AuthService(storage::Store& store, AuthPolicy policy = {});

  // unauthenticated, with the same words whatever was wrong (unknown name, wrong password,
  // disabled or locked account), so that the answer does not tell which names exist.
  Result<IssuedToken> SignIn(std::string_view name, std::string_view password,
                             const TokenRequest& request);
  // The actor a token stands for; unauthenticated when the token is unknown, expired or
  // revoked, or its user disabled.
  Result<Actor> Authenticate(std::string_view secret) const;
  // Revokes the token presented (signing out). Unknown tokens are no error.
  Status SignOut(std::string_view secret);

  // A new API token for the actor themself.
  Result<IssuedToken> CreateApiToken(const Actor& actor, const TokenRequest& request);
  // The tokens of `user_name` (the actor's own when empty; another's needs kManageUsers).
  Result<std::vector<storage::Token>> ListTokens(const Actor& actor, std::string_view user_name);
  // Revokes a token of the actor's own, or anyone's with kManageUsers. not_found otherwise.
  Status RevokeToken(const Actor& actor, std::string_view token_id);

  const AuthPolicy& policy() const { return policy_; }

 private:
  Result<IssuedToken> Issue(storage::WriteTransaction& tx, const std::string& user,
                            const TokenRequest& request);

  storage::Store& store_;
  AuthPolicy policy_;
};

}  // namespace civharm::service
