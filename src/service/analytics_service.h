// Analysis of the incidents a reader may see: trends, breakdowns, times through the case
// lifecycle, the validation of collateral damage estimates, and map clusters — all from one
// in-memory snapshot (analytics/snapshot.h) instead of a scan of the database per request.
//
//   AnalyticsService analytics(store);
//   auto trend = analytics.Trend(actor, query, {.interval = analytics::Interval::kMonth,
//                                               .by = {analytics::Dimension::kPerpetrator}});
//   auto map = analytics.Map(actor, query, {.box = box, .zoom = 6});
//
// The snapshot is built on first use and kept current from the audit log: every call first reads
// the entries added since the last one (one short query when nothing changed) and refreshes the
// incidents they touched, whoever wrote them — this server, another process or the command line.
// Every call is authorised and sees only the incidents the actor may see (need-to-know); nothing
// personal is in the snapshot. Thread-safe: calls may come from any number of threads.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <vector>

#include "analytics/aggregates.h"
#include "analytics/snapshot.h"
#include "geo/clusters.h"
#include "service/actor.h"
#include "service/authorization.h"
#include "service/scorecard_report.h"
#include "storage/store.h"

namespace civharm::service {

struct MapPoint {
  std::string id;
  double lat = 0, lon = 0;
  AssessmentStatus status = AssessmentStatus::kUnassessed;
  Date date = Date::FromDays(0);   // the start of its date range
  analytics::Figure killed;        // civilians
};

struct MapCluster {
  geo::Cluster cluster;
  std::string first_id;  // one incident in it, to label or open
};

struct MapView {
  uint64_t in_view = 0;             // matching incidents with a point inside the box
  uint64_t without_point = 0;       // matching incidents with no coordinates (not on the map)
  std::vector<MapPoint> points;     // when few enough are in view
  std::vector<MapCluster> clusters; // otherwise
};

// One incident as analysis lists it: nothing beyond what trends and maps already show.
struct IncidentLine {
  std::string id;
  Date date = Date::FromDays(0);  // the start of its date range
  std::string country, admin1, perpetrator, weapon;
  AssessmentStatus status = AssessmentStatus::kUnassessed;
  analytics::Figure killed, injured;  // civilians
  std::optional<double> lat, lon;
};

struct SnapshotStats {
  uint32_t incidents = 0;
  size_t memory_bytes = 0;
  int64_t audit_seq = 0;  // the last audit entry the snapshot reflects
  std::chrono::milliseconds last_build{0};
};

class AnalyticsService {
 public:
  explicit AnalyticsService(storage::Store& store) : store_(store) {}

  // kReadIncidents. `query` holds the list filters (text included; limit and cursor ignored).
  Result<analytics::Trend> Trend(const Actor& actor, const storage::Query& query,
                                 const analytics::TrendRequest& request);
  Result<analytics::Breakdown> Breakdown(const Actor& actor, const storage::Query& query,
                                         analytics::Dimension by);
  Result<MapView> Map(const Actor& actor, const storage::Query& query,
                      const geo::ClusterOptions& options);
  // The matching incidents, latest first (by the start of their date range), at most `limit`;
  // `total` receives how many match.
  Result<std::vector<IncidentLine>> Lines(const Actor& actor, const storage::Query& query,
                                          size_t limit, uint64_t* total = nullptr);
  // kReadCases.
  Result<analytics::Timing> Timing(const Actor& actor, const storage::Query& query);
  // kReadCases and kReadOperations; the operations the actor may see.
  Result<analytics::CdeValidation> ValidateEstimates(const Actor& actor,
                                                     const storage::Query& query);

  // Evidence for the leadership framework (analytics/evidence.h) over the incidents `view` sees
  // that match `query` (no text filters), with the ids behind each figure when `with_ids`.
  // `published_on` gives the day an incident's finding was first published. Not authorised here:
  // the caller (ScoreService) decides who reads evidence, and through which view.
  Result<std::vector<EvidenceItem>> Evidence(
      const storage::View& view, const storage::Query& query,
      const std::function<std::optional<Date>(std::string_view id)>& published_on, bool with_ids);

  // Brings the snapshot up to date (building it on first use) and says what it holds.
  Result<SnapshotStats> Refresh();

 private:
  // What a function returning T or Result<T> gives as a Result: Result<T>.
  template <typename T>
  struct AsResult {
    using type = Result<T>;
  };
  template <typename T>
  struct AsResult<Result<T>> {
    using type = Result<T>;
  };
  // Runs `fn(snapshot, rows)` under a shared lock on the rows `view` sees that match `query`.
  template <typename Fn>
  auto WithRows(const storage::View& view, const storage::Query& query, Fn&& fn) -> typename AsResult<
      std::invoke_result_t<Fn, const analytics::Snapshot&, std::vector<uint32_t>&>>::type;
  template <typename Fn>
  auto WithRows(const Actor& actor, const storage::Query& query, Fn&& fn) {
    return WithRows(ViewFor(actor), query, std::forward<Fn>(fn));
  }
  Status Build(storage::ReadTransaction& tx);
  Status Apply(storage::ReadTransaction& tx, int64_t head);
  // Re-reads one incident with its reports' earliest date and its case facts.
  Status Reload(storage::ReadTransaction& tx, const Id& incident_id);

  storage::Store& store_;
  std::shared_mutex mutex_;
  analytics::Snapshot snapshot_;  // guarded by mutex_
  int64_t seq_ = -1;              // guarded by mutex_; −1: not built
  std::chrono::milliseconds last_build_{0};
  // The snapshot's MemoryBytes() as of its last change: sizing it takes a pass over every row,
  // too slow for each request at a million incidents.
  size_t memory_bytes_ = 0;
};

}  // namespace civharm::service
