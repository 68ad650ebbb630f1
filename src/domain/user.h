// The people who use civharm: their roles (DESIGN.md §7), their organisation and the need-to-know
// groups they belong to. What each role may do is decided in one place: service/authorization.h.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/enum.h"
#include "core/status.h"
#include "core/time.h"

namespace civharm {

enum class Role {
  kAdmin,                // manages users, keys and the database; sees everything
  kAnalyst,              // records and fuses reports, studies patterns; no personal data
  kInvestigator,         // assesses and investigates incidents; sees personal data
  kResponseOfficer,      // makes amends to the people harmed; sees victims and claimants
  kPublisher,            // releases what can be published
  kPocAdviser,           // plans the protection of civilians
  kHumanitarianLiaison,  // deconflicts with humanitarian organisations
  kExternalReporter,     // a partner who submits reports and sees nothing else
  kFrameworkAssessor,    // scores states against the leadership framework, with evidence
  kPublic,               // anyone: the public portal and the public submission form
};

template <>
struct EnumTraits<Role> {
  static constexpr std::array kNames = {
      std::pair{Role::kAdmin, std::string_view("admin")},
      std::pair{Role::kAnalyst, std::string_view("analyst")},
      std::pair{Role::kInvestigator, std::string_view("investigator")},
      std::pair{Role::kResponseOfficer, std::string_view("response_officer")},
      std::pair{Role::kPublisher, std::string_view("publisher")},
      std::pair{Role::kPocAdviser, std::string_view("poc_adviser")},
      std::pair{Role::kHumanitarianLiaison, std::string_view("humanitarian_liaison")},
      std::pair{Role::kExternalReporter, std::string_view("external_reporter")},
      std::pair{Role::kFrameworkAssessor, std::string_view("framework_assessor")},
      std::pair{Role::kPublic, std::string_view("public")}};
};

struct User {
  std::string name;  // the login name: 1–64 of [a-z0-9._-], unique
  std::string display_name;
  std::string organisation;
  std::vector<Role> roles;
  std::vector<std::string> groups;  // need-to-know groups (see RecordMeta::restricted_to)
  bool disabled = false;
  Timestamp created_at;
  Timestamp password_changed_at;
  friend bool operator==(const User&, const User&) = default;
};

bool IsValidUserName(std::string_view name);
// invalid_argument with every problem: name, roles (at least one, none repeated), group names.
Status Validate(const User& user);
// At least 12 characters; a clear message otherwise.
Status CheckPasswordStrength(std::string_view password);

// A user as JSON (the audit log's and the API's shape; never any credential):
// {"name", "display_name", "organisation", "roles": [...], "groups": [...], "disabled",
//  "created_at", "password_changed_at"}. Reading is strict like the record codec.
nlohmann::json ToJson(const User& user);
Result<User> UserFromJson(const nlohmann::json& j);

}  // namespace civharm
