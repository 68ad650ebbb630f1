#include "domain/user.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/problems.h"
#include "domain/json_reader.h"
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

nlohmann::json ToJson(const User& user) {
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : user.roles) roles.push_back(EnumName(r));
  nlohmann::json j{{"name", user.name},
                   {"roles", std::move(roles)},
                   {"groups", user.groups},
                   {"disabled", user.disabled},
                   {"created_at", user.created_at.ToString()},
                   {"password_changed_at", user.password_changed_at.ToString()}};
  if (!user.display_name.empty()) j["display_name"] = user.display_name;
  if (!user.organisation.empty()) j["organisation"] = user.organisation;
  return j;
}

Result<User> UserFromJson(const nlohmann::json& j) {
  Problems problems;
  internal::JsonReader in(j, "", problems);
  User u;
  in.Require("name");
  u.name = in.String("name");
  u.display_name = in.String("display_name");
  u.organisation = in.String("organisation");
  if (const nlohmann::json* roles = in.Array("roles")) {
    for (size_t i = 0; i < roles->size(); ++i) {
      const std::string field = fmt::format("{}[{}]", in.field("roles"), i);
      const nlohmann::json& r = (*roles)[i];
      std::optional<Role> role =
          r.is_string() ? ParseEnum<Role>(r.get<std::string>()) : std::nullopt;
      if (!role) {
        problems.Add(field, fmt::format("must be {}", EnumChoices<Role>()));
        continue;
      }
      u.roles.push_back(*role);
    }
  }
  if (const nlohmann::json* groups = in.Array("groups")) {
    for (size_t i = 0; i < groups->size(); ++i) {
      const nlohmann::json& g = (*groups)[i];
      if (!g.is_string()) {
        problems.Add(fmt::format("{}[{}]", in.field("groups"), i), "must be a string");
        continue;
      }
      u.groups.push_back(g.get<std::string>());
    }
  }
  u.disabled = in.Bool("disabled").value_or(false);
  if (auto t = in.TimestampValue("created_at")) u.created_at = *t;
  if (auto t = in.TimestampValue("password_changed_at")) u.password_changed_at = *t;
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
  return u;
}

}  // namespace civharm
