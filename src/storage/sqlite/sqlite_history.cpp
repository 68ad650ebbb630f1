// Reading history: the records and case records as they stood just after a given audit entry.
// The audit log holds every version of every document; the state as of entry N is, for each
// record, its latest entry with seq ≤ N (found through the index audit_log_entity).
#include <unordered_set>

#include <fmt/format.h>

#include "domain/personal.h"
#include "storage/sqlite/sqlite_transaction.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

// The latest entry of each record of an entity up to ?2, in id order or in creation order.
constexpr std::string_view kLatestById =
    "SELECT l.entity_id, a.doc FROM (SELECT entity_id, max(seq) AS last FROM audit_log WHERE "
    "entity = ?1 AND seq <= ?2 GROUP BY entity_id) l JOIN audit_log a ON a.seq = l.last ORDER "
    "BY l.entity_id";
constexpr std::string_view kLatestByCreation =
    "SELECT l.entity_id, a.doc FROM (SELECT entity_id, min(seq) AS first, max(seq) AS last FROM "
    "audit_log WHERE entity = ?1 AND seq <= ?2 GROUP BY entity_id) l JOIN audit_log a ON a.seq "
    "= l.last ORDER BY l.first";

// The groups a document restricts its record to.
std::vector<std::string> RestrictionOf(const json& doc) {
  std::vector<std::string> groups;
  const auto it = doc.find("restricted_to");
  if (it == doc.end() || !it->is_array()) return groups;
  for (const json& g : *it) {
    if (g.is_string()) groups.push_back(g.get<std::string>());
  }
  return groups;
}

}  // namespace

Status SqliteTransaction::CheckAsOf(int64_t seq) {
  CIVHARM_ASSIGN_OR_RETURN(const int64_t head, AuditHead());
  if (seq < 0 || seq > head) {
    return InvalidArgument(
        fmt::format("there is no audit entry {} to read the records as of (the last is {})", seq,
                    head),
        "as_of_seq");
  }
  return Status::Ok();
}

Status SqliteTransaction::ScanEntityAsOf(
    std::string_view entity, int64_t seq,
    const std::function<Status(std::string_view id, std::string_view doc)>& fn) {
  const bool by_creation = entity == "case_record";
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare(std::string(by_creation ? kLatestByCreation : kLatestById)));
  st.Bind(1, entity);
  st.Bind(2, seq);
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    CIVHARM_RETURN_IF_ERROR(fn(st.Text(0), st.Text(1)));
  }
}

Status SqliteTransaction::ScanDocumentsAsOf(
    EntityKind kind, int64_t seq, const std::function<Status(const nlohmann::json&)>& fn) {
  CIVHARM_RETURN_IF_ERROR(CheckAsOf(seq));
  return ScanEntityAsOf(
      EnumName(kind), seq, [&](std::string_view id, std::string_view text) -> Status {
        json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (!doc.is_object()) {
          return DataLoss(
              fmt::format("the audit log holds no readable document of {} {}", EnumName(kind), id));
        }
        if (!view_.Sees(RestrictionOf(doc))) return Status::Ok();
        if (view_.personal_data) {
          CIVHARM_RETURN_IF_ERROR(sealed_.OpenAll(PersonalKeys(kind), doc));
        } else {
          ErasePersonal(PersonalKeys(kind), doc);
        }
        return fn(doc);
      });
}

Status SqliteTransaction::ScanCaseRecordsAsOf(int64_t seq,
                                              const std::function<Status(const CaseRecord&)>& fn) {
  CIVHARM_RETURN_IF_ERROR(CheckAsOf(seq));
  // A case record is as visible as its incident was then.
  std::unordered_set<std::string> visible;
  CIVHARM_RETURN_IF_ERROR(
      ScanEntityAsOf(EnumName(EntityKind::kIncident), seq,
                     [&](std::string_view id, std::string_view text) -> Status {
                       if (!view_.all_groups) {
                         const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
                         if (!doc.is_object() || !view_.Sees(RestrictionOf(doc)))
                           return Status::Ok();
                       }
                       visible.emplace(id);
                       return Status::Ok();
                     }));
  return ScanEntityAsOf("case_record", seq, [&](std::string_view, std::string_view text) -> Status {
    CIVHARM_ASSIGN_OR_RETURN(CaseRecord record, DecodeCase(text));
    if (!visible.contains(MetaOf(record).incident_id)) return Status::Ok();
    return fn(record);
  });
}

}  // namespace civharm::storage::sqlite
