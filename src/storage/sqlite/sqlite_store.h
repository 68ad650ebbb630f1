// The embedded SQLite backend of storage::Store: one database file in WAL mode, foreign keys on,
// full fsync on commit. Readers run in parallel with one writer; writers take turns.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace civharm::storage::sqlite {

// Page cache sizes: everyday connections, and a connection during a bulk write (see BeginWrite).
inline constexpr std::string_view kDefaultCachePragma = "PRAGMA cache_size = -65536;";  // 64 MiB
inline constexpr std::string_view kBulkCachePragma = "PRAGMA cache_size = -524288;";    // 512 MiB

class SqliteStore final : public Store {
 public:
  // Creates the file (and its folder) when missing; applies or checks migrations per `policy`.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, MigrationPolicy policy,
                                             std::shared_ptr<KeySource> keys);

  Result<std::unique_ptr<ReadTransaction>> BeginRead(const View& view) override;
  Result<std::unique_ptr<WriteTransaction>> BeginWrite(const WriteOptions& options) override;
  Result<int> SchemaVersion() override;
  int LatestSchemaVersion() const override;
  Result<std::vector<int>> Migrate() override;
  Result<AuditVerification> VerifyAudit() override;
  std::string Describe() const override { return "sqlite " + path_; }

  // A connection lent to a transaction; it comes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(SqliteStore* store, std::unique_ptr<Connection> conn)
        : store_(store), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) store_->Release(std::move(conn_));
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    SqliteStore* store_;
    std::unique_ptr<Connection> conn_;
  };

 private:
  SqliteStore(std::string path, std::shared_ptr<KeySource> keys)
      : path_(std::move(path)), keys_(std::move(keys)) {}
  Result<Lease> Acquire();
  void Release(std::unique_ptr<Connection> conn);

  std::string path_;
  std::shared_ptr<KeySource> keys_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by pool_mutex_
  // Writers queue here rather than in SQLite's busy handler, which polls.
  std::timed_mutex write_mutex_;
};

}  // namespace civharm::storage::sqlite
