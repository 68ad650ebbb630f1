#include "service/analytics_service.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "analytics/evidence.h"
#include "service/authorization.h"

namespace civharm::service {
namespace {

using analytics::Snapshot;

// The snapshot reads everything but personal data, whatever its restriction; each request then
// keeps to what its actor sees.
const storage::View kSnapshotView{.all_groups = true, .personal_data = false};
// More incidents touched than this since the last refresh (a large import): rebuild instead.
constexpr size_t kRebuildAbove = 50000;

// A source outside the force, for the share of assessments that used one.
bool IsExternal(std::optional<SourceType> type) {
  return type && *type != SourceType::kOwnForceLog && *type != SourceType::kBattleDamageAssessment;
}

// The day a report reached civharm: when the source gave it, else when it was stored.
std::optional<Date> ReportedOn(const nlohmann::json& doc) {
  for (const char* key : {"received_at", "created_at"}) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) continue;
    if (auto t = Timestamp::Parse(it->get_ref<const std::string&>())) return t->date();
  }
  return std::nullopt;
}

std::string StringAt(const nlohmann::json& doc, const char* key) {
  if (!doc.is_object()) return {};
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

template <typename Fn>
auto AnalyticsService::WithRows(const storage::View& view, const storage::Query& query, Fn&& fn)
    -> typename AsResult<
        std::invoke_result_t<Fn, const analytics::Snapshot&, std::vector<uint32_t>&>>::type {
  CIVHARM_RETURN_IF_ERROR(Refresh());
  // A text filter is the database's full-text index to answer: the rows it matches.
  std::optional<std::vector<uint32_t>> only;
  std::vector<Id> matching;
  if (!query.text.empty() || !query.personal_text.empty()) {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(view));
    CIVHARM_RETURN_IF_ERROR(tx->Scan(EntityKind::kIncident, query, [&](const AnyRecord& r) {
      matching.push_back(MetaOf(r).id);
      return Status::Ok();
    }));
  }
  std::shared_lock lock(mutex_);
  if (!query.text.empty() || !query.personal_text.empty()) {
    only.emplace();
    for (const Id& id : matching) {
      if (auto row = snapshot_.RowOf(id)) only->push_back(*row);
    }
  }
  CIVHARM_ASSIGN_OR_RETURN(std::vector<uint32_t> rows,
                           analytics::Select(snapshot_, query, view,
                                             only ? &*only : nullptr));
  return fn(snapshot_, rows);
}

Result<analytics::Trend> AnalyticsService::Trend(const Actor& actor, const storage::Query& query,
                                                 const analytics::TrendRequest& request) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadIncidents));
  return WithRows(actor, query, [&](const Snapshot& s, auto& rows) {
    return analytics::ComputeTrend(s, rows, request);
  });
}

Result<analytics::Breakdown> AnalyticsService::Breakdown(const Actor& actor,
                                                         const storage::Query& query,
                                                         analytics::Dimension by) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadIncidents));
  return WithRows(actor, query, [&](const Snapshot& s, auto& rows) {
    return analytics::ComputeBreakdown(s, rows, by);
  });
}

Result<analytics::Timing> AnalyticsService::Timing(const Actor& actor,
                                                   const storage::Query& query) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  return WithRows(actor, query,
                  [&](const Snapshot& s, auto& rows) { return analytics::ComputeTiming(s, rows); });
}

Result<analytics::CdeValidation> AnalyticsService::ValidateEstimates(const Actor& actor,
                                                                     const storage::Query& query) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadOperations));
  std::vector<analytics::Estimate> estimates;
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
    CIVHARM_RETURN_IF_ERROR(
        tx->Scan(EntityKind::kOperation, {.sort = storage::SortOrder::kOldest},
                 [&](const AnyRecord& r) {
                   const auto& op = std::get<Operation>(r);
                   estimates.push_back({.operation_id = op.meta.id,
                                        .reference = op.reference,
                                        .name = op.name,
                                        .killed = op.cde.civilian_killed,
                                        .injured = op.cde.civilian_injured});
                   return Status::Ok();
                 }));
  }
  return WithRows(actor, query, [&](const Snapshot& s, auto& rows) {
    return analytics::ValidateEstimates(s, rows, estimates);
  });
}

Result<MapView> AnalyticsService::Map(const Actor& actor, const storage::Query& query,
                                      const geo::ClusterOptions& options) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadIncidents));
  CIVHARM_RETURN_IF_ERROR(geo::Validate(options));
  return WithRows(actor, query, [&](const Snapshot& s, auto& rows) {
    MapView view;
    geo::GridClusterer clusterer(options);
    for (uint32_t r : rows) {
      if (!s.has_point(r)) {
        ++view.without_point;
        continue;
      }
      clusterer.AddProjected(r, s.lat(r), s.lon(r), s.mercator_x(r), s.mercator_y(r));
    }
    geo::ClusterResult result = std::move(clusterer).Finish();
    view.in_view = result.in_view;
    for (uint32_t r : result.points) {
      view.points.push_back({.id = std::string(s.id(r)), .lat = s.lat(r), .lon = s.lon(r),
                             .status = s.status(r), .date = s.date_start(r),
                             .killed = s.killed(r)});
    }
    for (const geo::Cluster& c : result.clusters) {
      view.clusters.push_back({.cluster = c, .first_id = std::string(s.id(c.first))});
    }
    return view;
  });
}

Result<std::vector<EvidenceItem>> AnalyticsService::Evidence(
    const storage::View& view, const storage::Query& query,
    const std::function<std::optional<Date>(std::string_view id)>& published_on, bool with_ids) {
  if (!query.text.empty() || !query.personal_text.empty()) {
    return std::unexpected(InvalidArgument("evidence takes no text filter", "text"));
  }
  return WithRows(view, query, [&](const Snapshot& s, std::vector<uint32_t>& rows) {
    const auto figures = analytics::ComputeEvidence(
        s, rows, [&](uint32_t row) { return published_on(s.id(row)); });
    const auto ids = [&](const std::vector<uint32_t>& of) {
      std::vector<std::string> out;
      if (!with_ids) return out;
      out.reserve(of.size());
      for (uint32_t r : of) out.emplace_back(s.id(r));
      return out;
    };
    std::vector<EvidenceItem> items;
    items.reserve(figures.size());
    for (const analytics::EvidenceFigure& f : figures) {
      items.push_back({.metric = f.metric,
                       .with = f.with,
                       .of = f.of,
                       .median_days = f.median_days,
                       .ids_with = ids(f.rows_with),
                       .ids_without = ids(f.rows_without)});
    }
    return items;
  });
}

Result<std::vector<IncidentLine>> AnalyticsService::Lines(const Actor& actor,
                                                         const storage::Query& query, size_t limit,
                                                         uint64_t* total) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadIncidents));
  return WithRows(actor, query, [&](const Snapshot& s, std::vector<uint32_t>& rows) {
    if (total) *total = rows.size();
    const auto later = [&](uint32_t a, uint32_t b) {
      if (s.date_start(a) != s.date_start(b)) return s.date_start(a) > s.date_start(b);
      return s.id(a) < s.id(b);
    };
    const size_t n = std::min(limit, rows.size());
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(),
                      later);
    const auto areas = s.Names(analytics::Dimension::kCountry);
    const auto belligerents = s.Names(analytics::Dimension::kPerpetrator);
    const auto means = s.Names(analytics::Dimension::kWeapon);
    std::vector<IncidentLine> out;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t r = rows[i];
      IncidentLine line{.id = std::string(s.id(r)),
                        .date = s.date_start(r),
                        .country = areas[s.code(analytics::Dimension::kCountry, r)],
                        .admin1 = areas[s.code(analytics::Dimension::kAdmin1, r)],
                        .perpetrator = belligerents[s.code(analytics::Dimension::kPerpetrator, r)],
                        .weapon = means[s.code(analytics::Dimension::kWeapon, r)],
                        .status = s.status(r),
                        .killed = s.killed(r),
                        .injured = s.injured(r)};
      if (s.has_point(r)) {
        line.lat = s.lat(r);
        line.lon = s.lon(r);
      }
      out.push_back(std::move(line));
    }
    return out;
  });
}

Result<SnapshotStats> AnalyticsService::Refresh() {
  std::unique_lock lock(mutex_);
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(kSnapshotView));
  CIVHARM_ASSIGN_OR_RETURN(int64_t head, tx->AuditHead());
  if (seq_ < 0 || head != seq_) {
    CIVHARM_RETURN_IF_ERROR(seq_ < 0 ? Build(*tx) : Apply(*tx, head));
    memory_bytes_ = snapshot_.MemoryBytes();
  }
  return SnapshotStats{.incidents = snapshot_.size(),
                       .memory_bytes = memory_bytes_,
                       .audit_seq = seq_,
                       .last_build = last_build_};
}

Status AnalyticsService::Build(storage::ReadTransaction& tx) {
  const auto started = std::chrono::steady_clock::now();
  CIVHARM_ASSIGN_OR_RETURN(int64_t head, tx.AuditHead());
  Snapshot fresh;
  const storage::Query every{.retracted = storage::RetractedPolicy::kInclude,
                             .sort = storage::SortOrder::kOldest};
  CIVHARM_ASSIGN_OR_RETURN(int64_t count, tx.Count(EntityKind::kIncident, every));
  fresh.Reserve(static_cast<size_t>(count));
  CIVHARM_RETURN_IF_ERROR(tx.Scan(EntityKind::kIncident, every, [&](const AnyRecord& r) {
    fresh.Put(std::get<Incident>(r));
    return Status::Ok();
  }));
  std::unordered_map<Id, std::vector<CaseRecord>> cases;
  std::unordered_set<Id> considered;
  CIVHARM_RETURN_IF_ERROR(tx.ScanCaseRecords({}, [&](const CaseRecord& r) {
    if (const auto* a = std::get_if<Assessment>(&r)) {
      considered.insert(a->reports_considered.begin(), a->reports_considered.end());
    }
    cases[MetaOf(r).incident_id].push_back(r);
    return Status::Ok();
  }));
  // The earliest report of each row's incident, by row (a map by id would hold every id again).
  std::vector<std::optional<Date>> reported(fresh.size());
  std::unordered_set<Id> external;
  CIVHARM_RETURN_IF_ERROR(tx.ScanDocuments(
      EntityKind::kReport, {.sort = storage::SortOrder::kOldest}, [&](const nlohmann::json& doc) {
        const auto row = fresh.RowOf(StringAt(doc, "incident_id"));
        if (auto day = ReportedOn(doc); day && row) {
          std::optional<Date>& earliest = reported[*row];
          if (!earliest || *day < *earliest) earliest = day;
        }
        if (const std::string id = StringAt(doc, "id");
            considered.contains(id) &&
            IsExternal(ParseEnum<SourceType>(StringAt(doc, "source_type")))) {
          external.insert(id);
        }
        return Status::Ok();
      }));
  const auto is_external = [&](const Id& id) { return external.contains(id); };
  for (uint32_t row = 0; row < fresh.size(); ++row) {
    const Id id(fresh.id(row));
    analytics::CaseFacts facts;
    if (auto it = cases.find(id); it != cases.end()) {
      facts = analytics::CaseFactsOf(std::span<const CaseRecord>(it->second), is_external);
    }
    facts.reported = reported[row];
    fresh.PutCase(id, facts);
  }
  snapshot_ = std::move(fresh);
  seq_ = head;
  last_build_ = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return Status::Ok();
}

Status AnalyticsService::Apply(storage::ReadTransaction& tx, int64_t head) {
  std::unordered_set<Id> touched;
  for (int64_t at = seq_; at < head;) {
    CIVHARM_ASSIGN_OR_RETURN(auto entries, tx.ReadAudit(at, 2000));
    if (entries.empty()) break;
    for (const storage::AuditEntry& e : entries) {
      if (e.seq > head) break;
      at = e.seq;
      if (e.entity == "incident") {
        touched.insert(e.entity_id);
      } else if (e.entity == "report" || e.entity == "case_record") {
        for (const nlohmann::json* doc : {&e.before, &e.after}) {
          if (std::string id = StringAt(*doc, "incident_id"); !id.empty()) touched.insert(id);
        }
      }
    }
    if (touched.size() > kRebuildAbove) return Build(tx);
    if (entries.back().seq >= head) break;
  }
  for (const Id& id : touched) CIVHARM_RETURN_IF_ERROR(Reload(tx, id));
  seq_ = head;
  return Status::Ok();
}

Status AnalyticsService::Reload(storage::ReadTransaction& tx, const Id& incident_id) {
  CIVHARM_ASSIGN_OR_RETURN(auto incident, storage::GetAs<Incident>(tx, incident_id));
  if (!incident) return Status::Ok();  // a record change that never committed
  snapshot_.Put(*incident);
  std::vector<CaseRecord> records;
  CIVHARM_RETURN_IF_ERROR(tx.ScanCaseRecords({.incident_id = incident_id},
                                             [&](const CaseRecord& r) {
                                               records.push_back(r);
                                               return Status::Ok();
                                             }));
  std::unordered_map<Id, bool> external;
  for (const CaseRecord& r : records) {
    const auto* a = std::get_if<Assessment>(&r);
    if (!a) continue;
    for (const Id& id : a->reports_considered) {
      CIVHARM_ASSIGN_OR_RETURN(auto report, storage::GetAs<Report>(tx, id));
      external[id] = report && IsExternal(report->source_type);
    }
  }
  analytics::CaseFacts facts = analytics::CaseFactsOf(std::span<const CaseRecord>(records),
                                 [&](const Id& id) { return external[id]; });
  CIVHARM_RETURN_IF_ERROR(tx.ScanDocuments(
      EntityKind::kReport, {.incident_id = incident_id}, [&](const nlohmann::json& doc) {
        if (auto day = ReportedOn(doc); day && (!facts.reported || *day < *facts.reported)) {
          facts.reported = day;
        }
        return Status::Ok();
      }));
  snapshot_.PutCase(incident_id, facts);
  return Status::Ok();
}

}  // namespace civharm::service
