#include "io/dataset_columns.h"

#include <fmt/format.h>

#include "io/csv_row_reader.h"

namespace civharm::io::internal {

Result<DatasetColumns> LocateColumns(const CsvReader& csv, std::span<const std::string_view> names,
                                     size_t required, std::string_view what,
                                     const std::function<bool(size_t)>& also_verbatim) {
  DatasetColumns out;
  out.index.assign(names.size(), kAbsentColumn);
  std::vector<bool> translated(csv.header().size(), false);
  std::string missing;
  for (size_t c = 0; c < names.size(); ++c) {
    const auto i = csv.ColumnIndex(names[c]);
    if (!i) {
      if (c < required) missing += fmt::format("{}'{}'", missing.empty() ? "" : ", ", names[c]);
      continue;
    }
    out.index[c] = *i;
    translated[*i] = !(also_verbatim && also_verbatim(c));
  }
  if (!missing.empty()) {
    return std::unexpected(InvalidArgument(fmt::format(
        "this is not {}: it lacks the columns {} (see docs/FORMATS.md)", what, missing)));
  }
  for (size_t i = 0; i < csv.header().size(); ++i) {
    if (!translated[i] && csv.header()[i] != kErrorsColumn) out.verbatim.push_back(i);
  }
  return out;
}

}  // namespace civharm::io::internal
