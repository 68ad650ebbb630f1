#include "service/authorization.h"

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "domain/test_fixtures.h"
#include "service/record_service.h"

namespace civharm::service {
namespace {

TEST(AuthorizationTest, AdminsMayDoEverythingAndThePublicOnlySubmit) {
  for (Action a : AllActions()) {
    EXPECT_TRUE(RoleAllows(Role::kAdmin, a)) << ActionName(a);
    EXPECT_EQ(RoleAllows(Role::kPublic, a), a == Action::kSubmitPublicReport) << ActionName(a);
    EXPECT_NE(ActionName(a), "?");
  }
}

TEST(AuthorizationTest, PersonalDataOnlyForTheRolesThatWorkWithPeople) {
  for (Role r : {Role::kAdmin, Role::kInvestigator, Role::kResponseOfficer}) {
    EXPECT_TRUE(RoleAllows(r, Action::kReadPersonalData)) << EnumName(r);
  }
  for (Role r : {Role::kAnalyst, Role::kPublisher, Role::kPocAdviser, Role::kHumanitarianLiaison,
                 Role::kExternalReporter, Role::kFrameworkAssessor, Role::kPublic}) {
    EXPECT_FALSE(RoleAllows(r, Action::kReadPersonalData)) << EnumName(r);
  }
}

TEST(AuthorizationTest, NoRoleButAdminManagesUsersKeysOrTheDatabase) {
  for (const auto& [role, name] : EnumTraits<Role>::kNames) {
    if (role == Role::kAdmin) continue;
    for (Action a :
         {Action::kManageUsers, Action::kRotateKeys, Action::kManageDatabase, Action::kReadAudit}) {
      EXPECT_FALSE(RoleAllows(role, a)) << name << " " << ActionName(a);
    }
  }
}

TEST(AuthorizationTest, OnlyPublishersAndAdminsRequestAndReviewReleases) {
  for (const auto& [role, name] : EnumTraits<Role>::kNames) {
    const bool publishes = role == Role::kAdmin || role == Role::kPublisher;
    EXPECT_EQ(RoleAllows(role, Action::kRequestRelease), publishes) << name;
    EXPECT_EQ(RoleAllows(role, Action::kReviewRelease), publishes) << name;
  }
  EXPECT_EQ(ActionName(Action::kRequestRelease), "request_release");
  EXPECT_EQ(ActionName(Action::kReviewRelease), "review_release");
}

TEST(AuthorizationTest, OnlyFrameworkAssessorsAndAdminsScoreStates) {
  for (const auto& [role, name] : EnumTraits<Role>::kNames) {
    const bool scores = role == Role::kAdmin || role == Role::kFrameworkAssessor;
    for (Action a : {Action::kWriteScores, Action::kReviewScores, Action::kManageFramework}) {
      EXPECT_EQ(RoleAllows(role, a), scores) << name << " " << ActionName(a);
    }
    const bool reads = scores || role == Role::kAnalyst || role == Role::kPublisher;
    EXPECT_EQ(RoleAllows(role, Action::kReadScores), reads) << name;
  }
  // A framework assessor follows evidence to incidents and case files, never to people.
  EXPECT_TRUE(RoleAllows(Role::kFrameworkAssessor, Action::kReadCases));
  EXPECT_FALSE(RoleAllows(Role::kFrameworkAssessor, Action::kReadVictims));
  EXPECT_FALSE(RoleAllows(Role::kFrameworkAssessor, Action::kReadReports));
}

TEST(AuthorizationTest, ViewsFollowRolesAndGroups) {
  const storage::View admin = ViewFor({"a", {Role::kAdmin}, {}});
  EXPECT_TRUE(admin.all_groups);
  EXPECT_TRUE(admin.personal_data);
  const storage::View analyst = ViewFor({"b", {Role::kAnalyst}, {"partner"}});
  EXPECT_FALSE(analyst.all_groups);
  EXPECT_FALSE(analyst.personal_data);
  EXPECT_EQ(analyst.groups, std::vector<std::string>{"partner"});
  EXPECT_TRUE(analyst.Sees({}));
  EXPECT_TRUE(analyst.Sees({"own-force", "partner"}));
  EXPECT_FALSE(analyst.Sees({"own-force"}));
  EXPECT_EQ(Authorize({"c", {}, {}}, Action::kReadIncidents).code(), ErrorCode::kPermissionDenied);
}

class RecordAccessTest : public ::testing::Test {
 protected:
  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_ =
      storage::OpenStore({.location = dir_.File("a.db"),
                          .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
          .value();
  RecordService records_{*store_};
  Actor admin_{"admin", {Role::kAdmin}, {}};
  Actor analyst_{"ana", {Role::kAnalyst}, {"partner"}};
  Actor investigator_{"ivo", {Role::kInvestigator}, {"own-force"}};
  Actor reporter_{"rep", {Role::kExternalReporter}, {}};
};

TEST_F(RecordAccessTest, RolesAreCheckedOnEveryCall) {
  const AnyRecord incident = AnyRecord(civharm::testing::SampleIncident());
  auto denied = records_.Create(reporter_, incident);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), ErrorCode::kPermissionDenied);
  const Report filed =
      std::get<Report>(records_.Create(reporter_, AnyRecord(civharm::testing::SampleReport()))
                           .value());  // a partner may file a report, with its testimony
  EXPECT_TRUE(filed.account.empty());  // … but does not get the testimony back
  EXPECT_EQ(records_.Get(reporter_, EntityKind::kReport, filed.meta.id).error().code(),
            ErrorCode::kPermissionDenied);
  const Report full =
      std::get<Report>(records_.Get(investigator_, EntityKind::kReport, filed.meta.id).value());
  EXPECT_EQ(full.account, civharm::testing::SampleReport().account);
  const Report redacted =
      std::get<Report>(records_.Get(analyst_, EntityKind::kReport, filed.meta.id).value());
  EXPECT_TRUE(redacted.account.empty());
  EXPECT_EQ(redacted.facts, full.facts);
}

TEST_F(RecordAccessTest, PersonalDataCannotBeOverwrittenBlind) {
  const Report filed = std::get<Report>(
      records_.Create(admin_, AnyRecord(civharm::testing::SampleReport())).value());
  Report edit =
      std::get<Report>(records_.Get(analyst_, EntityKind::kReport, filed.meta.id).value());
  edit.account = "something else";
  auto r = records_.Update(analyst_, AnyRecord(edit), edit.meta.version);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(r.error().field(), "account");
  edit.account.clear();
  edit.citation = "bulletin 7";
  ASSERT_TRUE(records_.Update(analyst_, AnyRecord(edit), edit.meta.version));
  const Report after =
      std::get<Report>(records_.Get(admin_, EntityKind::kReport, filed.meta.id).value());
  EXPECT_EQ(after.account, filed.account);
  EXPECT_EQ(after.citation, "bulletin 7");
}

TEST_F(RecordAccessTest, RestrictedRecordsAreInvisibleToOtherGroups) {
  Incident secret = civharm::testing::SampleIncident();
  secret.meta.restricted_to = {"own-force"};
  const Incident saved =
      std::get<Incident>(records_.Create(investigator_, AnyRecord(secret)).value());
  records_.Create(admin_, AnyRecord(civharm::testing::SampleIncident())).value();
  EXPECT_EQ(records_.Get(analyst_, EntityKind::kIncident, saved.meta.id).error().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(records_.List(analyst_, EntityKind::kIncident, {}).value().items.size(), 1u);
  EXPECT_EQ(records_.List(investigator_, EntityKind::kIncident, {}).value().items.size(), 2u);
  EXPECT_EQ(records_.List(admin_, EntityKind::kIncident, {}).value().items.size(), 2u);
  // Restricting needs the permission, and a group one belongs to.
  Incident mine = civharm::testing::SampleIncident();
  mine.meta.restricted_to = {"own-force"};
  EXPECT_EQ(records_.Create(analyst_, AnyRecord(mine)).error().field(), "restricted_to");
}

}  // namespace
}  // namespace civharm::service
