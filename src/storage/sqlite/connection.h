// Thin RAII wrappers over the SQLite C API for the embedded store: a connection with a cache of
// prepared statements, and a statement handle that resets itself when it goes out of scope.
//
//   CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn.Prepare("SELECT doc FROM incidents WHERE id = ?1"));
//   st.Bind(1, id);
//   CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
//   if (row) use(st.Text(0));
//
// SQLite result codes become civharm Status codes here and nowhere else.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "core/status.h"

namespace civharm::storage::sqlite {

// Maps a SQLite result code (and the connection's message) to a Status.
Status SqliteError(sqlite3* db, int rc, std::string_view context);

// A prepared statement borrowed from a Connection's cache. Resets and clears its bindings when
// destroyed, so the next user finds it fresh. Not copyable.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, int v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, double v) { sqlite3_bind_double(s_, i, v); }
  // The text must outlive the statement's next Step (it is not copied).
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void BindNull(int i) { sqlite3_bind_null(s_, i); }
  template <typename T>
  void Bind(int i, const std::optional<T>& v) {
    if (v)
      Bind(i, *v);
    else
      BindNull(i);
  }
  // Binds NULL for empty text, so optional text columns stay NULL.
  void BindTextOrNull(int i, std::string_view v) {
    if (v.empty())
      BindNull(i);
    else
      Bind(i, v);
  }

  // true when a row is available, false when done.
  Result<bool> Step();
  // Steps once and expects completion (INSERT/UPDATE).
  Status Run();

  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }
  std::string_view Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string_view(p, sqlite3_column_bytes(s_, col)) : std::string_view();
  }
  std::string_view Blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
    return p ? std::string_view(p, sqlite3_column_bytes(s_, col)) : std::string_view();
  }

 private:
  sqlite3_stmt* s_;
};

enum class OpenMode { kReadWriteCreate, kReadOnly };

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, OpenMode mode);
  ~Connection();

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql`. One Stmt per SQL text may be alive at a time.
  Result<Stmt> Prepare(const std::string& sql);
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace civharm::storage::sqlite
