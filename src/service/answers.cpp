#include "service/answers.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/crypto.h"

namespace civharm::service {
namespace {

SourceStage StageFor(AssessmentStatus status) {
  using S = AssessmentStatus;
  switch (status) {
    case S::kUnassessed:
      return SourceStage::kReceived;
    case S::kAssessing:
      return SourceStage::kUnderAssessment;
    case S::kCredible:
    case S::kNotCredible:
    case S::kInsufficientInfo:
    case S::kDuplicate:
      return SourceStage::kAssessed;
    case S::kInvestigating:
      return SourceStage::kUnderInvestigation;
    case S::kInvestigated:
    case S::kResponding:
      return SourceStage::kResponseUnderWay;
    case S::kClosed:
      return SourceStage::kClosed;
    case S::kReopened:
      return SourceStage::kReopened;
  }
  return SourceStage::kReceived;
}

// Reads everything with civharm's own view — the source may not read any of it — and keeps only
// what a source may be told.
Result<ReportStatus> StatusOfReceipt(storage::ReadTransaction& tx,
                                     const storage::Receipt& receipt) {
  ReportStatus out{.reference_code = receipt.reference_code,
                   .received_on = receipt.created_at.date(),
                   .updated_on = receipt.created_at.date()};
  CIVHARM_ASSIGN_OR_RETURN(auto report, storage::GetAs<Report>(tx, receipt.report_id));
  if (!report) return out;
  if (report->received_at) out.received_on = out.updated_on = report->received_at->date();
  if (!report->incident_id) return out;
  if (report->meta.retracted()) {
    // A retracted report is withdrawn from civharm's records: the source is told it was
    // received, and nothing of the reason, which may concern others.
    return out;
  }
  CIVHARM_ASSIGN_OR_RETURN(auto incident, storage::GetAs<Incident>(tx, *report->incident_id));
  if (!incident) return out;
  out.stage = StageFor(incident->status);
  CIVHARM_RETURN_IF_ERROR(tx.ScanCaseRecords(
      {.incident_id = incident->meta.id,
       .kinds = {CaseRecordKind::kTransition, CaseRecordKind::kResponse}},
      [&](const CaseRecord& r) {
        if (const auto* t = std::get_if<Transition>(&r)) {
          out.updated_on = std::max(out.updated_on, t->on);
          if (t->step == CaseStep::kRecordFinding) {
            out.finding_on = t->on;
          } else if (t->step == CaseStep::kReopen) {
            out.finding.reset();
            out.finding_on.reset();
            out.closed_on.reset();
            out.acknowledged_publicly = false;
          } else if (t->step == CaseStep::kClose) {
            out.closed_on = t->on;
          }
        }
        if (const auto* resp = std::get_if<Response>(&r)) {
          const bool acknowledgment =
              resp->kind == ResponseKind::kAcknowledgment || resp->kind == ResponseKind::kApology;
          if (acknowledgment && resp->is_public && resp->status() == ResponseStatus::kDelivered) {
            out.acknowledged_publicly = true;
          }
        }
        return Status::Ok();
      }));
  // The finding is the status the record_finding step led to (until a reopening).
  if (out.finding_on) {
    switch (incident->status) {
      case AssessmentStatus::kNotCredible:
        out.finding = Finding::kNotCredible;
        break;
      case AssessmentStatus::kInsufficientInfo:
        out.finding = Finding::kInsufficientInfo;
        break;
      case AssessmentStatus::kDuplicate:
        out.finding = Finding::kDuplicate;
        break;
      case AssessmentStatus::kAssessing:
      case AssessmentStatus::kReopened:
      case AssessmentStatus::kUnassessed:
        break;
      default:
        out.finding = Finding::kCredible;
    }
  }
  return out;
}

// Every record, no personal data: nothing personal is ever part of an answer.
const storage::View kEveryRecord{.all_groups = true, .personal_data = false};

// The same answer whatever did not match, so that codes cannot be probed.
Status NoMatch() {
  return NotFound("no report matches this reference code and token or account");
}

}  // namespace

Result<ReportStatus> StatusByToken(storage::Store& store, std::string_view reference_code,
                                   std::string_view token) {
  if (reference_code.empty() || token.empty()) {
    return std::unexpected(
        InvalidArgument("give the reference code and the token you were given", "token"));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(kEveryRecord));
  CIVHARM_ASSIGN_OR_RETURN(auto receipts, tx->FindReceipts(reference_code));
  const std::string digest = TokenDigest(token);
  for (const storage::Receipt& r : receipts) {
    if (!r.token_digest.empty() && ConstantTimeEquals(r.token_digest, digest)) {
      return StatusOfReceipt(*tx, r);
    }
  }
  return std::unexpected(NoMatch());
}

Result<std::vector<ReportStatus>> SubmissionsOf(storage::Store& store, const Actor& actor) {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(kEveryRecord));
  CIVHARM_ASSIGN_OR_RETURN(auto receipts, tx->ListReceipts(actor.name));
  std::vector<ReportStatus> out;
  for (const storage::Receipt& r : receipts) {
    CIVHARM_ASSIGN_OR_RETURN(ReportStatus s, StatusOfReceipt(*tx, r));
    out.push_back(std::move(s));
  }
  return out;
}

Result<ReportStatus> SubmissionOf(storage::Store& store, const Actor& actor,
                                  std::string_view reference_code) {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(kEveryRecord));
  CIVHARM_ASSIGN_OR_RETURN(auto receipts, tx->FindReceipts(reference_code));
  for (const storage::Receipt& r : receipts) {
    if (r.submitted_by == actor.name && !actor.name.empty()) return StatusOfReceipt(*tx, r);
  }
  return std::unexpected(NoMatch());
}

}  // namespace civharm::service
