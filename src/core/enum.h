// Names for enumerations, shared by every text format (JSON, CSV, query strings).
//
// An enumeration E gets names by specialising EnumTraits<E>:
//
//   template <> struct EnumTraits<Sex> {
//     static constexpr std::array kNames = {std::pair{Sex::kFemale, std::string_view("female")},
//     ...};
//   };
//   EnumName(Sex::kFemale) == "female";  ParseEnum<Sex>("female") == Sex::kFemale;
//
// Names are lower_snake_case and stable: they are stored and published.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace civharm {

template <typename E>
struct EnumTraits;

template <typename E>
constexpr std::string_view EnumName(E value) {
  for (const auto& [v, name] : EnumTraits<E>::kNames) {
    if (v == value) return name;
  }
  return "?";
}

// Exact, case-sensitive match of a stable name.
template <typename E>
constexpr std::optional<E> ParseEnum(std::string_view name) {
  for (const auto& [v, n] : EnumTraits<E>::kNames) {
    if (n == name) return v;
  }
  return std::nullopt;
}

// "one of: a, b, c" — for error messages that say what would have been accepted.
template <typename E>
std::string EnumChoices() {
  std::string out = "one of: ";
  bool first = true;
  for (const auto& entry : EnumTraits<E>::kNames) {
    if (!first) out += ", ";
    out += entry.second;
    first = false;
  }
  return out;
}

}  // namespace civharm
