// Reads a JSON object field by field for the codec, collecting every problem with its path and
// refusing keys nobody asked for — an unknown key is usually a typo, and ignoring it would drop
// the data silently.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/enum.h"
#include "core/id.h"
#include "core/problems.h"
#include "core/strings.h"
#include "core/time.h"

namespace civharm::internal {

class JsonReader {
 public:
  // `j` may be any JSON value; anything but an object (or null, read as empty) is a problem.
  JsonReader(const nlohmann::json& j, std::string path, Problems& problems)
      : j_(&j), path_(std::move(path)), problems_(problems) {
    if (!j.is_object() && !j.is_null()) {
      problems_.Add(path_, fmt::format("must be an object, not {}", j.type_name()));
      j_ = &Null();
    }
  }

  std::string field(std::string_view key) const { return Path(path_, key); }

  // The value under `key`, or nullptr when absent or null. Marks the key as read.
  const nlohmann::json* Get(std::string_view key) {
    used_.insert(std::string(key));
    if (!j_->is_object()) return nullptr;
    auto it = j_->find(key);
    if (it == j_->end() || it->is_null()) return nullptr;
    return &*it;
  }

  std::string String(std::string_view key) {
    const auto* v = Get(key);
    if (!v) return {};
    if (!v->is_string()) {
      Wrong(key, "a string", *v);
      return {};
    }
    return v->get<std::string>();
  }

  std::optional<int64_t> Int(std::string_view key) {
    const auto* v = Get(key);
    if (!v) return std::nullopt;
    if (v->is_number_unsigned()) {
      const uint64_t u = v->get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) {
        problems_.Add(field(key), "is too large");
        return std::nullopt;
      }
      return static_cast<int64_t>(u);
    }
    if (v->is_number_integer()) return v->get<int64_t>();
    Wrong(key, "a whole number", *v);
    return std::nullopt;
  }

  std::optional<double> Number(std::string_view key) {
    const auto* v = Get(key);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
      Wrong(key, "a number", *v);
      return std::nullopt;
    }
    return v->get<double>();
  }

  std::optional<bool> Bool(std::string_view key) {
    const auto* v = Get(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
      Wrong(key, "true or false", *v);
      return std::nullopt;
    }
    return v->get<bool>();
  }

  template <typename E>
  std::optional<E> Enum(std::string_view key) {
    const std::string s = String(key);
    if (s.empty()) return std::nullopt;
    auto e = ParseEnum<E>(s);
    if (!e) problems_.Add(field(key), fmt::format("'{}' is not {}", s, EnumChoices<E>()));
    return e;
  }

  std::optional<Date> DateValue(std::string_view key) {
    const std::string s = String(key);
    if (s.empty()) return std::nullopt;
    auto d = Date::Parse(s);
    if (!d) problems_.Add(field(key), d.error().message());
    return d ? std::optional<Date>(*d) : std::nullopt;
  }

  std::optional<Timestamp> TimestampValue(std::string_view key) {
    const std::string s = String(key);
    if (s.empty()) return std::nullopt;
    auto t = Timestamp::Parse(s);
    if (!t) problems_.Add(field(key), t.error().message());
    return t ? std::optional<Timestamp>(*t) : std::nullopt;
  }

  // The array under `key`, or nullptr when absent or not an array (which is reported).
  const nlohmann::json* Array(std::string_view key) {
    const auto* v = Get(key);
    if (v && !v->is_array()) {
      Wrong(key, "a list", *v);
      return nullptr;
    }
    return v;
  }

  // The strings of the list under `key` (empty when absent); a non-string item is reported.
  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    const nlohmann::json* list = Array(key);
    if (!list) return out;
    for (size_t i = 0; i < list->size(); ++i) {
      const nlohmann::json& v = (*list)[i];
      if (!v.is_string()) {
        problems_.Add(fmt::format("{}[{}]", field(key), i),
                      fmt::format("must be a string, not {}", v.type_name()));
        continue;
      }
      out.push_back(v.get<std::string>());
    }
    return out;
  }

  // A record id under `key` (nullopt when absent); anything but a valid id is reported.
  std::optional<std::string> IdValue(std::string_view key) {
    std::string s = String(key);
    if (s.empty()) return std::nullopt;
    if (!IsValidId(s)) problems_.Add(field(key), fmt::format("'{}' is not a record id", s));
    return s;
  }

  // The record ids of the list under `key` (empty when absent); an item that is not one is
  // reported and left out.
  std::vector<std::string> Ids(std::string_view key) {
    std::vector<std::string> ids;
    const nlohmann::json* list = Array(key);
    if (!list) return ids;
    for (size_t i = 0; i < list->size(); ++i) {
      const nlohmann::json& v = (*list)[i];
      if (!v.is_string() || !IsValidId(v.get<std::string>())) {
        problems_.Add(Index(field(key), i), "is not a record id");
        continue;
      }
      ids.push_back(v.get<std::string>());
    }
    return ids;
  }

  // A required key must be present, not null and, for text, not empty: an empty string reads
  // as absent, and absent required values must never turn into defaults.
  void Require(std::string_view key) {
    const auto it = j_->is_object() ? j_->find(key) : j_->end();
    if (it == j_->end() || it->is_null() ||
        (it->is_string() && it->get_ref<const std::string&>().empty())) {
      problems_.Add(field(key), "is required");
    }
  }

  // Reports every key of the object that no getter asked for.
  void Finish() {
    if (!j_->is_object()) return;
    for (auto it = j_->begin(); it != j_->end(); ++it) {
      if (!used_.contains(it.key())) problems_.Add(field(it.key()), "is not a known field");
    }
  }

  Problems& problems() { return problems_; }

 private:
  static const nlohmann::json& Null() {
    static const nlohmann::json null;
    return null;
  }
  void Wrong(std::string_view key, std::string_view expected, const nlohmann::json& v) {
    problems_.Add(field(key), fmt::format("must be {}, not {}", expected, v.type_name()));
  }

  const nlohmann::json* j_;
  std::string path_;
  Problems& problems_;
  std::set<std::string, std::less<>> used_;
};

// What went wrong in a JSON parse, for an error message: the library's text without its
// "[json.exception…] " prefix and without the text it last read, which may be personal data.
inline std::string DescribeJsonError(const nlohmann::json::exception& e) {
  std::string_view s(e.what());
  if (s.starts_with("[json.exception.")) {
    if (const size_t close = s.find("] "); close != std::string_view::npos)
      s.remove_prefix(close + 2);
  }
  if (const size_t last = s.find("; last read:"); last != std::string_view::npos) {
    s = s.substr(0, last);
  }
  return std::string(s);
}

}  // namespace civharm::internal
