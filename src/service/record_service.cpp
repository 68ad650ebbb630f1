#include "service/record_service.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "core/crypto.h"
#include "core/strings.h"
#include "domain/personal.h"
#include "service/authorization.h"

namespace civharm::service {
namespace {

Status RefuseGivenMeta(const RecordMeta& meta) {
  if (!meta.id.empty()) return InvalidArgument("is assigned by civharm; leave it out", "id");
  if (meta.version != 0) return InvalidArgument("is assigned by civharm; leave it out", "version");
  if (meta.retraction) {
    return InvalidArgument("a new record cannot be retracted; retract it once stored",
                           "retraction");
  }
  if (meta.created_at != Timestamp())
    return InvalidArgument("is assigned by civharm; leave it out", "created_at");
  if (meta.updated_at != Timestamp())
    return InvalidArgument("is assigned by civharm; leave it out", "updated_at");
  return Status::Ok();
}

std::string TitleFor(const Report& r) {
  const std::string& place =
      !r.facts.location.place_names.empty()
          ? r.facts.location.place_names.front().name
          : (!r.facts.location.admin2.empty() ? r.facts.location.admin2 : r.facts.location.admin1);
  const std::string& what =
      !r.facts.means.strike_type.empty() ? r.facts.means.strike_type : r.facts.event_subtype;
  if (what.empty() && place.empty()) return fmt::format("Report from {}", r.source_name);
  if (what.empty()) return fmt::format("Harm reported at {}", place);
  if (place.empty()) return what;
  return fmt::format("{} at {}", what, place);
}
}  // namespace

Incident IncidentFromReport(const Report& report) {
  Incident i;
  i.title = TitleFor(report);
  i.facts = report.facts;
  i.status = AssessmentStatus::kUnassessed;
  return i;
}

namespace {

// Personal data a writer may not read, it may not overwrite either; sending it is refused
// rather than ignored, so nothing the caller meant to store is silently lost.
Status RefuseUnseenPersonalData(const Actor& actor, const AnyRecord& record) {
  if (Allows(actor, Action::kReadPersonalData)) return Status::Ok();
  const auto present = PersonalFieldsPresent(record);
  if (present.empty()) return Status::Ok();
  return Status(ErrorCode::kPermissionDenied,
                "your role may not see personal data, so it may not change it",
                std::string(present.front()));
}

Status AuthorizeRestriction(const Actor& actor, const RecordMeta& given,
                            const std::vector<std::string>& stored) {
  if (given.restricted_to == stored) return Status::Ok();
  if (Allows(actor, Action::kRestrictRecords)) return Status::Ok();
  return Status(ErrorCode::kPermissionDenied, "your role may not restrict records to groups",
                "restricted_to");
}

}  // namespace

Result<AnyRecord> RecordService::Create(const Actor& actor, AnyRecord record) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, WriteAction(KindOf(record))));
  CIVHARM_RETURN_IF_ERROR(AuthorizeRestriction(actor, MetaOf(record), {}));
  CIVHARM_RETURN_IF_ERROR(RefuseGivenMeta(MetaOf(record)));
  if (auto* incident = std::get_if<Incident>(&record)) {
    if (incident->status != AssessmentStatus::kUnassessed) {
      return std::unexpected(InvalidArgument(
          "a new incident starts unassessed; its status changes through assessment", "status"));
    }
    if (!incident->report_ids.empty()) {
      return std::unexpected(InvalidArgument(
          "is read-only: link a report by setting the report's incident_id", "report_ids"));
    }
  }
  // An external reporter follows what it submits under its reference code (service/answers.h).
  std::optional<storage::Receipt> receipt;
  if (auto* report = std::get_if<Report>(&record);
      report && std::find(actor.roles.begin(), actor.roles.end(), Role::kExternalReporter) !=
                    actor.roles.end()) {
    if (report->reference_code.empty()) report->reference_code = "REF-" + RandomToken(9);
    receipt =
        storage::Receipt{.reference_code = report->reference_code, .submitted_by = actor.name};
  }
  return Save(actor, std::move(record), std::move(receipt));
}

Result<AnyRecord> RecordService::Save(const Actor& actor, AnyRecord record,
                                      std::optional<storage::Receipt> receipt) {
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  if (auto* report = std::get_if<Report>(&record); report && !report->incident_id) {
    // If the report is then refused, the transaction is dropped with the incident in it.
    CIVHARM_ASSIGN_OR_RETURN(Incident opened, storage::InsertAs(*tx, IncidentFromReport(*report)));
    report->incident_id = opened.meta.id;
  }
  CIVHARM_ASSIGN_OR_RETURN(AnyRecord saved, tx->Insert(std::move(record)));
  if (receipt) {
    receipt->report_id = MetaOf(saved).id;
    receipt->created_at = MetaOf(saved).created_at;
    CIVHARM_RETURN_IF_ERROR(tx->InsertReceipt(*receipt));
  }
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return saved;
}

Result<SubmissionReceipt> RecordService::SubmitPublicReport(const Actor& actor, Report submitted) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kSubmitPublicReport));
  // Only what happened, and how to reach whoever tells it; the rest is civharm's to set.
  Report report;
  report.facts = std::move(submitted.facts);
  report.account = std::move(submitted.account);
  report.contact = std::move(submitted.contact);
  submitted.facts = {};
  submitted.account.clear();
  submitted.contact.clear();
  submitted.source_type = SourceType::kOther;
  submitted.source_name.clear();
  if (submitted != Report{}) {
    return std::unexpected(InvalidArgument(
        "a public submission holds only facts, account and contact; civharm sets the rest"));
  }
  if (Trim(report.account).empty()) {
    return std::unexpected(InvalidArgument("must say what happened", "account"));
  }
  report.source_type = SourceType::kOther;
  report.source_name = std::string(kPublicSubmissionSource);
  report.reference_code = "PUB-" + RandomToken(9);
  report.received_at = Timestamp::Now();
  report.reliability = Reliability::kF;  // cannot be judged until someone assesses it
  // The submitter gets the reference and a secret token that shows the report's status, never
  // what is stored: that is not theirs to read. civharm keeps only the token's digest.
  SubmissionReceipt out{.reference_code = report.reference_code, .token = RandomToken(24)};
  storage::Receipt receipt{.reference_code = out.reference_code,
                           .submitted_by = actor.name == Actor::Anonymous().name ? "" : actor.name,
                           .token_digest = TokenDigest(out.token)};
  CIVHARM_RETURN_IF_ERROR(Save(actor, AnyRecord(std::move(report)), std::move(receipt)));
  return out;
}

Result<AnyRecord> RecordService::Get(const Actor& actor, EntityKind kind, const Id& id) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, ReadAction(kind)));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto found, tx->Get(kind, id));
  if (!found)
    return std::unexpected(NotFound(fmt::format("there is no {} {}", EnumName(kind), id)));
  return std::move(*found);
}

Result<AnyRecord> RecordService::Update(const Actor& actor, AnyRecord record,
                                        int64_t expected_version) {
  const EntityKind kind = KindOf(record);
  const Id id = MetaOf(record).id;
  // Changing a record means reading it first: a role that may only submit (an external
  // reporter) cannot change what it cannot see.
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, ReadAction(kind)));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, WriteAction(kind)));
  CIVHARM_RETURN_IF_ERROR(RefuseUnseenPersonalData(actor, record));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(auto current, tx->Get(kind, id));
  if (!current)
    return std::unexpected(NotFound(fmt::format("there is no {} {}", EnumName(kind), id)));
  CIVHARM_RETURN_IF_ERROR(
      AuthorizeRestriction(actor, MetaOf(record), MetaOf(*current).restricted_to));
  const RecordMeta& stored_meta = MetaOf(*current);
  if (stored_meta.retracted()) {
    return std::unexpected(
        Conflict(fmt::format("{} {} is retracted and cannot be changed", EnumName(kind), id)));
  }
  if (stored_meta.version != expected_version) {
    return std::unexpected(
        Conflict(fmt::format("{} {} has changed since it was read (version {} is now {}); read it "
                             "again and reapply the change",
                             EnumName(kind), id, expected_version, stored_meta.version)));
  }
  // Meta may be echoed back as it was read, never changed by hand.
  const RecordMeta& given = MetaOf(record);
  if (given.retraction) {
    return std::unexpected(InvalidArgument("changes only by retracting the record", "retraction"));
  }
  for (const auto& [value, stored, field] :
       {std::tuple{given.created_at, stored_meta.created_at, "created_at"},
        std::tuple{given.updated_at, stored_meta.updated_at, "updated_at"}}) {
    if (value != Timestamp() && value != stored) {
      return std::unexpected(InvalidArgument("is managed by civharm and cannot be changed", field));
    }
  }
  if (auto* incident = std::get_if<Incident>(&record)) {
    const Incident& stored = std::get<Incident>(*current);
    if (incident->status != stored.status) {
      return std::unexpected(
          InvalidArgument(fmt::format("changes only through the assessment workflow (it is '{}')",
                                      EnumName(stored.status)),
                          "status"));
    }
    if (!incident->report_ids.empty() && incident->report_ids != stored.report_ids) {
      return std::unexpected(InvalidArgument(
          "is read-only: link a report by setting the report's incident_id", "report_ids"));
    }
  }
  if (const auto* report = std::get_if<Report>(&record)) {
    // Leaving the link out of a full replacement must not orphan the incident by accident.
    if (!report->incident_id && std::get<Report>(*current).incident_id) {
      return std::unexpected(InvalidArgument(
          "a linked report stays linked: link it to another incident instead of none",
          "incident_id"));
    }
  }
  CIVHARM_ASSIGN_OR_RETURN(AnyRecord saved, tx->Update(std::move(record), expected_version));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return saved;
}

Result<AnyRecord> RecordService::Retract(const Actor& actor, EntityKind kind, const Id& id,
                                         const std::string& reason, std::optional<Id> superseded_by,
                                         int64_t expected_version) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kRetractRecords));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, ReadAction(kind)));
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, WriteAction(kind)));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginWrite(WriteAs(actor)));
  CIVHARM_ASSIGN_OR_RETURN(
      AnyRecord saved, tx->Retract(kind, id, reason, std::move(superseded_by), expected_version));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return saved;
}

Result<storage::Page> RecordService::List(const Actor& actor, EntityKind kind,
                                          const storage::Query& query) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, ReadAction(kind)));
  if (!query.personal_text.empty()) {
    CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kReadPersonalData));
  }
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store_.BeginRead(ViewFor(actor)));
  return tx->List(kind, query);
}

}  // namespace civharm::service
