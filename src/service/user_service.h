// Managing the people who use civharm: adding them, their roles and need-to-know groups,
// disabling them and resetting their passwords. Every call but ChangeOwnPassword needs
// kManageUsers; every change is in the audit log under the acting user's name.
//
//   CIVHARM_ASSIGN_OR_RETURN(NewAccount added, AddUser(store, admin, amira, ""));
//   tell_once(added.password);   // generated, shown once, stored only as an argon2id hash
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

struct NewAccount {
  User user;
  std::string password;  // the generated password; empty when the caller chose one
};

// Adds `user` (created_at and password_changed_at are set here). An empty `password` has one
// generated and returned; a given one must pass CheckPasswordStrength.
Result<NewAccount> AddUser(storage::Store& store, const Actor& actor, User user,
                           std::string password);
Result<std::vector<User>> ListUsers(storage::Store& store, const Actor& actor);
// A user's details: anyone may read their own; others need kManageUsers.
Result<User> GetUser(storage::Store& store, const Actor& actor, const std::string& name);

// Disabling signs the user out everywhere (every token revoked). The last enabled admin cannot
// be disabled, nor lose the admin role, so that someone can always manage the system.
Result<User> SetDisabled(storage::Store& store, const Actor& actor, const std::string& name,
                         bool disabled);
// Sets a new password (generated when `password` is empty; returned then), clears any lockout
// and revokes the user's tokens.
Result<std::string> ResetPassword(storage::Store& store, const Actor& actor,
                                  const std::string& name, std::string password);
// The signed-in user changes their own password, proving the current one; all their tokens,
// the one in use included, are revoked: they sign in again with the new password.
Status ChangeOwnPassword(storage::Store& store, const Actor& actor, std::string_view current,
                         std::string_view replacement);

// Adds (Grant) or removes (Revoke) roles and need-to-know groups. A user keeps at least one role.
Result<User> Grant(storage::Store& store, const Actor& actor, const std::string& name,
                   const std::vector<Role>& roles, const std::vector<std::string>& groups);
Result<User> Revoke(storage::Store& store, const Actor& actor, const std::string& name,
                    const std::vector<Role>& roles, const std::vector<std::string>& groups);

// On a database without users: creates the administrator `name` with a generated password
// (returned, to be shown once). nullopt when there are users already.
Result<std::optional<NewAccount>> EnsureFirstAdmin(storage::Store& store,
                                                   const std::string& name = "admin");

}  // namespace civharm::service
