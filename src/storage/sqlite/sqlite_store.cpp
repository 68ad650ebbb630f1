#include "storage/sqlite/sqlite_store.h"

#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "domain/codec.h"
#include "domain/personal.h"
#include "storage/audit_chain.h"
#include "storage/index_values.h"
#include "storage/sqlite/columns.h"
#include "storage/sqlite/query.h"
#include "storage/sqlite/schema.h"
#include "storage/sqlite/sealed_values.h"
#include "storage/sqlite/sqlite_transaction.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

constexpr auto kWriterWait = std::chrono::seconds(30);
constexpr size_t kMaxIdleConnections = 8;

// Settings every connection needs. WAL lets readers work while one writer writes; FULL sync
// makes a committed change survive a power cut, which matters more here than write speed.
constexpr std::string_view kConnectionPragmas =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA busy_timeout = 30000;"
    "PRAGMA synchronous = FULL;";

Result<std::unique_ptr<Connection>> Connect(const std::string& path, OpenMode mode) {
  CIVHARM_ASSIGN_OR_RETURN(auto conn, Connection::Open(path, mode));
  CIVHARM_RETURN_IF_ERROR(conn->Exec(kConnectionPragmas));
  CIVHARM_RETURN_IF_ERROR(conn->Exec(kDefaultCachePragma));
  return conn;
}

Result<int> ReadSchemaVersion(Connection& conn) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt exists,
      conn.Prepare(
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
  CIVHARM_ASSIGN_OR_RETURN(bool has_table, exists.Step());
  if (!has_table) return 0;
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? static_cast<int>(st.Int(0)) : 0;
}

int Latest() {
  return Migrations().back().version;
}

Status CheckNotNewer(int version, const std::string& path) {
  if (version > Latest()) {
    return Unavailable(
        fmt::format("the database '{}' has schema version {}, newer than this civharm knows ({}); "
                    "use a newer civharm",
                    path, version, Latest()));
  }
  return Status::Ok();
}

// Whether a stored index column holds the value the record's document gives it.
bool ColumnMatches(const Stmt& st, int col, std::string_view column, const IndexValues& v) {
  return std::visit(
      [&](const auto& want) {
        using T = std::decay_t<decltype(want)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return st.IsNull(col);
        else if constexpr (std::is_same_v<T, int64_t>)
          return !st.IsNull(col) && st.Int(col) == want;
        else if constexpr (std::is_same_v<T, double>)
          return !st.IsNull(col) && st.Double(col) == want;
        else
          return !st.IsNull(col) && st.Text(col) == want;
      },
      IndexColumnValue(column, v));
}

// Checks every record of `kind` against its history, walking the records and the log's latest
// entry per record together in id order, so that memory stays constant however many there are:
// each record must point at its own latest entry, and its indexed values must be those its
// document gives.
// What the audit log keeps the documents of, beside records: users and link decisions.
struct AuditedTable {
  std::string_view entity;  // the audit log's entity
  std::string_view table;
  std::string_view key;  // the table's column holding the entry's entity_id
  std::string_view noun;
  int64_t AuditVerification::*count;
};

// Each row must hold the document of its last audit entry, and every one the log names must still
// be there: roles raised, accounts or decisions removed by hand show up here.
Status VerifyAuditedTable(Connection& conn, const AuditedTable& t, AuditVerification& out) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st,
      conn.Prepare(fmt::format(
          "SELECT l.entity_id, l.last, u.{key}, u.doc_seq FROM (SELECT entity_id, max(seq) AS "
          "last FROM audit_log WHERE entity = '{entity}' GROUP BY entity_id) l LEFT JOIN {table} "
          "u ON u.{key} = l.entity_id UNION ALL SELECT NULL, NULL, u.{key}, u.doc_seq FROM "
          "{table} u WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = '{entity}' AND "
          "a.entity_id = u.{key})",
          fmt::arg("key", t.key), fmt::arg("entity", t.entity), fmt::arg("table", t.table))));
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    if (st.IsNull(0)) {
      out.first_bad = 0;
      out.problem =
          fmt::format("{} {} has no audit entry: it was added outside civharm", t.noun, st.Text(2));
      return Status::Ok();
    }
    const int64_t last = st.Int(1);
    if (st.IsNull(2)) {
      out.first_bad = last;
      out.problem = fmt::format(
          "{} {} is in the audit log (entry {}) but no longer in the database: it was removed "
          "outside civharm",
          t.noun, st.Text(0), last);
      return Status::Ok();
    }
    if (st.Int(3) != last) {
      out.first_bad = last;
      out.problem = fmt::format(
          "{} {} does not hold the details of its last audit entry ({}): it was changed "
          "outside civharm",
          t.noun, st.Text(0), last);
      return Status::Ok();
    }
    ++(out.*t.count);
  }
  return Status::Ok();
}

// Each release's list columns must be those of its document, and its public rows must give the
// content hash its document holds: a row edited, added or removed by hand shows up here.
Status VerifyReleaseRows(Connection& conn, AuditVerification& out) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt releases,
                           conn.Prepare("SELECT r.id, r.version, r.status, r.doc_seq, a.doc FROM "
                                        "releases r JOIN audit_log a ON a.seq = r.doc_seq ORDER BY "
                                        "r.version"));
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, releases.Step());
    if (!row) return Status::Ok();
    const std::string id(releases.Text(0));
    const int64_t doc_seq = releases.Int(3);
    const json doc = json::parse(releases.Text(4), nullptr, false);
    auto release = doc.is_discarded() ? Result<Release>(std::unexpected(DataLoss("not JSON")))
                                      : ReleaseFromJson(doc);
    if (!release || release->id != id) {
      out.first_bad = doc_seq;
      out.problem = fmt::format("audit entry {} holds no readable release {}", doc_seq, id);
      return Status::Ok();
    }
    if (release->version != releases.Int(1) || EnumName(release->status) != releases.Text(2)) {
      out.first_bad = doc_seq;
      out.problem = fmt::format(
          "release {}: its version or status differs from its document: it was changed outside "
          "civharm",
          id);
      return Status::Ok();
    }
    ReleaseDigest digest;
    int64_t count = 0, expected_position = 1;
    bool in_order = true;
    CIVHARM_ASSIGN_OR_RETURN(Stmt rows, conn.Prepare("SELECT position, doc FROM release_rows WHERE "
                                                     "release_id = ?1 ORDER BY position"));
    rows.Bind(1, std::string_view(id));
    while (true) {
      CIVHARM_ASSIGN_OR_RETURN(bool more, rows.Step());
      if (!more) break;
      in_order = in_order && rows.Int(0) == expected_position++;
      digest.AddRow(rows.Text(1));
      ++count;
    }
    if (!in_order || count != release->incidents ||
        digest.Finish(release->open_assessments) != release->content_hash) {
      out.first_bad = doc_seq;
      out.problem = fmt::format(
          "release {}: its public rows do not give the content hash its document holds: they "
          "were changed outside civharm",
          release->version);
      return Status::Ok();
    }
  }
}

// Each state assessment's list columns must be those of its document: an assessment marked
// published, or moved to another state or period, by hand shows up here.
Status VerifyStateAssessmentRows(Connection& conn, AuditVerification& out) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn.Prepare("SELECT s.id, s.state, s.period_from, s.status, s.doc_seq, a.doc FROM "
                            "state_assessments s JOIN audit_log a ON a.seq = s.doc_seq ORDER BY "
                            "s.id"));
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    const std::string id(st.Text(0));
    const int64_t doc_seq = st.Int(4);
    const json doc = json::parse(st.Text(5), nullptr, false);
    auto a = doc.is_discarded() ? Result<StateAssessment>(std::unexpected(DataLoss("not JSON")))
                                : StateAssessmentFromJson(doc);
    if (!a || a->id != id) {
      out.first_bad = doc_seq;
      out.problem =
          fmt::format("audit entry {} holds no readable state assessment {}", doc_seq, id);
      return Status::Ok();
    }
    if (a->state != st.Text(1) || a->period.from.days() != st.Int(2) ||
        EnumName(a->status) != st.Text(3)) {
      out.first_bad = doc_seq;
      out.problem = fmt::format(
          "state assessment {}: its state, period or status differs from its document: it was "
          "changed outside civharm",
          id);
      return Status::Ok();
    }
  }
}

Status VerifyRecords(Connection& conn, EntityKind kind, AuditVerification& out) {
  const std::string entity(EnumName(kind));
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt latest, conn.Prepare("SELECT entity_id, max(seq) FROM audit_log WHERE entity = ?1 "
                                "GROUP BY entity_id ORDER BY entity_id"));
  latest.Bind(1, std::string_view(entity));
  const auto columns = ExtraColumns(kind);
  std::string select = "SELECT t.id, t.doc_seq, t.retracted, a.entity, a.entity_id, a.doc";
  for (std::string_view c : columns) select += fmt::format(", t.{}", c);
  select += fmt::format(" FROM {} t LEFT JOIN audit_log a ON a.seq = t.doc_seq ORDER BY t.id",
                        TableOf(kind).table);
  CIVHARM_ASSIGN_OR_RETURN(Stmt records, conn.Prepare(select));

  const auto fail = [&](int64_t seq, std::string problem) {
    out.first_bad = seq;
    out.problem = std::move(problem);
    return Status::Ok();
  };
  const auto removed = [&](std::string_view id, int64_t seq) {
    return fail(seq,
                fmt::format("{} {} is in the audit log (entry {}) but no longer in the database: "
                            "it was removed outside civharm",
                            entity, id, seq));
  };
  CIVHARM_ASSIGN_OR_RETURN(bool more_latest, latest.Step());
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, records.Step());
    if (!row) break;
    const std::string id(records.Text(0));
    const int64_t doc_seq = records.Int(1);
    if (more_latest && latest.Text(0) < id) return removed(latest.Text(0), latest.Int(1));
    if (!more_latest || latest.Text(0) != id) {
      return fail(
          0, fmt::format("{} {} has no audit entry: it was added outside civharm", entity, id));
    }
    const int64_t last = latest.Int(1);
    if (doc_seq != last || records.IsNull(3) || records.Text(3) != entity ||
        records.Text(4) != id) {
      return fail(last,
                  fmt::format("{} {} does not hold the document of its last audit entry ({}): "
                              "it was changed outside civharm",
                              entity, id, last));
    }
    json doc = json::parse(records.Text(5), nullptr, false);
    // Personal fields are sealed and never indexed: the check needs no key.
    if (doc.is_object()) ErasePersonal(PersonalKeys(kind), doc);
    auto record = doc.is_discarded() ? Result<AnyRecord>(std::unexpected(DataLoss("not JSON")))
                                     : FromJson(kind, doc);
    if (!record || MetaOf(*record).id != id) {
      return fail(last, fmt::format("audit entry {} holds no readable {} {}", last, entity, id));
    }
    const IndexValues expected = IndexOf(*record);
    std::string wrong = (records.Int(2) != 0) == MetaOf(*record).retracted() ? "" : "retracted";
    for (size_t c = 0; c < columns.size() && wrong.empty(); ++c) {
      if (!ColumnMatches(records, static_cast<int>(6 + c), columns[c], expected))
        wrong = columns[c];
    }
    if (!wrong.empty()) {
      return fail(last,
                  fmt::format("{} {}: the indexed value '{}' differs from its document: it was "
                              "changed outside civharm",
                              entity, id, wrong));
    }
    ++out.records;
    CIVHARM_ASSIGN_OR_RETURN(more_latest, latest.Step());
  }
  if (more_latest) return removed(latest.Text(0), latest.Int(1));
  return Status::Ok();
}
}  // namespace

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path, MigrationPolicy policy,
                                                 std::shared_ptr<KeySource> keys) {
  std::error_code ec;
  const std::filesystem::path file(path);
  if (policy == MigrationPolicy::kCheck && !std::filesystem::exists(file, ec)) {
    return std::unexpected(NotFound(fmt::format("there is no database at '{}'", path)));
  }
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) {
    return std::unexpected(
        Unavailable(fmt::format("cannot create the folder for '{}': {}", path, ec.message())));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto conn, Connect(path, OpenMode::kReadWriteCreate));
  // WAL is a property of the file: set once, kept by every later connection.
  CIVHARM_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode = WAL"));
  auto store = std::unique_ptr<SqliteStore>(new SqliteStore(path, std::move(keys)));
  store->idle_.push_back(std::move(conn));
  if (policy == MigrationPolicy::kApply) {
    CIVHARM_RETURN_IF_ERROR(store->Migrate());
  } else if (policy == MigrationPolicy::kCheck) {
    CIVHARM_ASSIGN_OR_RETURN(int version, store->SchemaVersion());
    CIVHARM_RETURN_IF_ERROR(CheckNotNewer(version, path));
  }
  return std::unique_ptr<Store>(std::move(store));
}

Result<SqliteStore::Lease> SqliteStore::Acquire() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
  }
  CIVHARM_ASSIGN_OR_RETURN(auto conn, Connect(path_, OpenMode::kReadWriteCreate));
  return Lease(this, std::move(conn));
}

void SqliteStore::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(pool_mutex_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(conn));
}

Result<std::unique_ptr<ReadTransaction>> SqliteStore::BeginRead(const View& view) {
  CIVHARM_ASSIGN_OR_RETURN(Lease conn, Acquire());
  CIVHARM_ASSIGN_OR_RETURN(
      auto tx, SqliteTransaction::Begin(std::move(conn), TxMode::kRead, "", view, keys_, {}));
  return std::unique_ptr<ReadTransaction>(std::move(tx));
}

Result<std::unique_ptr<WriteTransaction>> SqliteStore::BeginWrite(const WriteOptions& options) {
  if (options.actor.empty()) {
    return std::unexpected(Internal("a change must name who makes it"));
  }
  std::unique_lock lock(write_mutex_, std::defer_lock);
  if (!lock.try_lock_for(kWriterWait)) {
    return std::unexpected(Unavailable("another change is in progress; try again shortly"));
  }
  CIVHARM_ASSIGN_OR_RETURN(Lease conn, Acquire());
  if (options.workload == Workload::kBulk) {
    // Indexes filled in random key order outgrow a small page cache within a few hundred
    // thousand records, and every page evicted then comes back through the growing WAL: a
    // million-event import took twice as long with 64 MiB as with 512 MiB. The transaction
    // puts the connection's cache back when it ends.
    CIVHARM_RETURN_IF_ERROR(conn->Exec(kBulkCachePragma));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(std::move(conn), TxMode::kWrite, options.actor,
                                                    options.view, keys_, std::move(lock)));
  return std::unique_ptr<WriteTransaction>(std::move(tx));
}

Result<int> SqliteStore::SchemaVersion() {
  CIVHARM_ASSIGN_OR_RETURN(Lease conn, Acquire());
  return ReadSchemaVersion(*conn);
}

int SqliteStore::LatestSchemaVersion() const {
  return Latest();
}

Result<std::vector<int>> SqliteStore::Migrate() {
  std::unique_lock lock(write_mutex_, std::defer_lock);
  if (!lock.try_lock_for(kWriterWait)) {
    return std::unexpected(Unavailable("another change is in progress; try again shortly"));
  }
  CIVHARM_ASSIGN_OR_RETURN(Lease conn, Acquire());
  CIVHARM_RETURN_IF_ERROR(conn->Exec("BEGIN IMMEDIATE"));
  auto run = [&]() -> Result<std::vector<int>> {
    CIVHARM_RETURN_IF_ERROR(
        conn->Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                   "description TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    CIVHARM_ASSIGN_OR_RETURN(int current, ReadSchemaVersion(*conn));
    CIVHARM_RETURN_IF_ERROR(CheckNotNewer(current, path_));
    std::vector<int> applied;
    for (const Migration& m : Migrations()) {
      if (m.version <= current) continue;
      if (Status s = conn->Exec(m.sql); !s.ok()) {
        return std::unexpected(s.Prepend(fmt::format("migration {} failed", m.version)));
      }
      CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                               conn->Prepare("INSERT INTO schema_migrations (version, description, "
                                             "applied_at) VALUES (?1, ?2, ?3)"));
      const std::string now = Timestamp::Now().ToString();
      st.Bind(1, m.version);
      st.Bind(2, m.description);
      st.Bind(3, std::string_view(now));
      CIVHARM_RETURN_IF_ERROR(st.Run());
      applied.push_back(m.version);
    }
    return applied;
  };
  auto applied = run();
  if (!applied) {
    (void)conn->Exec("ROLLBACK");
    return applied;
  }
  CIVHARM_RETURN_IF_ERROR(conn->Exec("COMMIT"));
  return applied;
}

Result<AuditVerification> SqliteStore::VerifyAudit() {
  CIVHARM_ASSIGN_OR_RETURN(Lease conn, Acquire());
  CIVHARM_RETURN_IF_ERROR(conn->Exec("BEGIN"));
  auto run = [&]() -> Result<AuditVerification> {
    AuditVerification out;
    ChainVerifier chain;
    {
      CIVHARM_ASSIGN_OR_RETURN(
          Stmt st, conn->Prepare("SELECT seq, at, actor, action, entity, entity_id, prev_seq, doc, "
                                 "prev_hash, hash FROM audit_log ORDER BY seq"));
      while (true) {
        CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) break;
        ChainedEntry e{.seq = st.Int(0),
                       .at = std::string(st.Text(1)),
                       .actor = std::string(st.Text(2)),
                       .action = std::string(st.Text(3)),
                       .entity = std::string(st.Text(4)),
                       .entity_id = std::string(st.Text(5)),
                       .prev_seq = st.IsNull(6) ? std::nullopt : std::optional<int64_t>(st.Int(6)),
                       .doc = std::string(st.Text(7)),
                       .prev_hash = std::string(st.Text(8)),
                       .hash = std::string(st.Text(9))};
        if (auto problem = chain.Check(e)) {
          out.entries = chain.checked();
          out.first_bad = e.seq;
          out.problem = *problem;
          return out;
        }
      }
    }
    out.entries = chain.checked();
    out.head_hash = chain.head_hash();
    for (EntityKind kind : {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim,
                            EntityKind::kOperation}) {
      CIVHARM_RETURN_IF_ERROR(VerifyRecords(*conn, kind, out));
      if (!out.ok()) return out;
    }
    for (const AuditedTable& t :
         {AuditedTable{"user", "users", "name", "user", &AuditVerification::users},
          AuditedTable{"link_decision", "link_decisions", "key", "link decision",
                       &AuditVerification::decisions},
          AuditedTable{"case_record", "case_records", "id", "case record",
                       &AuditVerification::case_records},
          AuditedTable{"release", "releases", "id", "release", &AuditVerification::releases},
          AuditedTable{"framework", "frameworks", "edition", "framework edition",
                       &AuditVerification::frameworks},
          AuditedTable{"state_assessment", "state_assessments", "id", "state assessment",
                       &AuditVerification::state_assessments}}) {
      CIVHARM_RETURN_IF_ERROR(VerifyAuditedTable(*conn, t, out));
      if (!out.ok()) return out;
    }
    CIVHARM_RETURN_IF_ERROR(VerifyReleaseRows(*conn, out));
    if (!out.ok()) return out;
    CIVHARM_RETURN_IF_ERROR(VerifyStateAssessmentRows(*conn, out));
    return out;
  };
  auto result = run();
  (void)conn->Exec("COMMIT");
  return result;
}

}  // namespace civharm::storage::sqlite
