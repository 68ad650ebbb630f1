// The release methods of SqliteTransaction. Each version of a release's document is kept in the
// audit log (entity "release"); the releases table points at the latest and derives the version
// and status lists need. A release's public rows are written once, with it, and never change;
// the document holds their content hash, computed here as they are written.
#include <fmt/format.h>

#include "storage/sqlite/sqlite_transaction.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

constexpr std::string_view kReleaseEntity = "release";
constexpr std::string_view kSelectRelease =
    "SELECT a.doc FROM releases r JOIN audit_log a ON a.seq = r.doc_seq ";

}  // namespace

Result<std::optional<Release>> SqliteTransaction::ReadRelease(Stmt& st) {
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Release>();
  const json doc = json::parse(st.Text(0), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::unexpected(DataLoss("a stored release is not JSON"));
  auto release = ReleaseFromJson(doc);
  if (!release) {
    return std::unexpected(
        DataLoss("a stored release cannot be read: " + release.error().ToString()));
  }
  return std::optional<Release>(std::move(*release));
}

Result<std::optional<Release>> SqliteTransaction::GetRelease(const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare(std::string(kSelectRelease) + "WHERE r.id = ?1"));
  st.Bind(1, std::string_view(id));
  return ReadRelease(st);
}

Result<std::optional<Release>> SqliteTransaction::GetReleaseByVersion(int64_t version) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare(std::string(kSelectRelease) + "WHERE r.version = ?1"));
  st.Bind(1, version);
  return ReadRelease(st);
}

Result<std::vector<Release>> SqliteTransaction::ListReleases(std::optional<ReleaseStatus> status) {
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_->Prepare(std::string(kSelectRelease) +
                                          (status ? "WHERE r.status = ?1 ORDER BY r.version DESC"
                                                  : "ORDER BY r.version DESC")));
  if (status) st.Bind(1, EnumName(*status));
  std::vector<Release> out;
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(auto release, ReadRelease(st));
    if (!release) return out;
    out.push_back(std::move(*release));
  }
}

Status SqliteTransaction::ScanReleaseRows(
    const Id& release_id, int64_t after, int64_t limit,
    const std::function<Status(int64_t position, std::string_view row)>& fn) {
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_->Prepare("SELECT position, doc FROM release_rows WHERE release_id = ?1 AND "
                              "position > ?2 ORDER BY position LIMIT ?3"));
  st.Bind(1, std::string_view(release_id));
  st.Bind(2, after);
  st.Bind(3, limit > 0 ? limit : int64_t{-1});
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Status::Ok();
    CIVHARM_RETURN_IF_ERROR(fn(st.Int(0), st.Text(1)));
  }
}

Result<Release> SqliteTransaction::InsertRelease(Release release, const ReleaseRows& rows) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                             conn_->Prepare("SELECT coalesce(max(version), 0) + 1 FROM releases"));
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    release.version = row ? st.Int(0) : 1;
  }
  release.id = NewId();
  release.status = ReleaseStatus::kRequested;
  release.requested_by = actor_;
  release.requested_at = Timestamp::Now();
  release.reviewed_by.clear();
  release.reviewed_at.reset();
  release.review_note.clear();
  release.withdrawn_by.clear();
  release.withdrawn_at.reset();
  release.withdraw_reason.clear();
  // The row comes first, for the rows' foreign key; it points at its entry once that exists.
  {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare("INSERT INTO releases (id, version, status, "
                                                     "doc_seq) VALUES (?1, ?2, ?3, 0)"));
    st.Bind(1, std::string_view(release.id));
    st.Bind(2, release.version);
    st.Bind(3, EnumName(release.status));
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  ReleaseDigest digest;
  int64_t count = 0;
  const auto put = [&](std::string_view row) -> Status {
    if (!row.starts_with('{') || !row.ends_with('}')) {
      return Internal(fmt::format("row {} of the release is not a JSON object", count + 1));
    }
    ++count;
    CIVHARM_ASSIGN_OR_RETURN(Stmt st, conn_->Prepare("INSERT INTO release_rows (release_id, "
                                                     "position, doc) VALUES (?1, ?2, ?3)"));
    st.Bind(1, std::string_view(release.id));
    st.Bind(2, count);
    st.Bind(3, row);
    CIVHARM_RETURN_IF_ERROR(st.Run());
    digest.AddRow(row);
    return Status::Ok();
  };
  CIVHARM_RETURN_IF_ERROR(rows(release, put));
  release.incidents = count;
  release.content_hash = digest.Finish(release.open_assessments);
  if (release.summary.released != count) {
    return std::unexpected(Internal(
        fmt::format("the release's summary counts {} released incidents, but it has {} rows",
                    release.summary.released, count)));
  }
  CIVHARM_RETURN_IF_ERROR(Validate(release));
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  {
    CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                             conn_->Prepare("UPDATE releases SET doc_seq = ?2 WHERE id = ?1"));
    st.Bind(1, std::string_view(release.id));
    st.Bind(2, seq);
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  CIVHARM_RETURN_IF_ERROR(
      Audit("create", kReleaseEntity, release.id, std::nullopt, ToJson(release).dump()));
  return release;
}

Result<Release> SqliteTransaction::UpdateRelease(const Release& next,
                                                 ReleaseStatus expected_status) {
  CIVHARM_RETURN_IF_ERROR(RequireWrite());
  int64_t prev_seq = 0;
  Release current;
  {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st, conn_->Prepare("SELECT r.doc_seq, a.doc FROM releases r JOIN audit_log a ON "
                                "a.seq = r.doc_seq WHERE r.id = ?1"));
    st.Bind(1, std::string_view(next.id));
    CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) {
      return std::unexpected(
          Status(ErrorCode::kNotFound, fmt::format("there is no release {}", next.id), "id"));
    }
    prev_seq = st.Int(0);
    const json doc = json::parse(st.Text(1), nullptr, /*allow_exceptions=*/false);
    auto read = doc.is_discarded() ? Result<Release>(std::unexpected(DataLoss("not JSON")))
                                   : ReleaseFromJson(doc);
    if (!read) {
      return std::unexpected(
          DataLoss("a stored release cannot be read: " + read.error().ToString()));
    }
    current = std::move(*read);
  }
  if (current.status != expected_status) {
    return std::unexpected(
        Conflict(fmt::format("release {} is {} now, not {}", current.version,
                             EnumName(current.status), EnumName(expected_status))));
  }
  Release out = current;
  out.status = next.status;
  out.reviewed_by = next.reviewed_by;
  out.reviewed_at = next.reviewed_at;
  out.review_note = next.review_note;
  out.withdrawn_by = next.withdrawn_by;
  out.withdrawn_at = next.withdrawn_at;
  out.withdraw_reason = next.withdraw_reason;
  CIVHARM_RETURN_IF_ERROR(Validate(out));
  CIVHARM_ASSIGN_OR_RETURN(const int64_t seq, NextAuditSeq());
  {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st, conn_->Prepare("UPDATE releases SET status = ?2, doc_seq = ?3 WHERE id = ?1"));
    st.Bind(1, std::string_view(out.id));
    st.Bind(2, EnumName(out.status));
    st.Bind(3, seq);
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  CIVHARM_RETURN_IF_ERROR(Audit("update", kReleaseEntity, out.id, prev_seq, ToJson(out).dump()));
  return out;
}

}  // namespace civharm::storage::sqlite
