// The case lifecycle's use cases: the case file of an incident, the steps of the state machine
// (service/lifecycle.h), and the work done inside each stage — investigations recorded as they
// go, responses and amends with their status history, consultations with the people harmed,
// lessons followed to implementation. The API and the CLI both come through here.
//
//   CaseService cases(store, deadlines);
//   CIVHARM_ASSIGN_OR_RETURN(CaseFile f, cases.Step(actor, incident_id,
//                            {.step = CaseStep::kStartAssessment}));
//
// Rules:
// - Every step is checked against the lifecycle table: the status it starts from and the action
//   (role) allowed; refused steps change nothing (conflict for the wrong status,
//   permission_denied for the wrong role, invalid_argument for missing data).
// - Every step changes the incident's status and records a Transition (who, when, the day it was
//   taken, why) with the assessment or investigation it made, in one transaction, all audited.
// - An incident's case file is visible to whoever may read cases and sees the incident
//   (need-to-know); personal fields (witnesses, recipients, participants) only with
//   read_personal_data.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/case_records.h"
#include "domain/records.h"
#include "service/actor.h"
#include "service/lifecycle.h"
#include "storage/store.h"

namespace civharm::service {

struct StepRequest {
  CaseStep step = CaseStep::kStartAssessment;
  // When set, the step is refused (conflict) unless the case is in this status: two people
  // acting on the same case cannot overwrite each other's step.
  std::optional<AssessmentStatus> expected_status;
  std::optional<Date> on;  // the day the step was taken; today when absent; never in the future
  std::string note;
  std::optional<Assessment> assessment;        // record_finding
  std::optional<Investigation> investigation;  // open_investigation; complete_investigation
                                               // (optional there: the final content)
};

struct CaseFile {
  Incident incident;
  std::vector<Transition> transitions;  // oldest first, as every list below
  std::vector<Assessment> assessments;
  std::vector<Investigation> investigations;
  std::vector<Response> responses;
  std::vector<Consultation> consultations;
  std::vector<Lesson> lessons;
  std::vector<CaseStep> allowed_steps;    // what this actor may do next
  std::optional<DeadlineState> deadline;  // open cases: the stage and its deadline today
};

struct OverdueCase {
  Id incident_id;
  std::string title;
  AssessmentStatus status;
  DeadlineState deadline;
};

// How many open cases wait in each stage, and for how long.
struct StageBacklog {
  Stage stage = Stage::kAssessment;
  int64_t count = 0;
  int64_t overdue = 0;
  // Cases by age in days: up to 7, 30, 90, 365, and older.
  std::array<int64_t, 5> by_age{};
  int median_age_days = 0;
  int oldest_age_days = 0;
};
inline constexpr std::array<int, 4> kBacklogAgeBounds = {7, 30, 90, 365};

struct Backlog {
  Date today = Date::FromDays(0);
  std::vector<StageBacklog> stages;               // assessment, investigation, response
  std::map<AssessmentStatus, int64_t> by_status;  // every status, open or closed
};

// A case found not credible, insufficient or a duplicate, to be looked at again.
struct ReviewItem {
  Id incident_id;
  std::string title;
  AssessmentStatus status;
  Date found_on = Date::FromDays(0);  // the day of the finding
  std::optional<NotCredibleReason> reason;
  // Reports received for the incident after the finding: new information.
  int64_t new_reports = 0;
  std::optional<Timestamp> latest_report_at;
};

struct AmendsTotal {
  std::string currency;
  ResponseStatus status;
  int64_t payments = 0;     // how many
  int64_t thousandths = 0;  // their sum, exact
};

struct TimelineEntry {
  Timestamp at;  // when it happened, as far as civharm knows (a day's midnight for dated events)
  std::string kind;     // report, transition, assessment, investigation, inquiry, response_status,
                        // consultation, lesson_status
  Id record_id;         // the report or case record
  std::string summary;  // one line, no personal data
};

// An operation's collateral damage estimate beside the civilian harm assessed for the incidents
// linked to it (their latest credible findings).
struct CdeComparison {
  Operation operation;
  std::vector<Id> incidents;   // linked incidents with a credible finding
  CountRange assessed_killed;  // sums of the conceded ranges
  CountRange assessed_injured;
  // assessed minimum above the estimate's maximum: the estimate missed harm that happened.
  bool killed_exceeds_estimate = false;
  bool injured_exceeds_estimate = false;
};

class CaseService {
 public:
  explicit CaseService(storage::Store& store, Deadlines deadlines = {})
      : store_(store), deadlines_(deadlines) {}

  const Deadlines& deadlines() const { return deadlines_; }

  // Needs read_cases.
  Result<CaseFile> Get(const Actor& actor, const Id& incident_id);
  // Takes one step of the lifecycle; returns the case file after it.
  Result<CaseFile> Step(const Actor& actor, const Id& incident_id, StepRequest request);

  // Records progress of an open investigation (inquiries, sources, findings, causes) while the
  // case is investigating. Needs investigate.
  Result<Investigation> UpdateInvestigation(const Actor& actor, Investigation investigation,
                                            int64_t expected_version);
  // A response for a credible case (credible, investigating, investigated or responding), its
  // first status change made by the actor. Needs respond.
  Result<Response> AddResponse(const Actor& actor, Response response);
  // Appends a status change; statuses move forward only (proposed → offered → accepted →
  // paid/delivered; declined after offered; withdrawn before resolved). Needs respond.
  Result<Response> ChangeResponseStatus(const Actor& actor, const Id& response_id,
                                        StatusChange change, int64_t expected_version);
  // Needs respond.
  Result<Consultation> AddConsultation(const Actor& actor, Consultation consultation);
  // Needs manage_lessons.
  Result<Lesson> AddLesson(const Actor& actor, Lesson lesson);
  // proposed → accepted → implemented; rejected (with the reason) from proposed or accepted.
  Result<Lesson> ChangeLessonStatus(const Actor& actor, const Id& lesson_id, LessonChange change,
                                    int64_t expected_version);
  // Every lesson the actor may see, optionally of one status. Needs read_cases.
  Result<std::vector<Lesson>> Lessons(const Actor& actor, std::optional<LessonStatus> status);

  // Views over every case the actor may see (needs read_cases), as of `today`.
  Result<std::vector<OverdueCase>> Overdue(const Actor& actor, Date today);
  Result<Backlog> BacklogOf(const Actor& actor, Date today);
  // Newest information first: cases with reports received after their finding, then the rest,
  // oldest finding first.
  Result<std::vector<ReviewItem>> ReviewQueue(const Actor& actor);
  // Payments by currency and status (one incident's when given), sorted by currency, status.
  Result<std::vector<AmendsTotal>> AmendsTotals(const Actor& actor, std::optional<Id> incident_id);
  // Every report, step, assessment, investigation, inquiry, response status, consultation and
  // lesson status of an incident, in time order. Needs read_cases and read_reports.
  Result<std::vector<TimelineEntry>> Timeline(const Actor& actor, const Id& incident_id);
  // Every operation linked to an incident with a credible finding. Needs read_cases and
  // read_operations.
  Result<std::vector<CdeComparison>> CompareCde(const Actor& actor);

 private:
  // The case file as `tx` sees it; `arrival` when the caller already knows it.
  Result<CaseFile> ReadCaseFile(storage::ReadTransaction& tx, const Actor& actor,
                                const Id& incident_id, std::optional<Date> arrival = std::nullopt);

  storage::Store& store_;
  Deadlines deadlines_;
};

}  // namespace civharm::service
