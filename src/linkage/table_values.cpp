#include "linkage/table_values.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "core/strings.h"
#include "linkage/normalize.h"
#include "linkage/string_compare.h"

namespace civharm::linkage {

std::optional<double> NumberIn(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

int8_t LevelOf(const ValueView& a, const ValueView& b, bool same, const FieldComparison& field) {
  if (a.text.empty() || b.text.empty()) return kMissing;
  const auto top = static_cast<int8_t>(field.thresholds.size() + 1);
  if (field.measure == Measure::kNumber) {
    if (!a.number || !b.number) return kMissing;
    if (*a.number == *b.number) return top;
  } else if (same) {
    return top;
  }
  double similarity = 0;  // larger is more similar, compared with ascending thresholds
  switch (field.measure) {
    case Measure::kExact:
      return 0;
    case Measure::kJaroWinkler:
      similarity = JaroWinkler(a.code_points, b.code_points);
      break;
    case Measure::kTokenJaccard:
      similarity = TokenJaccard(a.text, b.text);
      break;
    case Measure::kLevenshtein:
      similarity = -static_cast<double>(Levenshtein(a.code_points, b.code_points));
      break;
    case Measure::kNumber:
      similarity = -std::abs(*a.number - *b.number);
      break;
  }
  const bool distance = field.measure == Measure::kLevenshtein || field.measure == Measure::kNumber;
  int8_t level = 0;
  for (size_t i = 0; i < field.thresholds.size(); ++i) {
    // Distances: thresholds are given from the loosest (largest) to the tightest.
    const double t = distance ? -field.thresholds[i] : field.thresholds[i];
    if (similarity >= t) level = static_cast<int8_t>(i + 1);
  }
  return level;
}

TableValues::TableValues(const std::vector<std::vector<std::string>>& raw,
                         const std::vector<bool>& number_columns)
    : rows_(raw.size()), columns_(raw.empty() ? 0 : raw[0].size()) {
  ids_.resize(rows_ * columns_);
  columns_data_.resize(columns_);
  for (size_t c = 0; c < columns_; ++c) {
    const bool number = c < number_columns.size() && number_columns[c];
    // First in order of appearance: raw texts seen, and the texts they became ("Amira" and
    // "AMIRA" are one value), with how many rows have each.
    std::unordered_map<std::string_view, uint32_t> id_of_raw;
    std::unordered_map<std::string, uint32_t> id_of_text = {{"", 0}};
    std::vector<const std::string*> texts = {&id_of_text.begin()->first};
    std::vector<int64_t> rows_with = {0};
    for (size_t i = 0; i < rows_; ++i) {
      const std::string& value = raw[i][c];
      auto [at, added] = id_of_raw.try_emplace(value, 0);
      if (added) {
        std::string text = number ? std::string(Trim(value)) : NormalizeName(value);
        const auto [it, is_new] =
            id_of_text.try_emplace(std::move(text), static_cast<uint32_t>(texts.size()));
        if (is_new) {
          texts.push_back(&it->first);
          rows_with.push_back(0);
        }
        at->second = it->second;
      }
      ids_[i * columns_ + c] = at->second;
      ++rows_with[at->second];
    }
    // Then renumbered, the empty value 0 and the others by decreasing frequency (ties in order
    // of appearance), so that the values most pairs compare sit together in memory.
    std::vector<uint32_t> order(texts.size());
    for (uint32_t id = 0; id < order.size(); ++id) order[id] = id;
    std::stable_sort(order.begin() + 1, order.end(),
                     [&](uint32_t x, uint32_t y) { return rows_with[x] > rows_with[y]; });
    std::vector<uint32_t> renumbered(order.size());
    Column& column = columns_data_[c];
    column.slots.reserve(order.size());
    for (uint32_t id = 0; id < order.size(); ++id) {
      renumbered[order[id]] = id;
      const std::string& text = *texts[order[id]];
      const std::u32string points = CodePoints(text);
      column.slots.push_back({.points_at = static_cast<uint32_t>(column.points.size()),
                              .points_size = static_cast<uint32_t>(points.size()),
                              .chars_at = static_cast<uint32_t>(column.chars.size()),
                              .chars_size = static_cast<uint32_t>(text.size()),
                              .number = NumberIn(text)});
      column.points += points;
      column.chars += text;
    }
    for (size_t i = 0; i < rows_; ++i) ids_[i * columns_ + c] = renumbered[ids_[i * columns_ + c]];
  }
}

}  // namespace civharm::linkage
