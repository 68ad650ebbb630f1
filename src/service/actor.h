// Who is acting: every service call names its actor, the authorisation table
// (service/authorization.h) decides what the actor's roles allow, and the audit log records the
// actor's name. API and CLI build an Actor only from an authenticated identity.
#pragma once

#include <string>
#include <vector>

#include "domain/user.h"

namespace civharm::service {

struct Actor {
  std::string name;  // the user's login name, or "civharm" for its own work
  std::vector<Role> roles;
  std::vector<std::string> groups;  // need-to-know groups

  // civharm acting on its own behalf (first start, demo data): every permission.
  static Actor System() { return {"civharm", {Role::kAdmin}, {}}; }
  // Whoever uses the public routes without signing in (the public submission form).
  static Actor Anonymous() { return {"anonymous", {Role::kPublic}, {}}; }
  static Actor Of(const User& user) { return {user.name, user.roles, user.groups}; }
};

}  // namespace civharm::service
