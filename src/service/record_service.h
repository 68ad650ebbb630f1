// Use cases on single records: create, read, update, retract and list incidents, reports,
// victims and operations. The API and the CLI both come through here, so the rules below hold
// whichever way a change arrives.
//
//   RecordService records(store);
//   auto saved = records.Create(actor, AnyRecord(report));  // also opens an incident for it
//
// Rules on top of the store's own (validation, links, versions, audit):
// - Record meta (id, version, times, retraction) is civharm's: a new record may not carry it.
// - A report an external reporter creates gets a receipt (and a reference code when it has
//   none), so that the reporter can follow it (service/answers.h).
// - A report that names no incident is an allegation not yet linked: a new incident is opened
//   from its facts, as the lifecycle says (DESIGN.md §3).
// - An incident's assessment status starts as unassessed and changes only through the
//   assessment workflow, never by editing the record.
// - An incident's report_ids are derived; they may be echoed back unchanged, never edited.
// - A report once linked to an incident stays linked (to it or another incident).
// - A retracted record cannot be changed.
// - Every call is authorised (service/authorization.h) and sees only what the actor may see: a
//   record outside the actor's need-to-know groups is not found, personal data is absent for
//   roles that may not read it, and such roles may not send it in an update either.
#pragma once

#include "service/actor.h"
#include "service/answers.h"
#include "storage/store.h"

namespace civharm::service {

class RecordService {
 public:
  explicit RecordService(storage::Store& store) : store_(store) {}

  Result<AnyRecord> Create(const Actor& actor, AnyRecord record);
  // A report from anyone (kSubmitPublicReport): only its facts, account and contact are taken
  // (its source is replaced; anything else set is refused); it is stored as from
  // kPublicSubmissionSource with reliability F and opens an unassessed
  // incident. Returns the reference code the submitter can quote and the secret token that,
  // with it, shows the report's status (service/answers.h); nothing stored is shown back.
  Result<SubmissionReceipt> SubmitPublicReport(const Actor& actor, Report report);
  Result<AnyRecord> Get(const Actor& actor, EntityKind kind, const Id& id);
  // `record` carries the id of the record to change; `expected_version` the version it was
  // read at.
  Result<AnyRecord> Update(const Actor& actor, AnyRecord record, int64_t expected_version);
  Result<AnyRecord> Retract(const Actor& actor, EntityKind kind, const Id& id,
                            const std::string& reason, std::optional<Id> superseded_by,
                            int64_t expected_version);
  Result<storage::Page> List(const Actor& actor, EntityKind kind, const storage::Query& query);

 private:
  // Stores a new record already authorised, opening an incident for a report that names none,
  // with the report's receipt when one is given.
  Result<AnyRecord> Save(const Actor& actor, AnyRecord record,
                         std::optional<storage::Receipt> receipt = std::nullopt);

  storage::Store& store_;
};

inline constexpr std::string_view kPublicSubmissionSource = "public submission";

// A new, unassessed incident holding a report's facts, as opened when a report arrives alone.
Incident IncidentFromReport(const Report& report);

}  // namespace civharm::service
