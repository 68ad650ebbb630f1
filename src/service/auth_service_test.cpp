// Users, sign-in, tokens and lockout against a real SQLite file.
#include "service/auth_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/testing/temp_dir.h"
#include "service/user_service.h"

namespace civharm::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "correct horse battery";

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto first = EnsureFirstAdmin(*store_);
    ASSERT_TRUE(first && *first);
    admin_password_ = (*first)->password;
    admin_ = Actor::Of((*first)->user);
  }

  User AddAnalyst(std::string name = "amira") {
    auto added = AddUser(*store_, admin_,
                         {.name = std::move(name), .roles = {Role::kAnalyst}, .groups = {"j2"}},
                         std::string(kPassword));
    EXPECT_TRUE(added) << added.error().ToString();
    return added->user;
  }

  std::string ApiToken(std::string_view name, std::string_view password = kPassword) {
    auto t = auth_.SignIn(name, password, {.kind = storage::TokenKind::kApi, .label = "test"});
    EXPECT_TRUE(t) << t.error().ToString();
    return t ? t->secret : "";
  }

  std::string AuditText() {
    auto tx = store_->BeginRead(storage::View::Everything()).value();
    std::string all;
    const std::vector<storage::AuditEntry> entries = tx->ReadAudit(0, 10000).value();
    for (const auto& e : entries) {
      all += e.actor + " " + e.action + " " + e.entity + " " + e.after.dump() + "\n";
    }
    return all;
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_ =
      storage::OpenStore({.location = dir_.File("auth.db")}).value();
  AuthService auth_{*store_};
  Actor admin_;
  std::string admin_password_;
};

TEST_F(AuthServiceTest, TheFirstAdminIsCreatedOnceWithAGeneratedPassword) {
  EXPECT_GE(admin_password_.size(), 20u);
  EXPECT_EQ(admin_.name, "admin");
  EXPECT_EQ(admin_.roles, std::vector<Role>{Role::kAdmin});
  EXPECT_FALSE(EnsureFirstAdmin(*store_).value());
  EXPECT_TRUE(auth_.SignIn("admin", admin_password_, {}));
}

TEST_F(AuthServiceTest, ASignedInTokenStandsForItsUserWithCurrentRoles) {
  AddAnalyst();
  const std::string token = ApiToken("amira");
  Actor who = auth_.Authenticate(token).value();
  EXPECT_EQ(who.name, "amira");
  EXPECT_EQ(who.roles, std::vector<Role>{Role::kAnalyst});
  EXPECT_EQ(who.groups, std::vector<std::string>{"j2"});

  ASSERT_TRUE(Grant(*store_, admin_, "amira", {Role::kInvestigator}, {"partner-a"}));
  who = auth_.Authenticate(token).value();
  EXPECT_EQ(who.roles, (std::vector<Role>{Role::kAnalyst, Role::kInvestigator}));
  EXPECT_EQ(who.groups, (std::vector<std::string>{"j2", "partner-a"}));
}

TEST_F(AuthServiceTest, EveryRefusalSaysTheSameThing) {
  AddAnalyst();
  const auto wrong = auth_.SignIn("amira", "not the password", {});
  const auto unknown = auth_.SignIn("nobody", kPassword, {});
  const auto malformed = auth_.SignIn("No Such User!", kPassword, {});
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message(), unknown.error().message());
  EXPECT_EQ(wrong.error().message(), malformed.error().message());
}

TEST_F(AuthServiceTest, RepeatedFailuresLockTheAccountEvenForTheRightPassword) {
  AddAnalyst();
  for (int i = 0; i < auth_.policy().lock_after_failures - 1; ++i) {
    EXPECT_FALSE(auth_.SignIn("amira", "wrong password!", {}));
  }
  EXPECT_TRUE(auth_.SignIn("amira", kPassword, {})) << "a success resets the count";
  for (int i = 0; i < auth_.policy().lock_after_failures; ++i) {
    EXPECT_FALSE(auth_.SignIn("amira", "wrong password!", {}));
  }
  EXPECT_FALSE(auth_.SignIn("amira", kPassword, {}));
  EXPECT_THAT(AuditText(), HasSubstr("auth.locked"));

  {  // the lock runs out
    auto tx = store_->BeginWrite({.actor = "test"}).value();
    storage::Credentials c = tx->GetAccount("amira").value()->credentials;
    c.locked_until = Timestamp::FromUnixSeconds(1);
    ASSERT_TRUE(tx->SetCredentials("amira", c).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_TRUE(auth_.SignIn("amira", kPassword, {}));
}

TEST_F(AuthServiceTest, AnAdminResetClearsALockAndRevokesTokens) {
  AddAnalyst();
  const std::string token = ApiToken("amira");
  for (int i = 0; i < auth_.policy().lock_after_failures; ++i) {
    (void)auth_.SignIn("amira", "wrong password!", {});
  }
  const std::string fresh = ResetPassword(*store_, admin_, "amira", "").value();
  EXPECT_GE(fresh.size(), 20u);
  EXPECT_FALSE(auth_.Authenticate(token));
  EXPECT_FALSE(auth_.SignIn("amira", kPassword, {}));
  EXPECT_TRUE(auth_.SignIn("amira", fresh, {}));
}

TEST_F(AuthServiceTest, ExpiredAndRevokedTokensSignNobodyIn) {
  AddAnalyst();
  const std::string signed_out = ApiToken("amira");
  ASSERT_TRUE(auth_.SignOut(signed_out).ok());
  EXPECT_EQ(auth_.Authenticate(signed_out).error().code(), ErrorCode::kUnauthenticated);

  {
    auto tx = store_->BeginWrite({.actor = "test"}).value();
    ASSERT_TRUE(tx->InsertToken({.id = "tok_old",
                                 .digest = TokenDigest("chm_expired"),
                                 .user = "amira",
                                 .created_at = Timestamp::FromUnixSeconds(1000),
                                 .expires_at = Timestamp::FromUnixSeconds(2000)})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_FALSE(auth_.Authenticate("chm_expired"));
  EXPECT_FALSE(auth_.Authenticate(""));
  EXPECT_FALSE(auth_.Authenticate("chm_never_issued"));

  const std::string kept = ApiToken("amira");
  const Actor amira = auth_.Authenticate(kept).value();
  const auto mine = auth_.ListTokens(amira, "").value();
  ASSERT_FALSE(mine.empty());
  for (const auto& t : mine) EXPECT_TRUE(t.digest.empty()) << "digests are not handed out";
  ASSERT_TRUE(auth_.RevokeToken(amira, mine.front().id).ok());
  EXPECT_FALSE(auth_.Authenticate(kept));
}

TEST_F(AuthServiceTest, OnlyOwnTokensUnlessManagingUsers) {
  AddAnalyst("amira");
  AddAnalyst("bashir");
  const Actor amira = auth_.Authenticate(ApiToken("amira")).value();
  const std::string bashir_token = ApiToken("bashir");
  const Actor bashir = auth_.Authenticate(bashir_token).value();
  const std::string id = auth_.ListTokens(bashir, "").value().front().id;
  EXPECT_EQ(auth_.RevokeToken(amira, id).code(), ErrorCode::kNotFound);
  EXPECT_EQ(auth_.ListTokens(amira, "bashir").error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(auth_.Authenticate(bashir_token));
  EXPECT_TRUE(auth_.RevokeToken(admin_, id).ok());
  EXPECT_FALSE(auth_.Authenticate(bashir_token));
}

TEST_F(AuthServiceTest, DisablingSignsTheUserOutEverywhere) {
  AddAnalyst();
  const std::string token = ApiToken("amira");
  ASSERT_TRUE(SetDisabled(*store_, admin_, "amira", true));
  EXPECT_FALSE(auth_.Authenticate(token));
  EXPECT_FALSE(auth_.SignIn("amira", kPassword, {}));
  ASSERT_TRUE(SetDisabled(*store_, admin_, "amira", false));
  EXPECT_FALSE(auth_.Authenticate(token)) << "re-enabling does not revive old tokens";
  EXPECT_TRUE(auth_.SignIn("amira", kPassword, {}));
}

TEST_F(AuthServiceTest, TheLastAdminStays) {
  EXPECT_EQ(SetDisabled(*store_, admin_, "admin", true).error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Revoke(*store_, admin_, "admin", {Role::kAdmin}, {}).error().code(),
            ErrorCode::kInvalidArgument);  // no role would be left
  ASSERT_TRUE(Grant(*store_, admin_, "admin", {Role::kAnalyst}, {}));
  EXPECT_EQ(Revoke(*store_, admin_, "admin", {Role::kAdmin}, {}).error().code(),
            ErrorCode::kConflict);
  AddUser(*store_, admin_, {.name = "second", .roles = {Role::kAdmin}}, "").value();
  EXPECT_TRUE(Revoke(*store_, admin_, "admin", {Role::kAdmin}, {}));
}

TEST_F(AuthServiceTest, OnlyUserManagersManageUsers) {
  AddAnalyst();
  const Actor amira = auth_.Authenticate(ApiToken("amira")).value();
  EXPECT_EQ(AddUser(*store_, amira, {.name = "x", .roles = {Role::kAdmin}}, "").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Grant(*store_, amira, "amira", {Role::kAdmin}, {}).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ListUsers(*store_, amira).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(GetUser(*store_, amira, "admin").error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(GetUser(*store_, amira, "amira").value().name, "amira");
}

TEST_F(AuthServiceTest, PasswordsAreCheckedAndChangedByTheirOwner) {
  AddAnalyst();
  EXPECT_EQ(AddUser(*store_, admin_, {.name = "short", .roles = {Role::kAnalyst}}, "2short")
                .error()
                .field(),
            "password");
  const Actor amira = auth_.Authenticate(ApiToken("amira")).value();
  EXPECT_EQ(ChangeOwnPassword(*store_, amira, "wrong", "a brand new passphrase").code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(ChangeOwnPassword(*store_, amira, kPassword, "a brand new passphrase").ok());
  EXPECT_FALSE(auth_.SignIn("amira", kPassword, {}));
  EXPECT_TRUE(auth_.SignIn("amira", "a brand new passphrase", {}));
}

TEST_F(AuthServiceTest, TheAuditLogNamesTheActorAndHoldsNoSecret) {
  AddAnalyst();
  const std::string token = ApiToken("amira");
  const std::string audit = AuditText();
  EXPECT_THAT(audit, HasSubstr("admin create user {\"created_at\""));
  EXPECT_THAT(audit, HasSubstr("amira auth.token_create"));
  EXPECT_THAT(audit, Not(HasSubstr(std::string(kPassword))));
  EXPECT_THAT(audit, Not(HasSubstr("argon2id")));
  EXPECT_THAT(audit, Not(HasSubstr(token)));
  EXPECT_THAT(audit, Not(HasSubstr(TokenDigest(token))));
  EXPECT_TRUE(store_->VerifyAudit().value().ok());
}

TEST_F(AuthServiceTest, TokenRequestsAreChecked) {
  AddAnalyst();
  const Actor amira = auth_.Authenticate(ApiToken("amira")).value();
  EXPECT_EQ(auth_.CreateApiToken(amira, {.lifetime = std::chrono::days(400)}).error().field(),
            "lifetime");
  EXPECT_EQ(auth_.CreateApiToken(amira, {.lifetime = std::chrono::seconds(0)}).error().field(),
            "lifetime");
  EXPECT_EQ(auth_.CreateApiToken(amira, {.label = std::string(201, 'x')}).error().field(), "label");
  const IssuedToken t =
      auth_.CreateApiToken(amira, {.label = "nightly export", .lifetime = std::chrono::days(7)})
          .value();
  EXPECT_EQ(t.token.kind, storage::TokenKind::kApi);
  EXPECT_NEAR(
      static_cast<double>(t.token.expires_at.unix_micros() - t.token.created_at.unix_micros()),
      7 * 86400e6, 1e6);
}

TEST_F(AuthServiceTest, CsrfTokensDependOnTheSession) {
  EXPECT_EQ(CsrfTokenFor("chm_a"), CsrfTokenFor("chm_a"));
  EXPECT_NE(CsrfTokenFor("chm_a"), CsrfTokenFor("chm_b"));
  EXPECT_NE(CsrfTokenFor("chm_a"), TokenDigest("chm_a"));
}

}  // namespace
}  // namespace civharm::service
