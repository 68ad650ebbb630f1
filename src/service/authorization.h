// The one place that decides who may do what: a table of role × action, used by every service
// call whether it comes from the API or the CLI, and the view of the records (need-to-know groups,
// personal data) that follows from an actor's roles.
//
//   CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kImport));
//   auto tx = store.BeginRead(ViewFor(actor));
#pragma once

#include <span>
#include <string_view>

#include "core/status.h"
#include "domain/records.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

enum class Action {
  kReadIncidents,
  kReadReports,
  kReadVictims,
  kReadOperations,
  kWriteIncidents,
  kWriteReports,
  kWriteVictims,
  kWriteOperations,
  kRetractRecords,
  kRestrictRecords,   // set need-to-know groups on a record
  kReadPersonalData,  // victims' names, witnesses' testimony and contact details
  kImport,
  kExport,
  kSubmitPublicReport,
  kManageUsers,
  kReadAudit,
  kVerifyAudit,
  kManageDatabase,  // migrations, demo data
  kRotateKeys,
  // The case lifecycle (service/lifecycle.h).
  kReadCases,      // case files: assessments, investigations, responses, lessons, queues
  kAssess,         // start an assessment, record its finding
  kInvestigate,    // open, record and complete investigations
  kRespond,        // responses and amends, consultations with the people harmed; close cases
  kReopenCases,    // reopen a closed case when new information arrives
  kManageLessons,  // record lessons and follow them to implementation
  // Public releases (service/release_service.h).
  kRequestRelease,  // build a release for review; read releases in any status
  kReviewRelease,   // approve or reject someone else's release; withdraw a release
  // The leadership framework (service/score_service.h).
  kReadScores,       // assessments of states in any status, comparisons, roadmaps, evidence
  kWriteScores,      // enter and edit assessments, send them for review
  kReviewScores,     // publish or return someone else's assessment
  kManageFramework,  // store a new edition of the framework
};

std::string_view ActionName(Action action);
// Every action, in declaration order (for the table in the docs and the matrix test).
std::span<const Action> AllActions();

bool RoleAllows(Role role, Action action);
bool Allows(const Actor& actor, Action action);
// permission_denied naming the action, when none of the actor's roles allows it.
Status Authorize(const Actor& actor, Action action);

Action ReadAction(EntityKind kind);
Action WriteAction(EntityKind kind);

// What the actor sees of the records: admins every record, others the unrestricted ones and
// those of their groups; personal data only with kReadPersonalData.
storage::View ViewFor(const Actor& actor);
// A write transaction's options for work done by `actor`: its name, and its view.
storage::WriteOptions WriteAs(const Actor& actor);

}  // namespace civharm::service
