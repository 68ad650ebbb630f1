#include "service/victim_linkage.h"

#include <map>

#include <fmt/format.h>

#include "linkage/normalize.h"
#include "service/authorization.h"

namespace civharm::service {
namespace {

// kFirstWord and kLastWord (of the sorted name) are for blocking only: a slip in one word of a
// name leaves the other to bring the pair together.
enum Column : size_t { kName, kAge, kSex, kIncident, kRegistry, kFirstWord, kLastWord, kColumns };

std::vector<std::string> RowOf(const Victim& v) {
  std::vector<std::string> row(kColumns);
  // The first name given in each script, words sorted: "Haddad Amira" = "Amira Haddad".
  std::string names;
  for (const LocalName& n : v.names) names += (names.empty() ? "" : " ") + n.name;
  row[kName] = linkage::SortedTokens(names);
  if (const size_t space = row[kName].find(' '); space != std::string::npos) {
    row[kFirstWord] = row[kName].substr(0, space);
    row[kLastWord] = row[kName].substr(row[kName].rfind(' ') + 1);
  }
  if (v.age) row[kAge] = std::to_string(*v.age);
  if (v.sex && *v.sex != Sex::kUnknown) row[kSex] = std::string(EnumName(*v.sex));
  if (v.incident_id) row[kIncident] = *v.incident_id;
  row[kRegistry] = v.external_registry_id;
  return row;
}

}  // namespace

Result<VictimLinkage> LinkVictims(storage::Store& store, const Actor& actor,
                                  const storage::Query& query) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadVictims));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadPersonalData));
  CIVHARM_RETURN_IF_ERROR(query.Check(EntityKind::kVictim));
  VictimLinkage out;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint32_t> list_of;
  std::map<std::string, uint32_t> lists;
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
    CIVHARM_RETURN_IF_ERROR(tx->Scan(EntityKind::kVictim, query, [&](const AnyRecord& r) {
      const Victim& v = std::get<Victim>(r);
      auto [it, added] = lists.emplace(v.source_name, static_cast<uint32_t>(lists.size()));
      if (added) out.lists.push_back(v.source_name);
      if (out.lists.size() > 32) {
        return InvalidArgument("capture histories are kept for at most 32 lists; filter by list");
      }
      out.victim_ids.push_back(v.meta.id);
      list_of.push_back(it->second);
      rows.push_back(RowOf(v));
      return Status::Ok();
    }));
  }
  if (rows.size() >= 2) {
    using linkage::Measure;
    linkage::TableLinkOptions options;
    options.blocking = {{kFirstWord}, {kLastWord}, {kAge, kSex}, {kIncident}, {kRegistry}};
    options.derived_columns = {{kFirstWord, kName}, {kLastWord, kName}};
    options.source_of = list_of;  // a list names a person once
    CIVHARM_ASSIGN_OR_RETURN(
        linkage::LinkResult r,
        linkage::Deduplicate(rows,
                             {{"name", kName, Measure::kJaroWinkler, {0.88, 0.94}, true},
                              {"age", kAge, Measure::kNumber, {2}},
                              {"sex", kSex, Measure::kExact, {}},
                              {"incident", kIncident, Measure::kExact, {}},
                              {"registry id", kRegistry, Measure::kExact, {}}},
                             options));
    out.person_of = std::move(r.clusters);
    out.pairs = std::move(r.pairs);
  } else {
    for (uint32_t i = 0; i < rows.size(); ++i) out.person_of.push_back(i);
  }
  std::map<uint32_t, uint32_t> history_of_person;
  for (size_t i = 0; i < out.person_of.size(); ++i) {
    history_of_person[out.person_of[i]] |= uint32_t{1} << list_of[i];
  }
  std::map<uint32_t, int64_t> counts;
  for (const auto& [person, history] : history_of_person) ++counts[history];
  out.people = static_cast<int64_t>(history_of_person.size());
  for (const auto& [history, n] : counts) out.histories.push_back({history, n});
  return out;
}

}  // namespace civharm::service
