#include "io/flat_fields.h"

#include <array>
#include <charconv>
#include <span>

#include <fmt/format.h>

#include "core/strings.h"
#include "domain/json_reader.h"
#include "io/row_builder.h"

namespace civharm::io::internal {
namespace {

using nlohmann::json;

class Catalogue {
 public:
  void Add(std::string name, CellType type, std::string hxl) {
    FlatField f{std::move(name), type, std::move(hxl), {}};
    for (std::string_view k : Split(f.name, '.')) f.keys.emplace_back(k);
    fields_.push_back(std::move(f));
  }
  std::vector<FlatField> Take() { return std::move(fields_); }

 private:
  std::vector<FlatField> fields_;
};

using T = CellType;

void AddRange(Catalogue& c, const std::string& path, const std::string& hxl) {
  for (const char* m : {"min", "best", "max"})
    c.Add(Path(path, m), T::kInteger, fmt::format("{}+{}", hxl, m));
}

// The record meta closes every row: the content comes first, where people look.
void AddMetaTail(Catalogue& c) {
  c.Add("version", T::kInteger, "#meta+version");
  c.Add("created_at", T::kTimestamp, "#meta+created_at");
  c.Add("updated_at", T::kTimestamp, "#meta+updated_at");
  c.Add("retraction.at", T::kTimestamp, "#meta+retracted_at");
  c.Add("retraction.by", T::kText, "#meta+retracted_by");
  c.Add("retraction.reason", T::kText, "#meta+retraction_reason");
  c.Add("retraction.superseded_by", T::kText, "#meta+superseded_by");
}

void AddLocation(Catalogue& c) {
  c.Add("location.lat", T::kNumber, "#geo+lat");
  c.Add("location.lon", T::kNumber, "#geo+lon");
  c.Add("location.mgrs", T::kText, "#geo+mgrs");
  c.Add("location.country", T::kText, "#country+name");
  c.Add("location.admin1", T::kText, "#adm1+name");
  c.Add("location.admin2", T::kText, "#adm2+name");
  c.Add("location.admin3", T::kText, "#adm3+name");
  c.Add("location.place_names", T::kJson, "#loc+name");
  c.Add("location.description", T::kText, "#loc+description");
  c.Add("location.precision", T::kText, "#geo+precision");
  c.Add("location.source_precision.scheme", T::kText, "#geo+precision+source_scheme");
  c.Add("location.source_precision.code", T::kInteger, "#geo+precision+source_code");
}

void AddFacts(Catalogue& c) {
  c.Add("date.start", T::kDate, "#date+start");
  c.Add("date.end", T::kDate, "#date+end");
  c.Add("date.precision", T::kText, "#date+precision");
  c.Add("date.time", T::kTime, "#date+time");
  AddLocation(c);
  c.Add("conflict", T::kText, "#crisis+name");
  c.Add("event_type", T::kText, "#event+type");
  c.Add("event_subtype", T::kText, "#event+type+sub");
  c.Add("belligerents", T::kJson, "#org+name+belligerents");
  c.Add("means.weapon", T::kText, "#cause+weapon");
  c.Add("means.tactic", T::kText, "#cause+tactic");
  c.Add("means.strike_type", T::kText, "#cause+strike_type");
  c.Add("civilians_targeted", T::kBool, "#event+civilians_targeted");
  c.Add("clarity", T::kText, "#event+clarity");
  // HXL counts people with #affected; the status and the outcome are attributes.
  constexpr std::array<std::pair<const char*, const char*>, 3> kStatuses = {
      {{"civilian", "civilians"}, {"combatant", "combatants"}, {"undetermined", "undetermined"}}};
  for (const auto& [status, plural] : kStatuses) {
    for (const char* outcome : {"killed", "injured"}) {
      AddRange(c, fmt::format("casualties.{}.{}", status, outcome),
               fmt::format("#affected+{}+{}", outcome, plural));
    }
  }
  AddRange(c, "casualties.total_killed", "#affected+killed+total");
  AddRange(c, "casualties.total_injured", "#affected+injured+total");
  c.Add("casualties.breakdown", T::kJson, "#affected+breakdown");
  c.Add("civilian_objects", T::kJson, "#impact+civilian_objects");
  c.Add("effects", T::kJson, "#impact+effects");
  c.Add("description", T::kText, "#description");
}

std::vector<FlatField> ReportFields() {
  Catalogue c;
  c.Add("id", T::kText, "#meta+id");
  c.Add("source_type", T::kText, "#meta+source_type");
  c.Add("source_name", T::kText, "#org+name+source");
  c.Add("source_record_id", T::kText, "#meta+source_record_id");
  c.Add("reference_code", T::kText, "#meta+reference_code");
  c.Add("received_at", T::kTimestamp, "#date+received");
  c.Add("reliability", T::kText, "#meta+reliability");
  c.Add("credibility", T::kInteger, "#meta+credibility");
  AddFacts(c);
  c.Add("account", T::kText, "#description+account");
  c.Add("citation", T::kText, "#meta+citation");
  c.Add("original_source", T::kText, "#org+name+original_source");
  c.Add("source_fields", T::kJson, "#meta+source_fields");
  c.Add("incident_id", T::kText, "#event+id");
  AddMetaTail(c);
  return c.Take();
}

std::vector<FlatField> IncidentFields() {
  Catalogue c;
  c.Add("id", T::kText, "#event+id");
  c.Add("title", T::kText, "#event+name");
  AddFacts(c);
  c.Add("external_grade", T::kText, "#status+external_grade");
  c.Add("status", T::kText, "#status+assessment");
  c.Add("operation_ids", T::kJson, "#meta+operation_ids");
  c.Add("report_ids", T::kJson, "#meta+report_ids");
  AddMetaTail(c);
  return c.Take();
}

std::vector<FlatField> VictimFields() {
  Catalogue c;
  c.Add("id", T::kText, "#meta+id");
  c.Add("source_name", T::kText, "#org+name+source");
  c.Add("source_record_id", T::kText, "#meta+source_record_id");
  c.Add("incident_id", T::kText, "#event+id");
  c.Add("names", T::kJson, "#affected+name");
  c.Add("age", T::kInteger, "#affected+age");
  c.Add("age_group", T::kText, "#affected+age_group");
  c.Add("sex", T::kText, "#affected+sex");
  c.Add("status", T::kText, "#affected+status");
  c.Add("outcome", T::kText, "#affected+outcome");
  c.Add("family_group_id", T::kText, "#affected+family_group_id");
  c.Add("external_registry_id", T::kText, "#affected+registry_id");
  c.Add("consent_to_publish", T::kText, "#meta+consent_to_publish");
  AddMetaTail(c);
  return c.Take();
}

std::vector<FlatField> OperationFields() {
  Catalogue c;
  c.Add("id", T::kText, "#activity+id");
  c.Add("reference", T::kText, "#activity+code");
  c.Add("name", T::kText, "#activity+name");
  c.Add("start", T::kTimestamp, "#date+start");
  c.Add("end", T::kTimestamp, "#date+end");
  AddLocation(c);
  c.Add("unit", T::kText, "#org+name+unit");
  c.Add("weapon", T::kText, "#cause+weapon");
  c.Add("target", T::kText, "#activity+target");
  AddRange(c, "cde.civilian_killed", "#affected+killed+civilians+estimated");
  AddRange(c, "cde.civilian_injured", "#affected+injured+civilians+estimated");
  c.Add("cde.level", T::kText, "#severity+cde_level");
  c.Add("notes", T::kText, "#description+notes");
  AddMetaTail(c);
  return c.Take();
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; users need the rest.
}  // namespace

const std::vector<FlatField>& FlatFields(EntityKind kind) {
  static const std::array<std::vector<FlatField>, 4> kAll = {IncidentFields(), ReportFields(),
                                                             VictimFields(), OperationFields()};
  switch (kind) {
    case EntityKind::kIncident:
      return kAll[0];
    case EntityKind::kReport:
      return kAll[1];
    case EntityKind::kVictim:
      return kAll[2];
    case EntityKind::kOperation:
      return kAll[3];
  }
  return kAll[0];
}

const FlatField* FindFlatField(EntityKind kind, std::string_view name) {
  for (const FlatField& f : FlatFields(kind)) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const std::vector<std::string>& RequiredFields(EntityKind kind) {
  static const std::vector<std::string> kReport = {"source_type", "source_name", "date.start"};
  static const std::vector<std::string> kIncident = {"date.start"};
  static const std::vector<std::string> kVictim = {"outcome"};
  static const std::vector<std::string> kOperation = {"reference", "start"};
  switch (kind) {
    case EntityKind::kIncident:
      return kIncident;
    case EntityKind::kReport:
      return kReport;
    case EntityKind::kVictim:
      return kVictim;
    case EntityKind::kOperation:
      return kOperation;
  }
  return kIncident;
}

Result<std::string> GetCell(const json& record, const FlatField& field) {
  const json* node = &record;
  for (const std::string& key : field.keys) {
    if (!node->is_object()) return std::string();
    auto it = node->find(key);
    if (it == node->end()) return std::string();
    node = &*it;
  }
  switch (node->type()) {
    case json::value_t::string: {
      // An export must not alter text; text that is not UTF-8 is refused, as JSON export does.
      const std::string& text = node->get_ref<const std::string&>();
      if (!IsValidUtf8(text)) {
        return std::unexpected(InvalidArgument(
            fmt::format("{}: holds text that is not valid UTF-8", field.name), field.name));
      }
      return text;
    }
    case json::value_t::number_integer:
      return std::to_string(node->get<int64_t>());
    case json::value_t::number_unsigned:
      return std::to_string(node->get<uint64_t>());
    case json::value_t::number_float:
      return FormatDouble(node->get<double>());
    case json::value_t::boolean:
      return std::string(node->get<bool>() ? "true" : "false");
    case json::value_t::null:
      return std::string();
    default:
      try {
        return node->dump();
      } catch (const json::exception& e) {
        return std::unexpected(InvalidArgument(fmt::format("{}: cannot be written: {}", field.name,
                                                           civharm::internal::DescribeJsonError(e)),
                                               field.name));
      }
  }
}

std::vector<std::string> HeaderCells(const std::vector<FlatField>& fields, HeaderRow row) {
  std::vector<std::string> cells;
  cells.reserve(fields.size());
  for (const FlatField& f : fields) cells.push_back(row == HeaderRow::kHxl ? f.hxl : f.name);
  return cells;
}

Status GetCells(const json& record, const std::vector<FlatField>& fields,
                std::vector<std::string>& cells) {
  cells.clear();
  for (const FlatField& f : fields) {
    CIVHARM_ASSIGN_OR_RETURN(std::string cell, GetCell(record, f));
    cells.push_back(std::move(cell));
  }
  return Status::Ok();
}

Result<json> CellValue(const FlatField& field, std::string_view text) {
  const std::string_view t = Trim(text);
  switch (field.type) {
    case CellType::kText:
      return json(std::string(text));
    case CellType::kDate:
    case CellType::kTime:
    case CellType::kTimestamp:
      return json(std::string(t));
    case CellType::kInteger:
      if (auto v = ParseInt64(t)) return json(*v);
      return std::unexpected(InvalidArgument(fmt::format("{} is not a whole number", Quoted(t))));
    case CellType::kNumber:
      if (auto v = ParseDouble(t)) return json(*v);
      return std::unexpected(InvalidArgument(fmt::format("{} is not a number", Quoted(t))));
    case CellType::kBool: {
      const std::string lower = ToLowerAscii(t);
      if (lower == "true") return json(true);
      if (lower == "false") return json(false);
      return std::unexpected(InvalidArgument(fmt::format("{} is not true or false", Quoted(t))));
    }
    case CellType::kJson:
      try {
        return json::parse(t);
      } catch (const json::exception& e) {
        return std::unexpected(InvalidArgument(
            fmt::format("is not valid JSON ({}); this column holds the list as JSON text",
                        civharm::internal::DescribeJsonError(e))));
      }
  }
  return std::unexpected(Internal("unknown cell type"));
}

void PutValue(json& record, const FlatField& field, json value) {
  json* node = &record;
  for (size_t i = 0; i + 1 < field.keys.size(); ++i) {
    if (!node->is_object()) *node = json::object();
    node = &(*node)[field.keys[i]];
  }
  if (!node->is_object()) *node = json::object();
  (*node)[field.keys.back()] = std::move(value);
}

Status SetCell(json& record, const FlatField& field, std::string_view text) {
  if (field.type == CellType::kText ? text.empty() : Trim(text).empty()) return Status::Ok();
  CIVHARM_ASSIGN_OR_RETURN(json value, CellValue(field, text));
  PutValue(record, field, std::move(value));
  return Status::Ok();
}

bool IsHxlHashtag(std::string_view text) {
  text = Trim(text);
  if (text.size() < 2 || text[0] != '#') return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  bool at_start = true;  // of the tag or of an attribute
  for (size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t') {
      if (at_start) return false;
      while (i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) ++i;
      if (i + 1 == text.size() || text[i + 1] != '+') return false;
    } else if (c == '+') {
      if (at_start) return false;
      at_start = true;
    } else if (at_start) {
      if (!letter(c)) return false;
      at_start = false;
    } else if (!letter(c) && !(c >= '0' && c <= '9') && c != '_') {
      return false;
    }
  }
  return !at_start;
}

Result<std::optional<ListItemTarget>> ParseListItemTarget(EntityKind kind,
                                                          std::string_view target) {
  const size_t open = target.find('[');
  if (open == std::string_view::npos) return std::optional<ListItemTarget>();
  const std::string_view list = target.substr(0, open);
  const size_t close = target.find(']', open);
  auto bad = [&](std::string why) {
    return std::unexpected(InvalidArgument(fmt::format("'{}' {}", target, why)));
  };
  if (close == std::string_view::npos || close == open + 1 || close + 1 >= target.size() ||
      target[close + 1] != '.') {
    return bad("is not a list item; write it as list[N].key, e.g. belligerents[0].name");
  }
  size_t index = 0;
  const std::string_view digits = target.substr(open + 1, close - open - 1);
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || index > 999) {
    return bad("has an index that is not a number from 0 to 999");
  }
  const std::string_view key = target.substr(close + 2);

  static constexpr std::array<std::string_view, 3> kBelligerentKeys = {"name", "attribution",
                                                                       "side"};
  static constexpr std::array<std::string_view, 2> kNameKeys = {"name", "lang"};
  const bool has_facts = kind == EntityKind::kIncident || kind == EntityKind::kReport;
  const bool has_location = has_facts || kind == EntityKind::kOperation;
  std::span<const std::string_view> keys;
  if (list == "belligerents" && has_facts)
    keys = kBelligerentKeys;
  else if (list == "location.place_names" && has_location)
    keys = kNameKeys;
  else if (list == "names" && kind == EntityKind::kVictim)
    keys = kNameKeys;
  else
    return bad(fmt::format("is not a field of {}: no list '{}' may be filled item by item",
                           EnumName(kind), list));
  for (std::string_view k : keys) {
    if (k == key)
      return std::optional<ListItemTarget>(
          ListItemTarget{std::string(list), index, std::string(key)});
  }
  std::string choices;
  for (std::string_view k : keys)
    choices += choices.empty() ? std::string(k) : ", " + std::string(k);
  return bad(
      fmt::format("is not a field of {}: items of '{}' have {}", EnumName(kind), list, choices));
}

}  // namespace civharm::io::internal
