// Fuzzes the leadership framework reader (ParseFramework, YAML or JSON text), the aggregation
// rules and the roadmap. Nothing may crash or throw (yaml-cpp's exceptions must stop at the
// parser); a refusal is invalid_argument; a framework that parses survives its canonical JSON
// round trip, and every category and indicator has a roadmap step at every level, in its own
// words, leading one level up. The input's bytes, read as levels, aggregate under every rule to a
// level between the weakest and the strongest of them, and to the weakest under kMinimum.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/framework.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace civharm;
  std::vector<Level> levels;
  for (size_t i = 0; i < size && i < 64; ++i) levels.push_back(static_cast<Level>(data[i] % 5 + 1));
  for (const auto& [rule, name] : EnumTraits<AggregationRule>::kNames) {
    const auto level = Aggregate(levels, rule);
    FUZZ_CHECK(level.has_value() == !levels.empty());
    if (!level) continue;
    const auto [lo, hi] = std::minmax_element(levels.begin(), levels.end());
    FUZZ_CHECK(*level >= *lo && *level <= *hi);
    if (rule == AggregationRule::kMinimum) FUZZ_CHECK(*level == *lo);
  }

  auto fw = ParseFramework(fuzz::AsText(data, size));
  if (!fw) {
    FUZZ_CHECK(fw.error().code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  auto back = FrameworkFromJson(ToJson(*fw));
  FUZZ_CHECK(back.has_value());
  FUZZ_CHECK(*back == *fw);
  for (const Category& c : fw->categories) {
    FUZZ_CHECK(c.indicators.size() >= 3 && c.indicators.size() <= 5);
    for (const auto& [level, name] : EnumTraits<Level>::kNames) {
      const RoadmapStep step = Roadmap(c, level);
      FUZZ_CHECK(step.current_description == c.levels[level]);
      FUZZ_CHECK(step.next.has_value() == (level != Level::kLeader));
      if (step.next) FUZZ_CHECK(LevelScore(*step.next) == LevelScore(level) + 1);
      for (const Indicator& i : c.indicators) {
        const auto by_id = Roadmap(*fw, i.id, level);
        FUZZ_CHECK(by_id.has_value());
        FUZZ_CHECK(by_id->current_description ==
                   (i.levels.empty() ? c.levels[level] : i.levels[level]));
      }
    }
  }
  return 0;
}
