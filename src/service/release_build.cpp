#include "service/release_build.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/codec.h"
#include "service/lifecycle.h"

namespace civharm::service::internal {
namespace {

using nlohmann::json;

template <typename T>
Result<T> Decode(const json& doc, std::string_view what) {
  auto record = FromJson<T>(doc);
  if (!record) {
    return std::unexpected(DataLoss(fmt::format("the audit log holds a {} that cannot be read: {}",
                                                what, record.error().ToString())));
  }
  return record;
}

struct OpenCase {
  AssessmentStatus status = AssessmentStatus::kUnassessed;
  Date arrival = Date::FromDays(0);
  std::optional<Date> last_step;
};

}  // namespace

Status BuildRows(storage::ReadTransaction& tx, const ReleaseRules& rules, int64_t seq,
                 ReleaseSummary& summary, const std::function<Status(std::string_view)>& put) {
  summary = {};
  return tx.ScanDocumentsAsOf(EntityKind::kIncident, seq, [&](const json& doc) -> Status {
    CIVHARM_ASSIGN_OR_RETURN(const Incident incident, Decode<Incident>(doc, "incident"));
    ++summary.considered;
    const ReleaseDecision d = Publish(incident, rules);
    if (d.excluded) {
      ++summary.excluded[std::string(EnumName(*d.excluded))];
      return Status::Ok();
    }
    ++summary.released;
    ++summary.by_level[d.form.level];
    ++summary.coordinates[std::string(EnumName(d.form.coordinates))];
    if (d.form.date_coarsened) ++summary.dates_coarsened;
    for (const std::string& field : d.form.withheld) ++summary.withheld_fields[field];
    std::string row;
    try {
      row = d.form.doc.dump(-1, ' ', false, json::error_handler_t::strict);
    } catch (const json::exception&) {
      return DataLoss(fmt::format("incident {} holds text that is not UTF-8", incident.meta.id));
    }
    return put(row);
  });
}

Result<OpenAssessments> BuildOpenAssessments(storage::ReadTransaction& tx, int64_t seq, Date on) {
  std::map<Id, OpenCase> cases;
  CIVHARM_RETURN_IF_ERROR(
      tx.ScanDocumentsAsOf(EntityKind::kIncident, seq, [&](const json& doc) -> Status {
        CIVHARM_ASSIGN_OR_RETURN(const Incident i, Decode<Incident>(doc, "incident"));
        if (i.meta.retracted() || !StageOf(i.status)) return Status::Ok();
        cases[i.meta.id] = {.status = i.status, .arrival = i.meta.created_at.date()};
        return Status::Ok();
      }));
  CIVHARM_RETURN_IF_ERROR(
      tx.ScanDocumentsAsOf(EntityKind::kReport, seq, [&](const json& doc) -> Status {
        CIVHARM_ASSIGN_OR_RETURN(const Report r, Decode<Report>(doc, "report"));
        if (r.meta.retracted() || !r.incident_id) return Status::Ok();
        auto it = cases.find(*r.incident_id);
        if (it == cases.end()) return Status::Ok();
        const Date received = r.received_at.value_or(r.meta.created_at).date();
        it->second.arrival = std::min(it->second.arrival, received);
        return Status::Ok();
      }));
  CIVHARM_RETURN_IF_ERROR(tx.ScanCaseRecordsAsOf(seq, [&](const CaseRecord& record) {
    const auto* t = std::get_if<Transition>(&record);
    if (!t) return Status::Ok();
    auto it = cases.find(t->meta.incident_id);
    if (it != cases.end()) it->second.last_step = t->on;  // records come in the order made
    return Status::Ok();
  }));

  OpenAssessments out{.as_of = on};
  std::map<Stage, std::vector<int>> ages;
  for (const auto& [stage, name] : EnumTraits<Stage>::kNames) {
    out.stages.push_back({.stage = std::string(name)});
    ages[stage];
  }
  for (const auto& [id, c] : cases) {
    const Stage stage = *StageOf(c.status);
    const Date since = c.last_step.value_or(c.arrival);
    const int age = std::max(0, on.days() - since.days());
    OpenStage& s = out.stages[static_cast<size_t>(stage)];
    ++s.count;
    const auto bucket = std::lower_bound(kOpenAgeBounds.begin(), kOpenAgeBounds.end(), age) -
                        kOpenAgeBounds.begin();
    ++s.by_age[static_cast<size_t>(bucket)];
    ages[stage].push_back(age);
  }
  for (const auto& [stage, name] : EnumTraits<Stage>::kNames) {
    std::vector<int>& a = ages[stage];
    if (a.empty()) continue;
    std::sort(a.begin(), a.end());
    OpenStage& s = out.stages[static_cast<size_t>(stage)];
    s.median_age_days = a[(a.size() - 1) / 2];  // the lower median, as the backlog gives it
    s.oldest_age_days = a.back();
  }
  return out;
}

}  // namespace civharm::service::internal
