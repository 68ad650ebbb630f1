// The flat view of civharm's records: one named column per field, shared by civharm's own CSV
// layout (import and export), the targets of a mapping file and the HXL hashtags of CSV export.
//
// A field's name is its path in the record's JSON codec ("date.start",
// "casualties.civilian.killed.min", "retraction.reason"), so there is one vocabulary for JSON,
// CSV and mappings. Lists without fixed columns (belligerents, place names, breakdown, ...) are
// one column holding the codec's JSON text for the list.
//
//   const FlatField* f = FindFlatField(EntityKind::kIncident, "location.lat");
//   nlohmann::json j = ToJson(incident);
//   std::string cell = *GetCell(j, *f);             // "35.763369" (exact, never rounded)
//   nlohmann::json k = nlohmann::json::object();
//   Status s = SetCell(k, *f, "35.763369");          // k["location"]["lat"] == 35.763369
//   Result<Incident> back = FromJson<Incident>(k);   // the codec checks the rest
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/records.h"

namespace civharm::io::internal {

// How a cell's text becomes a JSON value. Dates, times, timestamps and enumerations are text in
// the codec, which checks them (with the field path) when the record is read.
enum class CellType {
  kText,       // verbatim
  kDate,       // "YYYY-MM-DD"
  kTime,       // "HH:MM[:SS]"
  kTimestamp,  // RFC 3339
  kInteger,    // whole number
  kNumber,     // decimal number
  kBool,       // "true" / "false"
  kJson,       // a list or object as JSON text
};

struct FlatField {
  std::string name;  // the dotted codec path, e.g. "casualties.total_killed.best"
  CellType type = CellType::kText;
  std::string hxl;                // HXL hashtag with attributes, e.g. "#affected+killed+total+best"
  std::vector<std::string> keys;  // `name` split at the dots
};

// Every flat field of a record kind, in export column order. The list lives forever.
const std::vector<FlatField>& FlatFields(EntityKind kind);
const FlatField* FindFlatField(EntityKind kind, std::string_view name);

// The fields an import must be able to fill for a record of `kind` to be possible at all
// (report: source_type, source_name, date.start; incident: date.start; victim: outcome;
// operation: reference, start).
const std::vector<std::string>& RequiredFields(EntityKind kind);

// The field's cell text in the record's codec JSON: empty when absent; numbers exact; lists and
// objects as compact JSON. Fails only when the record holds text that is not valid UTF-8.
Result<std::string> GetCell(const nlohmann::json& record, const FlatField& field);

// The header rows of civharm's own layout, shared by the CSV and XLSX exports: the field names,
// or their HXL hashtags, in column order.
enum class HeaderRow { kNames, kHxl };
std::vector<std::string> HeaderCells(const std::vector<FlatField>& fields, HeaderRow row);

// A record's row in civharm's own layout: GetCell of every field, in column order, into `cells`
// (cleared first; passed in so that a writer reuses its allocations). Fails as GetCell does.
Status GetCells(const nlohmann::json& record, const std::vector<FlatField>& fields,
                std::vector<std::string>& cells);

// The JSON value for a cell's text, or an error a user understands ("'12abc' is not a whole
// number"). Surrounding spaces are ignored except in text, which is kept verbatim.
Result<nlohmann::json> CellValue(const FlatField& field, std::string_view text);
// Puts `value` at the field's path in `record`, creating the objects on the way.
void PutValue(nlohmann::json& record, const FlatField& field, nlohmann::json value);
// CellValue + PutValue; an empty cell sets nothing (absent, never zero or "").
Status SetCell(nlohmann::json& record, const FlatField& field, std::string_view text);

// True for text in HXL hashtag syntax: "#tag" followed by any "+attribute", each a letter and
// then letters, digits or underscores; case and spaces before a '+' are ignored, as HXL allows.
bool IsHxlHashtag(std::string_view text);

// The lists a mapping may fill item by item: "belligerents[0].name",
// "location.place_names[1].lang", a victim's "names[0].name".
struct ListItemTarget {
  std::string list;  // "belligerents", "location.place_names", "names"
  size_t index = 0;
  std::string key;  // "name", "attribution", "side", "lang"
};
// Parses `target` as an item of a list of `kind`; nullopt when it is not of that form, an error
// when it is but names an unknown list or key.
Result<std::optional<ListItemTarget>> ParseListItemTarget(EntityKind kind, std::string_view target);

}  // namespace civharm::io::internal
