#include "service/lifecycle.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/problems.h"

namespace civharm::service {
namespace {

using S = AssessmentStatus;

const std::array<StepRule, 7>& Rules() {
  static const std::array<StepRule, 7> kRules = {{
      {CaseStep::kStartAssessment,
       {S::kUnassessed, S::kReopened},
       {S::kAssessing},
       Action::kAssess,
       "nothing: the assessor takes the case"},
      {CaseStep::kRecordFinding,
       {S::kAssessing},
       {S::kCredible, S::kNotCredible, S::kInsufficientInfo, S::kDuplicate},
       Action::kAssess,
       "an assessment: the sources considered, the standard, the finding; the reason when not "
       "credible, the incident when a duplicate, the civilian harm conceded when credible"},
      {CaseStep::kOpenInvestigation,
       {S::kCredible},
       {S::kInvestigating},
       Action::kInvestigate,
       "an investigation: administrative, or a referral naming the authority"},
      {CaseStep::kCompleteInvestigation,
       {S::kInvestigating},
       {S::kInvestigated},
       Action::kInvestigate,
       "the open investigation with its findings, at least one cause, and at least one witness "
       "interview and one site visit recorded (done, remote, or not possible and why)"},
      {CaseStep::kStartResponse,
       {S::kCredible, S::kInvestigated},
       {S::kResponding},
       Action::kRespond,
       "nothing: the response officer takes the case"},
      {CaseStep::kClose,
       {S::kResponding},
       {S::kClosed},
       Action::kRespond,
       "at least one response, and every response resolved (paid, delivered, declined or "
       "withdrawn)"},
      {CaseStep::kReopen,
       {S::kNotCredible, S::kInsufficientInfo, S::kDuplicate, S::kClosed},
       {S::kReopened},
       Action::kReopenCases,
       "a note saying what new information, or which review, reopens it"},
  }};
  return kRules;
}

std::string StatusList(const std::vector<AssessmentStatus>& statuses) {
  std::string out;
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (i) out += i + 1 == statuses.size() ? " or " : ", ";
    out += EnumName(statuses[i]);
  }
  return out;
}

}  // namespace

std::span<const StepRule> StepRules() {
  return Rules();
}

const StepRule& RuleOf(CaseStep step) {
  for (const StepRule& r : Rules()) {
    if (r.step == step) return r;
  }
  return Rules().front();
}

AssessmentStatus StatusOf(Finding finding) {
  switch (finding) {
    case Finding::kCredible:
      return S::kCredible;
    case Finding::kNotCredible:
      return S::kNotCredible;
    case Finding::kInsufficientInfo:
      return S::kInsufficientInfo;
    case Finding::kDuplicate:
      return S::kDuplicate;
  }
  return S::kInsufficientInfo;
}

bool IsClosedStatus(AssessmentStatus status) {
  return status == S::kNotCredible || status == S::kInsufficientInfo || status == S::kDuplicate ||
         status == S::kClosed;
}

Result<AssessmentStatus> NextStatus(AssessmentStatus from, CaseStep step,
                                    std::optional<Finding> finding) {
  const StepRule& rule = RuleOf(step);
  if (std::find(rule.from.begin(), rule.from.end(), from) == rule.from.end()) {
    return std::unexpected(Status(ErrorCode::kConflict,
                                  fmt::format("the case is {}; {} starts from {}", EnumName(from),
                                              EnumName(step), StatusList(rule.from)),
                                  "step"));
  }
  if (step == CaseStep::kRecordFinding) {
    if (!finding) {
      return std::unexpected(InvalidArgument("record_finding needs an assessment", "assessment"));
    }
    return StatusOf(*finding);
  }
  return rule.to.front();
}

std::vector<CaseStep> AllowedSteps(const Actor& actor, AssessmentStatus status) {
  std::vector<CaseStep> steps;
  for (const StepRule& r : Rules()) {
    if (std::find(r.from.begin(), r.from.end(), status) != r.from.end() && Allows(actor, r.action))
      steps.push_back(r.step);
  }
  return steps;
}

std::optional<Stage> StageOf(AssessmentStatus status) {
  switch (status) {
    case S::kUnassessed:
    case S::kAssessing:
    case S::kReopened:
      return Stage::kAssessment;
    case S::kInvestigating:
      return Stage::kInvestigation;
    case S::kCredible:
    case S::kInvestigated:
    case S::kResponding:
      return Stage::kResponse;
    case S::kNotCredible:
    case S::kInsufficientInfo:
    case S::kDuplicate:
    case S::kClosed:
      return std::nullopt;
  }
  return std::nullopt;
}

int Deadlines::DaysFor(Stage stage) const {
  switch (stage) {
    case Stage::kAssessment:
      return assessment_days;
    case Stage::kInvestigation:
      return investigation_days;
    case Stage::kResponse:
      return response_days;
  }
  return assessment_days;
}

Status Deadlines::Check() const {
  Problems p;
  for (const auto& [days, field] : {std::pair{assessment_days, "assessment_days"},
                                    std::pair{investigation_days, "investigation_days"},
                                    std::pair{response_days, "response_days"}}) {
    if (days < 1 || days > 3650) p.Add(field, fmt::format("must be 1–3650 days, not {}", days));
  }
  return p.ToStatus();
}

DeadlineState DeadlineOf(Stage stage, Date since, Date today, const Deadlines& deadlines) {
  DeadlineState d{.stage = stage, .since = since, .due = since.AddDays(deadlines.DaysFor(stage))};
  d.age_days = today.days() - since.days();
  d.overdue_days = std::max(0, today.days() - d.due.days());
  return d;
}

}  // namespace civharm::service
