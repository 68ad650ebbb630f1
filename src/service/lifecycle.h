// The lifecycle of a case (DESIGN.md §3) as one table: for each step, the statuses it may start
// from, the status it leads to, the action (and so the roles) allowed to take it, and what it
// requires. CaseService (service/case_service.h) checks every step against it; the API and the
// CLI describe it from it.
//
//   report RECEIVED ─► linked to INCIDENT (or new incident)
//   UNASSESSED ─► ASSESSING ─► CREDIBLE | NOT_CREDIBLE(reason) | INSUFFICIENT_INFO | DUPLICATE(of)
//   CREDIBLE ─► [INVESTIGATING ─► INVESTIGATED] ─► RESPONDING ─► CLOSED
//   NOT_CREDIBLE | INSUFFICIENT_INFO | DUPLICATE | CLOSED ─► REOPENED ─► ASSESSING
//
// Stages and deadlines: an allegation waits for its finding (stage "assessment", from its
// arrival or reopening), an investigation for its completion (stage "investigation", from its
// opening), a credible case for its response to close (stage "response", from the finding or
// the investigation's completion). Each stage has a deadline in days, configurable.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "domain/case_records.h"
#include "service/authorization.h"

namespace civharm::service {

struct StepRule {
  CaseStep step;
  std::vector<AssessmentStatus> from;
  std::vector<AssessmentStatus> to;  // several for record_finding: the finding decides
  Action action;                     // the roles allowed: those RoleAllows this action
  std::string_view requires_;        // what the step needs, in words
};

// Every step, in lifecycle order.
std::span<const StepRule> StepRules();
const StepRule& RuleOf(CaseStep step);

// The status a finding leads to.
AssessmentStatus StatusOf(Finding finding);
// Closed statuses: nothing more is to happen unless the case is reopened.
bool IsClosedStatus(AssessmentStatus status);

// The status `step` leads to from `from` (for record_finding, `finding`'s status), or
// conflict saying which statuses the step starts from.
Result<AssessmentStatus> NextStatus(AssessmentStatus from, CaseStep step,
                                    std::optional<Finding> finding = std::nullopt);

// The steps `actor` may take from `status` now (roles only; the data each step needs is checked
// when it is taken).
std::vector<CaseStep> AllowedSteps(const Actor& actor, AssessmentStatus status);

enum class Stage { kAssessment, kInvestigation, kResponse };
// The stage an open case is in; nullopt for closed statuses.
std::optional<Stage> StageOf(AssessmentStatus status);

// Days allowed per stage.
struct Deadlines {
  int assessment_days = 30;
  int investigation_days = 90;
  int response_days = 90;
  int DaysFor(Stage stage) const;
  // invalid_argument unless every figure is 1–3650.
  Status Check() const;
};

// Where a case stands against its stage's deadline on `today`.
struct DeadlineState {
  Stage stage = Stage::kAssessment;
  Date since = Date::FromDays(0);  // when the stage began
  Date due = Date::FromDays(0);
  int age_days = 0;      // today − since
  int overdue_days = 0;  // today − due, when positive; 0 otherwise
};
DeadlineState DeadlineOf(Stage stage, Date since, Date today, const Deadlines& deadlines);

}  // namespace civharm::service

namespace civharm {
template <>
struct EnumTraits<service::Stage> {
  static constexpr std::array kNames = {
      std::pair{service::Stage::kAssessment, std::string_view("assessment")},
      std::pair{service::Stage::kInvestigation, std::string_view("investigation")},
      std::pair{service::Stage::kResponse, std::string_view("response")}};
};
}  // namespace civharm
