// Times civharm's analysis of a database's incidents (service/analytics_service.h): the build of
// the in-memory snapshot from the database, then trend, map and breakdown requests, each as the
// service answers it for an actor who sees everything. Prints one JSON object on standard output
// (bench/analytics.sh reads it) and a Markdown summary on standard error.
//
//   analytics_bench DB [--runs N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--dump DIR]
//
// --runs: timed repetitions of each request (default 20), after one untimed warm-up;
// --from/--to: the date range of the filtered trend (default 2010-01-01 … 2019-12-31; an
// incident is in it when its date range overlaps it, as the list filters say);
// --dump: writes the groups of both trends as sorted TSV (trend_all.tsv, trend_range.tsv) in DIR,
// for bench/duckdb_trend.mjs to compare with DuckDB's.
//
// The keyring is read from CIVHARM_KEY_FILE or from beside the database (DB.keyring) when there
// is one; the snapshot needs none (it holds nothing personal).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <malloc.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "service/analytics_service.h"
#include "storage/keys.h"
#include "storage/store.h"

namespace {

using namespace civharm;
using Clock = std::chrono::steady_clock;
using ordered_json = nlohmann::ordered_json;

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// A line of /proc/self/status ("VmHWM", "VmRSS") in bytes; 0 when missing.
size_t ProcStatusBytes(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0)
      return std::strtoull(line.c_str() + key.size() + 1, nullptr, 10) * 1024;
  }
  return 0;
}

size_t PeakRssBytes() {
  if (size_t hwm = ProcStatusBytes("VmHWM")) return hwm;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<size_t>(u.ru_maxrss) * 1024;
}

[[noreturn]] void Fail(const std::string& what, const Status& status) {
  std::fprintf(stderr, "analytics_bench: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Take(Result<T> r, const std::string& what) {
  if (!r) Fail(what, r.error());
  return std::move(*r);
}

// Text for one TSV cell: tabs, line ends and backslashes escaped (duckdb_trend.mjs does the same).
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// One line per group: period, perpetrator, weapon, incidents, then the civilians killed: how
// many incidents give a figure, the sums of lowest, best and highest figures, and how many of
// them give no best (their best is their lowest). Sorted, so that two runs compare line by line.
void DumpTrend(const analytics::Trend& trend, const std::filesystem::path& path) {
  std::vector<std::string> lines;
  lines.reserve(trend.groups.size());
  for (const analytics::TrendGroup& g : trend.groups) {
    std::string line = Cell(g.period);
    for (const std::string& key : g.keys) line += "\t" + Cell(key);
    const analytics::FigureSum& k = g.totals.killed;
    line += "\t" + std::to_string(g.totals.incidents) + "\t" + std::to_string(k.known) + "\t" +
            std::to_string(k.lo) + "\t" + std::to_string(k.best) + "\t" + std::to_string(k.hi) +
            "\t" + std::to_string(k.best_from_lo);
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  std::ofstream out(path, std::ios::binary);
  for (const std::string& l : lines) out << l << '\n';
  if (!out) {
    std::fprintf(stderr, "analytics_bench: cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

ordered_json TrendResult(const analytics::Trend& t) {
  const analytics::FigureSum& k = t.total.killed;
  return {{"groups", t.groups.size()},
          {"incidents", t.total.incidents},
          {"killed_known", k.known},
          {"killed_lo", k.lo},
          {"killed_best", k.best},
          {"killed_hi", k.hi},
          {"killed_best_from_lo", k.best_from_lo}};
}

struct Timings {
  double median = 0, min = 0, max = 0;
  std::vector<double> all;
};

// Runs `request` once untimed, then `runs` times timed.
Timings Time(int runs, const std::function<void()>& request) {
  request();
  Timings t;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    request();
    t.all.push_back(Ms(Clock::now() - start));
  }
  std::vector<double> sorted = t.all;
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  t.median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  t.min = sorted.front();
  t.max = sorted.back();
  return t;
}

ordered_json ToJson(const Timings& t) {
  return {{"median_ms", t.median}, {"min_ms", t.min}, {"max_ms", t.max}, {"runs_ms", t.all}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, dump;
  int runs = 20;
  std::string from = "2010-01-01", to = "2019-12-31";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "analytics_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--runs") {
      runs = std::atoi(value().c_str());
    } else if (a == "--from") {
      from = value();
    } else if (a == "--to") {
      to = value();
    } else if (a == "--dump") {
      dump = value();
    } else if (!a.empty() && a[0] != '-' && db.empty()) {
      db = a;
    } else {
      db.clear();
      break;
    }
  }
  if (db.empty() || runs < 1) {
    std::fprintf(stderr,
                 "usage: analytics_bench DB [--runs N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
                 "[--dump DIR]\n");
    return 2;
  }
  if (!std::filesystem::exists(db)) {
    std::fprintf(stderr, "analytics_bench: there is no database at %s\n", db.c_str());
    return 2;
  }
  const Date date_from = Take(Date::Parse(from), "--from");
  const Date date_to = Take(Date::Parse(to), "--to");

  std::shared_ptr<storage::KeySource> keys;
  std::string key_file = std::filesystem::path(db).replace_extension(".keyring").string();
  if (const char* f = std::getenv("CIVHARM_KEY_FILE"); f && *f) key_file = f;
  if (std::filesystem::exists(key_file))
    keys = Take(storage::KeySource::FromFile(key_file), key_file);
  auto store =
      Take(storage::OpenStore(
               {.location = db, .migrations = storage::MigrationPolicy::kCheck, .keys = keys}),
           db);

  // The snapshot's build from the database: the first Refresh.
  service::AnalyticsService analytics(*store);
  const size_t rss_before = ProcStatusBytes("VmRSS");
  const auto build_start = Clock::now();
  const service::SnapshotStats stats = Take(analytics.Refresh(), "building the snapshot");
  const double build_ms = Ms(Clock::now() - build_start);
  const size_t rss_after_build = ProcStatusBytes("VmRSS");
  const size_t peak_after_build = PeakRssBytes();
  std::fprintf(stderr, "analytics_bench: snapshot of %u incidents built in %.0f ms, %.1f MB\n",
               stats.incidents, build_ms, stats.memory_bytes / 1e6);

  const service::Actor actor = service::Actor::System();
  const storage::Query all;
  storage::Query range;
  range.date_from = date_from;
  range.date_to = date_to;
  const analytics::TrendRequest trend_request{
      .interval = analytics::Interval::kMonth,
      .by = {analytics::Dimension::kPerpetrator, analytics::Dimension::kWeapon}};

  ordered_json out;
  out["database"] = db;
  out["runs"] = runs;
  out["incidents"] = stats.incidents;
  out["snapshot"] = {{"build_ms", build_ms},
                     {"service_last_build_ms", stats.last_build.count()},
                     {"memory_bytes", stats.memory_bytes}};
  ordered_json requests = ordered_json::array();

  // Each request: its name, what it asks, its timings and what it answered.
  const auto record = [&](const std::string& name, const std::string& what, const Timings& t,
                          ordered_json result) {
    ordered_json r = {{"name", name}, {"request", what}};
    r.update(ToJson(t));
    r["result"] = std::move(result);
    requests.push_back(std::move(r));
    std::fprintf(stderr, "analytics_bench: %-16s median %8.2f ms (min %.2f, max %.2f)\n",
                 name.c_str(), t.median, t.min, t.max);
  };

  {
    const Timings t = Time(runs, [&] { Take(analytics.Refresh(), "refresh"); });
    record("refresh", "Refresh() with nothing changed (every request starts with it)", t,
           {{"incidents", Take(analytics.Refresh(), "refresh").incidents}});
  }
  struct TrendCase {
    const char* name;
    const storage::Query* query;
    const char* file;
  };
  const TrendCase trends[] = {{"trend", &all, "trend_all.tsv"},
                              {"trend_range", &range, "trend_range.tsv"}};
  for (const TrendCase& c : trends) {
    analytics::Trend last;
    const Timings t =
        Time(runs, [&] { last = Take(analytics.Trend(actor, *c.query, trend_request), c.name); });
    std::string what = "Trend, month x perpetrator x weapon";
    ordered_json result = TrendResult(last);
    if (c.query == &range) {
      what += ", incidents overlapping " + from + " … " + to;
      result["from"] = from;
      result["to"] = to;
    }
    record(c.name, what, t, std::move(result));
    if (!dump.empty()) DumpTrend(last, std::filesystem::path(dump) / c.file);
  }

  struct MapCase {
    const char* name;
    const char* what;
    geo::ClusterOptions options;
  };
  const MapCase maps[] = {
      {"map_world_z2", "Map, the world at zoom 2", {.box = {}, .zoom = 2}},
      {"map_country_z6",
       "Map, a country (Syria: 35.5–42.5 E, 32.0–37.5 N) at zoom 6",
       {.box = {.west = 35.5, .south = 32.0, .east = 42.5, .north = 37.5}, .zoom = 6}},
      {"map_city_z12",
       "Map, a city (Aleppo: 37.05–37.25 E, 36.12–36.28 N) at zoom 12",
       {.box = {.west = 37.05, .south = 36.12, .east = 37.25, .north = 36.28}, .zoom = 12}},
  };
  for (const MapCase& m : maps) {
    // As GET /api/v1/map/clusters asks: a box is both a filter of the query and the map's box.
    storage::Query query;
    if (m.options.box != geo::Box{}) {
      query.bbox = storage::BBox{.min_lon = m.options.box.west,
                                 .min_lat = m.options.box.south,
                                 .max_lon = m.options.box.east,
                                 .max_lat = m.options.box.north};
    }
    service::MapView last;
    const Timings t =
        Time(runs, [&] { last = Take(analytics.Map(actor, query, m.options), m.name); });
    record(m.name, m.what, t,
           {{"in_view", last.in_view},
            {"without_point", last.without_point},
            {"clusters", last.clusters.size()},
            {"points", last.points.size()},
            {"largest_cluster", last.clusters.empty() ? 0 : last.clusters.front().cluster.count}});
  }

  {
    analytics::Breakdown last;
    const Timings t = Time(runs, [&] {
      last = Take(analytics.Breakdown(actor, all, analytics::Dimension::kPerpetrator), "breakdown");
    });
    record("breakdown", "Breakdown by perpetrator", t,
           {{"rows", last.rows.size()},
            {"incidents", last.incidents},
            {"killed_best", last.killed_best}});
  }

  // Leadership framework evidence for the belligerent named by the most incidents, over the
  // whole period, with the incident ids behind every figure (what an assessor's request does,
  // without publications: no release is approved in this database).
  {
    const analytics::Breakdown by = Take(
        analytics.Breakdown(actor, all, analytics::Dimension::kPerpetrator), "breakdown");
    storage::Query force;
    force.belligerent = by.rows.empty() ? "" : by.rows.front().key;
    std::vector<service::EvidenceItem> last;
    const Timings t = Time(runs, [&] {
      last = Take(analytics.Evidence(storage::View::Everything(), force,
                                     [](std::string_view) { return std::optional<Date>(); },
                                     /*with_ids=*/true),
                  "evidence");
    });
    record("evidence", "Framework evidence, with ids, for the most named belligerent", t,
           {{"force", force.belligerent},
            {"allegations", last.empty() ? 0 : last.front().of},
            {"assessed", last.empty() ? 0 : last.front().with}});
  }

  out["requests"] = std::move(requests);
  // After every timing: how much of the resident memory is heap the build freed but the
  // allocator kept (given back by malloc_trim), rather than the snapshot and the store.
  const size_t peak = PeakRssBytes();
  const size_t rss_end = ProcStatusBytes("VmRSS");
  malloc_trim(0);
  out["memory"] = {{"snapshot_bytes", stats.memory_bytes},
                   {"rss_before_build_bytes", rss_before},
                   {"rss_after_build_bytes", rss_after_build},
                   {"peak_rss_after_build_bytes", peak_after_build},
                   {"rss_end_bytes", rss_end},
                   {"rss_after_malloc_trim_bytes", ProcStatusBytes("VmRSS")},
                   {"peak_rss_bytes", peak}};
  std::fprintf(stderr,
               "analytics_bench: peak resident memory %.1f MB (%.1f MB after malloc_trim)\n",
               peak / 1e6, out["memory"]["rss_after_malloc_trim_bytes"].get<size_t>() / 1e6);
  std::cout << out.dump(2) << std::endl;
  return 0;
}
