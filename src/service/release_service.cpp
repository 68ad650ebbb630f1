// ReleaseService: requesting, reviewing, withdrawing, reading, verifying and downloading
// releases. The public tables are in release_tables.cpp; building a release's content is in
// release_build.cpp.
#include "service/release_service.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "io/dataset_writer.h"
#include "service/authorization.h"
#include "service/release_build.h"

namespace civharm::service {
namespace {

using nlohmann::json;

// Reading releases needs either of the two release actions.
Status AuthorizeRead(const Actor& actor) {
  if (Allows(actor, Action::kRequestRelease) || Allows(actor, Action::kReviewRelease)) {
    return Status::Ok();
  }
  return Authorize(actor, Action::kRequestRelease);
}

Status NoSuchRelease(const Id& id) {
  return Status(ErrorCode::kNotFound, fmt::format("there is no release {}", id), "id");
}

Status NoPublicRelease(int64_t version) {
  return Status(ErrorCode::kNotFound,
                fmt::format("there is no public release {}: it does not exist, or it was not "
                            "approved, or it was withdrawn",
                            version),
                "version");
}

Status RequireReason(const std::string& reason, std::string_view what) {
  if (Trim(reason).empty()) {
    return InvalidArgument(fmt::format("say why the release is {}", what), "reason");
  }
  return Status::Ok();
}

Status CheckLimit(int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgument("must be between 1 and 1000", "limit");
  return Status::Ok();
}

}  // namespace

storage::View ReleaseView() {
  return storage::View{.all_groups = false, .groups = {}, .personal_data = false};
}

// ---- requests and reviews --------------------------------------------------------------------

Result<Release> ReleaseService::Request(const Actor& actor, ReleaseRequest request) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kRequestRelease));
  Release release;
  release.note = std::move(request.note);
  release.rules = request.rules ? std::move(*request.rules) : DefaultReleaseRules();
  release.built_on = Timestamp::Now().date();
  // The release view, not the actor's: what is built is what the public would see, whoever asks.
  CIVHARM_ASSIGN_OR_RETURN(auto tx,
                           store_.BeginWrite({.actor = actor.name, .view = ReleaseView()}));
  CIVHARM_ASSIGN_OR_RETURN(release.as_of_seq, tx->AuditHead());
  CIVHARM_ASSIGN_OR_RETURN(release.open_assessments, internal::BuildOpenAssessments(
                                                         *tx, release.as_of_seq, release.built_on));
  storage::WriteTransaction& write = *tx;
  CIVHARM_ASSIGN_OR_RETURN(
      Release saved, tx->InsertRelease(std::move(release), [&write](Release& r, const auto& put) {
        return internal::BuildRows(write, r.rules, r.as_of_seq, r.summary, put);
      }));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return saved;
}

Result<Release> ReleaseService::Review(const Actor& actor, const Id& id, ReleaseStatus to,
                                       std::string note) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReviewRelease));
  if (to == ReleaseStatus::kRejected) CIVHARM_RETURN_IF_ERROR(RequireReason(note, "rejected"));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto current, tx->GetRelease(id));
  if (!current) return std::unexpected(NoSuchRelease(id));
  if (current->status != ReleaseStatus::kRequested) {
    return std::unexpected(Conflict(fmt::format(
        "release {} is {}: only a requested release can be {}", current->version,
        EnumName(current->status), to == ReleaseStatus::kApproved ? "approved" : "rejected")));
  }
  if (current->requested_by == actor.name) {
    return std::unexpected(Status(
        ErrorCode::kPermissionDenied,
        fmt::format("release {} was requested by you: another person must review it (a release "
                    "needs two people, one to request it and one to review it)",
                    current->version)));
  }
  Release next = *current;
  next.status = to;
  next.reviewed_by = actor.name;
  next.reviewed_at = Timestamp::Now();
  next.review_note = std::move(note);
  CIVHARM_ASSIGN_OR_RETURN(Release saved, tx->UpdateRelease(next, ReleaseStatus::kRequested));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return saved;
}

Result<Release> ReleaseService::Approve(const Actor& actor, const Id& id, std::string note) {
  return Review(actor, id, ReleaseStatus::kApproved, std::move(note));
}

Result<Release> ReleaseService::Reject(const Actor& actor, const Id& id, std::string reason) {
  return Review(actor, id, ReleaseStatus::kRejected, std::move(reason));
}

Result<Release> ReleaseService::Withdraw(const Actor& actor, const Id& id, std::string reason) {
  CIVHARM_RETURN_IF_ERROR(AuthorizeRead(actor));
  CIVHARM_RETURN_IF_ERROR(RequireReason(reason, "withdrawn"));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto current, tx->GetRelease(id));
  if (!current) return std::unexpected(NoSuchRelease(id));
  if (current->status != ReleaseStatus::kRequested && current->status != ReleaseStatus::kApproved) {
    return std::unexpected(Conflict(fmt::format("release {} is {} and cannot be withdrawn",
                                                current->version, EnumName(current->status))));
  }
  // Taking a release off the public site is a reviewer's decision; a requester may take back
  // their own request before anyone has reviewed it.
  const bool own_request =
      current->status == ReleaseStatus::kRequested && current->requested_by == actor.name;
  if (!own_request) CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReviewRelease));
  Release next = *current;
  next.status = ReleaseStatus::kWithdrawn;
  next.withdrawn_by = actor.name;
  next.withdrawn_at = Timestamp::Now();
  next.withdraw_reason = std::move(reason);
  CIVHARM_ASSIGN_OR_RETURN(Release saved, tx->UpdateRelease(next, current->status));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return saved;
}

// ---- reading ---------------------------------------------------------------------------------

Result<std::vector<Release>> ReleaseService::List(const Actor& actor) {
  CIVHARM_RETURN_IF_ERROR(AuthorizeRead(actor));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  return tx->ListReleases(std::nullopt);
}

Result<Release> ReleaseService::Get(const Actor& actor, const Id& id) {
  CIVHARM_RETURN_IF_ERROR(AuthorizeRead(actor));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(auto release, tx->GetRelease(id));
  if (!release) return std::unexpected(NoSuchRelease(id));
  return *release;
}

Result<Release> ReleaseService::GetVersion(const Actor& actor, int64_t version) {
  CIVHARM_RETURN_IF_ERROR(AuthorizeRead(actor));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(auto release, tx->GetReleaseByVersion(version));
  if (!release) {
    return std::unexpected(
        Status(ErrorCode::kNotFound, fmt::format("there is no release {}", version), "version"));
  }
  return *release;
}

Result<ReleaseVerification> ReleaseService::Verify(const Actor& actor, const Id& id) {
  CIVHARM_RETURN_IF_ERROR(AuthorizeRead(actor));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(auto release, tx->GetRelease(id));
  if (!release) return std::unexpected(NoSuchRelease(id));
  ReleaseVerification v{.id = release->id,
                        .version = release->version,
                        .as_of_seq = release->as_of_seq,
                        .content_hash = release->content_hash,
                        .incidents = release->incidents};
  // The rows as stored now.
  ReleaseDigest stored;
  CIVHARM_RETURN_IF_ERROR(tx->ScanReleaseRows(release->id, 0, 0, [&](int64_t, std::string_view r) {
    stored.AddRow(r);
    return Status::Ok();
  }));
  v.stored_hash = stored.Finish(release->open_assessments);
  // The release built again from history, row by row against the stored rows.
  ReleaseDigest rebuilt;
  ReleaseSummary summary;
  CIVHARM_RETURN_IF_ERROR(internal::BuildRows(
      *tx, release->rules, release->as_of_seq, summary, [&](std::string_view row) -> Status {
        const int64_t position = ++v.rebuilt_incidents;
        rebuilt.AddRow(row);
        if (v.first_difference) return Status::Ok();
        bool same = false;
        CIVHARM_RETURN_IF_ERROR(
            tx->ScanReleaseRows(release->id, position - 1, 1, [&](int64_t, std::string_view r) {
              same = r == row;
              return Status::Ok();
            }));
        if (!same) v.first_difference = position;
        return Status::Ok();
      }));
  if (!v.first_difference && v.rebuilt_incidents != v.incidents) {
    v.first_difference = std::min(v.rebuilt_incidents, v.incidents) + 1;
  }
  CIVHARM_ASSIGN_OR_RETURN(
      const OpenAssessments open,
      internal::BuildOpenAssessments(*tx, release->as_of_seq, release->built_on));
  v.rebuilt_hash = rebuilt.Finish(open);
  return v;
}

Result<RowPage> ReleaseService::Page(const Release& release, int64_t after, int limit) {
  CIVHARM_RETURN_IF_ERROR(CheckLimit(limit));
  if (after < 0) return std::unexpected(InvalidArgument("must be a row position", "cursor"));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  RowPage page;
  int64_t last = after;
  CIVHARM_RETURN_IF_ERROR(
      tx->ScanReleaseRows(release.id, after, limit, [&](int64_t position, std::string_view row) {
        page.rows.emplace_back(row);
        last = position;
        return Status::Ok();
      }));
  if (last < release.incidents && static_cast<int>(page.rows.size()) == limit) {
    page.next_after = last;
  }
  return page;
}

Result<RowPage> ReleaseService::Rows(const Actor& actor, const Id& id, int64_t after, int limit) {
  CIVHARM_ASSIGN_OR_RETURN(const Release release, Get(actor, id));
  return Page(release, after, limit);
}

Status ReleaseService::Write(const Release& release, io::ExportFormat format, std::ostream& out) {
  std::vector<io::DatasetColumn> columns;
  for (const std::string& name : PublicColumns(release.rules)) {
    if (name == kCoordinateGridKey) {
      columns.push_back({name, "#geo+grid_degrees", io::ColumnKind::kNumber});
    } else if (auto column = io::LayoutColumn(EntityKind::kIncident, name)) {
      columns.push_back(std::move(*column));
    } else {
      return Internal(fmt::format("no export column for the released field {}", name));
    }
  }
  CIVHARM_ASSIGN_OR_RETURN(
      auto writer,
      io::OpenDatasetWriter(out, {.format = format,
                                  .columns = std::move(columns),
                                  .hxl = true,
                                  .sheet_name = fmt::format("release {}", release.version)}));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_RETURN_IF_ERROR(
      tx->ScanReleaseRows(release.id, 0, 0, [&](int64_t position, std::string_view row) {
        const json doc = json::parse(row, nullptr, /*allow_exceptions=*/false);
        if (!doc.is_object()) {
          return DataLoss(
              fmt::format("row {} of release {} is not JSON", position, release.version));
        }
        return writer->Write(doc);
      }));
  return writer->Finish();
}

Status ReleaseService::Download(const Actor& actor, const Id& id, io::ExportFormat format,
                                std::ostream& out) {
  CIVHARM_ASSIGN_OR_RETURN(const Release release, Get(actor, id));
  return Write(release, format, out);
}

// ---- public ----------------------------------------------------------------------------------

Result<std::vector<Release>> ReleaseService::PublicReleases() {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  return tx->ListReleases(ReleaseStatus::kApproved);
}

Result<Release> ReleaseService::PublicRelease(int64_t version) {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_ASSIGN_OR_RETURN(auto release, tx->GetReleaseByVersion(version));
  if (!release || release->status != ReleaseStatus::kApproved) {
    return std::unexpected(NoPublicRelease(version));
  }
  return *release;
}

Result<Release> ReleaseService::LatestPublicRelease() {
  CIVHARM_ASSIGN_OR_RETURN(auto approved, PublicReleases());
  if (approved.empty()) {
    return std::unexpected(NotFound("no release has been approved for publication yet"));
  }
  return approved.front();
}

Result<RowPage> ReleaseService::PublicRows(int64_t version, int64_t after, int limit) {
  CIVHARM_ASSIGN_OR_RETURN(const Release release, PublicRelease(version));
  return Page(release, after, limit);
}

Status ReleaseService::PublicDownload(int64_t version, io::ExportFormat format, std::ostream& out) {
  CIVHARM_ASSIGN_OR_RETURN(const Release release, PublicRelease(version));
  return Write(release, format, out);
}

// ---- JSON --------------------------------------------------------------------------------------

json PublicReleaseJson(const Release& r) {
  json fields = json::array();
  for (ReleaseField f : r.rules.fields) fields.push_back(EnumName(f));
  json statuses = json::array();
  for (AssessmentStatus s : r.rules.statuses) statuses.push_back(EnumName(s));
  json levels = json::array();
  for (const SensitivityLevel& l : r.rules.levels) {
    json level = {{"name", l.name}, {"coordinates", EnumName(l.coordinates)}};
    if (l.coordinates == CoordinateRelease::kGrid) level["grid_degrees"] = l.grid_degrees;
    level["areas"] = EnumName(l.areas);
    levels.push_back(std::move(level));
  }
  json out = {{"version", r.version},
              {"built_on", r.built_on.ToString()},
              {"as_of_seq", r.as_of_seq},
              {"incidents", r.incidents},
              {"content_hash", r.content_hash},
              {"fields", std::move(fields)},
              {"dates", EnumName(r.rules.dates)},
              {"statuses", std::move(statuses)},
              {"sensitivity_levels", std::move(levels)},
              {"suppressed_below", r.rules.suppression_threshold}};
  if (r.reviewed_at) out["published_at"] = r.reviewed_at->ToString();
  return out;
}

json ReleaseJson(const Release& r) {
  return ToJson(r);
}

json VerificationJson(const ReleaseVerification& v) {
  json out = {{"id", v.id},
              {"version", v.version},
              {"as_of_seq", v.as_of_seq},
              {"ok", v.ok()},
              {"content_hash", v.content_hash},
              {"stored_hash", v.stored_hash},
              {"rebuilt_hash", v.rebuilt_hash},
              {"incidents", v.incidents},
              {"rebuilt_incidents", v.rebuilt_incidents}};
  out["first_difference"] = v.first_difference ? json(*v.first_difference) : json();
  return out;
}

}  // namespace civharm::service
