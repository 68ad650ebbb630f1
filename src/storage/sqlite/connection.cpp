#include "storage/sqlite/connection.h"

#include <fmt/format.h>

namespace civharm::storage::sqlite {

Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string message = fmt::format("{}: {}", context, detail);
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(fmt::format("{}: the database is busy; try again", context));
    case SQLITE_FULL:
      return Unavailable(fmt::format("{}: the disk is full", context));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExists(message);
      }
      return InvalidArgument(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLoss(message);
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
      return Unavailable(message);
    default:
      return Internal(message);
  }
}

Stmt::~Stmt() {
  if (s_) {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
}

Result<bool> Stmt::Step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(SqliteError(sqlite3_db_handle(s_), rc, "database statement failed"));
}

Status Stmt::Run() {
  CIVHARM_ASSIGN_OR_RETURN(bool row, Step());
  if (row) return Internal("a statement expected to change data returned rows");
  return Status::Ok();
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, OpenMode mode) {
  sqlite3* db = nullptr;
  const int flags = (mode == OpenMode::kReadOnly ? SQLITE_OPEN_READONLY
                                                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, fmt::format("cannot open database '{}'", path));
    sqlite3_close(db);
    return std::unexpected(s);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status Connection::Exec(std::string_view sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db_, sqlite3_extended_errcode(db_), "database command failed");
    sqlite3_free(err);
    return s;
  }
  return Status::Ok();
}

Result<Stmt> Connection::Prepare(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return Stmt(it->second);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return std::unexpected(SqliteError(db_, rc, "cannot prepare a database statement"));
  }
  cache_.emplace(sql, stmt);
  return Stmt(stmt);
}

}  // namespace civharm::storage::sqlite
