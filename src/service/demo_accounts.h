// People to sign in as, on a store that holds the demonstration data (service/demo.h): two
// accounts of each role but admin and public ("analyst1", "analyst2", "investigator1", …), each
// with a random password, created through the user service as the given administrator (audited
// like any user creation). Then, acting as those accounts, the work a demonstration of the web UI
// needs to show: a public release under the built-in default rules, requested by publisher1 and
// approved by publisher2; and an assessment of the demo's own force, Coalition Task Force
// Meridian, under the built-in framework edition for the demo's last year (2023-07-01 to
// 2024-06-30), every indicator scored with a short rationale, written and submitted by
// framework_assessor1 and published by framework_assessor2.
//
//   CIVHARM_ASSIGN_OR_RETURN(DemoAccounts made, CreateDemoAccounts(store, admin));
//   for (const DemoAccount& a : made.accounts) tell_once(a.name, a.password);
//
// Everything but the passwords is deterministic. The accounts are made only when none of their
// names is taken (already_exists naming them, and nothing created, otherwise). Should a later
// step fail, the accounts made before it stay (each step is its own audited transaction, as
// through the API).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/id.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

inline constexpr std::string_view kDemoOrganisation = "civharm demonstration";

struct DemoAccount {
  std::string name;
  std::vector<Role> roles;
  std::string password;  // shown once; stored only as an argon2id hash
};

struct DemoAccounts {
  std::vector<DemoAccount> accounts;  // in the order of the Role enumeration, 1 before 2
  Id release_id;                      // approved: public
  int64_t release_version = 0;
  Id assessment_id;  // published
  std::string assessed_force;
};

// The names and roles of the demonstration accounts (passwords empty): what CreateDemoAccounts
// makes.
std::vector<DemoAccount> DemoAccountPlan();

// Needs kManageUsers (the accounts are added as `admin`). already_exists when any planned name
// is taken.
Result<DemoAccounts> CreateDemoAccounts(storage::Store& store, const Actor& admin);

}  // namespace civharm::service
