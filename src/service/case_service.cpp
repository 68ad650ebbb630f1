#include "service/case_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "service/authorization.h"

namespace civharm::service {
namespace {

using S = AssessmentStatus;

Date Today() {
  return Timestamp::Now().date();
}

Result<Incident> LoadIncident(storage::ReadTransaction& tx, const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(auto incident, storage::GetAs<Incident>(tx, id));
  if (!incident) return std::unexpected(NotFound(fmt::format("there is no incident {}", id)));
  return std::move(*incident);
}

template <typename T>
Result<T> LoadCase(storage::ReadTransaction& tx, const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(auto found, tx.GetCaseRecord(id));
  if (!found || !std::holds_alternative<T>(*found)) {
    return std::unexpected(
        NotFound(fmt::format("there is no {} {}", EnumName(CaseKindOf<T>()), id)));
  }
  return std::get<T>(std::move(*found));
}

// A case record arriving from a caller names no id or version: the store sets them.
Status RefuseGivenMeta(const CaseMeta& meta) {
  if (!meta.id.empty() || meta.version != 0) {
    return InvalidArgument("a new case record's id and version are civharm's to set", "id");
  }
  return Status::Ok();
}

// The case records of one incident, sorted into a case file.
Status FillCaseFile(storage::ReadTransaction& tx, CaseFile& file) {
  return tx.ScanCaseRecords({.incident_id = file.incident.meta.id}, [&](const CaseRecord& r) {
    std::visit(
        [&](const auto& rec) {
          using T = std::decay_t<decltype(rec)>;
          if constexpr (std::is_same_v<T, Transition>) file.transitions.push_back(rec);
          if constexpr (std::is_same_v<T, Assessment>) file.assessments.push_back(rec);
          if constexpr (std::is_same_v<T, Investigation>) file.investigations.push_back(rec);
          if constexpr (std::is_same_v<T, Response>) file.responses.push_back(rec);
          if constexpr (std::is_same_v<T, Consultation>) file.consultations.push_back(rec);
          if constexpr (std::is_same_v<T, Lesson>) file.lessons.push_back(rec);
        },
        r);
    return Status::Ok();
  });
}

// The day an allegation arrived: its earliest report's receipt, else the incident's creation.
Result<Date> ArrivalOf(storage::ReadTransaction& tx, const Incident& incident) {
  Date arrival = incident.meta.created_at.date();
  storage::Query q;  // retracted reports left out, as in the views over every case
  q.incident_id = incident.meta.id;
  CIVHARM_RETURN_IF_ERROR(tx.Scan(EntityKind::kReport, q, [&](const AnyRecord& r) {
    const Report& report = std::get<Report>(r);
    const Date received =
        (report.received_at ? *report.received_at : report.meta.created_at).date();
    arrival = std::min(arrival, received);
    return Status::Ok();
  }));
  return arrival;
}

// When the current stage began: the last step's day, or the allegation's arrival.
Date StageSince(const std::vector<Transition>& transitions, Date arrival) {
  return transitions.empty() ? arrival : transitions.back().on;
}

// The last investigation of the case, which must be open.
Result<Investigation> OpenInvestigation(const CaseFile& file) {
  if (file.investigations.empty() || file.investigations.back().completed_on) {
    return std::unexpected(
        Conflict(fmt::format("incident {} has no open investigation", file.incident.meta.id)));
  }
  return file.investigations.back();
}

Status CheckCompletable(const Investigation& inv) {
  Problems p;
  if (Trim(inv.findings).empty()) p.Add("investigation.findings", "are required to complete it");
  if (inv.causes.empty())
    p.Add("investigation.causes",
          "name at least one cause (other, with a description, if none fits)");
  const auto has = [&](InquiryKind kind) {
    return std::any_of(inv.inquiries.begin(), inv.inquiries.end(),
                       [&](const Inquiry& q) { return q.kind == kind; });
  };
  if (!has(InquiryKind::kWitnessInterview)) {
    p.Add("investigation.inquiries",
          "record the witness interviews: done, remote, or not possible and why");
  }
  if (!has(InquiryKind::kSiteVisit)) {
    p.Add("investigation.inquiries",
          "record the site visit: done, remote, or not possible and why");
  }
  return p.ToStatus();
}

Status CheckClosable(const CaseFile& file) {
  if (file.responses.empty()) {
    return Conflict("a credible case closes only after a response (at least an acknowledgment)");
  }
  for (const Response& r : file.responses) {
    if (!IsResolved(r.status())) {
      return Conflict(fmt::format("response {} ({}) is still {}: resolve every response first",
                                  r.meta.id, EnumName(r.kind), EnumName(r.status())));
    }
  }
  return Status::Ok();
}

// `on` must not be in the future nor before `not_before` (described as `what_before`).
Status CheckDay(Date on, Date not_before, std::string_view field,
                std::string_view what_before = "the day the case's current stage began") {
  if (on > Today())
    return InvalidArgument(fmt::format("{} is in the future", on.ToString()), std::string(field));
  if (on < not_before) {
    return InvalidArgument(
        fmt::format("{} is before {} ({})", on.ToString(), what_before, not_before.ToString()),
        std::string(field));
  }
  return Status::Ok();
}

// The status changes a response may make from `from`.
bool ResponseMoveAllowed(const Response& r, ResponseStatus from, ResponseStatus to) {
  using R = ResponseStatus;
  if (IsResolved(from)) return false;
  switch (to) {
    case R::kProposed:
      return false;
    case R::kOffered:
      return from == R::kProposed;
    case R::kAccepted:
      return from == R::kOffered;
    case R::kDeclined:
      return from == R::kOffered;
    case R::kPaid:
      return IsPayment(r.kind) && (from == R::kAccepted || from == R::kOffered);
    case R::kDelivered:
      return !IsPayment(r.kind);
    case R::kWithdrawn:
      return true;
  }
  return false;
}

// A history given with a new response or lesson must start proposed and move as the status
// changes made one by one would: it records what already happened, by the same rules.
template <typename Change, typename Allowed>
Status CheckHistory(std::vector<Change>& history, const std::string& actor, Allowed allowed) {
  for (size_t i = 0; i < history.size(); ++i) {
    Change& c = history[i];
    if (c.by.empty()) c.by = actor;
    const std::string field = fmt::format("history[{}]", i);
    if (i == 0 && c.status != decltype(c.status)::kProposed) {
      return InvalidArgument("a history starts with proposed", field + ".status");
    }
    if (i > 0 && !allowed(history[i - 1].status, c.status)) {
      return InvalidArgument(
          fmt::format("{} cannot follow {}", EnumName(c.status), EnumName(history[i - 1].status)),
          field + ".status");
    }
    CIVHARM_RETURN_IF_ERROR(CheckDay(c.on, i ? history[i - 1].on : Date::FromDays(-1'000'000),
                                     field + ".on", "the change before"));
  }
  return Status::Ok();
}

// The incident a case record is added to: one that exists for the actor and is not retracted.
Result<Incident> LoadOpenIncident(storage::ReadTransaction& tx, const Id& incident_id) {
  CIVHARM_ASSIGN_OR_RETURN(Incident incident, LoadIncident(tx, incident_id));
  if (incident.meta.retracted()) {
    return std::unexpected(Conflict(
        fmt::format("incident {} is retracted; its case takes no more records", incident_id)));
  }
  return incident;
}

bool LessonMoveAllowed(LessonStatus from, LessonStatus to) {
  using L = LessonStatus;
  switch (to) {
    case L::kProposed:
      return false;
    case L::kAccepted:
      return from == L::kProposed;
    case L::kImplemented:
      return from == L::kAccepted;
    case L::kRejected:
      return from == L::kProposed || from == L::kAccepted;
  }
  return false;
}

}  // namespace

Result<CaseFile> CaseService::ReadCaseFile(storage::ReadTransaction& tx, const Actor& actor,
                                           const Id& incident_id, std::optional<Date> arrival) {
  CaseFile file;
  CIVHARM_ASSIGN_OR_RETURN(file.incident, LoadIncident(tx, incident_id));
  CIVHARM_RETURN_IF_ERROR(FillCaseFile(tx, file));
  file.allowed_steps = AllowedSteps(actor, file.incident.status);
  if (const auto stage = StageOf(file.incident.status)) {
    if (!arrival) {
      CIVHARM_ASSIGN_OR_RETURN(arrival, ArrivalOf(tx, file.incident));
    }
    file.deadline = DeadlineOf(*stage, StageSince(file.transitions, *arrival), Today(), deadlines_);
  }
  return file;
}

Result<CaseFile> CaseService::Get(const Actor& actor, const Id& incident_id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  return ReadCaseFile(*tx, actor, incident_id);
}

Result<CaseFile> CaseService::Step(const Actor& actor, const Id& incident_id, StepRequest request) {
  const StepRule& rule = RuleOf(request.step);
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, rule.action));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  std::optional<Date> arrival;
  {
    CaseFile file;
    CIVHARM_ASSIGN_OR_RETURN(file.incident, LoadIncident(*tx, incident_id));
    if (file.incident.meta.retracted()) {
      return std::unexpected(
          Conflict(fmt::format("incident {} is retracted; its case cannot move", incident_id)));
    }
    const S from = file.incident.status;
    if (request.expected_status && *request.expected_status != from) {
      return std::unexpected(Conflict(
          fmt::format("the case is {}, not {}: someone moved it since you read it; read it again",
                      EnumName(from), EnumName(*request.expected_status))));
    }
    CIVHARM_RETURN_IF_ERROR(FillCaseFile(*tx, file));
    std::optional<Finding> finding;
    if (request.assessment) finding = request.assessment->finding;
    CIVHARM_ASSIGN_OR_RETURN(const S to, NextStatus(from, request.step, finding));

    Transition t{.step = request.step, .from = from, .to = to, .note = request.note};
    CIVHARM_ASSIGN_OR_RETURN(arrival, ArrivalOf(*tx, file.incident));
    t.on = request.on.value_or(Today());
    CIVHARM_RETURN_IF_ERROR(CheckDay(t.on, StageSince(file.transitions, *arrival), "on"));
    // Only the step's own record may come with it.
    if (request.assessment && request.step != CaseStep::kRecordFinding) {
      return std::unexpected(InvalidArgument(
          fmt::format("{} takes no assessment", EnumName(request.step)), "assessment"));
    }
    if (request.investigation && request.step != CaseStep::kOpenInvestigation &&
        request.step != CaseStep::kCompleteInvestigation) {
      return std::unexpected(InvalidArgument(
          fmt::format("{} takes no investigation", EnumName(request.step)), "investigation"));
    }

    switch (request.step) {
      case CaseStep::kRecordFinding: {
        Assessment a = std::move(*request.assessment);
        CIVHARM_RETURN_IF_ERROR(RefuseGivenMeta(a.meta));
        a.meta.incident_id = incident_id;
        if (a.duplicate_of == incident_id) {
          return std::unexpected(
              InvalidArgument("an incident cannot duplicate itself", "assessment.duplicate_of"));
        }
        CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved, tx->InsertCaseRecord(std::move(a)));
        t.record = MetaOf(saved).id;
        break;
      }
      case CaseStep::kOpenInvestigation: {
        if (!request.investigation) {
          return std::unexpected(InvalidArgument(
              "say how it is investigated: administrative, or a referral naming the authority",
              "investigation"));
        }
        Investigation inv = std::move(*request.investigation);
        CIVHARM_RETURN_IF_ERROR(RefuseGivenMeta(inv.meta));
        if (inv.completed_on) {
          return std::unexpected(InvalidArgument("an investigation being opened is not completed",
                                                 "investigation.completed_on"));
        }
        inv.meta.incident_id = incident_id;
        CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved, tx->InsertCaseRecord(std::move(inv)));
        t.record = MetaOf(saved).id;
        break;
      }
      case CaseStep::kCompleteInvestigation: {
        CIVHARM_ASSIGN_OR_RETURN(Investigation open, OpenInvestigation(file));
        const int64_t version = open.meta.version;
        Investigation done = open;
        if (request.investigation) {
          done = std::move(*request.investigation);
          done.meta = open.meta;
          // A writer who may not read personal data cannot change it (the store keeps it).
        }
        done.completed_on = t.on;
        CIVHARM_RETURN_IF_ERROR(CheckCompletable(done));
        CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved, tx->UpdateCaseRecord(std::move(done), version));
        t.record = MetaOf(saved).id;
        break;
      }
      case CaseStep::kClose:
        CIVHARM_RETURN_IF_ERROR(CheckClosable(file));
        break;
      case CaseStep::kReopen:
        if (Trim(request.note).empty()) {
          return std::unexpected(InvalidArgument(
              "say what new information, or which review, reopens the case", "note"));
        }
        break;
      case CaseStep::kStartAssessment:
      case CaseStep::kStartResponse:
        break;
    }
    t.meta.incident_id = incident_id;
    CIVHARM_RETURN_IF_ERROR(tx->InsertCaseRecord(std::move(t)));
    Incident next = file.incident;
    next.status = to;
    CIVHARM_RETURN_IF_ERROR(tx->Update(AnyRecord(std::move(next)), file.incident.meta.version));
  }
  // The case file as the step left it, read in the same transaction: the arrival is unchanged.
  CIVHARM_ASSIGN_OR_RETURN(CaseFile after, ReadCaseFile(*tx, actor, incident_id, arrival));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return after;
}

Result<Investigation> CaseService::UpdateInvestigation(const Actor& actor,
                                                       Investigation investigation,
                                                       int64_t expected_version) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kInvestigate));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(Investigation current,
                           LoadCase<Investigation>(*tx, investigation.meta.id));
  CIVHARM_ASSIGN_OR_RETURN(Incident incident, LoadIncident(*tx, current.meta.incident_id));
  if (incident.status != S::kInvestigating || current.completed_on) {
    return std::unexpected(Conflict(
        current.completed_on
            ? fmt::format("investigation {} is completed; reopen the case to investigate again",
                          current.meta.id)
            : fmt::format("the case is {}: an investigation is recorded while it is investigating",
                          EnumName(incident.status))));
  }
  if (investigation.completed_on) {
    return std::unexpected(InvalidArgument(
        "an investigation is completed by the complete_investigation step", "completed_on"));
  }
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved,
                           tx->UpdateCaseRecord(std::move(investigation), expected_version));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return std::get<Investigation>(std::move(saved));
}

Result<Response> CaseService::AddResponse(const Actor& actor, Response response) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kRespond));
  CIVHARM_RETURN_IF_ERROR(RefuseGivenMeta(response.meta));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(Incident incident, LoadOpenIncident(*tx, response.meta.incident_id));
  const S s = incident.status;
  if (s != S::kCredible && s != S::kInvestigating && s != S::kInvestigated && s != S::kResponding) {
    return std::unexpected(
        Conflict(fmt::format("incident {} is {}: responses are for cases found credible",
                             incident.meta.id, EnumName(s))));
  }
  if (response.history.empty()) {
    response.history.push_back({.status = ResponseStatus::kProposed, .on = Today()});
  }
  CIVHARM_RETURN_IF_ERROR(
      CheckHistory(response.history, actor.name, [&](ResponseStatus from, ResponseStatus to) {
        return ResponseMoveAllowed(response, from, to);
      }));
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved, tx->InsertCaseRecord(std::move(response)));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return std::get<Response>(std::move(saved));
}

Result<Response> CaseService::ChangeResponseStatus(const Actor& actor, const Id& response_id,
                                                   StatusChange change, int64_t expected_version) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kRespond));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(Response r, LoadCase<Response>(*tx, response_id));
  const ResponseStatus from = r.status();
  if (!ResponseMoveAllowed(r, from, change.status)) {
    return std::unexpected(Status(ErrorCode::kConflict,
                                  fmt::format("a {} that is {} cannot become {}", EnumName(r.kind),
                                              EnumName(from), EnumName(change.status)),
                                  "status"));
  }
  change.by = actor.name;
  if (!r.history.empty()) {
    CIVHARM_RETURN_IF_ERROR(CheckDay(change.on, r.history.back().on, "on", "the last change"));
  }
  r.history.push_back(std::move(change));
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved, tx->UpdateCaseRecord(std::move(r), expected_version));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return std::get<Response>(std::move(saved));
}

Result<Consultation> CaseService::AddConsultation(const Actor& actor, Consultation consultation) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kRespond));
  CIVHARM_RETURN_IF_ERROR(RefuseGivenMeta(consultation.meta));
  CIVHARM_RETURN_IF_ERROR(
      CheckDay(consultation.held_on, Date::FromDays(-1'000'000), "held_on", "any day"));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_RETURN_IF_ERROR(LoadOpenIncident(*tx, consultation.meta.incident_id));
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved, tx->InsertCaseRecord(std::move(consultation)));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return std::get<Consultation>(std::move(saved));
}

Result<Lesson> CaseService::AddLesson(const Actor& actor, Lesson lesson) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageLessons));
  CIVHARM_RETURN_IF_ERROR(RefuseGivenMeta(lesson.meta));
  if (lesson.history.empty()) {
    lesson.history.push_back({.status = LessonStatus::kProposed, .on = Today()});
  }
  CIVHARM_RETURN_IF_ERROR(CheckHistory(lesson.history, actor.name, LessonMoveAllowed));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_RETURN_IF_ERROR(LoadOpenIncident(*tx, lesson.meta.incident_id));
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved, tx->InsertCaseRecord(std::move(lesson)));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return std::get<Lesson>(std::move(saved));
}

Result<Lesson> CaseService::ChangeLessonStatus(const Actor& actor, const Id& lesson_id,
                                               LessonChange change, int64_t expected_version) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageLessons));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(Lesson lesson, LoadCase<Lesson>(*tx, lesson_id));
  if (!LessonMoveAllowed(lesson.status(), change.status)) {
    return std::unexpected(Status(ErrorCode::kConflict,
                                  fmt::format("a lesson that is {} cannot become {}",
                                              EnumName(lesson.status()), EnumName(change.status)),
                                  "status"));
  }
  change.by = actor.name;
  if (!lesson.history.empty()) {
    CIVHARM_RETURN_IF_ERROR(CheckDay(change.on, lesson.history.back().on, "on", "the last change"));
  }
  lesson.history.push_back(std::move(change));
  CIVHARM_ASSIGN_OR_RETURN(CaseRecord saved,
                           tx->UpdateCaseRecord(std::move(lesson), expected_version));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return std::get<Lesson>(std::move(saved));
}

Result<std::vector<Lesson>> CaseService::Lessons(const Actor& actor,
                                                 std::optional<LessonStatus> status) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadCases));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  std::vector<Lesson> out;
  CIVHARM_RETURN_IF_ERROR(
      tx->ScanCaseRecords({.kinds = {CaseRecordKind::kLesson}}, [&](const CaseRecord& r) {
        const Lesson& l = std::get<Lesson>(r);
        if (!status || l.status() == *status) out.push_back(l);
        return Status::Ok();
      }));
  return out;
}

}  // namespace civharm::service
