#include "linkage/blocking.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include <fmt/format.h>

namespace civharm::linkage {
namespace {

struct Entry {
  uint64_t key;
  uint32_t record;
  bool home;
};

uint64_t Mix(uint64_t h, uint64_t v) {
  // splitmix64 of the combination: neighbouring cells get unrelated keys.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

constexpr double kKmPerDegree = 111.32;

}  // namespace

uint64_t KeyOf(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

Result<Candidates> Block(size_t n, std::span<const BlockingRule> rules,
                         const BlockingOptions& options) {
  if (rules.size() > 32) return std::unexpected(InvalidArgument("at most 32 blocking rules"));
  if (n > UINT32_MAX) return std::unexpected(InvalidArgument("at most 2^32 records"));
  if (!options.side.empty() && options.side.size() != n) {
    return std::unexpected(
        InvalidArgument(fmt::format("{} sides for {} records", options.side.size(), n), "side"));
  }
  Candidates out;
  // Each rule's pairs, sorted and unique (8 bytes a pair), then merged into the union: a
  // million records can give tens of millions of candidates, so nothing is held twice that
  // need not be.
  std::vector<std::vector<uint64_t>> rule_pairs(rules.size());
  std::vector<Entry> entries;
  std::vector<BlockKey> keys;
  for (size_t r = 0; r < rules.size(); ++r) {
    RuleReport report{.name = rules[r].name};
    entries.clear();
    for (size_t i = 0; i < n; ++i) {
      keys.clear();
      rules[r].keys_of(i, keys);
      for (const BlockKey& k : keys) entries.push_back({k.key, static_cast<uint32_t>(i), k.home});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
      return std::tie(x.key, x.record, x.home) < std::tie(y.key, y.record, y.home);
    });
    // The blocks (runs of one key) small enough to pair up.
    std::vector<std::pair<size_t, size_t>> blocks;
    for (size_t start = 0; start < entries.size();) {
      size_t end = start;
      while (end < entries.size() && entries[end].key == entries[start].key) ++end;
      const auto size = static_cast<int64_t>(end - start);
      report.largest_block = std::max(report.largest_block, size);
      if (static_cast<size_t>(size) > options.max_block) {
        ++report.skipped_blocks;
        report.skipped_records += size;
      } else if (size > 1) {
        blocks.emplace_back(start, end);
      }
      start = end;
    }
    // Counted first so the rule's pairs take exactly their room.
    const auto for_each_pair = [&](auto&& f) {
      for (auto [start, end] : blocks) {
        for (size_t i = start; i < end; ++i) {
          for (size_t j = i + 1; j < end; ++j) {
            const Entry& x = entries[i];
            const Entry& y = entries[j];
            if (x.record == y.record || !(x.home || y.home)) continue;
            if (!options.side.empty() && options.side[x.record] == options.side[y.record]) continue;
            const uint64_t a = std::min(x.record, y.record), b = std::max(x.record, y.record);
            f(a << 32 | b);
          }
        }
      }
    };
    size_t count = 0;
    for_each_pair([&](uint64_t) { ++count; });
    std::vector<uint64_t>& pairs = rule_pairs[r];
    pairs.reserve(count);
    for_each_pair([&](uint64_t p) { pairs.push_back(p); });
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    report.pairs = static_cast<int64_t>(pairs.size());
    out.rules.push_back(std::move(report));
  }
  // The union, in order: at each step the smallest pair at the head of any rule's list, with
  // the bits of every rule that has it. Counted first, then filled, for the same reason.
  const auto merge = [&](auto&& emit) {
    std::vector<size_t> at(rules.size(), 0);
    for (;;) {
      uint64_t next = UINT64_MAX;
      bool any = false;
      for (size_t r = 0; r < rules.size(); ++r) {
        if (at[r] < rule_pairs[r].size() && (!any || rule_pairs[r][at[r]] < next)) {
          next = rule_pairs[r][at[r]];
          any = true;
        }
      }
      if (!any) return;
      uint32_t mask = 0;
      for (size_t r = 0; r < rules.size(); ++r) {
        if (at[r] < rule_pairs[r].size() && rule_pairs[r][at[r]] == next) {
          mask |= uint32_t{1} << r;
          ++at[r];
        }
      }
      emit(next, mask);
    }
  };
  size_t total = 0;
  merge([&](uint64_t, uint32_t) { ++total; });
  out.pairs.reserve(total);
  out.rule_mask.reserve(total);
  merge([&](uint64_t pair, uint32_t mask) {
    out.pairs.emplace_back(static_cast<uint32_t>(pair >> 32),
                           static_cast<uint32_t>(pair & 0xffffffffULL));
    out.rule_mask.push_back(mask);
    ++out.rules[static_cast<size_t>(std::countr_zero(mask))].new_pairs;
  });
  return out;
}

BlockingRecall RecallOf(const Candidates& candidates,
                        std::span<const std::pair<uint32_t, uint32_t>> truth) {
  BlockingRecall out;
  out.per_rule.assign(candidates.rules.size(), 1);
  std::vector<std::pair<uint32_t, uint32_t>> wanted;
  wanted.reserve(truth.size());
  for (auto [a, b] : truth) {
    if (a != b) wanted.emplace_back(std::min(a, b), std::max(a, b));
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (wanted.empty()) return out;
  int64_t found = 0;
  std::vector<int64_t> found_by(candidates.rules.size(), 0);
  for (const auto& pair : wanted) {
    auto it = std::lower_bound(candidates.pairs.begin(), candidates.pairs.end(), pair);
    if (it == candidates.pairs.end() || *it != pair) continue;
    ++found;
    const uint32_t mask = candidates.rule_mask[static_cast<size_t>(it - candidates.pairs.begin())];
    for (size_t r = 0; r < found_by.size(); ++r) {
      if (mask & (uint32_t{1} << r)) ++found_by[r];
    }
  }
  const auto total = static_cast<double>(wanted.size());
  out.overall = static_cast<double>(found) / total;
  for (size_t r = 0; r < found_by.size(); ++r) {
    out.per_rule[r] = static_cast<double>(found_by[r]) / total;
  }
  return out;
}

void SpaceTimeKeys(int64_t day, double lat, double lon, int days, double km,
                   std::vector<BlockKey>& keys) {
  const int64_t t = FloorDiv(day, std::max(days, 1));
  const double lat_width = std::max(km, 1e-3) / kKmPerDegree;
  const auto band = static_cast<int64_t>(std::floor((lat + 90) / lat_width));
  for (int64_t dt = -1; dt <= 1; ++dt) {
    for (int64_t db = -1; db <= 1; ++db) {
      const int64_t b = band + db;
      // The band's longitude cells are `km` wide at the most poleward edge of it and of its two
      // neighbours, so that two points `km` apart in adjacent bands are never more than one cell
      // apart in either band's grid.
      const double edge = std::min(
          89.999, std::max(std::abs((b - 1) * lat_width - 90), std::abs((b + 2) * lat_width - 90)));
      const double cos_edge = std::cos(edge * M_PI / 180);
      const double min_width =
          cos_edge < std::cos(85 * M_PI / 180) ? 360 : std::min(360.0, lat_width / cos_edge);
      // Equal cells round the whole circle, none narrower than needed, so that the seam at the
      // antimeridian is a border like any other.
      const auto cells = std::max<int64_t>(1, static_cast<int64_t>(std::floor(360 / min_width)));
      const double lon_width = 360.0 / static_cast<double>(cells);
      const auto home_cell =
          std::min(cells - 1, static_cast<int64_t>(std::floor((lon + 180) / lon_width)));
      for (int64_t dl = -1; dl <= 1; ++dl) {
        if (cells < 3 && dl != 0 && (dl == 1 || cells == 1)) continue;  // no cell twice
        const int64_t cell = ((home_cell + dl) % cells + cells) % cells;
        const bool home = dt == 0 && db == 0 && dl == 0;
        keys.push_back(
            {Mix(Mix(Mix(0x5eed, static_cast<uint64_t>(t + dt)), static_cast<uint64_t>(b)),
                 static_cast<uint64_t>(cell)),
             home});
      }
    }
  }
}

}  // namespace civharm::linkage
