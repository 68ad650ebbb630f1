// The leadership framework methods of SqliteTransaction: framework editions and assessments of
// states under them. Like releases, each version of a document is kept in the audit log (entity
// "framework", its id the edition's name; entity "state_assessment"), and a table points at the
// latest. An edition is written once and never changes; an assessment's table derives the state,
// the start of the period and the status lists need.
#include <fmt/format.h>

#include "storage/sqlite/sqlite_transaction.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

constexpr std::string_view kFrameworkEntity = "framework";
constexpr std::string_view kStateAssessmentEntity = "state_assessment";
constexpr std::string_view kSelectFramework =
    "SELECT a.doc FROM frameworks f JOIN audit_log a ON a.seq = f.doc_seq ";
constexpr std::string_view kSelectStateAssessment =
    "SELECT a.doc FROM state_assessments s JOIN audit_log a ON a.seq = s.doc_seq ";

// Evidence may cite the records kept as EntityKind; case records are read on their own.
EntityKind RecordKindOf(EvidenceRecordKind kind) {
  switch (kind) {
    case EvidenceRecordKind::kIncident:
      return EntityKind::kIncident;
    case EvidenceRecordKind::kReport:
      return EntityKind::kReport;
    case EvidenceRecordKind::kOperation:
      return EntityKind::kOperation;
    case EvidenceRecordKind::kCase:
      break;
  }
  return EntityKind::kIncident;  // not reached: case records are looked up by the caller
}

Result<StateAssessment> ParseStateAssessment(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto a = doc.is_discarded() ? Result<StateAssessment>(std::unexpected(DataLoss("not JSON")))
                              : StateAssessmentFromJson(doc);
  if (!a) {
    return std::unexpected(
        DataLoss("a stored state assessment cannot be read: " + a.error().ToString()));
  }
  return a;
}

}  // namespace

Result<std::optional<Framework>> SqliteTransaction::ReadFramework(Stmt& st) {
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Framework>();
  const json doc = json::parse(st.Text(0), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::unexpected(DataLoss("a stored framework is not JSON"));
  auto framework = FrameworkFromJson(doc);
  if (!framework) {
    return std::unexpected(
        DataLoss("a stored framework cannot be read: " + framework.error().ToString()));
  }
  return std::optional<Framework>(std::move(*framework));
}

Result<std::optional<StateAssessment>> SqliteTransaction::ReadStateAssessment(Stmt& st) {
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<StateAssessment>();
  CIVHARM_ASSIGN_OR_RETURN(StateAssessment a, ParseStateAssessment(st.Text(0)));
  return std::optional<StateAssessment>(std::move(a));
}

Result<std::optional<Framework>> SqliteTransaction::GetFramework(std::string_view edition) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare(std::string(kSelectFramework) + "WHERE f.edition = ?1"));
  st.Bind(1, edition);
  return ReadFramework(st);
}

Result<std::vector<Framework>> SqliteTransaction::ListFrameworks() {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare(std::string(kSelectFramework) + "ORDER BY f.edition"));
  std::vector<Framework> out;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(auto framework, ReadFramework(st));
    if (!framework) return out;
    out.push_back(std::move(*framework));
  }
}

Result<std::optional<StateAssessment>> SqliteTransaction::GetStateAssessment(const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare(std::string(kSelectStateAssessment) + "WHERE s.id = ?1"));
  st.Bind(1, std::string_view(id));
  return ReadStateAssessment(st);
}

Result<std::vector<StateAssessment>> SqliteTransaction::ListStateAssessments(
    const StateAssessmentQuery& query) {
  // An empty filter matches everything, so that one statement (cached once) serves every query;
  // the state_assessments_state index gives the order.
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare(std::string(kSelectStateAssessment) +
                              "WHERE (?1 = '' OR s.state = ?1 COLLATE NOCASE) AND (?2 = '' OR "
                              "s.status = ?2) ORDER BY s.state COLLATE NOCASE, s.period_from, "
                              "s.id"));
  st.Bind(1, std::string_view(query.state));
  // Empty text, not NULL (which a default std::string_view would bind): NULL = '' is not true.
  st.Bind(2, query.status ? EnumName(*query.status) : std::string_view(""));
  std::vector<StateAssessment> out;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(auto a, ReadStateAssessment(st));
    if (!a) return out;
    out.push_back(std::move(*a));
  }
}

Status SqliteTransaction::InsertFramework(const Framework& framework) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  // A framework has no Validate of its own: its codec checks it key by key. Reading back what
  // would be stored refuses an edition that could not be read later, with the codec's fields.
  const json doc = ToJson(framework);
  CIVHARM_RETURN_IF_ERROR(FrameworkFromJson(doc));
  CIVHARM_ASSIGN_OR_RETURN(auto existing, GetFramework(framework.edition));
  if (existing) {
    return Status(ErrorCode::kAlreadyExists,
                  fmt::format("the framework edition {} is already stored; a revision is a new "
                              "edition",
                              framework.edition),
                  "edition");
  }
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st, conn_->Prepare("INSERT INTO frameworks (edition, doc_seq) VALUES (?1, ?2)"));
    st.Bind(1, std::string_view(framework.edition));
    st.Bind(2, seq);
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  CIVHARM_RETURN_IF_ERROR(
      Audit("create", kFrameworkEntity, framework.edition, std::nullopt, doc.dump()));
  return Status::Ok();
}

Status SqliteTransaction::CheckStateAssessment(const StateAssessment& a,
                                               const Framework& framework) {
  CIVHARM_RETURN_IF_ERROR(Validate(a, framework));
  // A record the writer may not see is, to the writer, no record at all (as for CheckLinks).
  for (size_t i = 0; i < a.indicators.size(); ++i) {
    const std::vector<Evidence>& evidence = a.indicators[i].evidence;
    for (size_t j = 0; j < evidence.size(); ++j) {
      const Evidence& e = evidence[j];
      if (e.kind != EvidenceKind::kRecord || !e.record_kind) continue;
      bool found = false;
      if (*e.record_kind == EvidenceRecordKind::kCase) {
        CIVHARM_ASSIGN_OR_RETURN(auto record, GetCaseRecord(e.record_id));
        found = record.has_value();
      } else {
        CIVHARM_ASSIGN_OR_RETURN(auto record, Get(RecordKindOf(*e.record_kind), e.record_id));
        found = record.has_value();
      }
      if (!found) {
        return Status(
            ErrorCode::kNotFound,
            fmt::format("there is no {} record {}", EnumName(*e.record_kind), e.record_id),
            fmt::format("indicators[{}].evidence[{}].record_id", i, j));
      }
    }
  }
  return Status::Ok();
}

Status SqliteTransaction::WriteStateAssessment(const StateAssessment& a, const char* action,
                                               std::optional<int64_t> prev_seq) {
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st,
        conn_->Prepare(prev_seq ? "UPDATE state_assessments SET state = ?2, period_from = ?3, "
                                  "status = ?4, doc_seq = ?5 WHERE id = ?1"
                                : "INSERT INTO state_assessments (id, state, period_from, status, "
                                  "doc_seq) VALUES (?1, ?2, ?3, ?4, ?5)"));
    st.Bind(1, std::string_view(a.id));
    st.Bind(2, std::string_view(a.state));
    st.Bind(3, int64_t{a.period.from.days()});
    st.Bind(4, EnumName(a.status));
    st.Bind(5, seq);
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  CIVHARM_RETURN_IF_ERROR(Audit(action, kStateAssessmentEntity, a.id, prev_seq, ToJson(a).dump()));
  return Status::Ok();
}

Result<StateAssessment> SqliteTransaction::InsertStateAssessment(StateAssessment a,
                                                                 const Framework& framework) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  a.id = NewId();
  a.version = 1;
  a.created_at = a.updated_at = Timestamp::Now();
  CIVHARM_RETURN_IF_ERROR(CheckStateAssessment(a, framework));
  CIVHARM_RETURN_IF_ERROR(WriteStateAssessment(a, "create", std::nullopt));
  return a;
}

Result<StateAssessment> SqliteTransaction::UpdateStateAssessment(StateAssessment a,
                                                                 int64_t expected_version,
                                                                 const Framework& framework) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  int64_t prev_seq = 0;
  StateAssessment current;
  {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st, conn_->Prepare("SELECT s.doc_seq, a.doc FROM state_assessments s JOIN audit_log "
                                "a ON a.seq = s.doc_seq WHERE s.id = ?1"));
    st.Bind(1, std::string_view(a.id));
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) {
      return std::unexpected(
          Status(ErrorCode::kNotFound, fmt::format("there is no state assessment {}", a.id), "id"));
    }
    prev_seq = st.Int(0);
    CIVHARM_ASSIGN_OR_RETURN(current, ParseStateAssessment(st.Text(1)));
  }
  if (current.version != expected_version) {
    return std::unexpected(Conflict(fmt::format(
        "state assessment {} has changed since it was read (version {} is now {}); read it "
        "again and reapply the change",
        a.id, expected_version, current.version)));
  }
  if (current.status == ScoreStatus::kPublished) {
    return std::unexpected(Conflict(fmt::format(
        "state assessment {} is published and never changes; make a new assessment", a.id)));
  }
  if (a.edition != current.edition) {
    return std::unexpected(InvalidArgument(
        fmt::format("state assessment {} was made under edition {}; an assessment keeps its "
                    "edition",
                    a.id, current.edition),
        "edition"));
  }
  a.version = current.version + 1;
  a.created_at = current.created_at;
  a.updated_at = Timestamp::Now();
  CIVHARM_RETURN_IF_ERROR(CheckStateAssessment(a, framework));
  CIVHARM_RETURN_IF_ERROR(WriteStateAssessment(a, "update", prev_seq));
  return a;
}

}  // namespace civharm::storage::sqlite
