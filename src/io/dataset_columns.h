// Where a conflict-event dataset's known columns stand in a CSV header (UCDP GED, ACLED), and
// which other columns a report keeps verbatim in its source_fields.
//
//   CIVHARM_ASSIGN_OR_RETURN(auto cols, LocateColumns(*csv, kNames, kRequired, "an ACLED export"));
//   cols.index[c]       // position of known column c, or kAbsentColumn
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/csv_reader.h"

namespace civharm::io::internal {

inline constexpr size_t kAbsentColumn = static_cast<size_t>(-1);

struct DatasetColumns {
  std::vector<size_t> index;     // per known column: its header position, or kAbsentColumn
  std::vector<size_t> verbatim;  // header positions to copy into source_fields
};

// The first `required` of `names` must be in the header; otherwise the file is "not <what>".
// Unknown columns are kept verbatim, and so is a known column when `also_verbatim(c)` says so.
Result<DatasetColumns> LocateColumns(const CsvReader& csv, std::span<const std::string_view> names,
                                     size_t required, std::string_view what,
                                     const std::function<bool(size_t)>& also_verbatim = {});

}  // namespace civharm::io::internal
