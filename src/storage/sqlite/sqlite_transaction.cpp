#include "storage/sqlite/sqlite_transaction.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "domain/codec.h"
#include "domain/personal.h"
#include "storage/audit_chain.h"
#include "storage/index_values.h"
#include "storage/sqlite/columns.h"
#include "storage/sqlite/query.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

void BindIndexColumn(Stmt& st, int pos, std::string_view column, const IndexValues& v) {
  std::visit(
      [&](const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::monostate>)
          st.BindNull(pos);
        else
          st.Bind(pos, value);
      },
      IndexColumnValue(column, v));
}

// The statements a transaction runs for each record kind, built once: they are looked up in the
// connection's statement cache on every write, so they must not be formatted every time.
struct KindSql {
  std::string insert, update, load, exists, source_key;
  std::string rtree_insert, rtree_delete, fts_insert, fts_delete, names_delete;
};

KindSql BuildSql(EntityKind kind) {
  const TableInfo& t = TableOf(kind);
  KindSql sql;
  std::string cols = "id, doc_seq, retracted", params = "?1, ?2, ?3";
  std::string sets = "id = ?1, doc_seq = ?2, retracted = ?3";
  int n = 3;
  for (std::string_view c : ExtraColumns(kind)) {
    ++n;
    cols += fmt::format(", {}", c);
    params += fmt::format(", ?{}", n);
    sets += fmt::format(", {} = ?{}", c, n);
  }
  sql.insert = fmt::format("INSERT INTO {} ({}) VALUES ({})", t.table, cols, params);
  sql.update = fmt::format("UPDATE {} SET {} WHERE rid = ?{}", t.table, sets, n + 1);
  sql.load = fmt::format(
      "SELECT t.rid, t.doc_seq, a.doc FROM {} t JOIN audit_log a ON a.seq = t.doc_seq WHERE t.id = "
      "?1",
      t.table);
  sql.exists = fmt::format("SELECT 1 FROM {} WHERE id = ?1", t.table);
  switch (kind) {
    case EntityKind::kReport:
    case EntityKind::kVictim:
      sql.source_key = fmt::format(
          "SELECT id FROM {} WHERE source_name = ?1 AND source_record_id = ?2", t.table);
      break;
    case EntityKind::kOperation:
      sql.source_key = "SELECT id FROM operations WHERE reference = ?2 AND ?1 = ?1";
      break;
    case EntityKind::kIncident:
      sql.source_key = "SELECT id FROM incidents WHERE id = ?2 AND ?1 = ?1";
      break;
  }
  if (!t.rtree.empty()) {
    sql.rtree_insert = fmt::format(
        "INSERT INTO {} (rid, min_lon, max_lon, min_lat, max_lat) VALUES (?1, ?2, ?2, ?3, ?3)",
        t.rtree);
    sql.rtree_delete = fmt::format("DELETE FROM {} WHERE rid = ?1", t.rtree);
  }
  if (!t.fts.empty()) {
    sql.fts_insert = fmt::format("INSERT INTO {} (rowid, text) VALUES (?1, ?2)", t.fts);
    sql.fts_delete =
        fmt::format("INSERT INTO {0} ({0}, rowid, text) VALUES ('delete', ?1, ?2)", t.fts);
  }
  sql.names_delete =
      fmt::format("DELETE FROM belligerent_names WHERE kind = '{}' AND rid = ?1", EnumName(kind));
  return sql;
}

const KindSql& SqlFor(EntityKind kind) {
  static const std::array<KindSql, 4> kSql = {
      BuildSql(EntityKind::kIncident), BuildSql(EntityKind::kReport), BuildSql(EntityKind::kVictim),
      BuildSql(EntityKind::kOperation)};
  return kSql[static_cast<size_t>(kind)];
}

// Binds the shared and the kind's own columns; returns the next free position.
int BindRecord(Stmt& st, EntityKind kind, const RecordMeta& meta, int64_t doc_seq,
               const IndexValues& idx) {
  st.Bind(1, std::string_view(meta.id));
  st.Bind(2, doc_seq);
  st.Bind(3, meta.retracted() ? 1 : 0);
  int pos = 3;
  for (std::string_view c : ExtraColumns(kind)) BindIndexColumn(st, ++pos, c, idx);
  return pos + 1;
}

void BindAll(Stmt& st, const std::vector<BindValue>& binds) {
  for (size_t i = 0; i < binds.size(); ++i) {
    std::visit(
        [&](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
            st.Bind(static_cast<int>(i + 1), std::string_view(v));
          } else {
            st.Bind(static_cast<int>(i + 1), v);
          }
        },
        binds[i]);
  }
}

// The codec's JSON without the derived report links.
json DocumentOf(const AnyRecord& record) {
  json j = ToJson(record);
  j.erase("report_ids");
  return j;
}

std::string_view Entity(EntityKind kind) {
  return EnumName(kind);
}

// True when every word of `words` appears, ignoring ASCII case, in the record's personal data.
bool MatchesPersonalText(const AnyRecord& record, const std::string& words) {
  if (words.empty()) return true;
  const std::string text = ToLowerAscii(PersonalText(record));
  for (std::string_view word : Split(ToLowerAscii(words), ' ')) {
    if (!word.empty() && text.find(word) == std::string::npos) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<SqliteTransaction>> SqliteTransaction::Begin(
    SqliteStore::Lease conn, TxMode mode, std::string actor, View view,
    std::shared_ptr<KeySource> keys, std::unique_lock<std::timed_mutex> write_lock) {
  CIVHARM_RETURN_IF_ERROR(conn->Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
  return std::unique_ptr<SqliteTransaction>(
      new SqliteTransaction(std::move(conn), mode, std::move(actor), std::move(view),
                            std::move(keys), std::move(write_lock)));
}

SqliteTransaction::~SqliteTransaction() {
  if (!finished_) (void)conn_->Exec("ROLLBACK");
  // Back to the everyday page cache (a bulk write may have raised it) before the connection
  // returns to the pool.
  if (mode_ == TxMode::kWrite) (void)conn_->Exec(kDefaultCachePragma);
}

Status SqliteTransaction::CheckPersonalSearch(const Query& query) const {
  if (query.personal_text.empty() || view_.personal_data) return Status::Ok();
  return Status(ErrorCode::kPermissionDenied,
                "searching personal data needs a role that may read it", "personal_q");
}

Status SqliteTransaction::RequireWrite() const {
  if (mode_ != TxMode::kWrite) return Internal("a read transaction cannot change records");
  if (finished_) return Internal("the transaction is already finished");
  return Status::Ok();
}

Status SqliteTransaction::Commit() {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  finished_ = true;
  Status s = conn_->Exec("COMMIT");
  if (!s.ok()) (void)conn_->Exec("ROLLBACK");
  return s;
}

Result<json> SqliteTransaction::ViewDocument(EntityKind kind, std::string_view doc) {
  json j = json::parse(doc, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    return std::unexpected(DataLoss(fmt::format("a stored {} is not a JSON object", Entity(kind))));
  }
  if (view_.personal_data) {
    CIVHARM_RETURN_IF_ERROR(sealed_.OpenAll(PersonalKeys(kind), j));
  } else {
    ErasePersonal(PersonalKeys(kind), j);
  }
  return j;
}

Status SqliteTransaction::CheckRestriction(const RecordMeta& meta) const {
  if (view_.Sees(meta.restricted_to)) return Status::Ok();
  return InvalidArgument("a record may only be restricted to groups its writer belongs to",
                         "restricted_to");
}

Result<json> SqliteTransaction::StoredDocument(const AnyRecord& record,
                                               const std::string* previous_doc,
                                               bool keep_previous_personal) {
  json j = DocumentOf(record);
  json previous;  // only its sealed refs are needed, and only kinds with personal data have any
  if (previous_doc && !PersonalKeys(KindOf(record)).empty()) {
    previous = json::parse(*previous_doc, nullptr, /*allow_exceptions=*/false);
  }
  CIVHARM_RETURN_IF_ERROR(sealed_.SealAll(PersonalKeys(KindOf(record)), j,
                                          previous.is_object() ? &previous : nullptr,
                                          keep_previous_personal));
  return j;
}

Result<AnyRecord> SqliteTransaction::Decode(EntityKind kind, std::string_view doc) {
  CIVHARM_ASSIGN_OR_RETURN(json j, ViewDocument(kind, doc));
  auto rec = FromJson(kind, j);
  if (!rec) {
    return std::unexpected(DataLoss(
        fmt::format("a stored {} cannot be read: {}", Entity(kind), rec.error().ToString())));
  }
  return rec;
}

Result<std::vector<Id>> SqliteTransaction::ReportIdsOf(std::string_view incident_id) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare("SELECT id FROM reports WHERE incident_id = ?1 ORDER BY rid"));
  st.Bind(1, incident_id);
  std::vector<Id> ids;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return ids;
    ids.emplace_back(st.Text(0));
  }
}

Status SqliteTransaction::FillReportIds(AnyRecord& record) {
  auto* incident = std::get_if<Incident>(&record);
  if (!incident) return Status::Ok();
  CIVHARM_ASSIGN_OR_RETURN(incident->report_ids, ReportIdsOf(incident->meta.id));
  return Status::Ok();
}

Result<std::optional<SqliteTransaction::StoredRow>> SqliteTransaction::LoadRow(EntityKind kind,
                                                                               const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(SqlFor(kind).load));
  st.Bind(1, std::string_view(id));
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<StoredRow>();
  StoredRow out{
      .rid = st.Int(0), .doc_seq = st.Int(1), .doc = std::string(st.Text(2)), .record = Incident()};
  CIVHARM_ASSIGN_OR_RETURN(out.record, Decode(kind, out.doc));
  // Outside the view a restricted record does not exist, for reads and writes alike.
  if (!view_.Sees(MetaOf(out.record).restricted_to)) return std::optional<StoredRow>();
  return std::optional<StoredRow>(std::move(out));
}

Result<std::optional<AnyRecord>> SqliteTransaction::Get(EntityKind kind, const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(auto row, LoadRow(kind, id));
  if (!row) return std::optional<AnyRecord>();
  CIVHARM_RETURN_IF_ERROR(FillReportIds(row->record));
  return std::optional<AnyRecord>(std::move(row->record));
}

Result<Page> SqliteTransaction::List(EntityKind kind, const Query& query) {
  CIVHARM_RETURN_IF_ERROR(CheckPersonalSearch(query));
  CIVHARM_ASSIGN_OR_RETURN(SqlQuery q, BuildSelect(kind, query, view_, Paging::kPage));
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(q.sql));
  BindAll(st, q.binds);
  Page page;
  int64_t last_rid = 0, last_date = 0;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    // The row after a full page only says there is a next one: it is decoded only when a
    // search of personal data must decide whether it counts.
    std::optional<AnyRecord> rec;
    if (!query.personal_text.empty()) {
      CIVHARM_ASSIGN_OR_RETURN(rec, Decode(kind, st.Text(1)));
      if (!MatchesPersonalText(*rec, query.personal_text)) continue;
    }
    if (static_cast<int>(page.items.size()) == query.limit) {
      page.next_cursor = EncodeCursor(query.sort, last_date, last_rid);
      break;
    }
    if (!rec) {
      CIVHARM_ASSIGN_OR_RETURN(rec, Decode(kind, st.Text(1)));
    }
    last_rid = st.Int(0);
    last_date = st.Int(2);
    page.items.push_back(std::move(*rec));
  }
  for (AnyRecord& rec : page.items) CIVHARM_RETURN_IF_ERROR(FillReportIds(rec));
  return page;
}

Status SqliteTransaction::Scan(EntityKind kind, const Query& query,
                               const std::function<Status(const AnyRecord&)>& fn) {
  CIVHARM_RETURN_IF_ERROR(CheckPersonalSearch(query));
  CIVHARM_ASSIGN_OR_RETURN(SqlQuery q, BuildSelect(kind, query, view_, Paging::kAll));
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(q.sql));
  BindAll(st, q.binds);
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    CIVHARM_ASSIGN_OR_RETURN(AnyRecord rec, Decode(kind, st.Text(1)));
    if (!MatchesPersonalText(rec, query.personal_text)) continue;
    CIVHARM_RETURN_IF_ERROR(FillReportIds(rec));
    CIVHARM_RETURN_IF_ERROR(fn(rec));
  }
}

Status SqliteTransaction::ScanDocuments(EntityKind kind, const Query& query,
                                        const std::function<Status(const json&)>& fn) {
  if (!query.personal_text.empty()) {
    return InvalidArgument("a search of personal data lists records; it cannot be exported",
                           "personal_q");
  }
  CIVHARM_ASSIGN_OR_RETURN(SqlQuery q, BuildSelect(kind, query, view_, Paging::kAll));
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(q.sql));
  BindAll(st, q.binds);
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    CIVHARM_ASSIGN_OR_RETURN(json doc, ViewDocument(kind, st.Text(1)));
    if (kind == EntityKind::kIncident) {
      CIVHARM_ASSIGN_OR_RETURN(std::vector<Id> reports,
                               ReportIdsOf(doc.value("id", std::string())));
      if (!reports.empty()) doc["report_ids"] = std::move(reports);
    }
    CIVHARM_RETURN_IF_ERROR(fn(doc));
  }
}

Result<int64_t> SqliteTransaction::Count(EntityKind kind, const Query& query) {
  if (!query.personal_text.empty()) {  // matched in memory, so counted by reading
    int64_t n = 0;
    CIVHARM_RETURN_IF_ERROR(Scan(kind, query, [&n](const AnyRecord&) {
      ++n;
      return Status::Ok();
    }));
    return n;
  }
  CIVHARM_ASSIGN_OR_RETURN(SqlQuery q, BuildCount(kind, query, view_));
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(q.sql));
  BindAll(st, q.binds);
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<std::optional<AnyRecord>> SqliteTransaction::FindBySourceKey(EntityKind kind,
                                                                    const std::string& source_name,
                                                                    const std::string& record_key) {
  const std::string& sql = SqlFor(kind).source_key;
  std::string id;
  {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(sql));
    st.Bind(1, std::string_view(source_name));
    st.Bind(2, std::string_view(record_key));
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return std::optional<AnyRecord>();
    id = st.Text(0);
  }
  return Get(kind, id);
}

Result<std::vector<AuditEntry>> SqliteTransaction::ReadAudit(int64_t after_seq, int limit) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st,
      conn_->Prepare("SELECT a.seq, a.at, a.actor, a.action, a.entity, a.entity_id, a.prev_seq, "
                     "p.doc, a.doc, a.prev_hash, a.hash FROM audit_log a "
                     "LEFT JOIN audit_log p ON p.seq = a.prev_seq "
                     "WHERE a.seq > ?1 ORDER BY a.seq LIMIT ?2"));
  st.Bind(1, after_seq);
  st.Bind(2, limit);
  std::vector<AuditEntry> out;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    AuditEntry e;
    e.seq = st.Int(0);
    auto at = Timestamp::Parse(st.Text(1));
    if (!at)
      return std::unexpected(DataLoss(fmt::format("audit entry {} has a malformed time", e.seq)));
    e.at = *at;
    e.actor = st.Text(2);
    e.action = st.Text(3);
    e.entity = st.Text(4);
    e.entity_id = st.Text(5);
    if (!st.IsNull(6)) e.prev_seq = st.Int(6);
    for (auto [col, target] : {std::pair{7, &e.before}, std::pair{8, &e.after}}) {
      if (st.IsNull(col)) continue;
      *target = json::parse(st.Text(col), nullptr, false);
      if (target->is_discarded()) {
        return std::unexpected(DataLoss(fmt::format("audit entry {} holds malformed JSON", e.seq)));
      }
    }
    e.prev_hash = st.Text(9);
    e.hash = st.Text(10);
    out.push_back(std::move(e));
  }
}

Result<int64_t> SqliteTransaction::AuditHead() {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare("SELECT coalesce(max(seq), 0) FROM audit_log"));
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return int64_t{0};
  return st.Int(0);
}

Status SqliteTransaction::CheckLinks(const AnyRecord& record) {
  // A record the writer may not see is, to the writer, no record at all: linking to it is refused
  // with the same words as linking to one that never existed.
  const auto exists = [&](EntityKind kind, const Id& id) -> Result<bool> {
    if (!view_.all_groups) {
      CIVHARM_ASSIGN_OR_RETURN(auto row, LoadRow(kind, id));
      return row.has_value();
    }
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(SqlFor(kind).exists));
    st.Bind(1, std::string_view(id));
    return st.Step();
  };
  const std::optional<Id>* incident_id = nullptr;
  if (const auto* r = std::get_if<Report>(&record)) incident_id = &r->incident_id;
  if (const auto* v = std::get_if<Victim>(&record)) incident_id = &v->incident_id;
  if (incident_id && *incident_id) {
    CIVHARM_ASSIGN_OR_RETURN(bool found, exists(EntityKind::kIncident, **incident_id));
    if (!found) {
      return InvalidArgument(fmt::format("there is no incident {}", **incident_id), "incident_id");
    }
  }
  if (const auto* i = std::get_if<Incident>(&record)) {
    for (size_t k = 0; k < i->operation_ids.size(); ++k) {
      CIVHARM_ASSIGN_OR_RETURN(bool found, exists(EntityKind::kOperation, i->operation_ids[k]));
      if (!found) {
        return InvalidArgument(fmt::format("there is no operation {}", i->operation_ids[k]),
                               fmt::format("operation_ids[{}]", k));
      }
    }
  }
  return Status::Ok();
}

Status SqliteTransaction::WriteIndexes(EntityKind kind, int64_t rid, const AnyRecord& record,
                                       const AnyRecord* previous) {
  const KindSql& sql = SqlFor(kind);
  const IndexValues idx = IndexOf(record);
  const std::string_view kind_name = Entity(kind);
  if (previous) {
    std::vector<const std::string*> clear;
    if (!sql.rtree_delete.empty()) clear.push_back(&sql.rtree_delete);
    if (kind == EntityKind::kIncident || kind == EntityKind::kReport)
      clear.push_back(&sql.names_delete);
    static const std::string kOperationsDelete =
        "DELETE FROM incident_operations WHERE incident_rid = ?1";
    if (kind == EntityKind::kIncident) clear.push_back(&kOperationsDelete);
    for (const std::string* statement : clear) {
      CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(*statement));
      st.Bind(1, rid);
      CIVHARM_RETURN_IF_ERROR(st.Run());
    }
    // The text index keeps no copy of the text, so removing an entry means giving the text it
    // was indexed with again.
    const IndexValues old = IndexOf(*previous);
    if (!sql.fts_delete.empty() && !old.text.empty()) {
      CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(sql.fts_delete));
      st.Bind(1, rid);
      st.Bind(2, std::string_view(old.text));
      CIVHARM_RETURN_IF_ERROR(st.Run());
    }
  }
  if (!sql.rtree_insert.empty() && idx.lat && idx.lon) {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(sql.rtree_insert));
    st.Bind(1, rid);
    st.Bind(2, *idx.lon);
    st.Bind(3, *idx.lat);
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  if (!sql.fts_insert.empty() && !idx.text.empty()) {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(sql.fts_insert));
    st.Bind(1, rid);
    st.Bind(2, std::string_view(idx.text));
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  for (const std::string& name : idx.belligerents) {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st,
        conn_->Prepare(
            "INSERT OR IGNORE INTO belligerent_names (kind, name, rid) VALUES (?1, ?2, ?3)"));
    st.Bind(1, kind_name);
    st.Bind(2, std::string_view(name));
    st.Bind(3, rid);
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  for (const Id& op : idx.operation_ids) {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                             conn_->Prepare("INSERT OR IGNORE INTO incident_operations "
                                            "(incident_rid, operation_id) VALUES (?1, ?2)"));
    st.Bind(1, rid);
    st.Bind(2, std::string_view(op));
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  return Status::Ok();
}

Status SqliteTransaction::DescribeDuplicate(const AnyRecord& record, const Status& original,
                                            Clash clash) {
  const RecordMeta& meta = MetaOf(record);
  std::optional<StoredRow> same_id;
  if (clash == Clash::kIdOrSourceKey) {
    CIVHARM_ASSIGN_OR_RETURN(same_id, LoadRow(KindOf(record), meta.id));
  }
  if (same_id) {
    return AlreadyExists(
        fmt::format("a {} with id {} is already stored", Entity(KindOf(record)), meta.id));
  }
  if (const auto* r = std::get_if<Report>(&record)) {
    return Status(ErrorCode::kAlreadyExists,
                  fmt::format("a report from '{}' with record id '{}' is already stored",
                              r->source_name, r->source_record_id),
                  "source_record_id");
  }
  if (const auto* v = std::get_if<Victim>(&record)) {
    return Status(ErrorCode::kAlreadyExists,
                  fmt::format("a victim from '{}' with record id '{}' is already stored",
                              v->source_name, v->source_record_id),
                  "source_record_id");
  }
  if (const auto* o = std::get_if<Operation>(&record)) {
    return Status(ErrorCode::kAlreadyExists,
                  fmt::format("an operation with reference '{}' is already stored", o->reference),
                  "reference");
  }
  return original;
}

Result<int64_t> SqliteTransaction::NextAuditSeq() {
  if (!audit_head_) {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st, conn_->Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    audit_head_ =
        row ? std::pair{st.Int(0), std::string(st.Text(1))} : std::pair{int64_t{0}, std::string()};
  }
  return audit_head_->first + 1;
}

Result<int64_t> SqliteTransaction::Audit(const std::string& action, std::string_view entity,
                                         std::string_view entity_id,
                                         std::optional<int64_t> prev_seq, std::string_view doc) {
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  ChainedEntry e{.seq = seq,
                 .at = Timestamp::Now().ToString(),
                 .actor = actor_,
                 .action = action,
                 .entity = std::string(entity),
                 .entity_id = std::string(entity_id),
                 .prev_seq = prev_seq,
                 .doc = std::string(doc),
                 .prev_hash = audit_head_->second};
  e.hash = EntryHash(e);
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st,
      conn_->Prepare("INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, prev_seq, "
                     "doc, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  st.Bind(1, e.seq);
  st.Bind(2, std::string_view(e.at));
  st.Bind(3, std::string_view(e.actor));
  st.Bind(4, std::string_view(e.action));
  st.Bind(5, std::string_view(e.entity));
  st.Bind(6, std::string_view(e.entity_id));
  st.Bind(7, e.prev_seq);
  st.Bind(8, std::string_view(e.doc));
  st.Bind(9, std::string_view(e.prev_hash));
  st.Bind(10, std::string_view(e.hash));
  CIVHARM_RETURN_IF_ERROR(st.Run());
  audit_head_ = {e.seq, std::move(e.hash)};
  return e.seq;
}

Result<AnyRecord> SqliteTransaction::Insert(AnyRecord record, MetaPolicy policy) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  const EntityKind kind = KindOf(record);
  RecordMeta& meta = MetaOf(record);
  if (policy == MetaPolicy::kAssign) {
    if (meta.retraction) {
      return std::unexpected(InvalidArgument("a new record cannot be retracted", "retraction"));
    }
    const Timestamp now = Timestamp::Now();
    meta.id = NewId();
    meta.version = 1;
    meta.created_at = now;
    meta.updated_at = now;
  } else {
    if (!IsValidId(meta.id)) {
      return std::unexpected(InvalidArgument("a restored record needs its id", "id"));
    }
    if (meta.version < 1) {
      return std::unexpected(InvalidArgument("a restored record needs its version", "version"));
    }
  }
  if (auto* incident = std::get_if<Incident>(&record)) incident->report_ids.clear();
  CIVHARM_RETURN_IF_ERROR(Validate(record));
  CIVHARM_RETURN_IF_ERROR(CheckRestriction(meta));
  CIVHARM_RETURN_IF_ERROR(CheckLinks(record));

  CIVHARM_ASSIGN_OR_RETURN(json stored, StoredDocument(record, nullptr, false));
  const std::string doc = stored.dump();
  const IndexValues idx = IndexOf(record);
  // The row is written first, pointing at the entry appended right after it, so that a refused
  // duplicate leaves nothing in the log.
  CIVHARM_ASSIGN_OR_RETURN(int64_t seq, NextAuditSeq());
  {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(SqlFor(kind).insert));
    BindRecord(st, kind, meta, seq, idx);
    if (Status s = st.Run(); !s.ok()) {
      if (s.code() == ErrorCode::kAlreadyExists) {
        return std::unexpected(DescribeDuplicate(record, s, Clash::kIdOrSourceKey));
      }
      return std::unexpected(s);
    }
  }
  const int64_t rid = conn_->LastInsertRowId();
  CIVHARM_RETURN_IF_ERROR(Audit(policy == MetaPolicy::kAssign ? "create" : "restore", Entity(kind),
                                meta.id, std::nullopt, doc));
  CIVHARM_RETURN_IF_ERROR(WriteIndexes(kind, rid, record, nullptr));
  if (!view_.personal_data) RemovePersonalData(record);
  return record;
}

Result<AnyRecord> SqliteTransaction::Replace(StoredRow current, AnyRecord next,
                                             const char* action) {
  const EntityKind kind = KindOf(next);
  RecordMeta& meta = MetaOf(next);
  const RecordMeta& old = MetaOf(current.record);
  if (auto* incident = std::get_if<Incident>(&next)) incident->report_ids.clear();
  CIVHARM_RETURN_IF_ERROR(Validate(next));
  CIVHARM_RETURN_IF_ERROR(CheckLinks(next));
  CIVHARM_RETURN_IF_ERROR(CheckRestriction(meta));
  // The document with the stored meta: if it equals the stored one, nothing changed, and a
  // change that changes nothing is not a new version.
  AnyRecord same_meta = next;
  RecordMeta unchanged = old;
  unchanged.retraction = meta.retraction;
  unchanged.restricted_to = meta.restricted_to;
  MetaOf(same_meta) = unchanged;
  CIVHARM_ASSIGN_OR_RETURN(json stored,
                           StoredDocument(same_meta, &current.doc, !view_.personal_data));
  if (stored.dump() == current.doc) {
    CIVHARM_RETURN_IF_ERROR(FillReportIds(current.record));
    return std::move(current.record);
  }
  meta = unchanged;
  meta.version = old.version + 1;
  meta.updated_at = Timestamp::Now();
  stored["version"] = meta.version;
  stored["updated_at"] = meta.updated_at.ToString();
  const std::string doc = stored.dump();
  const IndexValues idx = IndexOf(next);
  CIVHARM_ASSIGN_OR_RETURN(int64_t seq, NextAuditSeq());
  {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(SqlFor(kind).update));
    const int pos = BindRecord(st, kind, meta, seq, idx);
    st.Bind(pos, current.rid);
    if (Status s = st.Run(); !s.ok()) {
      if (s.code() == ErrorCode::kAlreadyExists) {
        return std::unexpected(DescribeDuplicate(next, s, Clash::kSourceKey));
      }
      return std::unexpected(s);
    }
  }
  CIVHARM_RETURN_IF_ERROR(Audit(action, Entity(kind), meta.id, current.doc_seq, doc));
  CIVHARM_RETURN_IF_ERROR(WriteIndexes(kind, current.rid, next, &current.record));
  CIVHARM_RETURN_IF_ERROR(FillReportIds(next));
  if (!view_.personal_data) RemovePersonalData(next);
  return next;
}

namespace {
Status CheckVersion(EntityKind kind, const RecordMeta& stored, int64_t expected) {
  if (stored.retraction) {
    return Conflict(
        fmt::format("{} {} is retracted and cannot be changed", EnumName(kind), stored.id));
  }
  if (stored.version != expected) {
    return Conflict(
        fmt::format("{} {} has changed since it was read (version {} is now {}); "
                    "read it again and reapply the change",
                    EnumName(kind), stored.id, expected, stored.version));
  }
  return Status::Ok();
}
}  // namespace

Result<AnyRecord> SqliteTransaction::Update(AnyRecord record, int64_t expected_version) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  const EntityKind kind = KindOf(record);
  const Id id = MetaOf(record).id;
  CIVHARM_ASSIGN_OR_RETURN(auto current, LoadRow(kind, id));
  if (!current)
    return std::unexpected(NotFound(fmt::format("there is no {} {}", Entity(kind), id)));
  CIVHARM_RETURN_IF_ERROR(CheckVersion(kind, MetaOf(current->record), expected_version));
  MetaOf(record).retraction.reset();
  return Replace(std::move(*current), std::move(record), "update");
}

Result<AnyRecord> SqliteTransaction::Retract(EntityKind kind, const Id& id,
                                             const std::string& reason,
                                             std::optional<Id> superseded_by,
                                             int64_t expected_version) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_ASSIGN_OR_RETURN(auto current, LoadRow(kind, id));
  if (!current)
    return std::unexpected(NotFound(fmt::format("there is no {} {}", Entity(kind), id)));
  CIVHARM_RETURN_IF_ERROR(CheckVersion(kind, MetaOf(current->record), expected_version));
  if (superseded_by) {
    if (*superseded_by == id) {
      return std::unexpected(InvalidArgument("a record cannot supersede itself", "superseded_by"));
    }
    CIVHARM_ASSIGN_OR_RETURN(auto successor, LoadRow(kind, *superseded_by));
    if (!successor) {
      return std::unexpected(InvalidArgument(
          fmt::format("there is no {} {}", Entity(kind), *superseded_by), "superseded_by"));
    }
  }
  AnyRecord next = current->record;
  MetaOf(next).retraction = Retraction{Timestamp::Now(), actor_, reason, std::move(superseded_by)};
  return Replace(std::move(*current), std::move(next), "retract");
}

Result<int64_t> SqliteTransaction::ResealPersonalData(int limit) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  return sealed_.Reseal(limit);
}

Status SqliteTransaction::AppendNote(const std::string& action, const nlohmann::json& detail) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_RETURN_IF_ERROR(Audit(action, "", "", std::nullopt, detail.dump()));
  return Status::Ok();
}

}  // namespace civharm::storage::sqlite
