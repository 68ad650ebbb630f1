// The demo generator's random numbers: xoshiro256** seeded by splitmix64, with draws (whole
// numbers, percentages, weighted indexes, picks, shuffles) that give the same answer on every
// platform, and one stream per event so that changing how one event is drawn does not reshuffle
// the others; why it does not use <random> is in the note at the top of service/demo_data.cpp.
// Internal to the demo generator; not for other modules.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace civharm::service::demo {

inline uint64_t SplitMix64(uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), with draws that give the same answer on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : state_) word = SplitMix64(seed);
  }

  // A whole number in [lo, hi]; lo when hi < lo.
  int64_t Int(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    const uint64_t limit = kMax - kMax % span;  // a multiple of span: no modulo bias
    uint64_t x = Next();
    while (x >= limit) x = Next();
    return lo + static_cast<int64_t>(x % span);
  }
  bool Percent(int percent) { return Int(0, 99) < percent; }

  // An index drawn with probability proportional to its weight.
  size_t Weighted(std::span<const int> weights) {
    int64_t total = 0;
    for (int w : weights) total += w;
    int64_t x = Int(0, total - 1);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }
  size_t Weighted(std::initializer_list<int> weights) {
    return Weighted(std::span<const int>(weights.begin(), weights.size()));
  }

  // One of `items`, which must not be empty.
  template <typename Container>
  const auto& Pick(const Container& items) {
    return items[static_cast<size_t>(Int(0, static_cast<int64_t>(items.size()) - 1))];
  }
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[static_cast<size_t>(Int(0, static_cast<int64_t>(i) - 1))]);
    }
  }

 private:
  static constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  std::array<uint64_t, 4> state_{};
};

// The stream of the event at `index`, independent of what the other events drew.
inline Rng EventRng(uint64_t seed, size_t index) {
  uint64_t mixed = seed ^ (0xD1B54A32D192ED03ULL * (static_cast<uint64_t>(index) + 1));
  return Rng(SplitMix64(mixed));
}

}  // namespace civharm::service::demo
