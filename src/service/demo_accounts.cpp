#include "service/demo_accounts.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/crypto.h"
#include "domain/assessment.h"
#include "domain/framework.h"
#include "service/analytics_service.h"
#include "service/demo/dates.h"
#include "service/demo/world.h"
#include "service/release_service.h"
#include "service/score_service.h"
#include "service/user_service.h"

namespace civharm::service {
namespace {

// The roles that get demonstration accounts, with how a display name calls them.
constexpr std::array kDemoRoles = {
    std::pair{Role::kAnalyst, std::string_view("Analyst")},
    std::pair{Role::kInvestigator, std::string_view("Investigator")},
    std::pair{Role::kResponseOfficer, std::string_view("Response officer")},
    std::pair{Role::kPublisher, std::string_view("Publisher")},
    std::pair{Role::kPocAdviser, std::string_view("PoC adviser")},
    std::pair{Role::kHumanitarianLiaison, std::string_view("Humanitarian liaison")},
    std::pair{Role::kExternalReporter, std::string_view("External reporter")},
    std::pair{Role::kFrameworkAssessor, std::string_view("Framework assessor")}};
constexpr int kPerRole = 2;

std::string AccountName(Role role, int n) {
  return fmt::format("{}{}", EnumName(role), n);
}

std::string DisplayName(std::string_view title, int n) {
  return fmt::format("{} {} (demo)", title, n);
}

// A level for each indicator: a force that is engaged on most things, further along on some and
// behind on a few, so that the scorecard and its roadmap have something to show.
Level DemoLevel(size_t category, size_t indicator) {
  constexpr std::array kLevels = {Level::kEngaged, Level::kEmergingLeader, Level::kEngaged,
                                  Level::kUncommitted};
  return kLevels[(category + indicator) % kLevels.size()];
}

std::string Rationale(const Indicator& indicator, Level level) {
  return fmt::format(
      "Demonstration score: {} on {} ({}), from the force's synthetic record of civilian harm "
      "in the demonstration data.",
      LevelTitle(level), indicator.name, indicator.id);
}

// The assessment of the demo's own force over the demo's last year, every indicator scored.
StateAssessment DemoAssessment(const Framework& framework) {
  StateAssessment a;
  a.state = std::string(demo::kOwnForce);
  a.force = std::string(demo::kOwnForce);
  // The demo's events run from demo::FirstDay() for kPeriodDays days: its last 366 days.
  a.period = {.from = demo::FirstDay().AddDays(demo::kPeriodDays - 366),
              .to = demo::FirstDay().AddDays(demo::kPeriodDays - 1)};
  a.edition = framework.edition;
  for (size_t c = 0; c < framework.categories.size(); ++c) {
    const Category& category = framework.categories[c];
    for (size_t i = 0; i < category.indicators.size(); ++i) {
      const Level level = DemoLevel(c, i);
      a.indicators.push_back({.indicator_id = category.indicators[i].id,
                              .level = level,
                              .rationale = Rationale(category.indicators[i], level)});
    }
  }
  return a;
}

const DemoAccount& Account(const std::vector<DemoAccount>& accounts, Role role, int n) {
  const std::string name = AccountName(role, n);
  return *std::find_if(accounts.begin(), accounts.end(),
                       [&](const DemoAccount& a) { return a.name == name; });
}

Actor ActorOf(const DemoAccount& account) {
  return {account.name, account.roles, {}};
}

}  // namespace

std::vector<DemoAccount> DemoAccountPlan() {
  std::vector<DemoAccount> plan;
  for (const auto& role : kDemoRoles) {
    for (int n = 1; n <= kPerRole; ++n) {
      plan.push_back({.name = AccountName(role.first, n), .roles = {role.first}, .password = {}});
    }
  }
  return plan;
}

Result<DemoAccounts> CreateDemoAccounts(storage::Store& store, const Actor& admin) {
  // Every name free, or nothing is made.
  CIVHARM_ASSIGN_OR_RETURN(const std::vector<User> users, ListUsers(store, admin));
  std::set<std::string> existing;
  for (const User& u : users) existing.insert(u.name);
  std::vector<DemoAccount> plan = DemoAccountPlan();
  std::vector<std::string> taken;
  for (const DemoAccount& a : plan) {
    if (existing.contains(a.name)) taken.push_back(a.name);
  }
  if (!taken.empty()) {
    return std::unexpected(AlreadyExists(
        fmt::format("the demonstration accounts exist already ({})", fmt::join(taken, ", "))));
  }

  DemoAccounts made;
  for (const auto& role : kDemoRoles) {
    for (int n = 1; n <= kPerRole; ++n) {
      DemoAccount account{
          .name = AccountName(role.first, n), .roles = {role.first}, .password = RandomPassword()};
      User user;
      user.name = account.name;
      user.display_name = DisplayName(role.second, n);
      user.organisation = std::string(kDemoOrganisation);
      user.roles = account.roles;
      CIVHARM_RETURN_IF_ERROR(AddUser(store, admin, std::move(user), account.password));
      made.accounts.push_back(std::move(account));
    }
  }

  // A public release: requested by one publisher, approved by the other.
  ReleaseService releases(store);
  const Actor requester = ActorOf(Account(made.accounts, Role::kPublisher, 1));
  const Actor approver = ActorOf(Account(made.accounts, Role::kPublisher, 2));
  CIVHARM_ASSIGN_OR_RETURN(
      Release release,
      releases.Request(requester, {.rules = std::nullopt,
                                   .note = "Demonstration release under the default rules"}));
  CIVHARM_ASSIGN_OR_RETURN(release,
                           releases.Approve(approver, release.id, "Checked for the demonstration"));
  made.release_id = release.id;
  made.release_version = release.version;

  // The own force's assessment: written and submitted by one assessor, published by the other.
  // After the release, so that its evidence counts the findings the release published.
  AnalyticsService analytics(store);
  ScoreService scores(store, analytics);
  const Actor assessor = ActorOf(Account(made.accounts, Role::kFrameworkAssessor, 1));
  const Actor reviewer = ActorOf(Account(made.accounts, Role::kFrameworkAssessor, 2));
  CIVHARM_ASSIGN_OR_RETURN(const Framework framework, scores.GetFramework(assessor, ""));
  CIVHARM_ASSIGN_OR_RETURN(StateAssessment assessment,
                           scores.Create(assessor, DemoAssessment(framework)));
  CIVHARM_ASSIGN_OR_RETURN(assessment, scores.Submit(assessor, assessment.id, assessment.version));
  CIVHARM_ASSIGN_OR_RETURN(
      assessment, scores.Publish(reviewer, assessment.id, assessment.version,
                                 "Reviewed for the demonstration: every indicator has its reason"));
  made.assessment_id = assessment.id;
  made.assessed_force = assessment.force;
  return made;
}

}  // namespace civharm::service
