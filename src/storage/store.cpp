#include "storage/store.h"

#include <algorithm>

#include <fmt/format.h>

#include "geo/geo.h"
#include "storage/sqlite/sqlite_store.h"

namespace civharm::storage {

bool View::Sees(const std::vector<std::string>& restricted_to) const {
  if (all_groups || restricted_to.empty()) return true;
  for (const std::string& g : restricted_to) {
    if (std::find(groups.begin(), groups.end(), g) != groups.end()) return true;
  }
  return false;
}
namespace {

bool Is(EntityKind kind, std::initializer_list<EntityKind> kinds) {
  for (EntityKind k : kinds) {
    if (k == kind) return true;
  }
  return false;
}

}  // namespace

Status Query::Check(EntityKind kind) const {
  using K = EntityKind;
  const auto refuse = [&](std::string_view filter) {
    return InvalidArgument(
        fmt::format("the filter '{}' does not apply to {} records", filter, EnumName(kind)),
        std::string(filter));
  };
  const bool placed = Is(kind, {K::kIncident, K::kReport, K::kOperation});
  if ((date_from || date_to) && !placed) return refuse(date_from ? "date_from" : "date_to");
  if (bbox && !placed) return refuse("bbox");
  if (!placed) {
    for (const auto& [v, name] : {std::pair{&country, "country"}, std::pair{&admin1, "admin1"},
                                  std::pair{&admin2, "admin2"}, std::pair{&admin3, "admin3"}}) {
      if (!v->empty()) return refuse(name);
    }
  }
  if (!belligerent.empty() && !Is(kind, {K::kIncident, K::kReport})) return refuse("belligerent");
  if (!statuses.empty() && kind != K::kIncident) return refuse("status");
  if (!grades.empty() && kind != K::kIncident) return refuse("grade");
  if (!text.empty() && !placed) return refuse("q");
  if (!personal_text.empty() && !Is(kind, {K::kReport, K::kVictim})) return refuse("personal_q");
  if (!source_types.empty() && kind != K::kReport) return refuse("source_type");
  if (!source_name.empty() && !Is(kind, {K::kReport, K::kVictim})) return refuse("source_name");
  if (incident_id && !Is(kind, {K::kReport, K::kVictim})) return refuse("incident_id");
  if ((sort == SortOrder::kDateAsc || sort == SortOrder::kDateDesc) && !placed) {
    return InvalidArgument(fmt::format("{} records cannot be sorted by date", EnumName(kind)),
                           "sort");
  }
  if (limit < 1 || limit > 1000) {
    return InvalidArgument(fmt::format("{} is not a page size from 1 to 1000", limit), "limit");
  }
  if (date_from && date_to && *date_to < *date_from) {
    return InvalidArgument("date_to is before date_from", "date_to");
  }
  if (bbox) {
    if (!geo::IsValidLongitude(bbox->min_lon) || !geo::IsValidLongitude(bbox->max_lon) ||
        !geo::IsValidLatitude(bbox->min_lat) || !geo::IsValidLatitude(bbox->max_lat)) {
      return InvalidArgument("the box's corners must be valid longitudes and latitudes", "bbox");
    }
    if (bbox->min_lat > bbox->max_lat) {
      return InvalidArgument("the box's southern edge is north of its northern edge", "bbox");
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  std::string_view location = options.location;
  if (location.starts_with("postgres://") || location.starts_with("postgresql://")) {
    return std::unexpected(
        Unavailable("the PostgreSQL backend is not part of this build; use a SQLite file path"));
  }
  if (location.starts_with("sqlite:")) location.remove_prefix(7);
  if (location.empty()) return std::unexpected(InvalidArgument("no database location given", "db"));
  return sqlite::SqliteStore::Open(std::string(location), options.migrations, options.keys);
}

}  // namespace civharm::storage
