#include "api/list_query.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "api/query_string.h"
#include "core/strings.h"

namespace civharm::api {
namespace {

Status Bad(const std::string& param, std::string message) {
  return InvalidArgument(std::move(message), param);
}

template <typename E>
Result<std::vector<E>> EnumList(const std::string& param, const std::string& value) {
  std::vector<E> out;
  for (std::string_view part : Split(value, ',')) {
    auto e = ParseEnum<E>(Trim(part));
    if (!e)
      return std::unexpected(Bad(param, fmt::format("'{}' is not {}", part, EnumChoices<E>())));
    out.push_back(*e);
  }
  return out;
}


}  // namespace

Result<storage::BBox> ParseBBox(const std::string& value) {
  const auto parts = Split(value, ',');
  std::vector<double> v;
  for (std::string_view p : parts) {
    if (auto d = ParseDouble(Trim(p))) v.push_back(*d);
  }
  if (parts.size() != 4 || v.size() != 4) {
    return std::unexpected(Bad("bbox", "must be four numbers: west,south,east,north (degrees)"));
  }
  return storage::BBox{v[0], v[1], v[2], v[3]};
}

Result<storage::Query> ParseListParams(EntityKind kind, const QueryParams& params) {
  storage::Query q;
  std::set<std::string> seen;
  for (const auto& [name, value] : params) {
    if (!seen.insert(name).second) {
      return std::unexpected(
          Bad(name, "is given more than once; separate several values by commas"));
    }
    if (name == "date_from" || name == "date_to") {
      auto d = Date::Parse(value);
      if (!d) return std::unexpected(Bad(name, d.error().message()));
      (name == "date_from" ? q.date_from : q.date_to) = *d;
    } else if (name == "bbox") {
      CIVHARM_ASSIGN_OR_RETURN(q.bbox, ParseBBox(value));
    } else if (name == "country") {
      q.country = value;
    } else if (name == "admin1") {
      q.admin1 = value;
    } else if (name == "admin2") {
      q.admin2 = value;
    } else if (name == "admin3") {
      q.admin3 = value;
    } else if (name == "belligerent") {
      q.belligerent = value;
    } else if (name == "status") {
      CIVHARM_ASSIGN_OR_RETURN(q.statuses, EnumList<AssessmentStatus>(name, value));
    } else if (name == "grade") {
      CIVHARM_ASSIGN_OR_RETURN(q.grades, EnumList<ExternalGrade>(name, value));
    } else if (name == "q") {
      q.text = value;
    } else if (name == "personal_q") {
      q.personal_text = value;
    } else if (name == "source_type") {
      CIVHARM_ASSIGN_OR_RETURN(q.source_types, EnumList<SourceType>(name, value));
    } else if (name == "source_name") {
      q.source_name = value;
    } else if (name == "incident_id") {
      if (!IsValidId(value))
        return std::unexpected(Bad(name, fmt::format("'{}' is not a record id", value)));
      q.incident_id = value;
    } else if (name == "retracted") {
      if (value == "exclude")
        q.retracted = storage::RetractedPolicy::kExclude;
      else if (value == "include")
        q.retracted = storage::RetractedPolicy::kInclude;
      else if (value == "only")
        q.retracted = storage::RetractedPolicy::kOnly;
      else
        return std::unexpected(Bad(name, "must be exclude, include or only"));
    } else if (name == "sort") {
      if (value == "newest")
        q.sort = storage::SortOrder::kNewest;
      else if (value == "oldest")
        q.sort = storage::SortOrder::kOldest;
      else if (value == "date")
        q.sort = storage::SortOrder::kDateAsc;
      else if (value == "-date")
        q.sort = storage::SortOrder::kDateDesc;
      else
        return std::unexpected(Bad(name, "must be newest, oldest, date or -date"));
    } else if (name == "limit") {
      auto n = ParseInt64(value);
      if (!n || *n < 1 || *n > 1000)
        return std::unexpected(Bad(name, "must be a whole number from 1 to 1000"));
      q.limit = static_cast<int>(*n);
    } else if (name == "cursor") {
      q.cursor = value;
    } else {
      return std::unexpected(Bad(name, "is not a filter of this list"));
    }
  }
  CIVHARM_RETURN_IF_ERROR(q.Check(kind));
  return q;
}

Result<storage::Query> ParseListQuery(EntityKind kind, std::string_view query_string) {
  CIVHARM_ASSIGN_OR_RETURN(QueryParams params, ParseQueryString(query_string));
  return ParseListParams(kind, params);
}

Result<FilterQuery> ParseFilterQuery(std::string_view query_string,
                                     std::initializer_list<std::string_view> own, EntityKind kind) {
  CIVHARM_ASSIGN_OR_RETURN(QueryParams params, ParseQueryString(query_string));
  FilterQuery out;
  QueryParams filters;
  for (auto& [name, value] : params) {
    if (std::find(own.begin(), own.end(), name) != own.end()) {
      if (!out.params.emplace(name, value).second) {
        return std::unexpected(Bad(name, "is given more than once"));
      }
    } else if (name == "sort" || name == "limit" || name == "cursor") {
      return std::unexpected(Bad(name, "applies to lists, not to figures over every match"));
    } else {
      filters.emplace_back(name, value);
    }
  }
  CIVHARM_ASSIGN_OR_RETURN(out.query, ParseListParams(kind, filters));
  return out;
}

}  // namespace civharm::api
