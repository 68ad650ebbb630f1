// civharm user init|add|list|show|disable|enable|reset-password|grant|revoke ·
// civharm token create|list|revoke
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "service/auth_service.h"
#include "service/user_service.h"

namespace civharm::cli {
namespace {

struct UserOptions {
  std::string db = kDefaultDb;
  std::string name;
  std::string display_name;
  std::string organisation;
  std::vector<std::string> roles;
  std::vector<std::string> groups;
  bool password_stdin = false;
};

Result<std::vector<Role>> ParseRoles(const std::vector<std::string>& names) {
  std::vector<Role> roles;
  for (const std::string& n : names) {
    auto r = ParseEnum<Role>(n);
    if (!r) {
      return std::unexpected(
          InvalidArgument(fmt::format("'{}' is not {}", n, EnumChoices<Role>()), "role"));
    }
    roles.push_back(*r);
  }
  return roles;
}

void PrintUser(const User& u) {
  std::vector<std::string_view> roles;
  for (Role r : u.roles) roles.push_back(EnumName(r));
  fmt::print("{}\t{}\troles: {}\tgroups: {}\t{}\n", u.name, u.disabled ? "disabled" : "enabled",
             fmt::join(roles, ","),
             u.groups.empty() ? "-" : fmt::format("{}", fmt::join(u.groups, ",")),
             u.organisation.empty() ? "-" : u.organisation);
}

CLI::App* WithDb(CLI::App* cmd, std::string& db) {
  cmd->add_option("--db", db, "Database file")->capture_default_str();
  return cmd;
}

void AddRoleOptions(CLI::App* cmd, UserOptions& o) {
  cmd->add_option("--role", o.roles, "A role (repeatable): " + EnumChoices<Role>());
  cmd->add_option("--group", o.groups, "A need-to-know group (repeatable)");
}

}  // namespace

void AddUserCommand(CLI::App& app, Command& command) {
  auto* user = app.add_subcommand("user", "Manage the people who use civharm");
  user->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();

  auto* init =
      WithDb(user->add_subcommand("init",
                                  "Create the database and its first administrator, whose "
                                  "password is printed once (only while there are no users)"),
             o->db);
  init->add_option("--name", o->name, "The administrator's user name")->default_str("admin");
  init->callback([o, &command] {
    command.run = [o] {
      auto store = OpenDb(o->db, storage::MigrationPolicy::kApply);
      if (!store) return Fail(store.error());
      auto created = service::EnsureFirstAdmin(**store, o->name.empty() ? "admin" : o->name);
      if (!created) return Fail(created.error());
      if (!*created) {
        return Fail(AlreadyExists(fmt::format(
            "{} already has users; an administrator adds more with `civharm user add`", o->db)));
      }
      fmt::print("user: {}\npassword: {}\n", (*created)->user.name, (*created)->password);
      fmt::print(stderr,
                 "civharm: this password is shown only now; keep it safe and change it after "
                 "signing in\n");
      return 0;
    };
  });

  auto* add =
      WithDb(user->add_subcommand("add", "Add a user (prints a generated password once)"), o->db);
  add->add_option("name", o->name, "User name")->required();
  add->add_option("--display-name", o->display_name, "Full name");
  add->add_option("--organisation", o->organisation, "Organisation");
  AddRoleOptions(add, *o);
  add->add_flag("--password-stdin", o->password_stdin,
                "Read the password from standard input instead of generating one");
  add->callback([o, &command] {
    command.run = [o] {
      return AsSignedIn(o->db, [&](SignedIn& s) {
        auto roles = ParseRoles(o->roles);
        if (!roles) return Fail(roles.error());
        std::string password;
        if (o->password_stdin) {
          auto p = ReadPassword(true, "");
          if (!p) return Fail(p.error());
          password = std::move(*p);
        }
        auto added = service::AddUser(*s.store, s.actor,
                                      {.name = o->name,
                                       .display_name = o->display_name,
                                       .organisation = o->organisation,
                                       .roles = std::move(*roles),
                                       .groups = o->groups},
                                      std::move(password));
        if (!added) return Fail(added.error());
        fmt::print("user: {}\n", added->user.name);
        if (!added->password.empty()) fmt::print("password: {}\n", added->password);
        return 0;
      });
    };
  });

  auto* list = WithDb(user->add_subcommand("list", "List users"), o->db);
  list->callback([o, &command] {
    command.run = [o] {
      return AsSignedIn(o->db, [&](SignedIn& s) {
        auto users = service::ListUsers(*s.store, s.actor);
        if (!users) return Fail(users.error());
        for (const User& u : *users) PrintUser(u);
        return 0;
      });
    };
  });

  auto* show = WithDb(user->add_subcommand("show", "Show a user (yourself without a name)"), o->db);
  show->add_option("name", o->name, "User name");
  show->callback([o, &command] {
    command.run = [o] {
      return AsSignedIn(o->db, [&](SignedIn& s) {
        auto u = service::GetUser(*s.store, s.actor, o->name.empty() ? s.actor.name : o->name);
        if (!u) return Fail(u.error());
        PrintUser(*u);
        return 0;
      });
    };
  });

  for (const bool disable : {true, false}) {
    auto* cmd = WithDb(user->add_subcommand(disable ? "disable" : "enable",
                                            disable ? "Disable a user and revoke their tokens"
                                                    : "Enable a disabled user"),
                       o->db);
    cmd->add_option("name", o->name, "User name")->required();
    cmd->callback([o, disable, &command] {
      command.run = [o, disable] {
        return AsSignedIn(o->db, [&](SignedIn& s) {
          auto u = service::SetDisabled(*s.store, s.actor, o->name, disable);
          if (!u) return Fail(u.error());
          PrintUser(*u);
          return 0;
        });
      };
    });
  }

  auto* reset =
      WithDb(user->add_subcommand("reset-password",
                                  "Set a new password (generated unless --password-stdin), clear a "
                                  "lockout, revoke the user's tokens"),
             o->db);
  reset->add_option("name", o->name, "User name")->required();
  reset->add_flag("--password-stdin", o->password_stdin,
                  "Read the new password from standard input");
  reset->callback([o, &command] {
    command.run = [o] {
      return AsSignedIn(o->db, [&](SignedIn& s) {
        std::string password;
        if (o->password_stdin) {
          auto p = ReadPassword(true, "");
          if (!p) return Fail(p.error());
          password = std::move(*p);
        }
        auto generated = service::ResetPassword(*s.store, s.actor, o->name, std::move(password));
        if (!generated) return Fail(generated.error());
        if (!generated->empty()) fmt::print("password: {}\n", *generated);
        fmt::print(stderr, "civharm: {}'s tokens were revoked\n", o->name);
        return 0;
      });
    };
  });

  for (const bool grant : {true, false}) {
    auto* cmd = WithDb(user->add_subcommand(grant ? "grant" : "revoke",
                                            grant ? "Give a user roles or groups"
                                                  : "Take roles or groups from a user"),
                       o->db);
    cmd->add_option("name", o->name, "User name")->required();
    AddRoleOptions(cmd, *o);
    cmd->callback([o, grant, &command] {
      command.run = [o, grant] {
        return AsSignedIn(o->db, [&](SignedIn& s) {
          if (o->roles.empty() && o->groups.empty()) {
            return Fail(InvalidArgument("name at least one --role or --group"));
          }
          auto roles = ParseRoles(o->roles);
          if (!roles) return Fail(roles.error());
          auto u = grant ? service::Grant(*s.store, s.actor, o->name, *roles, o->groups)
                         : service::Revoke(*s.store, s.actor, o->name, *roles, o->groups);
          if (!u) return Fail(u.error());
          PrintUser(*u);
          return 0;
        });
      };
    });
  }
}

void AddTokenCommand(CLI::App& app, Command& command) {
  auto* token = app.add_subcommand("token", "API tokens for scripts and the command line");
  token->require_subcommand(1);
  auto db = std::make_shared<std::string>(kDefaultDb);
  auto name = std::make_shared<std::string>();
  auto label = std::make_shared<std::string>("command line");
  auto days = std::make_shared<int>(0);
  auto password_stdin = std::make_shared<bool>(false);

  auto* create = WithDb(
      token->add_subcommand("create",
                            "Sign in with your password and print a new API token (use it as "
                            "CIVHARM_TOKEN, or as 'Authorization: Bearer <token>' over HTTP)"),
      *db);
  create->add_option("--user", *name, "Your user name")->required();
  create->add_option("--label", *label, "What the token is for")->capture_default_str();
  create->add_option("--days", *days, "Days until it expires (default 90, at most 366)")
      ->check(CLI::Range(1, 366));
  create->add_flag("--password-stdin", *password_stdin, "Read the password from standard input");
  create->callback([=, &command] {
    command.run = [=] {
      if (!std::filesystem::exists(*db))
        return Fail(NotFound(fmt::format("there is no database at {}", *db)));
      auto store = OpenDb(*db, storage::MigrationPolicy::kCheck);
      if (!store) return Fail(store.error());
      auto password = ReadPassword(*password_stdin, fmt::format("password for {}", *name));
      if (!password) return Fail(password.error());
      service::TokenRequest request{.kind = storage::TokenKind::kApi, .label = *label};
      if (*days > 0) request.lifetime = std::chrono::days(*days);
      auto issued = service::AuthService(**store).SignIn(*name, *password, request);
      if (!issued) return Fail(issued.error());
      fmt::print("{}\n", issued->secret);
      fmt::print(stderr, "civharm: token {} for {}, valid until {}; it is shown only now\n",
                 issued->token.id, issued->user.name, issued->token.expires_at.ToString());
      return 0;
    };
  });

  auto* list =
      WithDb(token->add_subcommand("list", "List your tokens (or a user's, as admin)"), *db);
  list->add_option("--user", *name, "Whose tokens");
  list->callback([=, &command] {
    command.run = [=] {
      return AsSignedIn(*db, [&](SignedIn& s) {
        auto tokens = service::AuthService(*s.store).ListTokens(s.actor, *name);
        if (!tokens) return Fail(tokens.error());
        const Timestamp now = Timestamp::Now();
        for (const auto& t : *tokens) {
          fmt::print("{}\t{}\t{}\t{}\texpires {}\t{}\n", t.id, t.user, EnumName(t.kind), t.label,
                     t.expires_at.ToString(),
                     t.revoked_at ? "revoked" : (t.ActiveAt(now) ? "active" : "expired"));
        }
        return 0;
      });
    };
  });

  auto id = std::make_shared<std::string>();
  auto* revoke = WithDb(token->add_subcommand("revoke",
                                              "Revoke a token by id, or without one the token in "
                                              "CIVHARM_TOKEN (signing out)"),
                        *db);
  revoke->add_option("id", *id, "Token id (tok_…)");
  revoke->callback([=, &command] {
    command.run = [=] {
      return AsSignedIn(*db, [&](SignedIn& s) {
        service::AuthService auth(*s.store);
        const Status st = id->empty() ? auth.SignOut(std::getenv("CIVHARM_TOKEN"))
                                      : auth.RevokeToken(s.actor, *id);
        if (!st.ok()) return Fail(st);
        fmt::print(stderr, "civharm: revoked {}\n",
                   id->empty() ? "the token in CIVHARM_TOKEN" : *id);
        return 0;
      });
    };
  });
}

}  // namespace civharm::cli
