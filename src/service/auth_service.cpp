#include "service/auth_service.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/problems.h"
#include "core/strings.h"
#include "domain/facts.h"
#include "service/authorization.h"

namespace civharm::service {
namespace {

constexpr size_t kMaxLabel = 200;
constexpr size_t kMaxSecret = 256;

Status SignInRefused() {
  return Status(ErrorCode::kUnauthenticated,
                "sign-in refused: the name or password is wrong, or the account is disabled or "
                "locked after repeated failures (try again in a few minutes)");
}

Status NotSignedIn() {
  return Status(ErrorCode::kUnauthenticated,
                "sign in first: no valid session or API token came with the request (it may have "
                "expired or been revoked)");
}

// A hash no password matches, checked when the name is unknown so that the answer takes as long
// as for a known name.
const std::string& DecoyHash() {
  static const std::string kHash = HashPassword(RandomPassword(32)).value_or("");
  return kHash;
}

Timestamp After(Timestamp t, std::chrono::seconds d) {
  return Timestamp::FromUnixMicros(
      t.unix_micros() + std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

Status CheckRequest(const TokenRequest& request, const AuthPolicy& policy) {
  Problems p;
  ValidateText(request.label, "label", kMaxLabel, p);
  if (request.lifetime) {
    if (request.kind == storage::TokenKind::kSession) {
      p.Add("lifetime", "a session lasts as long as the server's policy says");
    } else if (request.lifetime->count() <= 0) {
      p.Add("lifetime", "must be positive");
    } else if (*request.lifetime > policy.api_token_max_lifetime) {
      p.Add("lifetime",
            fmt::format("may be at most {} days",
                        std::chrono::duration_cast<std::chrono::days>(policy.api_token_max_lifetime)
                            .count()));
    }
  }
  return p.ToStatus();
}

}  // namespace

std::string CsrfTokenFor(std::string_view session_secret) {
  return TokenDigest(fmt::format("civharm csrf {}", session_secret));
}

AuthService::AuthService(storage::Store& store, AuthPolicy policy)
    : store_(store), policy_(policy) {}

Result<IssuedToken> AuthService::Issue(storage::WriteTransaction& tx, const std::string& user,
                                       const TokenRequest& request) {
  const Timestamp now = Timestamp::Now();
  const std::chrono::seconds lifetime = request.kind == storage::TokenKind::kSession
                                            ? policy_.session_lifetime
                                            : request.lifetime.value_or(policy_.api_token_lifetime);
  IssuedToken issued;
  issued.secret = "chm_" + RandomToken(32);
  issued.token = {.id = "tok_" + RandomToken(9),
                  .digest = TokenDigest(issued.secret),
                  .user = user,
                  .kind = request.kind,
                  .label = request.label,
                  .created_at = now,
                  .expires_at = After(now, lifetime)};
  CIVHARM_RETURN_IF_ERROR(tx.InsertToken(issued.token));
  CIVHARM_RETURN_IF_ERROR(tx.AppendNote(
      request.kind == storage::TokenKind::kSession ? "auth.sign_in" : "auth.token_create",
      {{"user", user},
       {"token_id", issued.token.id},
       {"kind", EnumName(request.kind)},
       {"expires_at", issued.token.expires_at.ToString()}}));
  issued.token.digest.clear();
  return issued;
}

Result<IssuedToken> AuthService::SignIn(std::string_view name, std::string_view password,
                                        const TokenRequest& request) {
  CIVHARM_RETURN_IF_ERROR(CheckRequest(request, policy_));
  std::optional<storage::Account> account;
  if (IsValidUserName(name)) {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(storage::View{}));
    CIVHARM_ASSIGN_OR_RETURN(account, tx->GetAccount(name));
  }
  const Timestamp now = Timestamp::Now();
  const bool locked =
      account && account->credentials.locked_until && now < *account->credentials.locked_until;
  // The password is checked whatever else is wrong, so every refusal takes as long.
  const bool matches =
      VerifyPassword(account && !locked ? account->credentials.password_hash : DecoyHash(),
                     password) &&
      account && !locked;
  if (!account) return std::unexpected(SignInRefused());

  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite({.actor = account->user.name}));
  CIVHARM_ASSIGN_OR_RETURN(auto current, tx->GetAccount(account->user.name));
  if (!current) return std::unexpected(SignInRefused());
  storage::Credentials credentials = current->credentials;
  if (locked) return std::unexpected(SignInRefused());
  if (!matches) {
    if (++credentials.failed_sign_ins >= policy_.lock_after_failures) {
      credentials.failed_sign_ins = 0;
      credentials.locked_until = After(now, policy_.lock_duration);
      CIVHARM_RETURN_IF_ERROR(
          tx->AppendNote("auth.locked", {{"user", current->user.name},
                                         {"until", credentials.locked_until->ToString()},
                                         {"failures", policy_.lock_after_failures}}));
    }
    CIVHARM_RETURN_IF_ERROR(tx->SetCredentials(current->user.name, credentials));
    CIVHARM_RETURN_IF_ERROR(tx->Commit());
    return std::unexpected(SignInRefused());
  }
  if (current->user.disabled) return std::unexpected(SignInRefused());
  if (credentials.failed_sign_ins != 0 || credentials.locked_until) {
    credentials.failed_sign_ins = 0;
    credentials.locked_until.reset();
    CIVHARM_RETURN_IF_ERROR(tx->SetCredentials(current->user.name, credentials));
  }
  CIVHARM_ASSIGN_OR_RETURN(IssuedToken issued, Issue(*tx, current->user.name, request));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  issued.user = std::move(current->user);
  return issued;
}

Result<Actor> AuthService::Authenticate(std::string_view secret) const {
  if (secret.empty() || secret.size() > kMaxSecret) return std::unexpected(NotSignedIn());
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(storage::View{}));
  CIVHARM_ASSIGN_OR_RETURN(auto token, tx->FindToken(TokenDigest(secret)));
  if (!token || !token->ActiveAt(Timestamp::Now())) return std::unexpected(NotSignedIn());
  CIVHARM_ASSIGN_OR_RETURN(auto account, tx->GetAccount(token->user));
  if (!account || account->user.disabled) return std::unexpected(NotSignedIn());
  return Actor::Of(account->user);
}

Status AuthService::SignOut(std::string_view secret) {
  if (secret.empty() || secret.size() > kMaxSecret) return Status::Ok();
  CIVHARM_ASSIGN_OR_RETURN(auto token, [&]() -> Result<std::optional<storage::Token>> {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(storage::View{}));
    return tx->FindToken(TokenDigest(secret));
  }());
  if (!token || token->revoked_at) return Status::Ok();
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite({.actor = token->user}));
  CIVHARM_ASSIGN_OR_RETURN(bool was_active, tx->RevokeToken(token->id, Timestamp::Now()));
  if (was_active) {
    CIVHARM_RETURN_IF_ERROR(
        tx->AppendNote("auth.sign_out", {{"user", token->user}, {"token_id", token->id}}));
  }
  return tx->Commit();
}

Result<IssuedToken> AuthService::CreateApiToken(const Actor& actor, const TokenRequest& request) {
  TokenRequest api = request;
  api.kind = storage::TokenKind::kApi;
  CIVHARM_RETURN_IF_ERROR(CheckRequest(api, policy_));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite({.actor = actor.name}));
  CIVHARM_ASSIGN_OR_RETURN(auto account, tx->GetAccount(actor.name));
  if (!account || account->user.disabled) return std::unexpected(NotSignedIn());
  CIVHARM_ASSIGN_OR_RETURN(IssuedToken issued, Issue(*tx, actor.name, api));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  issued.user = std::move(account->user);
  return issued;
}

Result<std::vector<storage::Token>> AuthService::ListTokens(const Actor& actor,
                                                            std::string_view user_name) {
  const std::string_view whose = user_name.empty() ? std::string_view(actor.name) : user_name;
  if (whose != actor.name) CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageUsers));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(storage::View{}));
  CIVHARM_ASSIGN_OR_RETURN(std::vector<storage::Token> tokens, tx->ListTokens(whose));
  for (storage::Token& t : tokens) t.digest.clear();
  return tokens;
}

Status AuthService::RevokeToken(const Actor& actor, std::string_view token_id) {
  const bool manager = Allows(actor, Action::kManageUsers);
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite({.actor = actor.name}));
  CIVHARM_ASSIGN_OR_RETURN(std::vector<storage::Token> tokens,
                           tx->ListTokens(manager ? std::string_view() : actor.name));
  auto it = std::find_if(tokens.begin(), tokens.end(),
                         [&](const storage::Token& t) { return t.id == token_id; });
  if (it == tokens.end()) return NotFound(fmt::format("you have no token {}", token_id));
  CIVHARM_ASSIGN_OR_RETURN(bool was_active, tx->RevokeToken(token_id, Timestamp::Now()));
  if (was_active) {
    CIVHARM_RETURN_IF_ERROR(
        tx->AppendNote("auth.token_revoke", {{"user", it->user}, {"token_id", it->id}}));
  }
  return tx->Commit();
}

}  // namespace civharm::service
