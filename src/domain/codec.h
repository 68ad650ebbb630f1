// civharm's records as JSON: one shape for the database documents, the HTTP API and JSON export,
// so that what is stored, served and exported can be read back by the same code.
//
//   nlohmann::json j = ToJson(incident);
//   Result<Incident> back = FromJson<Incident>(j);   // back == incident
//
// Writing omits what is unknown (absent optionals, empty text and lists) rather than writing
// nulls. Reading is strict: wrong types, unknown keys and malformed dates or ids are refused, each
// with its field path; null reads as absent. Reading checks form, not rules: call Validate().
#pragma once

#include <nlohmann/json.hpp>

#include "core/problems.h"
#include "core/status.h"
#include "domain/records.h"

namespace civharm {

nlohmann::json ToJson(const Report& r);
nlohmann::json ToJson(const Incident& i);
nlohmann::json ToJson(const Victim& v);
nlohmann::json ToJson(const Operation& o);
nlohmann::json ToJson(const AnyRecord& r);
nlohmann::json ToJson(const EventFacts& f);
nlohmann::json ToJson(const CountRange& r);

template <typename T>
Result<T> FromJson(const nlohmann::json& j);
template <>
Result<Report> FromJson<Report>(const nlohmann::json& j);
template <>
Result<Incident> FromJson<Incident>(const nlohmann::json& j);
template <>
Result<Victim> FromJson<Victim>(const nlohmann::json& j);
template <>
Result<Operation> FromJson<Operation>(const nlohmann::json& j);

// Reads a count range {"min", "best", "max"} (empty when `v` is null), adding every problem to `p`
// under `path`.
CountRange CountRangeFromJson(const nlohmann::json* v, const std::string& path, Problems& p);

// Reads a record of the given kind.
Result<AnyRecord> FromJson(EntityKind kind, const nlohmann::json& j);

// The JSON keys of the record meta ("id", "version", ...), which clients may echo back but not
// change.
inline constexpr std::array<std::string_view, 5> kMetaKeys = {"id", "version", "created_at",
                                                              "updated_at", "retraction"};

}  // namespace civharm
