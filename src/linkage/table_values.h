// The rows of a table as table linkage (table_linkage.h) compares them: each column's distinct
// values held once — names normalised (NormalizeName), numbers trimmed — and each row a number
// per column naming its value. A million rows give tens of millions of candidate pairs out of a
// few hundred thousand distinct names, so exact agreement becomes a comparison of two numbers, a
// value is normalised, decoded and parsed once rather than once for every pair it is in, and the
// values compared are packed close together (the most common first) where the cache keeps them.
//
//   const TableValues values(rows, /*number_columns=*/{false, true});
//   int8_t level = values.Level(a, b, fields[k]);   // as ComparePair gives on the texts
//
// Immutable once built, so any number of threads may read it at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linkage/table_linkage.h"

namespace civharm::linkage {

// A value as the comparisons see it; views into storage that outlives it.
struct ValueView {
  std::string_view text;            // as compared; empty is missing
  std::u32string_view code_points;  // of `text`, for the string comparators
  std::optional<double> number;     // `text` read as a number, when it is one
};

// `text` read whole as a number (std::from_chars), if it is one.
std::optional<double> NumberIn(std::string_view text);

// The agreement level of two values under `field` (see Measure); `same` says whether their texts
// are equal. kMissing when either is empty or, for kNumber, not a number.
int8_t LevelOf(const ValueView& a, const ValueView& b, bool same, const FieldComparison& field);

class TableValues {
 public:
  // `raw`: every row the same number of columns (not checked here). Values of the columns with
  // number_columns[c] set are trimmed, the others normalised by NormalizeName.
  TableValues(const std::vector<std::vector<std::string>>& raw,
              const std::vector<bool>& number_columns);

  size_t rows() const { return rows_; }
  // The number of `row`'s value in `column`: 0 for the empty value, 1… for the others, one per
  // distinct text, the most common first.
  uint32_t Id(size_t row, size_t column) const { return ids_[row * columns_ + column]; }
  // The distinct values of `column`, the empty one included.
  size_t Distinct(size_t column) const { return columns_data_[column].slots.size(); }
  std::string_view Text(size_t row, size_t column) const {
    return View(column, Id(row, column)).text;
  }

  // Hints that `row` will be compared soon, in three steps each a few pairs apart: its value
  // numbers, then the values they name, then those values' code points, each step reading what
  // the one before fetched. Comparing pairs in order, the second record of each is anywhere in
  // memory; fetching ahead hides the wait.
  enum class Fetch { kIds, kValues, kCodePoints };
  void Prefetch(size_t row, Fetch what, const std::vector<FieldComparison>& fields) const {
    if (what == Fetch::kIds) {
      __builtin_prefetch(&ids_[row * columns_]);
      return;
    }
    for (const FieldComparison& f : fields) {
      const Column& c = columns_data_[f.column];
      const Slot& s = c.slots[Id(row, f.column)];
      if (what == Fetch::kValues) {
        __builtin_prefetch(&s);
      } else {
        __builtin_prefetch(c.points.data() + s.points_at);
      }
    }
  }

  int8_t Level(size_t a, size_t b, const FieldComparison& field) const {
    const uint32_t x = Id(a, field.column), y = Id(b, field.column);
    if (x == 0 || y == 0) return kMissing;
    return LevelOf(View(field.column, x), View(field.column, y), x == y, field);
  }

 private:
  struct Slot {
    uint32_t points_at = 0, points_size = 0;  // in Column::points
    uint32_t chars_at = 0, chars_size = 0;    // in Column::chars
    std::optional<double> number;
  };
  struct Column {
    std::vector<Slot> slots;  // by id
    std::u32string points;    // every value's code points, back to back, in id order
    std::string chars;        // every value's text, likewise
  };
  ValueView View(size_t column, uint32_t id) const {
    const Column& c = columns_data_[column];
    const Slot& s = c.slots[id];
    return {std::string_view(c.chars).substr(s.chars_at, s.chars_size),
            std::u32string_view(c.points).substr(s.points_at, s.points_size), s.number};
  }

  size_t rows_ = 0, columns_ = 0;
  std::vector<uint32_t> ids_;  // row-major: ids_[row · columns_ + column]
  std::vector<Column> columns_data_;
};

}  // namespace civharm::linkage
