// The link-decision methods of SqliteTransaction: each decision's document is kept in the audit
// log (entity "link_decision"), the table only points at the latest.
#include <fmt/format.h>

#include "storage/sqlite/sqlite_transaction.h"

namespace civharm::storage::sqlite {
namespace {

constexpr std::string_view kDecisionEntity = "link_decision";

}  // namespace

Result<std::vector<LinkDecision>> SqliteTransaction::ListLinkDecisions() {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare("SELECT a.doc FROM link_decisions d JOIN audit_log a ON "
                                          "a.seq = d.doc_seq ORDER BY d.key"));
  std::vector<LinkDecision> out;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto j = nlohmann::json::parse(st.Text(0), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::unexpected(DataLoss("a stored link decision is not JSON"));
    auto d = LinkDecisionFromJson(j);
    if (!d) {
      return std::unexpected(
          DataLoss("a stored link decision cannot be read: " + d.error().message()));
    }
    out.push_back(std::move(*d));
  }
  return out;
}

Status SqliteTransaction::PutLinkDecision(const LinkDecision& decision) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  CIVHARM_RETURN_IF_ERROR(Validate(decision));
  for (const Id* id : {&decision.a, &decision.b}) {
    CIVHARM_ASSIGN_OR_RETURN(auto report, Get(EntityKind::kReport, *id));
    if (!report) return NotFound(fmt::format("there is no report {}", *id));
  }
  const std::string key = decision.key();
  CIVHARM_ASSIGN_OR_RETURN(Stmt find,
                           conn_->Prepare("SELECT doc_seq FROM link_decisions WHERE key = ?1"));
  find.Bind(1, std::string_view(key));
  CIVHARM_ASSIGN_OR_RETURN(bool found, find.Step());
  const std::optional<int64_t> prev_seq = found ? std::optional(find.Int(0)) : std::nullopt;
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt put,
      conn_->Prepare("INSERT INTO link_decisions (key, a, b, doc_seq) VALUES (?1, ?2, "
                     "?3, ?4) ON CONFLICT (key) DO UPDATE SET doc_seq = excluded.doc_seq"));
  put.Bind(1, std::string_view(key));
  put.Bind(2, std::string_view(decision.a));
  put.Bind(3, std::string_view(decision.b));
  put.Bind(4, seq);
  CIVHARM_RETURN_IF_ERROR(put.Run());
  CIVHARM_RETURN_IF_ERROR(Audit(prev_seq ? "update" : "create", kDecisionEntity, key, prev_seq,
                                ToJson(decision).dump()));
  return Status::Ok();
}

}  // namespace civharm::storage::sqlite
