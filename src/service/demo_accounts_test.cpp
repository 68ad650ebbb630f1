// The demonstration accounts on a store holding the demo data: two of each role but admin and
// public, who can sign in with the passwords handed back; a public release made by two of them;
// a published assessment of the demo's own force, written by one assessor and published by
// another; made once only, and all of it in a verifying audit log.
#include "service/demo_accounts.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "domain/framework.h"
#include "service/analytics_service.h"
#include "service/auth_service.h"
#include "service/demo.h"
#include "service/release_service.h"
#include "service/score_service.h"
#include "service/user_service.h"

namespace civharm::service {
namespace {

size_t IndicatorCount(const Framework& fw) {
  size_t n = 0;
  for (const Category& c : fw.categories) n += c.indicators.size();
  return n;
}

TEST(DemoAccountsTest, MakesAccountsAReleaseAndAPublishedAssessmentOnce) {
  civharm::testing::TempDir dir;
  auto store = storage::OpenStore({.location = dir.File("demo.db"),
                                   .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                   .value();
  const Actor admin = Actor::System();
  const auto loaded = LoadDemo(*store, admin, {.seed = 20240611, .events = 80});
  ASSERT_TRUE(loaded) << loaded.error().ToString();

  const auto made = CreateDemoAccounts(*store, admin);
  ASSERT_TRUE(made) << made.error().ToString();

  // Two of each role but admin and public, by name, each able to sign in.
  std::set<Role> roles;
  std::set<std::string> names;
  for (const auto& [role, name] : EnumTraits<Role>::kNames) {
    if (role == Role::kAdmin || role == Role::kPublic) continue;
    roles.insert(role);
    names.insert(std::string(name) + "1");
    names.insert(std::string(name) + "2");
  }
  ASSERT_EQ(made->accounts.size(), 2 * roles.size());
  AuthService auth(*store);
  std::set<std::string> seen, passwords;
  for (const DemoAccount& a : made->accounts) {
    SCOPED_TRACE(a.name);
    ASSERT_EQ(a.roles.size(), 1u);
    EXPECT_TRUE(roles.contains(a.roles[0]));
    EXPECT_EQ(a.name, fmt::format("{}{}", EnumName(a.roles[0]), a.name.back()));
    seen.insert(a.name);
    passwords.insert(a.password);
    EXPECT_GE(a.password.size(), 12u);

    const auto user = GetUser(*store, admin, a.name);
    ASSERT_TRUE(user) << user.error().ToString();
    EXPECT_EQ(user->roles, a.roles);
    EXPECT_EQ(user->organisation, kDemoOrganisation);
    EXPECT_FALSE(user->display_name.empty());
    EXPECT_FALSE(user->disabled);

    const auto token = auth.SignIn(a.name, a.password, {.kind = storage::TokenKind::kApi});
    ASSERT_TRUE(token) << token.error().ToString();
    const auto who = auth.Authenticate(token->secret);
    ASSERT_TRUE(who) << who.error().ToString();
    EXPECT_EQ(who->name, a.name);
    EXPECT_EQ(who->roles, a.roles);
  }
  EXPECT_EQ(seen, names);
  EXPECT_EQ(passwords.size(), made->accounts.size());  // random, so all different

  // The release is approved, by the other publisher, and public.
  ReleaseService releases(*store);
  const auto release = releases.PublicRelease(made->release_version);
  ASSERT_TRUE(release) << release.error().ToString();
  EXPECT_EQ(release->id, made->release_id);
  EXPECT_EQ(release->status, ReleaseStatus::kApproved);
  EXPECT_EQ(release->requested_by, "publisher1");
  EXPECT_EQ(release->reviewed_by, "publisher2");
  EXPECT_GT(release->incidents, 0);
  const auto rows = releases.PublicRows(made->release_version, 0, 10);
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_FALSE(rows->rows.empty());

  // The assessment is published, by someone other than its assessor, every indicator scored,
  // and has evidence from the demo's records of its force.
  AnalyticsService analytics(*store);
  ScoreService scores(*store, analytics);
  const auto assessment = scores.PublicGet(made->assessment_id);
  ASSERT_TRUE(assessment) << assessment.error().ToString();
  EXPECT_EQ(assessment->status, ScoreStatus::kPublished);
  EXPECT_EQ(assessment->assessor, "framework_assessor1");
  EXPECT_EQ(assessment->reviewer, "framework_assessor2");
  EXPECT_NE(assessment->reviewer, assessment->assessor);
  EXPECT_EQ(assessment->force, made->assessed_force);
  EXPECT_EQ(assessment->edition, DefaultFramework().edition);
  EXPECT_EQ(assessment->indicators.size(), IndicatorCount(DefaultFramework()));
  for (const IndicatorScore& s : assessment->indicators) {
    EXPECT_FALSE(s.rationale.empty()) << s.indicator_id;
  }
  const auto evidence = scores.PublicEvidence(made->assessment_id);
  ASSERT_TRUE(evidence) << evidence.error().ToString();
  EXPECT_GT(evidence->allegations, 0);

  // A second call makes nothing: the same names, the same releases and assessments, and not
  // one more audit entry.
  const auto before = store->VerifyAudit();
  ASSERT_TRUE(before) << before.error().ToString();
  const size_t users_before = ListUsers(*store, admin).value().size();
  const auto again = CreateDemoAccounts(*store, admin);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(ListUsers(*store, admin).value().size(), users_before);
  EXPECT_EQ(releases.PublicReleases().value().size(), 1u);
  EXPECT_EQ(scores.PublicList({}).value().size(), 1u);

  const auto audit = store->VerifyAudit();
  ASSERT_TRUE(audit) << audit.error().ToString();
  EXPECT_TRUE(audit->ok()) << audit->problem;
  EXPECT_EQ(audit->entries, before->entries);
  EXPECT_EQ(audit->head_hash, before->head_hash);
  EXPECT_GE(audit->users, static_cast<int64_t>(made->accounts.size()));
  EXPECT_EQ(audit->releases, 1);
  EXPECT_EQ(audit->state_assessments, 1);
}

// Without the right to manage users, nothing is made.
TEST(DemoAccountsTest, NeedsAnAdministrator) {
  civharm::testing::TempDir dir;
  auto store = storage::OpenStore({.location = dir.File("demo.db"),
                                   .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                   .value();
  const Actor analyst{"amira", {Role::kAnalyst}, {}};
  const auto made = CreateDemoAccounts(*store, analyst);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(ListUsers(*store, Actor::System()).value().empty());
}

TEST(DemoAccountsTest, PlanNamesTwoOfEachRoleButAdminAndPublic) {
  const auto plan = DemoAccountPlan();
  ASSERT_EQ(plan.size(), 16u);
  EXPECT_EQ(plan.front().name, "analyst1");
  EXPECT_EQ(plan[1].name, "analyst2");
  EXPECT_EQ(plan.back().name, "framework_assessor2");
  for (const DemoAccount& a : plan) {
    EXPECT_TRUE(IsValidUserName(a.name)) << a.name;
    EXPECT_TRUE(a.password.empty());
  }
}

}  // namespace
}  // namespace civharm::service
