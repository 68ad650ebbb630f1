// CaseService's views over many cases: overdue, backlog, review queue, amends totals, an
// incident's timeline and the comparison of collateral damage estimates with assessed harm.
#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "analytics/aggregates.h"
#include "service/authorization.h"
#include "service/case_service.h"

namespace civharm::service {
namespace {

using S = AssessmentStatus;

// What the views need of every visible case: the incident's status and title, the day its
// current stage began, and its latest assessment.
struct CaseSummary {
  Id incident_id;
  std::string title;
  S status = S::kUnassessed;
  Date arrival = Date::FromDays(INT32_MAX);  // earliest report received (or incident created)
  std::optional<Date> last_step;             // the day of its last transition
  std::optional<Assessment> assessment;      // the latest
  std::vector<Timestamp> reports_received;
};

// One pass over incidents, reports and case records. `statuses` limits the incidents (empty:
// every one).
Result<std::unordered_map<Id, CaseSummary>> Summaries(storage::ReadTransaction& tx,
                                                      const std::vector<S>& statuses) {
  std::unordered_map<Id, CaseSummary> cases;
  storage::Query incidents;
  incidents.statuses = statuses;
  CIVHARM_RETURN_IF_ERROR(tx.Scan(EntityKind::kIncident, incidents, [&](const AnyRecord& r) {
    const Incident& i = std::get<Incident>(r);
    cases[i.meta.id] = {.incident_id = i.meta.id,
                        .title = i.title,
                        .status = i.status,
                        .arrival = i.meta.created_at.date()};
    return Status::Ok();
  }));
  if (cases.empty()) return cases;
  CIVHARM_RETURN_IF_ERROR(tx.Scan(EntityKind::kReport, {}, [&](const AnyRecord& r) {
    const Report& report = std::get<Report>(r);
    if (!report.incident_id) return Status::Ok();
    auto it = cases.find(*report.incident_id);
    if (it == cases.end()) return Status::Ok();
    const Timestamp received = report.received_at.value_or(report.meta.created_at);
    it->second.arrival = std::min(it->second.arrival, received.date());
    it->second.reports_received.push_back(received);
    return Status::Ok();
  }));
  CIVHARM_RETURN_IF_ERROR(
      tx.ScanCaseRecords({.kinds = {CaseRecordKind::kTransition, CaseRecordKind::kAssessment}},
                         [&](const CaseRecord& r) {
                           auto it = cases.find(MetaOf(r).incident_id);
                           if (it == cases.end()) return Status::Ok();
                           if (const auto* t = std::get_if<Transition>(&r))
                             it->second.last_step = t->on;
                           if (const auto* a = std::get_if<Assessment>(&r))
                             it->second.assessment = *a;
                           return Status::Ok();
                         }));
  return cases;
}

std::vector<S> OpenStatuses() {
  std::vector<S> open;
  for (const auto& [status, name] : EnumTraits<S>::kNames) {
    if (StageOf(status)) open.push_back(status);
  }
  return open;
}

Date SinceOf(const CaseSummary& c) {
  return c.last_step.value_or(c.arrival);
}

}  // namespace

Result<std::vector<OverdueCase>> CaseService::Overdue(const Actor& actor, Date today) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto cases, Summaries(*tx, OpenStatuses()));
  std::vector<OverdueCase> out;
  for (const auto& [id, c] : cases) {
    const DeadlineState d = DeadlineOf(*StageOf(c.status), SinceOf(c), today, deadlines_);
    if (d.overdue_days > 0) out.push_back({id, c.title, c.status, d});
  }
  std::sort(out.begin(), out.end(), [](const OverdueCase& a, const OverdueCase& b) {
    if (a.deadline.overdue_days != b.deadline.overdue_days)
      return a.deadline.overdue_days > b.deadline.overdue_days;
    return a.incident_id < b.incident_id;
  });
  return out;
}

Result<Backlog> CaseService::BacklogOf(const Actor& actor, Date today) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  Backlog out{.today = today};
  for (const auto& [status, name] : EnumTraits<S>::kNames) {
    storage::Query q;
    q.statuses = {status};
    CIVHARM_ASSIGN_OR_RETURN(out.by_status[status], tx->Count(EntityKind::kIncident, q));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto cases, Summaries(*tx, OpenStatuses()));
  std::map<Stage, std::vector<int>> ages;
  for (const auto& [stage, name] : EnumTraits<Stage>::kNames) {
    out.stages.push_back({.stage = stage});
    ages[stage];
  }
  for (const auto& [id, c] : cases) {
    const Stage stage = *StageOf(c.status);
    const DeadlineState d = DeadlineOf(stage, SinceOf(c), today, deadlines_);
    StageBacklog& b = out.stages[static_cast<size_t>(stage)];
    ++b.count;
    if (d.overdue_days > 0) ++b.overdue;
    const auto bucket =
        std::lower_bound(kBacklogAgeBounds.begin(), kBacklogAgeBounds.end(), d.age_days) -
        kBacklogAgeBounds.begin();
    ++b.by_age[static_cast<size_t>(bucket)];
    ages[stage].push_back(d.age_days);
  }
  for (StageBacklog& b : out.stages) {
    std::vector<int>& a = ages[b.stage];
    if (a.empty()) continue;
    std::sort(a.begin(), a.end());
    // The lower median: a whole number of days that one of the cases has actually waited.
    b.median_age_days = a[(a.size() - 1) / 2];
    b.oldest_age_days = a.back();
  }
  return out;
}

Result<std::vector<ReviewItem>> CaseService::ReviewQueue(const Actor& actor) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto cases,
                           Summaries(*tx, {S::kNotCredible, S::kInsufficientInfo, S::kDuplicate}));
  std::vector<ReviewItem> out;
  for (const auto& [id, c] : cases) {
    ReviewItem item{
        .incident_id = id, .title = c.title, .status = c.status, .found_on = SinceOf(c)};
    if (c.assessment) item.reason = c.assessment->not_credible_reason;
    // New information: a report received after the day of the finding.
    const Timestamp after =
        Timestamp::Parse(item.found_on.AddDays(1).ToString()).value_or(Timestamp());
    for (const Timestamp& t : c.reports_received) {
      if (t < after) continue;
      ++item.new_reports;
      if (!item.latest_report_at || *item.latest_report_at < t) item.latest_report_at = t;
    }
    out.push_back(std::move(item));
  }
  std::sort(out.begin(), out.end(), [](const ReviewItem& a, const ReviewItem& b) {
    if ((a.new_reports > 0) != (b.new_reports > 0)) return a.new_reports > 0;
    if (a.new_reports > 0 && a.latest_report_at != b.latest_report_at)
      return a.latest_report_at > b.latest_report_at;
    if (a.found_on != b.found_on) return a.found_on < b.found_on;
    return a.incident_id < b.incident_id;
  });
  return out;
}

Result<std::vector<AmendsTotal>> CaseService::AmendsTotals(const Actor& actor,
                                                           std::optional<Id> incident_id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  std::map<std::pair<std::string, ResponseStatus>, AmendsTotal> totals;
  CIVHARM_RETURN_IF_ERROR(tx->ScanCaseRecords(
      {.incident_id = incident_id, .kinds = {CaseRecordKind::kResponse}}, [&](const CaseRecord& r) {
        const Response& response = std::get<Response>(r);
        if (!response.amount) return Status::Ok();
        AmendsTotal& t = totals[{response.amount->currency, response.status()}];
        t.currency = response.amount->currency;
        t.status = response.status();
        ++t.payments;
        if (__builtin_add_overflow(t.thousandths, response.amount->thousandths, &t.thousandths)) {
          return Status(ErrorCode::kInternal,
                        fmt::format("the {} total overflows", response.amount->currency));
        }
        return Status::Ok();
      }));
  std::vector<AmendsTotal> out;
  for (auto& [key, t] : totals) out.push_back(std::move(t));
  return out;
}

Result<std::vector<TimelineEntry>> CaseService::Timeline(const Actor& actor,
                                                         const Id& incident_id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadReports));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto incident, storage::GetAs<Incident>(*tx, incident_id));
  if (!incident)
    return std::unexpected(NotFound(fmt::format("there is no incident {}", incident_id)));
  std::vector<TimelineEntry> out;
  const auto on = [](Date d) { return Timestamp::Parse(d.ToString()).value_or(Timestamp()); };
  storage::Query q;
  q.incident_id = incident_id;
  q.retracted = storage::RetractedPolicy::kInclude;
  q.sort = storage::SortOrder::kOldest;
  CIVHARM_RETURN_IF_ERROR(tx->Scan(EntityKind::kReport, q, [&](const AnyRecord& r) {
    const Report& report = std::get<Report>(r);
    out.push_back({report.received_at.value_or(report.meta.created_at), "report", report.meta.id,
                   fmt::format("report received from {} ({}){}", report.source_name,
                               EnumName(report.source_type),
                               report.reference_code.empty()
                                   ? ""
                                   : fmt::format(", reference {}", report.reference_code))});
    return Status::Ok();
  }));
  // An assessment or investigation happened on the day of the step that recorded it.
  std::map<Id, Date> step_day;
  CIVHARM_RETURN_IF_ERROR(
      tx->ScanCaseRecords({.incident_id = incident_id, .kinds = {CaseRecordKind::kTransition}},
                          [&](const CaseRecord& r) {
                            const Transition& t = std::get<Transition>(r);
                            if (t.record) step_day.emplace(*t.record, t.on);
                            return Status::Ok();
                          }));
  const auto made = [&](const CaseMeta& m) {
    auto it = step_day.find(m.id);
    return it == step_day.end() ? m.created_at : on(it->second);
  };
  CIVHARM_RETURN_IF_ERROR(
      tx->ScanCaseRecords({.incident_id = incident_id}, [&](const CaseRecord& r) {
        const CaseMeta& m = MetaOf(r);
        std::visit(
            [&](const auto& rec) {
              using T = std::decay_t<decltype(rec)>;
              if constexpr (std::is_same_v<T, Transition>) {
                out.push_back({on(rec.on), "transition", m.id,
                               fmt::format("{}: {} → {} by {}", EnumName(rec.step),
                                           EnumName(rec.from), EnumName(rec.to), m.created_by)});
              } else if constexpr (std::is_same_v<T, Assessment>) {
                out.push_back(
                    {made(m), "assessment", m.id,
                     fmt::format("assessed {} ({}), {} sources considered", EnumName(rec.finding),
                                 EnumName(rec.standard),
                                 rec.reports_considered.size() + rec.operations_considered.size() +
                                     rec.other_sources.size())});
              } else if constexpr (std::is_same_v<T, Investigation>) {
                out.push_back({made(m), "investigation", m.id,
                               fmt::format("{} investigation by {}", EnumName(rec.kind),
                                           rec.authority.empty() ? "the force" : rec.authority)});
                for (const Inquiry& i : rec.inquiries) {
                  out.push_back({i.on ? on(*i.on) : m.updated_at, "inquiry", m.id,
                                 fmt::format("{}: {}", EnumName(i.kind), EnumName(i.outcome))});
                }
              } else if constexpr (std::is_same_v<T, Response>) {
                for (const StatusChange& c : rec.history) {
                  out.push_back({on(c.on), "response_status", m.id,
                                 rec.amount ? fmt::format("{} of {} {}: {}", EnumName(rec.kind),
                                                          rec.amount->AmountText(),
                                                          rec.amount->currency, EnumName(c.status))
                                            : fmt::format("{}{}: {}", EnumName(rec.kind),
                                                          rec.is_public ? " (public)" : "",
                                                          EnumName(c.status))});
                }
              } else if constexpr (std::is_same_v<T, Consultation>) {
                out.push_back({on(rec.held_on), "consultation", m.id,
                               fmt::format("consultation ({}, in {}) by {}", EnumName(rec.mode),
                                           rec.language, rec.met_by)});
              } else if constexpr (std::is_same_v<T, Lesson>) {
                for (const LessonChange& c : rec.history) {
                  out.push_back({on(c.on), "lesson_status", m.id,
                                 fmt::format("lesson ({}) for {}: {}", EnumName(rec.cause.kind),
                                             rec.owner, EnumName(c.status))});
                }
              }
            },
            r);
        return Status::Ok();
      }));
  std::stable_sort(out.begin(), out.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
  return out;
}

Result<std::vector<CdeComparison>> CaseService::CompareCde(const Actor& actor) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadOperations));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  // Incidents whose case found credible harm, with their operations.
  std::vector<S> credible_or_later = {S::kCredible, S::kInvestigating, S::kInvestigated,
                                      S::kResponding, S::kClosed};
  CIVHARM_ASSIGN_OR_RETURN(auto cases, Summaries(*tx, credible_or_later));
  std::map<Id, CdeComparison> by_operation;
  std::map<Id, std::vector<const Assessment*>> assessed;
  storage::Query q;
  q.statuses = credible_or_later;
  CIVHARM_RETURN_IF_ERROR(tx->Scan(EntityKind::kIncident, q, [&](const AnyRecord& r) {
    const Incident& i = std::get<Incident>(r);
    auto c = cases.find(i.meta.id);
    if (c == cases.end() || !c->second.assessment ||
        c->second.assessment->finding != Finding::kCredible) {
      return Status::Ok();
    }
    for (const Id& op : i.operation_ids) {
      by_operation[op].incidents.push_back(i.meta.id);
      assessed[op].push_back(&*c->second.assessment);
    }
    return Status::Ok();
  }));
  // Each bound of a sum is known only when every incident gives it (analytics::SumOfRanges).
  const auto sum = [](const std::vector<const Assessment*>& parts, CountRange Assessment::*range) {
    std::vector<const CountRange*> ranges;
    for (const Assessment* a : parts) ranges.push_back(&(a->*range));
    return analytics::SumOfRanges(ranges);
  };
  std::vector<CdeComparison> out;
  for (auto& [id, cmp] : by_operation) {
    CIVHARM_ASSIGN_OR_RETURN(auto op, storage::GetAs<Operation>(*tx, id));
    if (!op) continue;  // restricted beyond the actor's groups
    cmp.operation = std::move(*op);
    cmp.assessed_killed = sum(assessed[id], &Assessment::civilians_killed);
    cmp.assessed_injured = sum(assessed[id], &Assessment::civilians_injured);
    const auto exceeds = [](const CountRange& assessed, const CountRange& estimate) {
      const std::optional<int64_t> est = estimate.max ? estimate.max : estimate.best;
      return assessed.min && est && *assessed.min > *est;
    };
    cmp.killed_exceeds_estimate = exceeds(cmp.assessed_killed, cmp.operation.cde.civilian_killed);
    cmp.injured_exceeds_estimate =
        exceeds(cmp.assessed_injured, cmp.operation.cde.civilian_injured);
    out.push_back(std::move(cmp));
  }
  return out;
}

}  // namespace civharm::service
