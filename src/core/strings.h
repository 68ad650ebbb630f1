// Small, strict string helpers: trimming, splitting, UTF-8 checks and number parsing that accepts
// the whole input or nothing ("12abc" is not 12).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civharm {

// Removes ASCII spaces, tabs, CR and LF at both ends.
std::string_view Trim(std::string_view s);
std::vector<std::string_view> Split(std::string_view s, char sep);
std::string ToLowerAscii(std::string_view s);
bool IsValidUtf8(std::string_view s);

// Whole-string integer in base 10, optional leading '-' (no '+', no spaces, no fraction).
std::optional<int64_t> ParseInt64(std::string_view s);
// Whole-string finite decimal number ("35.763369", "-9.65", "1e3"); no NaN or infinity.
std::optional<double> ParseDouble(std::string_view s);
// The shortest text that parses back to exactly `v` ("35.763369", not "35.763369000000004").
std::string FormatDouble(double v);

// Field paths for validation messages: Path("location", "lat") == "location.lat",
// Path("", "lat") == "lat", Index("belligerents", 2) == "belligerents[2]".
std::string Path(std::string_view prefix, std::string_view name);
std::string Index(std::string_view prefix, size_t i);

}  // namespace civharm
