#include "storage/sqlite/columns.h"

namespace civharm::storage::sqlite {
namespace {

ColumnValue OptionalText(std::string_view s) {
  if (s.empty()) return std::monostate();
  return s;
}
template <typename T>
ColumnValue OptionalNumber(const std::optional<T>& v) {
  if (!v) return std::monostate();
  if constexpr (std::is_floating_point_v<T>)
    return static_cast<double>(*v);
  else
    return static_cast<int64_t>(*v);
}

}  // namespace

ColumnValue IndexColumnValue(std::string_view column, const IndexValues& v) {
  if (column == "date_start") return OptionalNumber(v.date_start);
  if (column == "date_end") return OptionalNumber(v.date_end);
  if (column == "lat") return OptionalNumber(v.lat);
  if (column == "lon") return OptionalNumber(v.lon);
  if (column == "country") return OptionalText(v.country);
  if (column == "admin1") return OptionalText(v.admin1);
  if (column == "admin2") return OptionalText(v.admin2);
  if (column == "admin3") return OptionalText(v.admin3);
  if (column == "status") return std::string_view(v.status);
  if (column == "grade") return OptionalText(v.grade);
  if (column == "source_type") return std::string_view(v.source_type);
  if (column == "source_name") return OptionalText(v.source_name);
  if (column == "source_record_id") return OptionalText(v.source_record_id);
  if (column == "incident_id")
    return v.incident_id ? ColumnValue(std::string_view(*v.incident_id)) : std::monostate();
  if (column == "reference") return std::string_view(v.reference);
  if (column == "access") return OptionalText(v.access);
  return std::monostate();
}

}  // namespace civharm::storage::sqlite
