// The account methods of SqliteTransaction: users (their details audited like records, their
// credentials beside them) and sign-in tokens.
#include <fmt/format.h>

#include "storage/sqlite/sqlite_transaction.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

constexpr std::string_view kUserEntity = "user";

Result<User> ParseUser(std::string_view doc) {
  json j = json::parse(doc, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::unexpected(DataLoss("a stored user is not JSON"));
  auto user = UserFromJson(j);
  if (!user)
    return std::unexpected(DataLoss("a stored user cannot be read: " + user.error().message()));
  return user;
}

std::optional<Timestamp> OptionalTime(const Stmt& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return Timestamp::FromUnixMicros(st.Int(col));
}

void BindTime(Stmt& st, int pos, const std::optional<Timestamp>& t) {
  if (t) {
    st.Bind(pos, t->unix_micros());
  } else {
    st.BindNull(pos);
  }
}

constexpr const char* kTokenColumns =
    "id, digest, user_name, kind, label, created_at, expires_at, revoked_at";

Token ReadToken(const Stmt& st) {
  Token t;
  t.id = st.Text(0);
  t.digest = st.Text(1);
  t.user = st.Text(2);
  t.kind = ParseEnum<TokenKind>(st.Text(3)).value_or(TokenKind::kApi);
  t.label = st.Text(4);
  t.created_at = Timestamp::FromUnixMicros(st.Int(5));
  t.expires_at = Timestamp::FromUnixMicros(st.Int(6));
  t.revoked_at = OptionalTime(st, 7);
  return t;
}

}  // namespace

Result<std::optional<Account>> SqliteTransaction::GetAccount(std::string_view user_name) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st,
      conn_->Prepare("SELECT a.doc, u.password_hash, u.failed_sign_ins, u.locked_until "
                     "FROM users u JOIN audit_log a ON a.seq = u.doc_seq WHERE u.name = ?1"));
  st.Bind(1, user_name);
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Account>();
  CIVHARM_ASSIGN_OR_RETURN(User user, ParseUser(st.Text(0)));
  return std::optional<Account>(
      Account{.user = std::move(user),
              .credentials = {.password_hash = std::string(st.Text(1)),
                              .failed_sign_ins = static_cast<int>(st.Int(2)),
                              .locked_until = OptionalTime(st, 3)}});
}

Result<std::vector<User>> SqliteTransaction::ListUsers() {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare("SELECT a.doc FROM users u JOIN audit_log a ON "
                                                   "a.seq = u.doc_seq ORDER BY u.name"));
  std::vector<User> users;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    CIVHARM_ASSIGN_OR_RETURN(User user, ParseUser(st.Text(0)));
    users.push_back(std::move(user));
  }
  return users;
}

Result<std::optional<Token>> SqliteTransaction::FindToken(std::string_view digest) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(fmt::format(
                                        "SELECT {} FROM tokens WHERE digest = ?1", kTokenColumns)));
  st.Bind(1, digest);
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Token>();
  return std::optional<Token>(ReadToken(st));
}

Result<std::vector<Token>> SqliteTransaction::ListTokens(std::string_view user_name) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(fmt::format(
                                        "SELECT {} FROM tokens WHERE ?1 IS NULL OR user_name = ?1 "
                                        "ORDER BY created_at DESC, id",
                                        kTokenColumns)));
  st.BindTextOrNull(1, user_name);
  std::vector<Token> tokens;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    tokens.push_back(ReadToken(st));
  }
  return tokens;
}

Status SqliteTransaction::InsertUser(const User& user, const Credentials& credentials) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_RETURN_IF_ERROR(Validate(user));
  CIVHARM_ASSIGN_OR_RETURN(auto existing, GetAccount(user.name));
  if (existing) return AlreadyExists(fmt::format("there is already a user {}", user.name));
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare("INSERT INTO users (name, doc_seq, password_hash, failed_sign_ins, "
                              "locked_until) VALUES (?1, ?2, ?3, ?4, ?5)"));
  st.Bind(1, std::string_view(user.name));
  st.Bind(2, seq);
  st.Bind(3, std::string_view(credentials.password_hash));
  st.Bind(4, credentials.failed_sign_ins);
  BindTime(st, 5, credentials.locked_until);
  CIVHARM_RETURN_IF_ERROR(st.Run());
  CIVHARM_RETURN_IF_ERROR(
      Audit("create", kUserEntity, user.name, std::nullopt, ToJson(user).dump()));
  return Status::Ok();
}

Status SqliteTransaction::UpdateUser(const User& user) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_RETURN_IF_ERROR(Validate(user));
  CIVHARM_ASSIGN_OR_RETURN(Stmt find, conn_->Prepare("SELECT doc_seq FROM users WHERE name = ?1"));
  find.Bind(1, std::string_view(user.name));
  CIVHARM_ASSIGN_OR_RETURN(bool row, find.Step());
  if (!row) return NotFound(fmt::format("there is no user {}", user.name));
  const int64_t prev_seq = find.Int(0);
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare("UPDATE users SET doc_seq = ?2 WHERE name = ?1"));
  st.Bind(1, std::string_view(user.name));
  st.Bind(2, seq);
  CIVHARM_RETURN_IF_ERROR(st.Run());
  CIVHARM_RETURN_IF_ERROR(Audit("update", kUserEntity, user.name, prev_seq, ToJson(user).dump()));
  return Status::Ok();
}

Status SqliteTransaction::SetCredentials(std::string_view user_name,
                                         const Credentials& credentials) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare("UPDATE users SET password_hash = ?2, failed_sign_ins = ?3, "
                              "locked_until = ?4 WHERE name = ?1"));
  st.Bind(1, user_name);
  st.Bind(2, std::string_view(credentials.password_hash));
  st.Bind(3, credentials.failed_sign_ins);
  BindTime(st, 4, credentials.locked_until);
  CIVHARM_RETURN_IF_ERROR(st.Run());
  if (conn_->Changes() == 0) return NotFound(fmt::format("there is no user {}", user_name));
  return Status::Ok();
}

Status SqliteTransaction::InsertToken(const Token& token) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  {
    // Tokens that expired a month ago are of no further use to anyone.
    CIVHARM_ASSIGN_OR_RETURN(Stmt prune,
                             conn_->Prepare("DELETE FROM tokens WHERE expires_at < ?1"));
    prune.Bind(1, token.created_at.unix_micros() - int64_t{30} * 24 * 3600 * 1'000'000);
    CIVHARM_RETURN_IF_ERROR(prune.Run());
  }
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare(fmt::format("INSERT INTO tokens ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                                          "?7, ?8)",
                                          kTokenColumns)));
  st.Bind(1, std::string_view(token.id));
  st.Bind(2, std::string_view(token.digest));
  st.Bind(3, std::string_view(token.user));
  st.Bind(4, EnumName(token.kind));
  st.Bind(5, std::string_view(token.label));
  st.Bind(6, token.created_at.unix_micros());
  st.Bind(7, token.expires_at.unix_micros());
  BindTime(st, 8, token.revoked_at);
  Status s = st.Run();
  if (s.code() == ErrorCode::kAlreadyExists) return AlreadyExists("the token is already stored");
  return s;
}

Result<bool> SqliteTransaction::RevokeToken(std::string_view id, Timestamp at) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt find, conn_->Prepare("SELECT revoked_at, expires_at FROM tokens WHERE id = ?1"));
  find.Bind(1, id);
  CIVHARM_ASSIGN_OR_RETURN(bool row, find.Step());
  if (!row) return std::unexpected(NotFound(fmt::format("there is no token {}", id)));
  if (!find.IsNull(0)) return false;
  const bool active = at.unix_micros() < find.Int(1);
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare("UPDATE tokens SET revoked_at = ?2 WHERE id = ?1"));
  st.Bind(1, id);
  st.Bind(2, at.unix_micros());
  CIVHARM_RETURN_IF_ERROR(st.Run());
  return active;
}

Result<int64_t> SqliteTransaction::RevokeTokensOf(std::string_view user_name, Timestamp at) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare("UPDATE tokens SET revoked_at = ?2 WHERE user_name = ?1 AND "
                              "revoked_at IS NULL AND expires_at > ?2"));
  st.Bind(1, user_name);
  st.Bind(2, at.unix_micros());
  CIVHARM_RETURN_IF_ERROR(st.Run());
  return static_cast<int64_t>(conn_->Changes());
}

}  // namespace civharm::storage::sqlite
