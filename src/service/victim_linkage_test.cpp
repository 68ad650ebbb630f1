// Victim lists linked into capture histories, on lists whose truth is known.
#include "service/victim_linkage.h"

#include <map>
#include <random>

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "linkage/cluster.h"

namespace civharm::service {
namespace {

TEST(VictimLinkageTest, ListsBecomeCaptureHistoriesClosetoTheTruth) {
  civharm::testing::TempDir dir;
  auto store = storage::OpenStore({.location = dir.File("v.db"),
                                   .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
                   .value();
  const std::vector<std::string> given = {"Amira", "Bashir", "Fatima", "Omar",  "Leila", "Yusuf",
                                          "Hana",  "Karim",  "Nour",   "Samir", "Rania", "Tariq"};
  const std::vector<std::string> family = {"Haddad",  "Nasser", "Khalil", "Saleh", "Darwish",
                                           "Mansour", "Aziz",   "Hamdan", "Qasim", "Rahman",
                                           "Sabbagh", "Jaber",  "Touma",  "Farah"};
  const std::vector<std::string> lists = {"Ministry register", "Hospital list", "Monitor list"};
  std::mt19937 rng(3);  // raw draws only: the same data everywhere
  std::map<uint32_t, int64_t> truth;
  std::map<std::string, uint32_t> person_of_record;  // source_record_id → person
  int serial = 0;
  {
    auto tx = store->BeginWrite({.actor = "test", .workload = storage::Workload::kBulk}).value();
    for (int person = 0; person < 150; ++person) {
      const std::string g = given[rng() % given.size()], f = family[rng() % family.size()];
      const int age = 1 + static_cast<int>(rng() % 80);
      const Sex sex = rng() % 2 ? Sex::kFemale : Sex::kMale;
      uint32_t history = 0;
      while (history == 0) history = static_cast<uint32_t>(rng() % 8);
      ++truth[history];
      for (uint32_t l = 0; l < lists.size(); ++l) {
        if (!(history & (1u << l))) continue;
        Victim v;
        v.source_name = lists[l];
        v.source_record_id = std::to_string(++serial);
        person_of_record[v.source_record_id] = static_cast<uint32_t>(person);
        // Lists write names their own way: surname first, a letter slipped, an age off by one.
        std::string name = l == 1 ? f + " " + g : g + " " + f;
        if (rng() % 6 == 0) std::swap(name[1], name[2]);
        v.names = {{name, "en"}};
        v.age = rng() % 5 == 0 ? age + 1 : age;
        v.sex = sex;
        ASSERT_TRUE(tx->Insert(AnyRecord(v))) << person;
      }
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  const Actor investigator{"amira", {Role::kInvestigator}, {}};
  const auto linked = LinkVictims(*store, investigator, {});
  ASSERT_TRUE(linked) << linked.error().ToString();
  EXPECT_EQ(linked->lists.size(), 3u);
  // Pairwise against the truth: people named alike with the same sex and a close age are
  // indistinguishable here, so a few merge.
  std::vector<uint32_t> truth_of;
  {
    auto tx = store->BeginRead(storage::View::Everything()).value();
    for (const Id& id : linked->victim_ids) {
      const auto v = storage::GetAs<Victim>(*tx, id).value().value();
      truth_of.push_back(person_of_record.at(v.source_record_id));
    }
  }
  const linkage::PairMetrics m = linkage::EvaluateClusters(linked->person_of, truth_of);
  EXPECT_GE(m.precision, 0.9) << m.precision << " " << m.recall;  // measured 0.92
  EXPECT_GE(m.recall, 0.9) << m.precision << " " << m.recall;     // measured 1.00
  EXPECT_NEAR(static_cast<double>(linked->people), 150, 10);      // measured 143
  // Lists are numbered as first met; map each found history back to the truth's numbering.
  std::vector<uint32_t> bit(3);
  for (uint32_t k = 0; k < 3; ++k) {
    bit[k] = static_cast<uint32_t>(std::find(lists.begin(), lists.end(), linked->lists[k]) -
                                   lists.begin());
  }
  int64_t total = 0, off = 0;
  std::map<uint32_t, int64_t> found;
  for (const CaptureHistory& h : linked->histories) {
    uint32_t history = 0;
    for (uint32_t k = 0; k < 3; ++k) {
      if (h.lists & (1u << k)) history |= 1u << bit[k];
    }
    found[history] += h.people;
    total += h.people;
  }
  EXPECT_EQ(total, linked->people);
  for (const auto& [history, n] : truth) off += std::abs(found[history] - n);
  EXPECT_LE(off, 15) << "capture histories far from the truth";
  EXPECT_EQ(linked->person_of.size(), static_cast<size_t>(serial));

  EXPECT_EQ(LinkVictims(*store, {"x", {Role::kAnalyst}, {}}, {}).error().code(),
            ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace civharm::service
