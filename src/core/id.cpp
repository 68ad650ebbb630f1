#include "core/id.h"

#include <chrono>
#include <cstdint>
#include <random>

#include <fmt/format.h>

namespace civharm {

Id NewId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const uint64_t ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
  const uint64_t r1 = rng(), r2 = rng();
  const uint64_t hi = (ms << 16) | 0x7000 | (r1 & 0x0FFF);  // time, version 7, rand_a
  const uint64_t lo = (r2 & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF,
                     hi & 0xFFFF, lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

bool IsValidId(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace civharm
