#include "service/record_service.h"

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "domain/test_fixtures.h"

namespace civharm::service {
namespace {

class RecordServiceTest : public ::testing::Test {
 protected:
  civharm::testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_ =
      storage::OpenStore({.location = dir_.File("s.db"),
                          .keys = storage::KeySource::FromKeyring(Keyring::Generate())})
          .value();
  RecordService records_{*store_};
  Actor actor_{"test:amira", {Role::kAdmin}, {}};
};

TEST_F(RecordServiceTest, AReportAloneOpensAnUnassessedIncidentWithItsFacts) {
  const Report r = std::get<Report>(
      records_.Create(actor_, AnyRecord(civharm::testing::SampleReport())).value());
  ASSERT_TRUE(r.incident_id);
  const Incident i =
      std::get<Incident>(records_.Get(actor_, EntityKind::kIncident, *r.incident_id).value());
  EXPECT_EQ(i.status, AssessmentStatus::kUnassessed);
  EXPECT_EQ(i.facts, r.facts);
  EXPECT_EQ(i.report_ids, std::vector<Id>{r.meta.id});
  EXPECT_EQ(i.title, "airstrike at Rami village");
}

TEST_F(RecordServiceTest, AnInvalidReportOpensNoIncident) {
  Report bad = civharm::testing::SampleReport();
  bad.credibility = 9;
  auto r = records_.Create(actor_, AnyRecord(bad));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field(), "credibility");
  EXPECT_TRUE(records_.List(actor_, EntityKind::kIncident, {})->items.empty());
}

TEST_F(RecordServiceTest, AReportNamingAnIncidentJoinsIt) {
  const AnyRecord incident =
      records_.Create(actor_, AnyRecord(civharm::testing::SampleIncident())).value();
  Report r = civharm::testing::SampleReport();
  r.incident_id = MetaOf(incident).id;
  ASSERT_TRUE(records_.Create(actor_, AnyRecord(r)));
  EXPECT_EQ(records_.List(actor_, EntityKind::kIncident, {})->items.size(), 1u);
}

TEST_F(RecordServiceTest, NewRecordsMayNotCarryMeta) {
  Incident i = civharm::testing::SampleIncident();
  i.meta.version = 3;
  EXPECT_EQ(records_.Create(actor_, AnyRecord(i)).error().field(), "version");
}

TEST_F(RecordServiceTest, EchoedMetaMustBeUnchanged) {
  Incident saved = std::get<Incident>(
      records_.Create(actor_, AnyRecord(civharm::testing::SampleIncident())).value());
  Incident edit = saved;
  edit.meta.created_at = *Timestamp::Parse("2001-01-01T00:00:00Z");
  EXPECT_EQ(records_.Update(actor_, AnyRecord(edit), 1).error().field(), "created_at");
  edit = saved;
  edit.meta.retraction = Retraction{Timestamp::Now(), "x", "y", std::nullopt};
  EXPECT_EQ(records_.Update(actor_, AnyRecord(edit), 1).error().field(), "retraction");
  edit = saved;
  edit.title = "new title";
  EXPECT_TRUE(records_.Update(actor_, AnyRecord(edit), 1));  // echoed times unchanged: fine
}

TEST_F(RecordServiceTest, AStaleVersionIsAConflictBeforeAnythingElse) {
  Incident saved = std::get<Incident>(
      records_.Create(actor_, AnyRecord(civharm::testing::SampleIncident())).value());
  saved.meta.updated_at = *Timestamp::Parse("2001-01-01T00:00:00Z");
  EXPECT_EQ(records_.Update(actor_, AnyRecord(saved), 9).error().code(), ErrorCode::kConflict);
}

TEST_F(RecordServiceTest, ChangesAreAttributedToTheActor) {
  ASSERT_TRUE(records_.Create(actor_, AnyRecord(civharm::testing::SampleOperation())));
  auto tx = store_->BeginRead(storage::View::Everything()).value();
  EXPECT_EQ(tx->ReadAudit(0, 5).value().at(0).actor, "test:amira");
}

}  // namespace
}  // namespace civharm::service
