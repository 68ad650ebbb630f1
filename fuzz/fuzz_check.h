// What the fuzz targets share: a check that stops the run loudly, and the input as text.
//
//   FUZZ_CHECK(back == record);   // prints the condition and where, then traps
//
// A failed check is a crash to libFuzzer, so the input that broke an invariant is saved and
// minimised exactly like one that broke memory safety.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                                   \
    }                                                                                     \
  } while (0)

namespace civharm::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace civharm::fuzz
