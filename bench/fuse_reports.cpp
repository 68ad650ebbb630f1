// Deduplicates N synthetic reports of events — fusion's linkage on its own, without the store —
// and measures it: time, candidate pairs, peak memory, and pair precision, recall and F1 against
// the events the reports came from.
//
//   fuse_reports N [TILE_EVENTS]      TILE_EVENTS defaults to 400
//
// The reports are civharm's demonstration data (service/demo_data.h: each event told by one to
// four sources that disagree on the time, the place, the spelling and the figures), generated in
// tiles of TILE_EVENTS events — the density at which docs/METHODS.md reports fusion's accuracy —
// and laid end to end in time, each tile moved past the previous one, until N reports are made.
// Eight different tiles (eight seeds) are repeated.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "linkage/cluster.h"
#include "linkage/event_linkage.h"
#include "service/demo/dates.h"
#include "service/demo_data.h"
#include "service/fusion_service.h"

namespace {

using namespace civharm;

constexpr int kTiles = 8;
constexpr int kTileGapDays = 60;

double PeakMegabytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fuse_reports N [TILE_EVENTS]\n");
    return 2;
  }
  const size_t n = std::strtoull(argv[1], nullptr, 10);
  const size_t tile_events = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 400;
  if (n == 0 || tile_events == 0) {
    std::fprintf(stderr, "fuse_reports: N and TILE_EVENTS must be positive\n");
    return 2;
  }
  std::vector<service::DemoData> tiles;
  for (int t = 0; t < kTiles; ++t) {
    tiles.push_back(service::GenerateDemoData({.seed = 20240611u + t, .events = tile_events}));
  }
  std::vector<linkage::EventSketch> sketches;
  std::vector<uint32_t> truth, source_of;
  std::map<std::string, uint32_t> sources;
  sketches.reserve(n);
  uint32_t event = 0;
  for (int64_t round = 0; sketches.size() < n; ++round) {
    const int64_t shift = round * (service::demo::kPeriodDays + kTileGapDays);
    for (const service::DemoEvent& e : tiles[round % kTiles].events) {
      for (const Report& r : e.reports) {
        if (sketches.size() == n) break;
        linkage::EventSketch s = service::SketchOf(r.facts);
        if (s.first_day) *s.first_day += shift;
        if (s.last_day) *s.last_day += shift;
        sketches.push_back(std::move(s));
        truth.push_back(event);
        source_of.push_back(
            sources.emplace(r.source_name, static_cast<uint32_t>(sources.size())).first->second);
      }
      ++event;
    }
  }
  tiles.clear();
  linkage::EventLinkOptions options;
  options.source_of = source_of;
  const auto start = std::chrono::steady_clock::now();
  auto result = linkage::LinkEvents(sketches, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result) {
    std::fprintf(stderr, "fuse_reports: %s\n", result.error().ToString().c_str());
    return 1;
  }
  const linkage::PairMetrics m = linkage::EvaluateClusters(result->clusters, truth);
  std::printf("reports %zu events %u candidate_pairs %zu seconds %.2f peak_mb %.0f "
              "precision %.4f recall %.4f f1 %.4f\n",
              sketches.size(), event, result->candidates.pairs.size(), seconds, PeakMegabytes(),
              m.precision, m.recall, m.f1);
  return 0;
}
