#include "core/crypto.h"

#include <gtest/gtest.h>

namespace civharm {
namespace {

TEST(PasswordTest, HashIsArgon2idAndVerifiesOnlyTheRightPassword) {
  auto hash = HashPassword("correct horse");
  ASSERT_TRUE(hash) << hash.error().ToString();
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse"));
  EXPECT_NE(*hash, *HashPassword("correct horse"));  // salted
}

TEST(TokenTest, TokensAreRandomAndDigestsStable) {
  const std::string a = RandomToken(), b = RandomToken();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 32 bytes, unpadded base64url
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(TokenDigest(a), TokenDigest(a));
  EXPECT_NE(TokenDigest(a), TokenDigest(b));
  EXPECT_EQ(TokenDigest(a).size(), 64u);
  EXPECT_EQ(RandomPassword(20).size(), 20u);
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(KeyringTest, SerializesAndParsesBack) {
  Keyring ring = Keyring::Generate();
  ring.AddKey();
  ASSERT_EQ(ring.keys().size(), 2u);
  EXPECT_NE(ring.keys()[0].id, ring.keys()[1].id);
  const std::string primary = ring.primary().id;
  auto back = Keyring::Parse("# comment\n" + ring.Serialize());
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->keys().size(), 2u);
  EXPECT_EQ(back->primary().bytes, ring.primary().bytes);
  ring.RetireOldKeys();
  EXPECT_EQ(ring.keys().size(), 1u);
  EXPECT_EQ(ring.primary().id, primary);
}

TEST(KeyringTest, RefusesMalformedTextNamingTheLine) {
  auto no_header = Keyring::Parse("k1 AAAA\n");
  ASSERT_FALSE(no_header);
  EXPECT_EQ(no_header.error().field(), "line 1");
  auto short_key = Keyring::Parse("civharm-keyring 1\nk1 AAAA\n");
  ASSERT_FALSE(short_key);
  EXPECT_EQ(short_key.error().field(), "line 2");
  EXPECT_NE(short_key.error().message().find("32 bytes"), std::string::npos);
  const std::string line = Keyring::Generate().Serialize().substr(18);  // after the header
  auto repeated = Keyring::Parse("civharm-keyring 1\n" + line + line);
  ASSERT_FALSE(repeated);
  EXPECT_EQ(repeated.error().field(), "line 3");
  EXPECT_FALSE(Keyring::Parse("civharm-keyring 1\n"));
}

TEST(SealTest, OpensOnlyWithTheSameKeyAndPlace) {
  Keyring ring = Keyring::Generate();
  auto box = Seal(ring, "Amira Haddad", "victim:7:names");
  ASSERT_TRUE(box);
  EXPECT_EQ(box->key_id, ring.primary().id);
  EXPECT_EQ(box->box.find("Amira"), std::string::npos);
  EXPECT_EQ(*Open(ring, *box, "victim:7:names"), "Amira Haddad");

  auto moved = Open(ring, *box, "victim:8:names");
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code(), ErrorCode::kDataLoss);

  SealedValue tampered = *box;
  tampered.box[30] ^= 1;
  ASSERT_FALSE(Open(ring, tampered, "victim:7:names"));
  EXPECT_EQ(Open(ring, tampered, "victim:7:names").error().code(), ErrorCode::kDataLoss);

  Keyring impostor = Keyring::Parse("civharm-keyring 1\n" + ring.primary().id + " " +
                                    Keyring::Generate().Serialize().substr(28))
                         .value();  // the same key id with other bytes
  EXPECT_EQ(Open(impostor, *box, "victim:7:names").error().code(), ErrorCode::kDataLoss);
  SealedValue unknown = *box;
  unknown.key_id = "k9";
  EXPECT_EQ(Open(ring, unknown, "victim:7:names").error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(Seal(Keyring(), "x", "y").error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(Open(ring, SealedValue{ring.primary().id, "short"}, "x").error().code(),
            ErrorCode::kDataLoss);
}

TEST(SealTest, AfterRotationOldValuesStillOpen) {
  Keyring ring = Keyring::Generate();
  auto old_box = Seal(ring, "witness", "report:1:account");
  ring.AddKey();
  auto new_box = Seal(ring, "witness", "report:1:account");
  EXPECT_EQ(new_box->key_id, ring.primary().id);
  EXPECT_NE(new_box->key_id, old_box->key_id);
  EXPECT_EQ(*Open(ring, *old_box, "report:1:account"), "witness");
  EXPECT_EQ(*Open(ring, *new_box, "report:1:account"), "witness");
}

TEST(PieceDigestTest, SamePiecesSameDigestAndPieceBoundariesCount) {
  const auto digest = [](std::initializer_list<std::string_view> pieces) {
    PieceDigest d;
    for (std::string_view p : pieces) d.Add(p);
    return d.Finish();
  };
  const std::string ab_c = digest({"ab", "c"});
  EXPECT_EQ(ab_c.size(), 64u);
  EXPECT_EQ(ab_c, digest({"ab", "c"}));
  EXPECT_NE(ab_c, digest({"a", "bc"}));
  EXPECT_NE(ab_c, digest({"abc"}));
  EXPECT_NE(digest({}), digest({""}));
  // "<length>:<bytes>;" per piece, then BLAKE2b-256: the digest of one piece "abc" is the plain
  // digest of "3:abc;".
  EXPECT_EQ(digest({"abc"}), TokenDigest("3:abc;"));
}

}  // namespace
}  // namespace civharm
