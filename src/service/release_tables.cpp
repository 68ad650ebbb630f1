// ReleaseService's public tables: trends, breakdowns and map clusters computed from an approved
// release's public rows (never from the records), by the dimensions its rules publish, with every
// count from 1 to k-1 shown as "<k" — and, where one suppressed cell could be worked out from
// the published total, the next smallest cell too (domain SuppressedCells). Rows and clusters
// are listed by key and position, never by size, so that their order says nothing about the
// suppressed counts.
#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "service/release_service.h"

namespace civharm::service {
namespace {

using analytics::Dimension;
using analytics::FigureSum;
using analytics::Totals;
using nlohmann::json;

ReleaseField FieldOf(Dimension d) {
  switch (d) {
    case Dimension::kPerpetrator:
      return ReleaseField::kBelligerents;
    case Dimension::kWeapon:
    case Dimension::kTactic:
    case Dimension::kStrikeType:
      return ReleaseField::kMeans;
    case Dimension::kCountry:
      return ReleaseField::kCountry;
    case Dimension::kAdmin1:
      return ReleaseField::kAdmin1;
    case Dimension::kAdmin2:
      return ReleaseField::kAdmin2;
    case Dimension::kStatus:
      return ReleaseField::kStatus;
    case Dimension::kGrade:
      return ReleaseField::kExternalGrade;
    case Dimension::kAgeGroup:
    case Dimension::kSex:
      return ReleaseField::kCasualtyBreakdown;
  }
  return ReleaseField::kCasualtyBreakdown;
}

Status CheckPublished(const Release& r, Dimension d, const char* field) {
  if (Publishes(r.rules, d)) return Status::Ok();
  return InvalidArgument(fmt::format("release {} does not publish {} (its rules do not release {})",
                                     r.version, EnumName(d), EnumName(FieldOf(d))),
                         field);
}

// The columns of a table of totals: incidents, then civilians killed and injured (lowest, best,
// highest figure).
constexpr size_t kColumns = 7;
std::array<int64_t, kColumns> ColumnsOf(const Totals& t) {
  return {t.incidents,  t.killed.lo,    t.killed.best, t.killed.hi,
          t.injured.lo, t.injured.best, t.injured.hi};
}

// Which cells of each column to suppress, the column's total being published.
std::vector<std::array<bool, kColumns>> Suppression(const std::vector<const Totals*>& rows,
                                                    int64_t k) {
  std::vector<std::array<bool, kColumns>> out(rows.size());
  for (size_t c = 0; c < kColumns; ++c) {
    std::vector<int64_t> column;
    for (const Totals* t : rows) column.push_back(ColumnsOf(*t)[c]);
    const std::vector<bool> hidden = SuppressedCells(column, k);
    for (size_t r = 0; r < rows.size(); ++r) out[r][c] = hidden[r];
  }
  return out;
}

json FigureJson(const FigureSum& f, size_t first, const std::array<int64_t, kColumns>& values,
                const std::array<bool, kColumns>& hidden, int64_t k) {
  if (f.known == 0) return nullptr;  // no incident gives a figure: unknown, not zero
  return {{"min", ShownCount(values[first], hidden[first], k)},
          {"best", ShownCount(values[first + 1], hidden[first + 1], k)},
          {"max", ShownCount(values[first + 2], hidden[first + 2], k)}};
}

// A row of totals as published; `hidden` says which of its cells are suppressed.
json TotalsJson(const Totals& t, const std::array<bool, kColumns>& hidden, int64_t k) {
  const auto values = ColumnsOf(t);
  json out = {{"incidents", ShownCount(values[0], hidden[0], k)}};
  if (json killed = FigureJson(t.killed, 1, values, hidden, k); !killed.is_null()) {
    out["civilians_killed"] = std::move(killed);
  }
  if (json injured = FigureJson(t.injured, 4, values, hidden, k); !injured.is_null()) {
    out["civilians_injured"] = std::move(injured);
  }
  return out;
}

// A total on its own: each count suppressed by its own value.
json GrandTotalJson(const Totals& t, int64_t k) {
  std::array<bool, kColumns> hidden{};
  const auto values = ColumnsOf(t);
  for (size_t c = 0; c < kColumns; ++c) hidden[c] = values[c] >= 1 && values[c] < k;
  return TotalsJson(t, hidden, k);
}

// The rows of a public table (trend groups, breakdown rows), their totals suppressed together
// column by column; `keys(json, row)` adds what names each row.
template <typename Row, typename Keys>
json TableJson(const std::vector<Row>& rows, int64_t k, Keys keys) {
  std::vector<const Totals*> cells;
  for (const Row& row : rows) cells.push_back(&row.totals);
  const auto hidden = Suppression(cells, k);
  json out = json::array();
  for (size_t i = 0; i < rows.size(); ++i) {
    json j = TotalsJson(rows[i].totals, hidden[i], k);
    keys(j, rows[i]);
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<uint32_t> AllRows(const analytics::Snapshot& s) {
  std::vector<uint32_t> rows(s.size());
  std::iota(rows.begin(), rows.end(), 0u);
  return rows;
}

json Header(const Release& r) {
  return {{"release", r.version},
          {"built_on", r.built_on.ToString()},
          {"suppressed_below", r.rules.suppression_threshold}};
}

}  // namespace

bool Publishes(const ReleaseRules& rules, Dimension d) { return rules.Releases(FieldOf(d)); }

Result<std::shared_ptr<const analytics::Snapshot>> ReleaseService::SnapshotOf(const Release& r) {
  std::lock_guard lock(mutex_);
  if (auto it = snapshots_.find(r.id); it != snapshots_.end()) return it->second;
  auto snapshot = std::make_shared<analytics::Snapshot>();
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ReleaseView()));
  CIVHARM_RETURN_IF_ERROR(
      tx->ScanReleaseRows(r.id, 0, 0, [&](int64_t position, std::string_view row) -> Status {
        const json doc = json::parse(row, nullptr, /*allow_exceptions=*/false);
        auto incident = IncidentOfPublicDocument(doc);
        if (!incident) {
          return DataLoss(fmt::format("row {} of release {} cannot be read: {}", position,
                                      r.version, incident.error().ToString()));
        }
        // Rows of a release that does not publish ids still need one each in the snapshot.
        if (incident->meta.id.empty()) {
          incident->meta.id = fmt::format("00000000-0000-7000-8000-{:012x}", position);
        }
        snapshot->Put(*incident);
        return Status::Ok();
      }));
  // Releases do not change; a few recent ones are kept (the public mostly reads the latest).
  if (snapshots_.size() >= 4) snapshots_.clear();
  snapshots_[r.id] = snapshot;
  return std::shared_ptr<const analytics::Snapshot>(std::move(snapshot));
}

Result<json> ReleaseService::PublicTrend(int64_t version, const analytics::TrendRequest& request) {
  CIVHARM_ASSIGN_OR_RETURN(const Release r, PublicRelease(version));
  if (r.rules.dates == DateRelease::kMonth && (request.interval == analytics::Interval::kDay ||
                                               request.interval == analytics::Interval::kWeek)) {
    return std::unexpected(InvalidArgument(
        fmt::format("release {} publishes dates to the month: use interval month or year",
                    r.version),
        "interval"));
  }
  for (Dimension d : request.by) CIVHARM_RETURN_IF_ERROR(CheckPublished(r, d, "by"));
  CIVHARM_ASSIGN_OR_RETURN(auto snapshot, SnapshotOf(r));
  const std::vector<uint32_t> rows = AllRows(*snapshot);
  CIVHARM_ASSIGN_OR_RETURN(const analytics::Trend trend,
                           analytics::ComputeTrend(*snapshot, rows, request));
  const int64_t k = r.rules.suppression_threshold;
  json groups = TableJson(trend.groups, k, [&](json& j, const analytics::TrendGroup& g) {
    j["period"] = g.period;
    if (!request.by.empty()) j["keys"] = g.keys;
  });
  json by = json::array();
  for (Dimension d : request.by) by.push_back(EnumName(d));
  json out = Header(r);
  out["interval"] = EnumName(request.interval);
  out["by"] = std::move(by);
  out["groups"] = std::move(groups);
  out["total"] = GrandTotalJson(trend.total, k);
  return out;
}

Result<json> ReleaseService::PublicBreakdown(int64_t version, Dimension by) {
  CIVHARM_ASSIGN_OR_RETURN(const Release r, PublicRelease(version));
  CIVHARM_RETURN_IF_ERROR(CheckPublished(r, by, "by"));
  CIVHARM_ASSIGN_OR_RETURN(auto snapshot, SnapshotOf(r));
  const std::vector<uint32_t> rows = AllRows(*snapshot);
  analytics::Breakdown b = analytics::ComputeBreakdown(*snapshot, rows, by);
  std::sort(b.rows.begin(), b.rows.end(),
            [](const analytics::BreakdownRow& x, const analytics::BreakdownRow& y) {
              return x.key < y.key;
            });
  const int64_t k = r.rules.suppression_threshold;
  json list = TableJson(b.rows, k, [](json& j, const analytics::BreakdownRow& row) {
    j["key"] = row.key;
  });
  json out = Header(r);
  out["by"] = EnumName(by);
  out["rows"] = std::move(list);
  out["incidents"] = ShownCount(b.selected, k);
  if (by == Dimension::kAgeGroup || by == Dimension::kSex) {
    out["not_disaggregated"] = ShownCount(b.not_disaggregated, k);
  }
  return out;
}

Result<json> ReleaseService::PublicMap(int64_t version, geo::ClusterOptions options) {
  CIVHARM_ASSIGN_OR_RETURN(const Release r, PublicRelease(version));
  options.max_points = 0;  // clusters only: a map of single incidents would show each count of 1
  CIVHARM_RETURN_IF_ERROR(geo::Validate(options));
  CIVHARM_ASSIGN_OR_RETURN(auto snapshot, SnapshotOf(r));
  geo::GridClusterer clusterer(options);
  int64_t without_point = 0;
  for (uint32_t row = 0; row < snapshot->size(); ++row) {
    if (!snapshot->has_point(row)) {
      ++without_point;
      continue;
    }
    clusterer.AddProjected(row, snapshot->lat(row), snapshot->lon(row), snapshot->mercator_x(row),
                           snapshot->mercator_y(row));
  }
  geo::ClusterResult result = std::move(clusterer).Finish();
  std::sort(result.clusters.begin(), result.clusters.end(),
            [](const geo::Cluster& a, const geo::Cluster& b) {
              if (a.lat != b.lat) return a.lat > b.lat;
              return a.lon < b.lon;
            });
  const int64_t k = r.rules.suppression_threshold;
  std::vector<int64_t> counts;
  for (const geo::Cluster& c : result.clusters) counts.push_back(static_cast<int64_t>(c.count));
  const std::vector<bool> hidden = SuppressedCells(counts, k);
  json clusters = json::array();
  for (size_t i = 0; i < result.clusters.size(); ++i) {
    const geo::Cluster& c = result.clusters[i];
    clusters.push_back({{"count", ShownCount(counts[i], hidden[i], k)},
                        {"lat", c.lat},
                        {"lon", c.lon},
                        {"extent",
                         {{"west", c.extent.west},
                          {"south", c.extent.south},
                          {"east", c.extent.east},
                          {"north", c.extent.north}}}});
  }
  json out = Header(r);
  out["zoom"] = options.zoom;
  out["in_view"] = ShownCount(static_cast<int64_t>(result.in_view), k);
  out["without_point"] = ShownCount(without_point, k);
  out["clusters"] = std::move(clusters);
  return out;
}

Result<json> ReleaseService::PublicOpenAssessments() {
  CIVHARM_ASSIGN_OR_RETURN(const Release r, LatestPublicRelease());
  json out = civharm::PublicOpenAssessments(r.open_assessments, r.rules.suppression_threshold);
  out["release"] = r.version;
  out["note"] =
      "Incidents waiting for assessment, under investigation or waiting for a response on the day "
      "the release was built, by how long they had waited since their current stage began. "
      "Incidents restricted to need-to-know groups are not counted.";
  return out;
}

}  // namespace civharm::service
