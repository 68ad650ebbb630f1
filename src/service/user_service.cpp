#include "service/user_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/crypto.h"
#include "service/authorization.h"

namespace civharm::service {
namespace {

bool IsEnabledAdmin(const User& u) {
  return !u.disabled && std::find(u.roles.begin(), u.roles.end(), Role::kAdmin) != u.roles.end();
}

Result<storage::Account> RequireAccount(storage::ReadTransaction& tx, const std::string& name) {
  CIVHARM_ASSIGN_OR_RETURN(auto account, tx.GetAccount(name));
  if (!account) return std::unexpected(NotFound(fmt::format("there is no user {}", name)));
  return std::move(*account);
}

// Refuses a change that would leave no enabled administrator.
Status KeepAnAdmin(storage::ReadTransaction& tx, const User& before, const User& after) {
  if (!IsEnabledAdmin(before) || IsEnabledAdmin(after)) return Status::Ok();
  CIVHARM_ASSIGN_OR_RETURN(std::vector<User> users, tx.ListUsers());
  const bool another = std::any_of(users.begin(), users.end(), [&](const User& u) {
    return u.name != before.name && IsEnabledAdmin(u);
  });
  if (another) return Status::Ok();
  return Status(
      ErrorCode::kConflict,
      fmt::format("{} is the last enabled administrator; add another first", before.name));
}

Result<std::string> ChoosePassword(std::string password) {
  if (password.empty()) return RandomPassword();
  CIVHARM_RETURN_IF_ERROR(CheckPasswordStrength(password));
  return password;
}

// Reads the user, lets `change` edit it, refuses to lose the last admin, stores and audits it.
template <typename F>
Result<User> ChangeUser(storage::Store& store, const Actor& actor, const std::string& name,
                        F&& change) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageUsers));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite({.actor = actor.name}));
  CIVHARM_ASSIGN_OR_RETURN(storage::Account account, RequireAccount(*tx, name));
  User next = account.user;
  CIVHARM_RETURN_IF_ERROR(change(*tx, next));
  CIVHARM_RETURN_IF_ERROR(KeepAnAdmin(*tx, account.user, next));
  if (next != account.user) CIVHARM_RETURN_IF_ERROR(tx->UpdateUser(next));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return next;
}

Status SetPassword(storage::WriteTransaction& tx, User& user, std::string_view password) {
  CIVHARM_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  const Timestamp now = Timestamp::Now();
  user.password_changed_at = now;
  CIVHARM_RETURN_IF_ERROR(tx.UpdateUser(user));
  CIVHARM_RETURN_IF_ERROR(tx.SetCredentials(user.name, {.password_hash = std::move(hash)}));
  CIVHARM_RETURN_IF_ERROR(tx.RevokeTokensOf(user.name, now));
  return Status::Ok();
}

}  // namespace

Result<NewAccount> AddUser(storage::Store& store, const Actor& actor, User user,
                           std::string password) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageUsers));
  CIVHARM_RETURN_IF_ERROR(Validate(user));
  const bool generated = password.empty();
  CIVHARM_ASSIGN_OR_RETURN(password, ChoosePassword(std::move(password)));
  CIVHARM_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  user.created_at = user.password_changed_at = Timestamp::Now();
  user.disabled = false;
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite({.actor = actor.name}));
  CIVHARM_RETURN_IF_ERROR(tx->InsertUser(user, {.password_hash = std::move(hash)}));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return NewAccount{std::move(user), generated ? std::move(password) : std::string()};
}

Result<std::vector<User>> ListUsers(storage::Store& store, const Actor& actor) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageUsers));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
  return tx->ListUsers();
}

Result<User> GetUser(storage::Store& store, const Actor& actor, const std::string& name) {
  if (name != actor.name) CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageUsers));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(ViewFor(actor)));
  CIVHARM_ASSIGN_OR_RETURN(storage::Account account, RequireAccount(*tx, name));
  return account.user;
}

Result<User> SetDisabled(storage::Store& store, const Actor& actor, const std::string& name,
                         bool disabled) {
  return ChangeUser(store, actor, name, [&](storage::WriteTransaction& tx, User& user) -> Status {
    user.disabled = disabled;
    if (disabled) CIVHARM_RETURN_IF_ERROR(tx.RevokeTokensOf(name, Timestamp::Now()));
    return Status::Ok();
  });
}

Result<std::string> ResetPassword(storage::Store& store, const Actor& actor,
                                  const std::string& name, std::string password) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kManageUsers));
  const bool generated = password.empty();
  CIVHARM_ASSIGN_OR_RETURN(password, ChoosePassword(std::move(password)));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite({.actor = actor.name}));
  CIVHARM_ASSIGN_OR_RETURN(storage::Account account, RequireAccount(*tx, name));
  CIVHARM_RETURN_IF_ERROR(SetPassword(*tx, account.user, password));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  return generated ? password : std::string();
}

Status ChangeOwnPassword(storage::Store& store, const Actor& actor, std::string_view current,
                         std::string_view replacement) {
  CIVHARM_RETURN_IF_ERROR(CheckPasswordStrength(replacement));
  CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginWrite({.actor = actor.name}));
  CIVHARM_ASSIGN_OR_RETURN(storage::Account account, RequireAccount(*tx, actor.name));
  if (!VerifyPassword(account.credentials.password_hash, current)) {
    return Status(ErrorCode::kPermissionDenied, "the current password is wrong",
                  "current_password");
  }
  CIVHARM_RETURN_IF_ERROR(SetPassword(*tx, account.user, replacement));
  return tx->Commit();
}

Result<User> Grant(storage::Store& store, const Actor& actor, const std::string& name,
                   const std::vector<Role>& roles, const std::vector<std::string>& groups) {
  return ChangeUser(store, actor, name, [&](storage::WriteTransaction&, User& user) {
    for (Role r : roles) {
      if (std::find(user.roles.begin(), user.roles.end(), r) == user.roles.end())
        user.roles.push_back(r);
    }
    for (const std::string& g : groups) {
      if (std::find(user.groups.begin(), user.groups.end(), g) == user.groups.end())
        user.groups.push_back(g);
    }
    return Validate(user);
  });
}

Result<User> Revoke(storage::Store& store, const Actor& actor, const std::string& name,
                    const std::vector<Role>& roles, const std::vector<std::string>& groups) {
  return ChangeUser(store, actor, name, [&](storage::WriteTransaction&, User& user) -> Status {
    std::erase_if(user.roles,
                  [&](Role r) { return std::find(roles.begin(), roles.end(), r) != roles.end(); });
    std::erase_if(user.groups, [&](const std::string& g) {
      return std::find(groups.begin(), groups.end(), g) != groups.end();
    });
    if (user.roles.empty()) {
      return InvalidArgument(
          fmt::format("{} would have no role left; disable the user instead", name), "roles");
    }
    return Status::Ok();
  });
}

Result<std::optional<NewAccount>> EnsureFirstAdmin(storage::Store& store, const std::string& name) {
  {
    CIVHARM_ASSIGN_OR_RETURN(auto tx, store.BeginRead(storage::View::Everything()));
    CIVHARM_ASSIGN_OR_RETURN(std::vector<User> users, tx->ListUsers());
    if (!users.empty()) return std::optional<NewAccount>();
  }
  User admin{.name = name, .display_name = "Administrator", .roles = {Role::kAdmin}};
  CIVHARM_ASSIGN_OR_RETURN(NewAccount added, AddUser(store, Actor::System(), std::move(admin), ""));
  return std::optional<NewAccount>(std::move(added));
}

}  // namespace civharm::service
