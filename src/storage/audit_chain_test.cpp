#include "storage/audit_chain.h"

#include <gtest/gtest.h>

namespace civharm::storage {
namespace {

std::vector<ChainedEntry> Chain(int n) {
  std::vector<ChainedEntry> out;
  std::string prev;
  for (int i = 1; i <= n; ++i) {
    ChainedEntry e{.seq = i,
                   .at = "2024-01-01T00:00:00Z",
                   .actor = "cli:test",
                   .action = "create",
                   .entity = "incident",
                   .entity_id = "id-" + std::to_string(i),
                   .doc = "{\"n\":" + std::to_string(i) + "}",
                   .prev_hash = prev};
    e.hash = EntryHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

TEST(AuditChainTest, HashIsStableAndDependsOnEveryField) {
  ChainedEntry e = Chain(1)[0];
  EXPECT_EQ(EntryHash(e), EntryHash(e));
  EXPECT_EQ(e.hash.size(), 64u);
  ChainedEntry f = e;
  f.actor = "cli:other";
  EXPECT_NE(EntryHash(f), e.hash);
  f = e;
  f.doc = "{\"n\":2}";
  EXPECT_NE(EntryHash(f), e.hash);
}

TEST(AuditChainTest, ThePreviousEntryLinkIsHashed) {
  ChainedEntry e = Chain(1)[0], f = e;
  f.prev_seq = 7;
  EXPECT_NE(EntryHash(f), e.hash);
}

TEST(AuditChainTest, FieldBoundariesCannotBeShifted) {
  ChainedEntry a = Chain(1)[0], b = a;
  a.actor = "ab";
  a.action = "c";
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(EntryHash(a), EntryHash(b));
}

TEST(AuditChainTest, AcceptsAnIntactChain) {
  ChainVerifier v;
  for (const auto& e : Chain(5)) EXPECT_EQ(v.Check(e), std::nullopt);
  EXPECT_EQ(v.checked(), 5);
  EXPECT_EQ(v.head_hash(), Chain(5).back().hash);
}

TEST(AuditChainTest, FindsAnAlteredEntry) {
  auto chain = Chain(5);
  chain[2].doc = "{\"n\":999}";
  ChainVerifier v;
  EXPECT_EQ(v.Check(chain[0]), std::nullopt);
  EXPECT_EQ(v.Check(chain[1]), std::nullopt);
  const auto problem = v.Check(chain[2]);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("entry 3 was altered"), std::string::npos);
}

TEST(AuditChainTest, FindsARemovedEntry) {
  auto chain = Chain(5);
  chain.erase(chain.begin() + 1);
  ChainVerifier v;
  EXPECT_EQ(v.Check(chain[0]), std::nullopt);
  const auto problem = v.Check(chain[1]);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("entries 2 to 2 are missing"), std::string::npos);
}

TEST(AuditChainTest, FindsARehashedEntryThatBreaksTheLink) {
  auto chain = Chain(3);
  chain[1].doc = "{\"n\":42}";
  chain[1].hash = EntryHash(chain[1]);  // a forger recomputes the entry's own hash…
  ChainVerifier v;
  EXPECT_EQ(v.Check(chain[0]), std::nullopt);
  EXPECT_EQ(v.Check(chain[1]), std::nullopt);
  const auto problem = v.Check(chain[2]);  // …but the next entry still points at the old one
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("previous-hash link is broken"), std::string::npos);
}

}  // namespace
}  // namespace civharm::storage
