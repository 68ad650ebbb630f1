// Any CSV through a Mapping: each mapped cell is trimmed, passed through the column's value map
// and date format, and placed at its field in the record's codec JSON; the codec then reads the
// record, so mapped imports obey exactly the rules of every other path into civharm.

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/strings.h"
#include "domain/codec.h"
#include "io/csv_row_reader.h"
#include "io/mapping.h"
#include "io/readers.h"
#include "io/row_builder.h"

namespace civharm::io::internal {
namespace {

using nlohmann::json;

struct ColumnAction {
  enum class Kind { kIgnore, kField, kItem, kSourceField, kUnmapped };
  Kind kind = Kind::kIgnore;
  const FlatField* field = nullptr;
  ListItemTarget item;
  const ColumnRule* rule = nullptr;
};

// The JSON path of a list ("location.place_names") as keys.
std::vector<std::string> ListKeys(const std::string& list) {
  std::vector<std::string> keys;
  for (std::string_view k : Split(list, '.')) keys.emplace_back(k);
  return keys;
}

json& At(json& root, const std::vector<std::string>& keys) {
  json* node = &root;
  for (const std::string& k : keys) {
    if (!node->is_object()) *node = json::object();
    node = &(*node)[k];
  }
  return *node;
}

// What becomes of a column: mapped (a field or, refined later, a list item), ignored, kept
// verbatim in a report's source_fields, or — for other records — an error.
ColumnAction::Kind KindOfColumn(const std::string& name, const Mapping& mapping) {
  if (mapping.columns.contains(name)) return ColumnAction::Kind::kField;
  if (name == kErrorsColumn ||
      std::find(mapping.ignore.begin(), mapping.ignore.end(), name) != mapping.ignore.end()) {
    return ColumnAction::Kind::kIgnore;
  }
  return mapping.entity == EntityKind::kReport ? ColumnAction::Kind::kSourceField
                                               : ColumnAction::Kind::kUnmapped;
}

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

class MappedCsvReader : public CsvRowReader {
 public:
  MappedCsvReader(std::unique_ptr<CsvReader> csv, const Mapping& mapping)
      : CsvRowReader(std::move(csv), mapping.entity), mapping_(mapping) {
    const auto& header = this->csv().header();
    // The actions point into this reader's own copy of the mapping.
    actions_.resize(header.size());
    for (size_t i = 0; i < header.size(); ++i) {
      ColumnAction& a = actions_[i];
      a.kind = KindOfColumn(header[i], mapping_);
      if (a.kind != ColumnAction::Kind::kField) continue;
      a.rule = &mapping_.columns.at(header[i]);
      auto target = ResolveTarget(mapping_.entity, a.rule->field);  // valid: ValidateMapping passed
      if (target && target->item) {
        a.kind = ColumnAction::Kind::kItem;
        a.item = *target->item;
      } else if (target) {
        a.field = target->field;
      }
    }
    for (size_t i = 0; i < actions_.size(); ++i) {
      const ColumnAction& a = actions_[i];
      if (a.kind == ColumnAction::Kind::kField) {
        resolver_.Add(a.field->name, header[i]);
      } else if (a.kind == ColumnAction::Kind::kItem) {
        resolver_.Add(fmt::format("{}[{}].{}", a.item.list, a.item.index, a.item.key), header[i]);
        item_has_column_.insert({a.item.list, a.item.index});
        lists_.insert(a.item.list);
      }
    }
    // Constants: flat ones go into the template every row starts from; item ones wait for
    // their item (an item that only constants fill always exists).
    template_ = json::object();
    for (const auto& [field, value] : mapping_.constants) {
      auto target = ResolveTarget(mapping_.entity, field);
      if (!target) continue;  // ValidateMapping has refused such a mapping already
      if (target->field) {
        if (auto v = CellValue(*target->field, value))
          PutValue(template_, *target->field, std::move(*v));
      } else if (!value.empty()) {
        item_constants_[{target->item->list, target->item->index}][target->item->key] = value;
        lists_.insert(target->item->list);
      }
    }
  }

 protected:
  void Convert(const std::vector<std::string>& cells, ImportRow& row) override {
    RowErrors errors(row);
    const auto& header = csv().header();
    json j = template_;
    std::map<std::pair<std::string, size_t>, json> items;
    for (size_t i = 0; i < actions_.size(); ++i) {
      const ColumnAction& a = actions_[i];
      if (a.kind == ColumnAction::Kind::kIgnore || a.kind == ColumnAction::Kind::kUnmapped)
        continue;
      if (a.kind == ColumnAction::Kind::kSourceField) continue;  // after the mapped columns
      std::string value(Trim(cells[i]));
      if (auto it = a.rule->values.find(value); it != a.rule->values.end()) value = it->second;
      if (value.empty()) continue;
      if (a.kind == ColumnAction::Kind::kItem) {
        items[{a.item.list, a.item.index}][a.item.key] = value;
        continue;
      }
      if (!a.rule->date_format.empty()) {
        auto d = Date::ParseWithFormat(value, a.rule->date_format);
        if (!d) {
          errors.Add(header[i], d.error().message());
          continue;
        }
        value = d->ToString();
      }
      auto v = CellValue(*a.field, value);
      if (!v)
        errors.Add(header[i], v.error().message());
      else
        PutValue(j, *a.field, std::move(*v));
    }

    // A report is kept as given: the columns the mapping does not place stay verbatim.
    for (size_t i = 0; i < actions_.size(); ++i) {
      if (actions_[i].kind != ColumnAction::Kind::kSourceField || cells[i].empty()) continue;
      json& fields = j["source_fields"];
      if (fields.is_null()) fields = json::object();
      if (!fields.is_object() || fields.contains(header[i])) {
        errors.Add(header[i],
                   "cannot be kept in source_fields: a mapped column fills the same place");
        continue;
      }
      fields[header[i]] = cells[i];
    }

    // Lists are built in index order without gaps; `positions` remembers which mapped index
    // each item came from, so that "belligerents[0].name" errors name the right column.
    std::map<std::string, std::vector<size_t>> positions;
    for (const auto& [slot, constants] : item_constants_) {
      if (!item_has_column_.contains(slot) || items.contains(slot)) {
        json& item = items[slot];
        for (const auto& [k, v] : constants.items()) item[k] = v;
      }
    }
    for (const std::string& list : lists_) {
      json array = json::array();
      for (auto it = items.lower_bound({list, 0}); it != items.end() && it->first.first == list;
           ++it) {
        positions[list].push_back(it->first.second);
        array.push_back(std::move(it->second));
      }
      if (!array.empty()) At(j, ListKeys(list)) = std::move(array);
    }

    const ColumnOf column_of = [&](const std::string& field) -> std::string {
      if (field.starts_with("source_fields.")) return field.substr(14);
      for (const auto& [list, original] : positions) {
        if (!field.starts_with(list + "[")) continue;
        const size_t open = list.size();
        const size_t close = field.find(']', open);
        if (close == std::string::npos) break;
        const auto k = ParseInt64(std::string_view(field).substr(open + 1, close - open - 1));
        if (!k || *k < 0 || static_cast<size_t>(*k) >= original.size()) break;
        return resolver_.Resolve(fmt::format("{}[{}]{}", list, original[static_cast<size_t>(*k)],
                                             field.substr(close + 1)));
      }
      return resolver_.Resolve(field);
    };
    errors.NextStage();
    Result<AnyRecord> record = FromJson(mapping_.entity, j);
    if (!record) {
      AddStatusErrors(record.error(), column_of, errors);
      return;
    }
    CompleteRow(std::move(*record), column_of, row);
  }

 private:
  Mapping mapping_;  // a copy: the caller's mapping need not outlive the reader
  std::vector<ColumnAction> actions_;
  ColumnResolver resolver_;
  json template_;
  std::set<std::string> lists_;
  std::set<std::pair<std::string, size_t>> item_has_column_;
  std::map<std::pair<std::string, size_t>, json> item_constants_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenMappedCsvReader(std::istream& in,
                                                          const Mapping& mapping) {
  CIVHARM_RETURN_IF_ERROR(ValidateMapping(mapping));
  CIVHARM_ASSIGN_OR_RETURN(auto csv, CsvReader::Open(in, {.delimiter = mapping.delimiter}));
  const auto& header = csv->header();

  std::vector<std::string> missing;
  for (const auto& [column, rule] : mapping.columns) {
    if (!csv->ColumnIndex(column)) missing.push_back(column);
  }
  for (const std::string& column : mapping.ignore) {
    if (!csv->ColumnIndex(column)) missing.push_back(column);
  }
  if (!missing.empty()) {
    return std::unexpected(InvalidArgument(fmt::format(
        "the mapping names {} the file does not have: {} (the file's columns are {})",
        missing.size() == 1 ? "a column" : "columns", QuotedList(missing), QuotedList(header))));
  }

  std::vector<std::string> unmapped;
  for (const std::string& name : header) {
    if (KindOfColumn(name, mapping) == ColumnAction::Kind::kUnmapped) unmapped.push_back(name);
  }
  if (!unmapped.empty()) {
    return std::unexpected(InvalidArgument(
        fmt::format("{} {} {} neither mapped nor ignored: list {} under 'columns' or 'ignore' "
                    "(only a report keeps "
                    "unmapped columns, in its source_fields)",
                    unmapped.size() == 1 ? "column" : "columns", QuotedList(unmapped),
                    unmapped.size() == 1 ? "is" : "are", unmapped.size() == 1 ? "it" : "them")));
  }
  return std::unique_ptr<RecordReader>(new MappedCsvReader(std::move(csv), mapping));
}

}  // namespace civharm::io::internal
