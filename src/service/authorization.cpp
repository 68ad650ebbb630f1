#include "service/authorization.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace civharm::service {
namespace {

using A = Action;

constexpr std::array kActions = {
    std::pair{A::kReadIncidents, std::string_view("read_incidents")},
    std::pair{A::kReadReports, std::string_view("read_reports")},
    std::pair{A::kReadVictims, std::string_view("read_victims")},
    std::pair{A::kReadOperations, std::string_view("read_operations")},
    std::pair{A::kWriteIncidents, std::string_view("write_incidents")},
    std::pair{A::kWriteReports, std::string_view("write_reports")},
    std::pair{A::kWriteVictims, std::string_view("write_victims")},
    std::pair{A::kWriteOperations, std::string_view("write_operations")},
    std::pair{A::kRetractRecords, std::string_view("retract_records")},
    std::pair{A::kRestrictRecords, std::string_view("restrict_records")},
    std::pair{A::kReadPersonalData, std::string_view("read_personal_data")},
    std::pair{A::kImport, std::string_view("import")},
    std::pair{A::kExport, std::string_view("export")},
    std::pair{A::kSubmitPublicReport, std::string_view("submit_public_report")},
    std::pair{A::kManageUsers, std::string_view("manage_users")},
    std::pair{A::kReadAudit, std::string_view("read_audit")},
    std::pair{A::kVerifyAudit, std::string_view("verify_audit")},
    std::pair{A::kManageDatabase, std::string_view("manage_database")},
    std::pair{A::kRotateKeys, std::string_view("rotate_keys")},
    std::pair{A::kReadCases, std::string_view("read_cases")},
    std::pair{A::kAssess, std::string_view("assess")},
    std::pair{A::kInvestigate, std::string_view("investigate")},
    std::pair{A::kRespond, std::string_view("respond")},
    std::pair{A::kReopenCases, std::string_view("reopen_cases")},
    std::pair{A::kManageLessons, std::string_view("manage_lessons")},
    std::pair{A::kRequestRelease, std::string_view("request_release")},
    std::pair{A::kReviewRelease, std::string_view("review_release")},
    std::pair{A::kReadScores, std::string_view("read_scores")},
    std::pair{A::kWriteScores, std::string_view("write_scores")},
    std::pair{A::kReviewScores, std::string_view("review_scores")},
    std::pair{A::kManageFramework, std::string_view("manage_framework")},
};

// The permission table. Admins may do everything; every other role only what its work needs
// (DESIGN.md §7). Changing a row changes the API and the CLI alike.
struct Grant {
  Role role;
  std::initializer_list<Action> actions;
};

const std::array<Grant, 9>& Grants() {
  static const std::array<Grant, 9> kGrants = {{
      {Role::kAnalyst,
       {A::kReadIncidents, A::kReadReports, A::kReadVictims, A::kReadOperations, A::kWriteIncidents,
        A::kWriteReports, A::kWriteOperations, A::kRetractRecords, A::kRestrictRecords, A::kImport,
        A::kExport, A::kSubmitPublicReport, A::kVerifyAudit, A::kReadCases, A::kManageLessons,
        A::kReadScores}},
      {Role::kInvestigator,
       {A::kReadIncidents, A::kReadReports, A::kReadVictims, A::kReadOperations, A::kWriteIncidents,
        A::kWriteReports, A::kWriteVictims, A::kRetractRecords, A::kRestrictRecords,
        A::kReadPersonalData, A::kExport, A::kSubmitPublicReport, A::kReadCases, A::kAssess,
        A::kInvestigate, A::kReopenCases, A::kManageLessons}},
      {Role::kResponseOfficer,
       {A::kReadIncidents, A::kReadReports, A::kReadVictims, A::kWriteVictims, A::kReadPersonalData,
        A::kSubmitPublicReport, A::kReadCases, A::kRespond}},
      {Role::kPublisher,
       {A::kReadIncidents, A::kExport, A::kSubmitPublicReport, A::kReadCases, A::kRequestRelease,
        A::kReviewRelease, A::kReadScores}},
      {Role::kPocAdviser,
       {A::kReadIncidents, A::kReadReports, A::kReadOperations, A::kSubmitPublicReport}},
      {Role::kHumanitarianLiaison, {A::kReadIncidents, A::kSubmitPublicReport}},
      {Role::kExternalReporter, {A::kWriteReports, A::kSubmitPublicReport}},
      // Reads incidents and case files to follow the evidence metrics to their records.
      {Role::kFrameworkAssessor,
       {A::kReadIncidents, A::kReadCases, A::kSubmitPublicReport, A::kReadScores, A::kWriteScores,
        A::kReviewScores, A::kManageFramework}},
      {Role::kPublic, {A::kSubmitPublicReport}},
  }};
  return kGrants;
}

}  // namespace

std::string_view ActionName(Action action) {
  for (const auto& [a, name] : kActions) {
    if (a == action) return name;
  }
  return "?";
}

std::span<const Action> AllActions() {
  static const auto kAll = [] {
    std::array<Action, kActions.size()> all{};
    for (size_t i = 0; i < kActions.size(); ++i) all[i] = kActions[i].first;
    return all;
  }();
  return kAll;
}

bool RoleAllows(Role role, Action action) {
  if (role == Role::kAdmin) return true;
  for (const Grant& g : Grants()) {
    if (g.role == role) {
      return std::find(g.actions.begin(), g.actions.end(), action) != g.actions.end();
    }
  }
  return false;
}

bool Allows(const Actor& actor, Action action) {
  return std::any_of(actor.roles.begin(), actor.roles.end(),
                     [&](Role r) { return RoleAllows(r, action); });
}

Status Authorize(const Actor& actor, Action action) {
  if (Allows(actor, action)) return Status::Ok();
  return Status(ErrorCode::kPermissionDenied,
                fmt::format("your role does not allow {}", ActionName(action)));
}

Action ReadAction(EntityKind kind) {
  switch (kind) {
    case EntityKind::kIncident:
      return A::kReadIncidents;
    case EntityKind::kReport:
      return A::kReadReports;
    case EntityKind::kVictim:
      return A::kReadVictims;
    case EntityKind::kOperation:
      return A::kReadOperations;
  }
  return A::kReadIncidents;
}

Action WriteAction(EntityKind kind) {
  switch (kind) {
    case EntityKind::kIncident:
      return A::kWriteIncidents;
    case EntityKind::kReport:
      return A::kWriteReports;
    case EntityKind::kVictim:
      return A::kWriteVictims;
    case EntityKind::kOperation:
      return A::kWriteOperations;
  }
  return A::kWriteIncidents;
}

storage::View ViewFor(const Actor& actor) {
  const bool admin =
      std::find(actor.roles.begin(), actor.roles.end(), Role::kAdmin) != actor.roles.end();
  return {.all_groups = admin,
          .groups = actor.groups,
          .personal_data = Allows(actor, A::kReadPersonalData)};
}

storage::WriteOptions WriteAs(const Actor& actor) {
  return {.actor = actor.name, .view = ViewFor(actor)};
}

}  // namespace civharm::service
