// What the store keeps about the people who sign in: their accounts (the User of domain/user.h,
// audited like a record, and the credentials beside it, which never enter the audit log) and the
// tokens they sign in with. Who may read or change these is decided by the services
// (service/user_service.h, service/auth_service.h); the store only keeps them.
#pragma once

#include <optional>
#include <string>

#include "core/enum.h"
#include "core/time.h"
#include "domain/user.h"

namespace civharm::storage {

struct Credentials {
  std::string password_hash;  // argon2id, libsodium's string form
  int failed_sign_ins = 0;    // consecutive failures since the last success
  std::optional<Timestamp> locked_until;
};

struct Account {
  User user;
  Credentials credentials;
};

enum class TokenKind {
  kSession,  // a web browser's sign-in, held in a cookie
  kApi,      // a script's bearer token
};

// A sign-in token. The secret the client holds is never stored, only its digest (TokenDigest in
// core/crypto.h), so a copy of the database signs nobody in.
struct Token {
  std::string id;      // public handle, for listing and revoking
  std::string digest;  // hex BLAKE2b-256 of the secret
  std::string user;
  TokenKind kind = TokenKind::kApi;
  std::string label;  // what the holder said it is for
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> revoked_at;

  bool ActiveAt(Timestamp now) const { return !revoked_at && now < expires_at; }
};

}  // namespace civharm::storage

namespace civharm {
template <>
struct EnumTraits<storage::TokenKind> {
  static constexpr std::array kNames = {
      std::pair{storage::TokenKind::kSession, std::string_view("session")},
      std::pair{storage::TokenKind::kApi, std::string_view("api")}};
};
}  // namespace civharm
