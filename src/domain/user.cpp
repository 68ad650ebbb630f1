#include "domain/user.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/problems.h"
#include "domain/records.h"

namespace civharm {

bool IsValidUserName(std::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") == std::string::npos;
}

Status Validate(const User& user) {
  Problems p;
  if (!IsValidUserName(user.name)) {
    p.Add("name", "a user name is 1 to 64 lower-case letters, digits, '.', '_' or '-'");
  }
  ValidateText(user.display_name, "display_name", kMaxShortText, p);
  ValidateText(user.organisation, "organisation", kMaxShortText, p);
  if (user.roles.empty()) p.Add("roles", "a user needs at least one role");
  for (size_t i = 0; i < user.roles.size(); ++i) {
    if (std::count(user.roles.begin(), user.roles.end(), user.roles[i]) > 1) {
      p.Add(fmt::format("roles[{}]", i), "repeats a role");
    }
  }
  for (size_t i = 0; i < user.groups.size(); ++i) {
    if (!IsValidGroupName(user.groups[i])) {
      p.Add(fmt::format("groups[{}]", i),
            "a group name is 1 to 64 lower-case letters, digits, '-', '_' or '.'");
    }
  }
  return p.ToStatus();
}

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 12) {
    return InvalidArgument("a password needs at least 12 characters", "password");
  }
  if (password.size() > 1024) {
    return InvalidArgument("a password may have at most 1024 characters", "password");
  }
  return Status::Ok();
}

}  // namespace civharm
