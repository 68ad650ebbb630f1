// Public releases (domain/release.h): requested by one person, reviewed by another, and only then
// public; each one versioned and reproducible from the audit log. The API's publisher and public
// routes and `civharm release` all come through here.
//
//   ReleaseService releases(store);
//   CIVHARM_ASSIGN_OR_RETURN(Release r, releases.Request(nadia, {.note = "Q2 2026"}));
//   CIVHARM_ASSIGN_OR_RETURN(r, releases.Approve(omar, r.id, "checked the map"));   // not nadia
//   CIVHARM_RETURN_IF_ERROR(releases.PublicDownload(r.version, io::ExportFormat::kCsv, out));
//
// How a release is built. In one write transaction (so that no change slips in between), the
// incidents are read as they stand at the audit head through ReleaseView() — a view of no
// need-to-know group and no personal data, so that a restricted incident or a personal field is
// not even read — and each goes through Publish (domain/release_rules.h); the rows that come out
// are stored with the release, pending review, beside a summary of what was excluded, coarsened
// and withheld, and the status of open assessments on that day. Verify builds the release again
// from the audit log as of the same entry, with the same rules and day, and compares the content
// hash: later edits change nothing in a release, and a release that no longer matches its history
// is found.
//
// Who may do what: request_release to request and to read releases in any status; review_release
// to approve or reject — never one's own request (permission_denied) — and to withdraw; a
// requester may withdraw their own pending request. The Public* calls need no actor and see only
// approved releases: a requested, rejected or withdrawn release is not_found there.
//
// Public tables (trends, breakdowns, map clusters, open assessments) are computed from the
// release's public rows only, by the dimensions its rules publish, and come back as the JSON that
// is published, with every count from 1 to k-1 shown as "<k" (domain SuppressedCells). Thread-
// safe: the snapshots of released rows the tables are computed from are cached under a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/aggregates.h"
#include "analytics/snapshot.h"
#include "domain/release.h"
#include "geo/clusters.h"
#include "io/io.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

// The view releases are built with: no need-to-know group, no personal data.
storage::View ReleaseView();

struct ReleaseRequest {
  std::optional<ReleaseRules> rules;  // the built-in default rules when absent
  std::string note;                   // what the release is for
};

// A page of a release's public rows, each the exact JSON text published.
struct RowPage {
  std::vector<std::string> rows;
  int64_t next_after = 0;  // the position to continue after; 0 on the last page
};

struct ReleaseVerification {
  Id id;
  int64_t version = 0;
  int64_t as_of_seq = 0;
  std::string content_hash;  // the release's
  std::string stored_hash;   // of its stored rows, as they are now
  std::string rebuilt_hash;  // of the release built again from the audit log
  int64_t incidents = 0;
  int64_t rebuilt_incidents = 0;
  std::optional<int64_t> first_difference;  // the first row position that differs
  bool ok() const {
    return !first_difference && stored_hash == content_hash && rebuilt_hash == content_hash &&
           incidents == rebuilt_incidents;
  }
};

class ReleaseService {
 public:
  explicit ReleaseService(storage::Store& store) : store_(store) {}

  // ---- for publishers ----
  // Builds a release of the incidents as they stand now and stores it for review. Needs
  // request_release.
  Result<Release> Request(const Actor& actor, ReleaseRequest request);
  // requested → approved / rejected (`note` required: why). Needs review_release; refused with
  // permission_denied when the actor requested it, conflict when it is not requested any more.
  Result<Release> Approve(const Actor& actor, const Id& id, std::string note);
  Result<Release> Reject(const Actor& actor, const Id& id, std::string reason);
  // requested or approved → withdrawn, with the reason; an approved release stops being public.
  Result<Release> Withdraw(const Actor& actor, const Id& id, std::string reason);
  // Needs request_release or review_release (as every call below).
  Result<std::vector<Release>> List(const Actor& actor);
  Result<Release> Get(const Actor& actor, const Id& id);
  // A release in any status by its version (the command line names releases either way).
  Result<Release> GetVersion(const Actor& actor, int64_t version);
  Result<ReleaseVerification> Verify(const Actor& actor, const Id& id);
  // What the release would publish (or publishes): its rows, and its download.
  Result<RowPage> Rows(const Actor& actor, const Id& id, int64_t after, int limit);
  Status Download(const Actor& actor, const Id& id, io::ExportFormat format, std::ostream& out);

  // ---- for everyone (approved releases only) ----
  Result<std::vector<Release>> PublicReleases();
  Result<Release> PublicRelease(int64_t version);
  Result<Release> LatestPublicRelease();
  // 1 ≤ limit ≤ 1000.
  Result<RowPage> PublicRows(int64_t version, int64_t after, int limit);
  // CSV (with HXL hashtags) and XLSX with the columns the rules publish; JSON and GeoJSON with
  // each public document whole.
  Status PublicDownload(int64_t version, io::ExportFormat format, std::ostream& out);
  // invalid_argument (field "by" or "interval") for a dimension the release does not publish, or
  // a day or week interval when it publishes months only.
  Result<nlohmann::json> PublicTrend(int64_t version, const analytics::TrendRequest& request);
  Result<nlohmann::json> PublicBreakdown(int64_t version, analytics::Dimension by);
  // Clusters only (never single incidents), each count suppressed below k.
  Result<nlohmann::json> PublicMap(int64_t version, geo::ClusterOptions options);
  // The latest approved release's status of open assessments.
  Result<nlohmann::json> PublicOpenAssessments();

 private:
  Result<Release> Review(const Actor& actor, const Id& id, ReleaseStatus to, std::string note);
  Status Write(const Release& release, io::ExportFormat format, std::ostream& out);
  Result<RowPage> Page(const Release& release, int64_t after, int limit);
  // The release's rows as incidents in a snapshot, built once per release.
  Result<std::shared_ptr<const analytics::Snapshot>> SnapshotOf(const Release& release);

  storage::Store& store_;
  std::mutex mutex_;
  std::map<Id, std::shared_ptr<const analytics::Snapshot>> snapshots_;  // guarded by mutex_
};

// Whether a release under `rules` publishes tables broken down by `d` (it releases the field).
bool Publishes(const ReleaseRules& rules, analytics::Dimension d);

// What the public sees of a release: its version, dates, size, content hash, the fields and
// coarsening it publishes — never who requested or reviewed it, nor its internal summary.
nlohmann::json PublicReleaseJson(const Release& release);
// The whole release, for its publishers.
nlohmann::json ReleaseJson(const Release& release);
nlohmann::json VerificationJson(const ReleaseVerification& v);

}  // namespace civharm::service
