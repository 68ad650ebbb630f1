// The case-record and receipt methods of SqliteTransaction. Each case record's documents are
// kept in the audit log (entity "case_record"), personal fields sealed; the table points at the
// latest and at the incident, whose need-to-know restriction the case record shares.
#include <fmt/format.h>

#include "storage/sqlite/sqlite_transaction.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

constexpr std::string_view kCaseEntity = "case_record";

// The incidents a view sees, as a condition on the incidents table aliased `t`; binds the view's
// groups (as JSON) to `?param` when it needs them.
std::string VisibleIncidentSql(const View& view, int param) {
  if (view.all_groups) return "1";
  if (view.groups.empty()) return "t.access IS NULL";
  return fmt::format(
      "(t.access IS NULL OR EXISTS (SELECT 1 FROM json_each(t.access) g WHERE g.value IN "
      "(SELECT value FROM json_each(?{}))))",
      param);
}

// Binds the view's groups for VisibleIncidentSql; `text` holds them until the statement is done.
void BindGroups(Stmt& st, const View& view, int param, std::string& text) {
  if (view.all_groups || view.groups.empty()) return;
  text = json(view.groups).dump();
  st.Bind(param, std::string_view(text));
}

// The ids a case record names, with the kind of record each must be.
std::vector<std::pair<EntityKind, const Id*>> LinksOf(const CaseRecord& record) {
  std::vector<std::pair<EntityKind, const Id*>> links;
  if (const auto* a = std::get_if<Assessment>(&record)) {
    for (const Id& id : a->reports_considered) links.emplace_back(EntityKind::kReport, &id);
    for (const Id& id : a->operations_considered) links.emplace_back(EntityKind::kOperation, &id);
    if (a->duplicate_of) links.emplace_back(EntityKind::kIncident, &*a->duplicate_of);
  } else if (const auto* r = std::get_if<Response>(&record)) {
    for (const Id& id : r->victim_ids) links.emplace_back(EntityKind::kVictim, &id);
  }
  return links;
}

Receipt ReadReceipt(Stmt& st) {
  return {.report_id = std::string(st.Text(0)),
          .reference_code = std::string(st.Text(1)),
          .submitted_by = std::string(st.Text(2)),
          .token_digest = st.IsNull(3) ? std::string() : std::string(st.Text(3)),
          .created_at = Timestamp::FromUnixMicros(st.Int(4))};
}

}  // namespace

Result<CaseRecord> SqliteTransaction::DecodeCase(std::string_view doc) {
  json j = json::parse(doc, nullptr, /*allow_exceptions=*/false);
  const auto kind =
      j.is_object() ? ParseEnum<CaseRecordKind>(j.value("kind", std::string())) : std::nullopt;
  if (!kind) return std::unexpected(DataLoss("a stored case record is not readable JSON"));
  if (view_.personal_data) {
    CIVHARM_RETURN_IF_ERROR(sealed_.OpenAll(PersonalKeys(*kind), j));
  } else {
    ErasePersonal(PersonalKeys(*kind), j);
  }
  auto record = CaseRecordFromJson(j);
  if (!record) {
    return std::unexpected(
        DataLoss("a stored case record cannot be read: " + record.error().ToString()));
  }
  return record;
}

Result<std::optional<CaseRecord>> SqliteTransaction::GetCaseRecord(const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare(fmt::format(
                   "SELECT a.doc FROM case_records c JOIN incidents t ON t.id = c.incident_id "
                   "JOIN audit_log a ON a.seq = c.doc_seq WHERE c.id = ?1 AND {}",
                   VisibleIncidentSql(view_, 2))));
  st.Bind(1, std::string_view(id));
  std::string groups;
  BindGroups(st, view_, 2, groups);
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<CaseRecord>();
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord record, DecodeCase(st.Text(0)));
  return std::optional<CaseRecord>(std::move(record));
}

Status SqliteTransaction::ScanCaseRecords(const CaseQuery& query,
                                          const std::function<Status(const CaseRecord&)>& fn) {
  std::string sql =
      "SELECT a.doc FROM case_records c JOIN incidents t ON t.id = c.incident_id JOIN audit_log a "
      "ON a.seq = c.doc_seq WHERE " +
      VisibleIncidentSql(view_, 1);
  if (query.incident_id) sql += " AND c.incident_id = ?2";
  if (!query.kinds.empty()) {
    sql += " AND c.kind IN (";
    for (size_t i = 0; i < query.kinds.size(); ++i) {
      sql += fmt::format("{}'{}'", i ? ", " : "", EnumName(query.kinds[i]));
    }
    sql += ")";
  }
  sql += " ORDER BY c.created_seq";
  CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare(sql));
  std::string groups;
  BindGroups(st, view_, 1, groups);
  if (query.incident_id) st.Bind(2, std::string_view(*query.incident_id));
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    CIVHARM_ASSIGN_OR_RETURN(CaseRecord record, DecodeCase(st.Text(0)));
    CIVHARM_RETURN_IF_ERROR(fn(record));
  }
}

Status SqliteTransaction::CheckCaseLinks(const CaseRecord& record) {
  const Id& incident_id = MetaOf(record).incident_id;
  CIVHARM_ASSIGN_OR_RETURN(auto incident, Get(EntityKind::kIncident, incident_id));
  if (!incident)
    return Status(ErrorCode::kNotFound, fmt::format("there is no incident {}", incident_id),
                  "incident_id");
  for (const auto& [kind, id] : LinksOf(record)) {
    CIVHARM_ASSIGN_OR_RETURN(auto found, Get(kind, *id));
    if (!found) return NotFound(fmt::format("there is no {} {}", EnumName(kind), *id));
  }
  if (const auto* t = std::get_if<Transition>(&record); t && t->record) {
    CIVHARM_ASSIGN_OR_RETURN(auto made, GetCaseRecord(*t->record));
    if (!made || MetaOf(*made).incident_id != incident_id) {
      return Status(ErrorCode::kNotFound,
                    fmt::format("incident {} has no case record {}", incident_id, *t->record),
                    "record");
    }
  }
  return Status::Ok();
}

Result<CaseRecord> SqliteTransaction::InsertCaseRecord(CaseRecord record) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CaseMeta& meta = MetaOf(record);
  const Timestamp now = Timestamp::Now();
  meta.id = NewId();
  meta.version = 1;
  meta.created_by = meta.updated_by = actor_;
  meta.created_at = meta.updated_at = now;
  CIVHARM_RETURN_IF_ERROR(Validate(record));
  CIVHARM_RETURN_IF_ERROR(CheckCaseLinks(record));
  json doc = ToJson(record);
  CIVHARM_RETURN_IF_ERROR(
      sealed_.SealAll(PersonalKeys(KindOf(record)), doc, nullptr, /*keep_previous=*/false));
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt put, conn_->Prepare("INSERT INTO case_records (id, incident_id, kind, created_seq, "
                               "doc_seq) VALUES (?1, ?2, ?3, ?4, ?4)"));
  put.Bind(1, std::string_view(meta.id));
  put.Bind(2, std::string_view(meta.incident_id));
  put.Bind(3, EnumName(KindOf(record)));
  put.Bind(4, seq);
  CIVHARM_RETURN_IF_ERROR(put.Run());
  CIVHARM_RETURN_IF_ERROR(Audit("create", kCaseEntity, meta.id, std::nullopt, doc.dump()));
  if (!view_.personal_data) RemovePersonalData(record);
  return record;
}

Result<CaseRecord> SqliteTransaction::UpdateCaseRecord(CaseRecord record,
                                                       int64_t expected_version) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  const Id id = MetaOf(record).id;
  CIVHARM_ASSIGN_OR_RETURN(auto current, GetCaseRecord(id));
  if (!current) return std::unexpected(NotFound(fmt::format("there is no case record {}", id)));
  const CaseMeta& old = MetaOf(*current);
  if (KindOf(*current) != KindOf(record)) {
    return std::unexpected(
        InvalidArgument(fmt::format("case record {} is {}, not {}", id, EnumName(KindOf(*current)),
                                    EnumName(KindOf(record))),
                        "kind"));
  }
  if (old.version != expected_version) {
    return std::unexpected(Conflict(fmt::format(
        "case record {} has changed since it was read (version {} is now {}); read it again and "
        "reapply the change",
        id, expected_version, old.version)));
  }
  CaseMeta& meta = MetaOf(record);
  meta.incident_id = old.incident_id;
  meta.created_by = old.created_by;
  meta.created_at = old.created_at;
  meta.version = old.version + 1;
  meta.updated_by = actor_;
  meta.updated_at = Timestamp::Now();
  CIVHARM_RETURN_IF_ERROR(Validate(record));
  CIVHARM_RETURN_IF_ERROR(CheckCaseLinks(record));

  CIVHARM_ASSIGN_OR_RETURN(
      Stmt find, conn_->Prepare("SELECT c.doc_seq, a.doc FROM case_records c JOIN audit_log a ON "
                                "a.seq = c.doc_seq WHERE c.id = ?1"));
  find.Bind(1, std::string_view(id));
  CIVHARM_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found) return std::unexpected(NotFound(fmt::format("there is no case record {}", id)));
  const int64_t prev_seq = find.Int(0);
  const json previous = json::parse(find.Text(1), nullptr, /*allow_exceptions=*/false);
  json doc = ToJson(record);
  CIVHARM_RETURN_IF_ERROR(sealed_.SealAll(PersonalKeys(KindOf(record)), doc,
                                          previous.is_object() ? &previous : nullptr,
                                          /*keep_previous=*/!view_.personal_data));
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  CIVHARM_ASSIGN_OR_RETURN(Stmt put,
                           conn_->Prepare("UPDATE case_records SET doc_seq = ?2 WHERE id = ?1"));
  put.Bind(1, std::string_view(id));
  put.Bind(2, seq);
  CIVHARM_RETURN_IF_ERROR(put.Run());
  CIVHARM_RETURN_IF_ERROR(Audit("update", kCaseEntity, id, prev_seq, doc.dump()));
  if (!view_.personal_data) RemovePersonalData(record);
  return record;
}

Result<std::vector<Receipt>> SqliteTransaction::FindReceipts(std::string_view reference_code) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare("SELECT report_id, reference_code, submitted_by, token_digest, "
                              "created_at FROM report_receipts WHERE reference_code = ?1 ORDER BY "
                              "created_at, report_id"));
  st.Bind(1, reference_code);
  std::vector<Receipt> out;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(ReadReceipt(st));
  }
}

Result<std::vector<Receipt>> SqliteTransaction::ListReceipts(std::string_view submitted_by) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare("SELECT report_id, reference_code, submitted_by, token_digest, "
                              "created_at FROM report_receipts WHERE submitted_by = ?1 ORDER BY "
                              "created_at DESC, report_id DESC"));
  st.Bind(1, submitted_by);
  std::vector<Receipt> out;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    out.push_back(ReadReceipt(st));
  }
}

Status SqliteTransaction::InsertReceipt(const Receipt& receipt) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  if (receipt.reference_code.empty()) return InvalidArgument("is required", "reference_code");
  CIVHARM_ASSIGN_OR_RETURN(Stmt find, conn_->Prepare("SELECT 1 FROM reports WHERE id = ?1"));
  find.Bind(1, std::string_view(receipt.report_id));
  CIVHARM_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found) return NotFound(fmt::format("there is no report {}", receipt.report_id));
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt put, conn_->Prepare("INSERT INTO report_receipts (report_id, reference_code, "
                               "submitted_by, token_digest, created_at) VALUES (?1, ?2, ?3, ?4, "
                               "?5)"));
  put.Bind(1, std::string_view(receipt.report_id));
  put.Bind(2, std::string_view(receipt.reference_code));
  put.Bind(3, std::string_view(receipt.submitted_by));
  if (!receipt.token_digest.empty()) put.Bind(4, std::string_view(receipt.token_digest));
  put.Bind(5, receipt.created_at.unix_micros());
  return put.Run();
}

}  // namespace civharm::storage::sqlite
