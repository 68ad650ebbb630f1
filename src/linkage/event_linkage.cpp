#include "linkage/event_linkage.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "linkage/cluster.h"

namespace civharm::linkage {

Result<EventLinkResult> LinkEvents(std::span<const EventSketch> events,
                                   const EventLinkOptions& options) {
  if (options.days < 1) return std::unexpected(InvalidArgument("must be at least 1", "days"));
  if (!(options.km > 0)) return std::unexpected(InvalidArgument("must be positive", "km"));
  for (const auto* list : {&options.confirmed, &options.rejected}) {
    for (auto [a, b] : *list) {
      if (a >= events.size() || b >= events.size() || a == b) {
        return std::unexpected(InvalidArgument(
            fmt::format("({}, {}) is not a pair of two of the {} events", a, b, events.size()),
            list == &options.confirmed ? "confirmed" : "rejected"));
      }
    }
  }
  if (!options.source_of.empty() && options.source_of.size() != events.size()) {
    return std::unexpected(InvalidArgument("one source per event", "source_of"));
  }
  const BlockingRule space_time{"space-time", [&](size_t i, std::vector<BlockKey>& keys) {
                                  const EventSketch& e = events[i];
                                  if (!e.first_day || !e.lat || !e.lon) return;
                                  SpaceTimeKeys(*e.first_day, *e.lat, *e.lon, options.days,
                                                options.km, keys);
                                }};
  EventLinkResult out;
  CIVHARM_ASSIGN_OR_RETURN(out.candidates,
                           Block(events.size(), std::span(&space_time, 1), {.max_block = 20000}));

  std::vector<Pattern> patterns;
  patterns.reserve(out.candidates.pairs.size());
  for (auto [a, b] : out.candidates.pairs) patterns.push_back(CompareEvents(events[a], events[b]));
  if (patterns.empty()) {
    out.clusters = ConnectedComponents(events.size(), {}, options.threshold);
    return out;
  }
  CIVHARM_ASSIGN_OR_RETURN(out.fit,
                           EstimateEm(EventComparisons(), CountPatterns(patterns), options.em));

  // Analysts' decisions, as labels and as overrides.
  const auto key = [](uint32_t a, uint32_t b) { return std::pair{std::min(a, b), std::max(a, b)}; };
  std::vector<std::pair<uint32_t, uint32_t>> confirmed, rejected;
  for (auto [a, b] : options.confirmed) confirmed.push_back(key(a, b));
  for (auto [a, b] : options.rejected) rejected.push_back(key(a, b));
  std::sort(confirmed.begin(), confirmed.end());
  std::sort(rejected.begin(), rejected.end());
  if (!confirmed.empty() || !rejected.empty()) {
    std::vector<Pattern> labelled;
    // std::vector<bool> holds no bools a span could point at.
    const auto is_match = std::make_unique<bool[]>(confirmed.size() + rejected.size());
    size_t n = 0;
    for (const auto& [list, match] : {std::pair{&confirmed, true}, std::pair{&rejected, false}}) {
      for (auto [a, b] : *list) {
        labelled.push_back(CompareEvents(events[a], events[b]));
        is_match[n++] = match;
      }
    }
    out.fit.model = RefineWithLabels(
        out.fit.model, labelled, std::span<const bool>(is_match.get(), n), options.label_weight);
  }

  std::vector<ScoredPair> linked;
  for (auto [a, b] : confirmed) linked.push_back({a, b, 1.0});
  out.pairs.reserve(patterns.size());
  for (size_t p = 0; p < patterns.size(); ++p) {
    const auto [a, b] = out.candidates.pairs[p];
    ScoredEventPair s{.a = a, .b = b, .pattern = std::move(patterns[p])};
    s.weight = MatchWeight(out.fit.model, s.pattern) - PriorWeight(out.fit.model);
    s.probability = MatchProbability(out.fit.model, s.pattern);
    const bool is_rejected = std::binary_search(rejected.begin(), rejected.end(), key(a, b));
    const bool is_confirmed = std::binary_search(confirmed.begin(), confirmed.end(), key(a, b));
    s.linked = is_confirmed || (!is_rejected && s.probability >= options.threshold);
    if (s.linked && !is_confirmed) linked.push_back({a, b, s.probability});
    out.pairs.push_back(std::move(s));
  }
  out.clusters = options.source_of.empty()
                     ? ConnectedComponents(events.size(), linked, 0)
                     : ConstrainedClusters(events.size(), linked, 0, options.source_of);
  return out;
}

}  // namespace civharm::linkage
