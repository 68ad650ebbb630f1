// Mapping files: YAML (or JSON, which yaml-cpp reads as YAML) naming, for each column of a CSV,
// the civharm field it fills. Every key is checked, because a misspelt key silently ignored
// would drop a column of data.

#include "io/mapping.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/problems.h"
#include "core/strings.h"
#include "domain/codec.h"

namespace civharm::io {
namespace {

using internal::FlatField;

// A date format may use %Y (required), %m or %b/%B, %d, %% and literal characters.
std::optional<std::string> CheckDateFormat(std::string_view format) {
  bool year = false, month = false, day = false;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 == format.size()) return "ends with a lone %";
    const char spec = format[++i];
    switch (spec) {
      case 'Y':
        year = true;
        break;
      case 'm':
      case 'b':
      case 'B':
        month = true;
        break;
      case 'd':
        day = true;
        break;
      case '%':
        break;
      default:
        return fmt::format("'{}' uses %{}, which is not supported (use %Y %m %d %b %B)", format,
                           spec);
    }
  }
  if (!year || !month || !day) {
    return fmt::format("'{}' must give the year (%Y), the month (%m, %b or %B) and the day (%d)",
                       format);
  }
  return std::nullopt;
}

std::string Key(std::string_view a, std::string_view b) {
  return fmt::format("{}.{}", a, b);
}

// The scalar text of a node; null (~ or nothing) reads as empty.
std::optional<std::string> ScalarText(const YAML::Node& node) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) return std::nullopt;
  return node.Scalar();
}

void ParseRule(const std::string& column, const YAML::Node& node, Mapping& m, Problems& p) {
  const std::string key = Key("columns", column);
  ColumnRule rule;
  if (auto text = ScalarText(node)) {
    rule.field = std::string(Trim(*text));
  } else if (node.IsMap()) {
    std::set<std::string> seen;
    for (const auto& kv : node) {
      const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (!seen.insert(k).second) {
        p.Add(Key(key, k), "appears twice");
        continue;
      }
      if (k == "field" || k == "format") {
        auto text = ScalarText(kv.second);
        if (!text)
          p.Add(Key(key, k), "must be text");
        else
          (k == "field" ? rule.field : rule.date_format) = std::string(Trim(*text));
      } else if (k == "values") {
        if (!kv.second.IsMap()) {
          p.Add(Key(key, k), "must map input values to stored values, e.g. {AS: airstrike}");
          continue;
        }
        for (const auto& v : kv.second) {
          auto from = ScalarText(v.first);
          auto to = ScalarText(v.second);
          if (!from || !to) {
            p.Add(Key(key, k), "must map text to text");
            continue;
          }
          if (!rule.values.emplace(std::string(Trim(*from)), std::string(Trim(*to))).second) {
            p.Add(Key(Key(key, k), *from), "appears twice");
          }
        }
      } else {
        p.Add(Key(key, k), "is not a known key (field, format, values)");
      }
    }
    if (rule.field.empty() && !seen.contains("field")) p.Add(Key(key, "field"), "is required");
  } else {
    p.Add(key, "must be a field name or {field: ..., format: ..., values: {...}}");
    return;
  }
  if (!m.columns.emplace(column, std::move(rule)).second) p.Add(key, "appears twice");
}

Result<Mapping> ParseYaml(std::string_view text) {
  YAML::Node root = YAML::Load(std::string(text));
  if (!root.IsMap()) {
    return std::unexpected(InvalidArgument(
        "a mapping is a YAML or JSON object with at least 'columns' (see docs/FORMATS.md)"));
  }
  Mapping m;
  Problems p;
  std::set<std::string> seen;
  for (const auto& kv : root) {
    const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    const YAML::Node& v = kv.second;
    if (!seen.insert(k).second) {
      p.Add(k, "appears twice");
      continue;
    }
    if (k == "entity") {
      const auto name = ScalarText(v);
      const auto kind = name ? ParseEnum<EntityKind>(Trim(*name)) : std::nullopt;
      if (kind)
        m.entity = *kind;
      else
        p.Add(k, fmt::format("'{}' is not {}", name.value_or("?"), EnumChoices<EntityKind>()));
    } else if (k == "delimiter") {
      const auto d = ScalarText(v);
      if (!d || d->size() != 1)
        p.Add(k, "must be one character, such as \",\", \";\" or \"\\t\"");
      else
        m.delimiter = (*d)[0];
    } else if (k == "columns") {
      if (!v.IsMap()) {
        p.Add(k, "must map each input column to a field");
        continue;
      }
      for (const auto& c : v) {
        const auto name = ScalarText(c.first);
        if (!name || Trim(*name).empty()) {
          p.Add(k, "a column name must be non-empty text");
          continue;
        }
        ParseRule(std::string(Trim(*name)), c.second, m, p);
      }
    } else if (k == "constants") {
      if (!v.IsMap()) {
        p.Add(k, "must map fields to values");
        continue;
      }
      for (const auto& c : v) {
        const auto field = ScalarText(c.first);
        const auto value = ScalarText(c.second);
        if (!field || !value) {
          p.Add(k, "must map fields to text values");
          continue;
        }
        if (!m.constants.emplace(std::string(Trim(*field)), *value).second)
          p.Add(Key(k, *field), "appears twice");
      }
    } else if (k == "ignore") {
      if (!v.IsSequence()) {
        p.Add(k, "must be a list of column names");
        continue;
      }
      for (const auto& c : v) {
        const auto name = ScalarText(c);
        if (!name)
          p.Add(k, "must be a list of column names");
        else
          m.ignore.emplace_back(Trim(*name));
      }
    } else {
      p.Add(k, "is not a known key (entity, delimiter, columns, constants, ignore)");
    }
  }
  if (!seen.contains("columns"))
    p.Add("columns", "is required: it names the field each input column fills");
  if (!p.empty()) return std::unexpected(internal::MappingProblems(p.Take()));
  CIVHARM_RETURN_IF_ERROR(internal::ValidateMapping(m));
  return m;
}

}  // namespace

namespace internal {

Status MappingProblems(std::vector<FieldError> problems) {
  std::string message;
  for (const FieldError& e : problems) {
    if (!message.empty()) message += "; ";
    message += e.field.empty() ? e.message : fmt::format("{}: {}", e.field, e.message);
  }
  Status s = InvalidArgument(std::move(message));
  s.WithDetails(std::move(problems));
  return s;
}

Result<MappingTarget> ResolveTarget(EntityKind kind, std::string_view target) {
  CIVHARM_ASSIGN_OR_RETURN(auto item, ParseListItemTarget(kind, target));
  if (item) return MappingTarget{nullptr, std::move(item)};
  if (const FlatField* f = FindFlatField(kind, target)) return MappingTarget{f, std::nullopt};
  return std::unexpected(
      InvalidArgument(fmt::format("'{}' is not a field of {}", target, EnumName(kind))));
}

Status ValidateMapping(const Mapping& m) {
  Problems p;
  const char d = m.delimiter;
  if (d == '"' || d == '\r' || d == '\n' || d == '\0')
    p.Add("delimiter", "may not be a quote, a line break or NUL");

  // Who fills each field, to find a field filled twice. A whole list ("belligerents") and an
  // item of it ("belligerents[0].name") would also collide.
  std::map<std::string, std::string> filled_by;
  std::map<std::string, std::string> whole_lists, itemised_lists;
  auto claim = [&](const MappingTarget& t, const std::string& target, const std::string& key) {
    if (auto [it, inserted] = filled_by.emplace(target, key); !inserted) {
      p.Add(key, fmt::format("fills '{}', which {} already fills", target, it->second));
      return;
    }
    if (t.field && t.field->type == CellType::kJson) whole_lists.emplace(t.field->name, key);
    if (t.item) itemised_lists.emplace(t.item->list, key);
  };

  for (const auto& [column, rule] : m.columns) {
    const std::string key = Key("columns", column);
    if (rule.field.empty()) {
      p.Add(key, "names no field");
      continue;
    }
    auto target = ResolveTarget(m.entity, rule.field);
    if (!target) {
      p.Add(key, target.error().message());
      continue;
    }
    if (!rule.date_format.empty()) {
      const bool dated = target->field && (target->field->type == CellType::kDate ||
                                           target->field->type == CellType::kTimestamp);
      if (!dated)
        p.Add(Key(key, "format"),
              fmt::format("'{}' is not a date field; only dates take a format", rule.field));
      else if (auto bad = CheckDateFormat(rule.date_format))
        p.Add(Key(key, "format"), *bad);
    }
    claim(*target, rule.field, key);
  }

  nlohmann::json constants = nlohmann::json::object();
  for (const auto& [field, value] : m.constants) {
    const std::string key = Key("constants", field);
    auto target = ResolveTarget(m.entity, field);
    if (!target) {
      p.Add(key, target.error().message());
      continue;
    }
    if (target->field) {
      auto v = CellValue(*target->field, value);
      if (!v) {
        p.Add(key, v.error().message());
        continue;
      }
      PutValue(constants, *target->field, std::move(*v));
    }
    claim(*target, field, key);
  }
  // Values the codec refuses ("source_type: ngoo") are caught now, once, not on every row.
  if (auto record = FromJson(m.entity, constants); !record) {
    for (const FieldError& e : record.error().details()) {
      for (const auto& [field, value] : m.constants) {
        if (e.field == field || e.field.starts_with(field + "."))
          p.Add(Key("constants", field), e.message);
      }
    }
  }
  for (const auto& [list, key] : itemised_lists) {
    if (auto it = whole_lists.find(list); it != whole_lists.end()) {
      p.Add(key, fmt::format("fills an item of '{}', which {} fills as a whole", list, it->second));
    }
  }

  std::set<std::string> ignored;
  for (const std::string& column : m.ignore) {
    if (!ignored.insert(column).second) p.Add("ignore", fmt::format("names '{}' twice", column));
    if (m.columns.contains(column))
      p.Add("ignore", fmt::format("'{}' is also mapped under columns", column));
  }
  for (const std::string& required : RequiredFields(m.entity)) {
    if (!filled_by.contains(required)) {
      p.Add("columns",
            fmt::format("nothing fills '{}', which every {} needs (map a column to it or give it "
                        "under constants)",
                        required, EnumName(m.entity)));
    }
  }
  return p.empty() ? Status::Ok() : MappingProblems(p.Take());
}

}  // namespace internal

Result<Mapping> ParseMapping(std::string_view text) {
  try {
    return ParseYaml(text);
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null())
      return std::unexpected(
          InvalidArgument(fmt::format("the mapping is not valid YAML or JSON: {}", e.msg)));
    return std::unexpected(
        InvalidArgument(fmt::format("the mapping is not valid YAML or JSON: line {}, column {}: {}",
                                    e.mark.line + 1, e.mark.column + 1, e.msg)));
  } catch (const std::exception& e) {
    return std::unexpected(
        InvalidArgument(fmt::format("the mapping could not be read: {}", e.what())));
  }
}

Result<Mapping> LoadMapping(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::unexpected(
        NotFound(fmt::format("cannot open the mapping file '{}'", path.string())));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return std::unexpected(
        Unavailable(fmt::format("cannot read the mapping file '{}'", path.string())));
  auto m = ParseMapping(text.str());
  if (!m) {
    Status s = m.error();
    s.Prepend(fmt::format("mapping file '{}'", path.string()));
    return std::unexpected(std::move(s));
  }
  return m;
}

}  // namespace civharm::io
