// Tests of the SQLite store on a real database file.
#include "storage/sqlite/sqlite_store.h"

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/testing/temp_dir.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "storage/sqlite/query.h"

namespace civharm::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<KeySource> keys_ = KeySource::FromKeyring(Keyring::Generate());
  void SetUp() override {
    auto s = OpenStore({.location = dir_.File("civharm.db"), .keys = keys_});
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
  }

  std::unique_ptr<WriteTransaction> Write() {
    auto tx = store_->BeginWrite({.actor = "test:analyst"});
    EXPECT_TRUE(tx) << tx.error().ToString();
    return std::move(*tx);
  }
  std::unique_ptr<ReadTransaction> Read() {
    auto tx = store_->BeginRead(View::Everything());
    EXPECT_TRUE(tx) << tx.error().ToString();
    return std::move(*tx);
  }
  template <typename T>
  T Put(T record) {
    auto tx = Write();
    auto saved = InsertAs(*tx, std::move(record));
    EXPECT_TRUE(saved) << saved.error().ToString();
    EXPECT_TRUE(tx->Commit().ok());
    return *saved;
  }
  // Runs SQL on the file directly, as someone bypassing civharm would.
  void RawSql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File("civharm.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    raw_error_ = err ? err : "";
    sqlite3_free(err);
    raw_rc_ = rc;
    sqlite3_close(db);
  }

  civharm::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int raw_rc_ = 0;
  std::string raw_error_;
};

TEST_F(SqliteStoreTest, CreatesAndMigratesANewFile) {
  EXPECT_EQ(store_->SchemaVersion().value(), store_->LatestSchemaVersion());
  EXPECT_GE(store_->LatestSchemaVersion(), 1);
  EXPECT_TRUE(store_->Migrate().value().empty());  // nothing left to apply
  EXPECT_THAT(store_->Describe(), HasSubstr("civharm.db"));
}

TEST_F(SqliteStoreTest, CheckingAMissingFileDoesNotCreateIt) {
  auto s = OpenStore(
      {.location = dir_.File("absent.db"), .migrations = MigrationPolicy::kCheck, .keys = keys_});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("absent.db")));
}

TEST_F(SqliteStoreTest, RefusesADatabaseNewerThanTheProgram) {
  RawSql("INSERT INTO schema_migrations VALUES (999, 'from the future', '2030-01-01T00:00:00Z')");
  auto s = OpenStore(
      {.location = dir_.File("civharm.db"), .migrations = MigrationPolicy::kCheck, .keys = keys_});
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message(), HasSubstr("newer"));
}

TEST_F(SqliteStoreTest, PostgresIsNotYetAvailable) {
  auto s = OpenStore({.location = "postgresql://localhost/civharm", .keys = keys_});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
}

TEST_F(SqliteStoreTest, InsertAssignsMetaAndGetReturnsTheSameRecord) {
  const Incident saved = Put(civharm::testing::SampleIncident());
  EXPECT_TRUE(IsValidId(saved.meta.id));
  EXPECT_EQ(saved.meta.version, 1);
  EXPECT_EQ(saved.meta.created_at, saved.meta.updated_at);
  auto back = GetAs<Incident>(*Read(), saved.meta.id);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, saved);
}

TEST_F(SqliteStoreTest, EveryKindRoundTrips) {
  const Operation op = Put(civharm::testing::SampleOperation());
  Incident inc = civharm::testing::SampleIncident();
  inc.operation_ids = {op.meta.id};
  inc = Put(inc);
  Report rep = civharm::testing::SampleReport();
  rep.incident_id = inc.meta.id;
  rep = Put(rep);
  Victim vic = civharm::testing::SampleVictim();
  vic.incident_id = inc.meta.id;
  vic = Put(vic);
  auto tx = Read();
  EXPECT_EQ(GetAs<Operation>(*tx, op.meta.id).value().value(), op);
  EXPECT_EQ(GetAs<Report>(*tx, rep.meta.id).value().value(), rep);
  EXPECT_EQ(GetAs<Victim>(*tx, vic.meta.id).value().value(), vic);
  const Incident with_links = GetAs<Incident>(*tx, inc.meta.id).value().value();
  EXPECT_EQ(with_links.report_ids, std::vector<Id>{rep.meta.id});
  EXPECT_EQ(with_links.operation_ids, std::vector<Id>{op.meta.id});
}

TEST_F(SqliteStoreTest, AnInvalidRecordIsNotStored) {
  Incident bad = civharm::testing::SampleIncident();
  bad.facts.casualties.civilian.killed = {.min = 5, .max = 1};
  auto tx = Write();
  auto r = tx->Insert(AnyRecord(bad));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field(), "casualties.civilian.killed.max");
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(Read()->Count(EntityKind::kIncident, {}).value(), 0);
  EXPECT_TRUE(Read()->ReadAudit(0, 10).value().empty());
  EXPECT_EQ(Read()->AuditHead().value(), 0);
}

TEST_F(SqliteStoreTest, LinksMustPointAtStoredRecords) {
  Report r = civharm::testing::SampleReport();
  r.incident_id = NewId();
  auto tx = Write();
  auto saved = tx->Insert(AnyRecord(r));
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().field(), "incident_id");
  Incident i = civharm::testing::SampleIncident();
  i.operation_ids = {NewId()};
  auto saved_incident = tx->Insert(AnyRecord(i));
  ASSERT_FALSE(saved_incident);
  EXPECT_EQ(saved_incident.error().field(), "operation_ids[0]");
}

TEST_F(SqliteStoreTest, TheSameSourceRecordCannotBeStoredTwice) {
  Put(civharm::testing::SampleReport());
  auto tx = Write();
  auto again = tx->Insert(AnyRecord(civharm::testing::SampleReport()));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field(), "source_record_id");
  EXPECT_THAT(again.error().message(), HasSubstr("VDC-2013-0042"));
  auto found =
      tx->FindBySourceKey(EntityKind::kReport, "Violations Documentation Center", "VDC-2013-0042");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(std::get<Report>(**found).source_record_id, "VDC-2013-0042");
}

TEST_F(SqliteStoreTest, AnUpdateThatTakesAnotherRecordsKeyIsRefusedByThatKey) {
  Operation a = civharm::testing::SampleOperation();
  Put(a);
  Operation b = civharm::testing::SampleOperation();
  b.reference = "OP-OTHER";
  b = Put(b);
  b.reference = a.reference;
  auto tx = Write();
  auto r = tx->Update(AnyRecord(b), 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.error().field(), "reference");
  EXPECT_THAT(r.error().message(), HasSubstr("OP-2013-0103-A"));
}

TEST_F(SqliteStoreTest, ReportsWithoutSourceIdsAreNotDuplicatesOfEachOther) {
  Report r = civharm::testing::SampleReport();
  r.source_record_id.clear();
  Put(r);
  Put(r);
  EXPECT_EQ(Read()->Count(EntityKind::kReport, {}).value(), 2);
}

TEST_F(SqliteStoreTest, UpdateNeedsTheCurrentVersionAndIsAudited) {
  Incident saved = Put(civharm::testing::SampleIncident());
  saved.title = "Strike on al-Rami market";
  {
    auto tx = Write();
    auto stale = tx->Update(AnyRecord(saved), 7);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  }
  auto tx = Write();
  auto updated = tx->Update(AnyRecord(saved), 1);
  ASSERT_TRUE(updated) << updated.error().ToString();
  ASSERT_TRUE(tx->Commit().ok());
  const Incident& u = std::get<Incident>(*updated);
  EXPECT_EQ(u.meta.version, 2);
  EXPECT_EQ(u.meta.created_at, saved.meta.created_at);
  EXPECT_EQ(u.title, "Strike on al-Rami market");
  const auto audit = Read()->ReadAudit(0, 10).value();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].action, "update");
  EXPECT_EQ(audit[1].actor, "test:analyst");
  EXPECT_EQ(audit[1].before["title"], "Strike on al-Rami village");
  EXPECT_EQ(audit[1].after["title"], "Strike on al-Rami market");
  EXPECT_EQ(audit[1].prev_seq, audit[0].seq);
  EXPECT_EQ(audit[1].prev_hash, audit[0].hash);
  EXPECT_EQ(Read()->AuditHead().value(), audit[1].seq);
}

TEST_F(SqliteStoreTest, AnUpdateThatChangesNothingIsNotANewVersion) {
  const Incident saved = Put(civharm::testing::SampleIncident());
  auto tx = Write();
  auto same = tx->Update(AnyRecord(saved), 1);
  ASSERT_TRUE(same);
  EXPECT_EQ(MetaOf(*same).version, 1);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(Read()->ReadAudit(0, 10).value().size(), 1u);
}

TEST_F(SqliteStoreTest, RetractionKeepsTheRecordWithReason) {
  const Incident a = Put(civharm::testing::SampleIncident());
  const Incident b = Put(civharm::testing::SampleIncident());
  {
    auto tx = Write();
    auto r = tx->Retract(EntityKind::kIncident, a.meta.id, "duplicate of b", b.meta.id, 1);
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto tx = Read();
  const Incident ra = GetAs<Incident>(*tx, a.meta.id).value().value();
  ASSERT_TRUE(ra.meta.retraction);
  EXPECT_EQ(ra.meta.retraction->reason, "duplicate of b");
  EXPECT_EQ(ra.meta.retraction->by, "test:analyst");
  EXPECT_EQ(ra.meta.retraction->superseded_by, b.meta.id);
  EXPECT_EQ(ra.meta.version, 2);
  EXPECT_EQ(tx->Count(EntityKind::kIncident, {}).value(), 1);
  EXPECT_EQ(tx->Count(EntityKind::kIncident, {.retracted = RetractedPolicy::kInclude}).value(), 2);
  EXPECT_EQ(tx->Count(EntityKind::kIncident, {.retracted = RetractedPolicy::kOnly}).value(), 1);
  auto w = Write();
  auto again = w->Update(AnyRecord(ra), 2);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  auto no_reason = w->Retract(EntityKind::kIncident, b.meta.id, "", std::nullopt, 1);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field(), "retraction.reason");
}

TEST_F(SqliteStoreTest, RecordsCannotBeDeletedEvenBySql) {
  Put(civharm::testing::SampleIncident());
  RawSql("DELETE FROM incidents");
  EXPECT_NE(raw_rc_, SQLITE_OK);
  EXPECT_THAT(raw_error_, HasSubstr("never deleted"));
  RawSql("UPDATE audit_log SET actor = 'someone else'");
  EXPECT_THAT(raw_error_, HasSubstr("append-only"));
  EXPECT_EQ(Read()->Count(EntityKind::kIncident, {}).value(), 1);
}

TEST_F(SqliteStoreTest, NothingIsKeptWithoutCommit) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx->Insert(AnyRecord(civharm::testing::SampleIncident())));
  }  // destroyed without Commit
  EXPECT_EQ(Read()->Count(EntityKind::kIncident, {}).value(), 0);
  EXPECT_TRUE(store_->VerifyAudit().value().ok());
}

TEST_F(SqliteStoreTest, RestoreKeepsIdVersionAndTimes) {
  Incident i = civharm::testing::SampleIncident();
  i.meta.id = NewId();
  i.meta.version = 4;
  i.meta.created_at = *Timestamp::Parse("2022-01-01T00:00:00Z");
  i.meta.updated_at = *Timestamp::Parse("2022-03-01T00:00:00Z");
  auto tx = Write();
  auto saved = InsertAs(*tx, i, MetaPolicy::kRestore);
  ASSERT_TRUE(saved) << saved.error().ToString();
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(GetAs<Incident>(*Read(), i.meta.id).value().value(), i);
  EXPECT_EQ(Read()->ReadAudit(0, 10).value()[0].action, "restore");
}

class SqliteStoreQueryTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    SqliteStoreTest::SetUp();
    auto tx = Write();
    // 60 incidents over 60 days in two countries, on a line of points.
    for (int k = 0; k < 60; ++k) {
      Incident i = civharm::testing::SampleIncident();
      i.facts.date.start = *Date::Parse("2024-01-01");
      i.facts.date.start = i.facts.date.start.AddDays(k);
      i.facts.date.end = i.facts.date.start.AddDays(k % 3);
      i.facts.location = Location();
      i.facts.location.lat = 30.0 + k * 0.1;
      i.facts.location.lon = 40.0 + k * 0.1;
      i.facts.location.country = k % 2 ? "Syria" : "Iraq";
      i.facts.belligerents = {{k % 3 ? "Armed group X" : "Coalition", Attribution::kKnown}};
      i.status = k % 4 == 0 ? AssessmentStatus::kCredible : AssessmentStatus::kUnassessed;
      i.title = k % 5 == 0 ? "Strike on the market" : "Shelling of houses";
      auto saved = InsertAs(*tx, i);
      ASSERT_TRUE(saved) << saved.error().ToString();
      ids_.push_back(saved->meta.id);
    }
    ASSERT_TRUE(tx->Commit().ok());
  }

  std::vector<Id> AllPages(Query q) {
    std::vector<Id> out;
    auto tx = Read();
    for (int guard = 0; guard < 100; ++guard) {
      auto page = tx->List(EntityKind::kIncident, q);
      EXPECT_TRUE(page) << page.error().ToString();
      for (const auto& r : page->items) out.push_back(MetaOf(r).id);
      if (page->next_cursor.empty()) break;
      q.cursor = page->next_cursor;
    }
    return out;
  }

  std::vector<Id> ids_;  // in insertion order
};

TEST_F(SqliteStoreQueryTest, PagesVisitEveryRecordOnceInEveryOrder) {
  for (SortOrder sort :
       {SortOrder::kNewest, SortOrder::kOldest, SortOrder::kDateDesc, SortOrder::kDateAsc}) {
    const auto seen = AllPages({.sort = sort, .limit = 7});
    EXPECT_EQ(seen.size(), 60u);
    EXPECT_EQ(std::set<Id>(seen.begin(), seen.end()).size(), 60u);
  }
  const auto newest = AllPages({.sort = SortOrder::kNewest, .limit = 7});
  EXPECT_EQ(newest.front(), ids_.back());
  const auto oldest = AllPages({.sort = SortOrder::kDateAsc, .limit = 7});
  EXPECT_EQ(oldest.front(), ids_.front());
}

TEST_F(SqliteStoreQueryTest, DateFilterKeepsOverlappingRanges) {
  // Incident k spans days k to k + k % 3 (counted from 2024-01-01, day 0).
  const auto got =
      AllPages({.date_from = *Date::Parse("2024-01-11"), .date_to = *Date::Parse("2024-01-12")});
  std::vector<Id> expected;
  for (int k = 0; k < 60; ++k) {
    const int start = k, end = k + k % 3;
    if (end >= 10 && start <= 11) expected.push_back(ids_[k]);
  }
  EXPECT_THAT(got, UnorderedElementsAreArray(expected));
}

TEST_F(SqliteStoreQueryTest, BoxCountryBelligerentStatusAndText) {
  auto count = [&](Query q) { return static_cast<int>(AllPages(q).size()); };
  // Points k = 10…19 lie in [31, 31.95] × [41, 41.95].
  EXPECT_EQ(count({.bbox = BBox{40.95, 30.95, 41.95, 31.95}}), 10);
  EXPECT_EQ(count({.country = "syria"}), 30);
  EXPECT_EQ(count({.belligerent = "COALITION"}), 20);
  EXPECT_EQ(count({.statuses = {AssessmentStatus::kCredible}}), 15);
  EXPECT_EQ(count({.statuses = {AssessmentStatus::kCredible, AssessmentStatus::kUnassessed}}), 60);
  EXPECT_EQ(count({.text = "market"}), 12);
  EXPECT_EQ(count({.text = "MARKET strike"}), 12);
  EXPECT_EQ(count({.text = "market shelling"}), 0);
  EXPECT_EQ(count({.text = std::string("market\0", 7)}), 12);  // control characters separate
  EXPECT_EQ(count({.text = std::string(1, '\0')}), 60);        // nothing left to search for
  EXPECT_EQ(count({.country = "Syria", .belligerent = "Coalition"}), 10);
  EXPECT_EQ(Read()->Count(EntityKind::kIncident, {.country = "Iraq"}).value(), 30);
}

TEST_F(SqliteStoreQueryTest, BoxAcrossTheAntimeridian) {
  auto tx = Write();
  Incident fiji = civharm::testing::SampleIncident();
  fiji.facts.location = Location();
  fiji.facts.location.lat = -17.7;
  fiji.facts.location.lon = 178.0;
  ASSERT_TRUE(InsertAs(*tx, fiji));
  fiji.facts.location.lon = -179.5;
  ASSERT_TRUE(InsertAs(*tx, fiji));
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(AllPages({.bbox = BBox{170, -20, -170, -10}}).size(), 2u);
}

TEST_F(SqliteStoreQueryTest, ScanStreamsEverythingInOrder) {
  std::vector<Id> seen;
  auto tx = Read();
  ASSERT_TRUE(
      tx->Scan(EntityKind::kIncident, {.sort = SortOrder::kOldest}, [&](const AnyRecord& r) {
          seen.push_back(MetaOf(r).id);
          return Status::Ok();
        }).ok());
  EXPECT_EQ(seen, ids_);
  const Status stop =
      tx->Scan(EntityKind::kIncident, {}, [](const AnyRecord&) { return Internal("stop"); });
  EXPECT_EQ(stop.message(), "stop");
}

TEST_F(SqliteStoreTest, DocumentsAreTheRecordsAsTheCodecWritesThem) {
  const Incident i = Put(civharm::testing::SampleIncident());
  Report r = civharm::testing::SampleReport();
  r.incident_id = i.meta.id;
  Put(r);
  auto tx = Read();
  for (EntityKind kind : {EntityKind::kIncident, EntityKind::kReport}) {
    std::vector<nlohmann::json> decoded, documents;
    ASSERT_TRUE(tx->Scan(kind, {}, [&](const AnyRecord& rec) {
                    decoded.push_back(ToJson(rec));
                    return Status::Ok();
                  }).ok());
    ASSERT_TRUE(tx->ScanDocuments(kind, {}, [&](const nlohmann::json& doc) {
                    documents.push_back(doc);
                    return Status::Ok();
                  }).ok());
    ASSERT_EQ(documents.size(), 1u);
    EXPECT_EQ(documents, decoded) << EnumName(kind);
  }
}

TEST_F(SqliteStoreQueryTest, EditsAreFoundByTheirNewValues) {
  auto tx = Write();
  Incident i = GetAs<Incident>(*tx, ids_[1]).value().value();
  i.title = "Attack on a bakery";
  i.facts.location.country = "Lebanon";
  i.facts.belligerents = {{"Militia Y", Attribution::kSuspected}};
  ASSERT_TRUE(tx->Update(AnyRecord(i), 1));
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(AllPages({.text = "bakery"}), std::vector<Id>{ids_[1]});
  EXPECT_EQ(AllPages({.country = "Lebanon"}), std::vector<Id>{ids_[1]});
  EXPECT_EQ(AllPages({.belligerent = "Militia Y"}), std::vector<Id>{ids_[1]});
  EXPECT_EQ(AllPages({.belligerent = "Armed group X"}).size(), 39u);
}

TEST_F(SqliteStoreTest, AuditVerifiesAnUntouchedStore) {
  const Incident i = Put(civharm::testing::SampleIncident());
  auto tx = Write();
  ASSERT_TRUE(tx->Retract(EntityKind::kIncident, i.meta.id, "test", std::nullopt, 1));
  ASSERT_TRUE(tx->AppendNote("import", {{"file", "x.csv"}, {"rows", 1}}).ok());
  ASSERT_TRUE(tx->Commit().ok());
  const auto v = store_->VerifyAudit().value();
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.entries, 3);
  EXPECT_EQ(v.records, 1);
  EXPECT_EQ(v.head_hash.size(), 64u);
}

TEST_F(SqliteStoreTest, AuditFindsAnAlteredHistoryRow) {
  for (int k = 0; k < 3; ++k) Put(civharm::testing::SampleIncident());
  RawSql(
      "DROP TRIGGER audit_log_append_only_update;"
      "UPDATE audit_log SET actor = 'nobody' WHERE seq = 2;");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  const auto v = store_->VerifyAudit().value();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad, 2);
  EXPECT_THAT(v.problem, HasSubstr("altered"));
}

TEST_F(SqliteStoreTest, AuditFindsARemovedHistoryRow) {
  for (int k = 0; k < 3; ++k) Put(civharm::testing::SampleIncident());
  RawSql("DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE seq = 2;");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  const auto v = store_->VerifyAudit().value();
  EXPECT_EQ(v.first_bad, 3);
  EXPECT_THAT(v.problem, HasSubstr("missing"));
}

TEST_F(SqliteStoreTest, AuditFindsARemovedLastEntryThroughTheRecord) {
  const Incident i = Put(civharm::testing::SampleIncident());
  Incident changed = i;
  changed.title = "changed";
  {
    auto tx = Write();
    ASSERT_TRUE(tx->Update(AnyRecord(changed), 1));
    ASSERT_TRUE(tx->Commit().ok());
  }
  // Removing the newest entry leaves an intact chain; the record no longer matches its history.
  RawSql("DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE seq = 2;");
  const auto v = store_->VerifyAudit().value();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad, 1);
  EXPECT_THAT(v.problem, HasSubstr("changed outside civharm"));
}

TEST_F(SqliteStoreTest, AuditFindsAnIndexedValueChangedBehindItsBack) {
  Put(civharm::testing::SampleIncident());
  RawSql("UPDATE incidents SET status = 'closed'");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  const auto v = store_->VerifyAudit().value();
  EXPECT_FALSE(v.ok());
  EXPECT_THAT(v.problem, HasSubstr("'status' differs from its document"));
}

TEST_F(SqliteStoreTest, AuditFindsARecordTurnedBackToAnOlderVersion) {
  Incident i = Put(civharm::testing::SampleIncident());
  i.title = "second version";
  {
    auto tx = Write();
    ASSERT_TRUE(tx->Update(AnyRecord(i), 1));
    ASSERT_TRUE(tx->Commit().ok());
  }
  RawSql("UPDATE incidents SET doc_seq = 1");
  const auto v = store_->VerifyAudit().value();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.first_bad, 2);
  EXPECT_THAT(v.problem, HasSubstr("does not hold the document of its last audit entry"));
}

TEST_F(SqliteStoreTest, AnUpdateKeepsTheFormerVersionInTheLog) {
  Incident i = Put(civharm::testing::SampleIncident());
  const std::string first_title = i.title;
  i.title = "second version";
  auto tx = Write();
  ASSERT_TRUE(tx->Update(AnyRecord(i), 1));
  ASSERT_TRUE(tx->Commit().ok());
  const auto audit = Read()->ReadAudit(0, 10).value();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_TRUE(audit[0].before.is_null());
  EXPECT_EQ(audit[1].prev_seq, 1);
  EXPECT_EQ(audit[1].before["title"], first_title);
  EXPECT_EQ(audit[1].before["version"], 1);
  EXPECT_EQ(audit[1].after["version"], 2);
}

TEST_F(SqliteStoreTest, ARefusedDuplicateLeavesNoTraceInTheLog) {
  Put(civharm::testing::SampleReport());
  auto tx = Write();
  ASSERT_FALSE(tx->Insert(AnyRecord(civharm::testing::SampleReport())));
  ASSERT_TRUE(tx->Insert(AnyRecord(civharm::testing::SampleIncident())));
  ASSERT_TRUE(tx->Commit().ok());
  const auto v = store_->VerifyAudit().value();
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.entries, 2);
}

TEST_F(SqliteStoreTest, AuditFindsARecordAddedBehindItsBack) {
  Put(civharm::testing::SampleIncident());
  RawSql(
      "INSERT INTO incidents (id, doc_seq, status) "
      "VALUES ('ffffffff-ffff-7fff-bfff-ffffffffffff', 1, 'unassessed')");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  const auto v = store_->VerifyAudit().value();
  EXPECT_FALSE(v.ok());
  EXPECT_THAT(v.problem, HasSubstr("added outside civharm"));
}

TEST_F(SqliteStoreTest, WritersTakeTurnsAndReadersSeeASnapshot) {
  auto reader = Read();
  EXPECT_EQ(reader->Count(EntityKind::kIncident, {}).value(), 0);
  std::thread writer([&] {
    for (int k = 0; k < 20; ++k) Put(civharm::testing::SampleIncident());
  });
  std::thread writer2([&] {
    for (int k = 0; k < 20; ++k) Put(civharm::testing::SampleIncident());
  });
  writer.join();
  writer2.join();
  EXPECT_EQ(reader->Count(EntityKind::kIncident, {}).value(), 0);  // still its snapshot
  EXPECT_EQ(Read()->Count(EntityKind::kIncident, {}).value(), 40);
  EXPECT_TRUE(store_->VerifyAudit().value().ok());
}

// How SQLite will run a page's query: the details of its plan, one per line.
std::string PlanOf(const std::string& path, const Query& q) {
  const auto select = sqlite::BuildSelect(EntityKind::kIncident, q, View::Everything(),
                                          sqlite::Paging::kPage);
  EXPECT_TRUE(select) << select.error().ToString();
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = "EXPLAIN QUERY PLAN " + select->sql;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::string plan;
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    plan += '\n';
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

// A page of one country or province in id order comes from the area's index, already in order,
// and stops after the page: no sort of every incident of the area (which took over a second for
// a country of 270,000 incidents). By date, the sort carries row ids, and the documents are read
// for the page only.
TEST_F(SqliteStoreTest, APageOfOneAreaIsReadInOrderFromItsIndex) {
  Incident first = civharm::testing::SampleIncident();
  first.facts.location.country = "Iraq";
  Put(first);
  const std::string path = dir_.File("civharm.db");
  // The page's rows chosen from the index in order (only the page itself, at most limit + 1
  // rows, is put in order again once its documents are read).
  const auto sorts = [](const std::string& plan) {
    size_t n = 0;
    for (size_t at = plan.find("TEMP B-TREE"); at != std::string::npos;
         at = plan.find("TEMP B-TREE", at + 1)) {
      ++n;
    }
    return n;
  };
  std::string plan = PlanOf(path, {.country = "Syria"});
  EXPECT_THAT(plan, HasSubstr("MATERIALIZE t\nSEARCH t USING INDEX incidents_country (country=?)\n"
                              "SCAN t"));
  EXPECT_EQ(sorts(plan), 1u) << plan;
  plan = PlanOf(path, {.admin1 = "Aleppo governorate"});
  EXPECT_THAT(plan, HasSubstr("MATERIALIZE t\nSEARCH t USING INDEX incidents_admin1 (admin1=?)\n"
                              "SCAN t"));
  EXPECT_EQ(sorts(plan), 1u) << plan;
  // By date, the rows are sorted, but before any document is read.
  plan = PlanOf(path, {.country = "Syria", .sort = SortOrder::kDateDesc});
  EXPECT_THAT(plan, HasSubstr("MATERIALIZE t\nSEARCH t USING INDEX incidents_country (country=?)\n"
                              "USE TEMP B-TREE FOR ORDER BY\nSCAN t"));
  // And the pages are right: every incident of the country, in order, page by page.
  for (int k = 0; k < 7; ++k) {
    Incident i = civharm::testing::SampleIncident();
    i.facts.location.country = k % 2 ? "Syria" : "Iraq";
    const Date day = *Date::FromCivil(2024, 1, 10 - k);
    i.facts.date = {.start = day, .end = day};
    Put(i);
  }
  for (SortOrder order : {SortOrder::kNewest, SortOrder::kDateDesc, SortOrder::kDateAsc}) {
    std::vector<std::string> seen;
    std::string cursor;
    do {
      auto page = Read()->List(EntityKind::kIncident,
                               {.country = "syria", .sort = order, .limit = 2, .cursor = cursor});
      ASSERT_TRUE(page) << page.error().ToString();
      for (const AnyRecord& r : page->items) {
        seen.push_back(std::get<Incident>(r).facts.date.start.ToString());
      }
      cursor = page->next_cursor;
    } while (!cursor.empty());
    // Created Jan 9, 7, 5 in that order: newest first is the earliest date first.
    const std::vector<std::string> by_date = {"2024-01-09", "2024-01-07", "2024-01-05"};
    const std::vector<std::string> reversed(by_date.rbegin(), by_date.rend());
    EXPECT_EQ(seen, order == SortOrder::kDateDesc ? by_date : reversed) << static_cast<int>(order);
  }
}

}  // namespace
}  // namespace civharm::storage

namespace civharm::storage {
namespace {

// Personal data at rest, need-to-know and field visibility, as the store enforces them.
class SqliteProtectionTest : public ::testing::Test {
 protected:
  SqliteProtectionTest() { store_ = OpenStore({.location = path_, .keys = keys_}).value(); }
  std::shared_ptr<WriteTransaction> Write(View view = View::Everything()) {
    return store_->BeginWrite({.actor = "test", .view = std::move(view)}).value();
  }
  Victim Stored(std::vector<std::string> groups = {}) {
    Victim v = civharm::testing::SampleVictim();
    v.names = {{"Amira Haddad", "en"}, {"أميرة حداد", "ar"}};
    v.external_registry_id = "REG-55501";
    v.meta.restricted_to = std::move(groups);
    v.source_record_id = "row-" + std::to_string(++stored_);
    auto tx = Write();
    Victim saved = InsertAs(*tx, v).value();
    EXPECT_TRUE(tx->Commit().ok());
    return saved;
  }
  std::string FileBytes() {
    std::ifstream in(path_, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    std::ifstream wal(path_ + "-wal", std::ios::binary);
    s << wal.rdbuf();
    return s.str();
  }

  civharm::testing::TempDir dir_;
  std::string path_ = dir_.File("protected.db");
  std::shared_ptr<KeySource> keys_ = KeySource::FromKeyring(Keyring::Generate());
  std::unique_ptr<Store> store_;
  int stored_ = 0;
};

TEST_F(SqliteProtectionTest, PersonalDataIsSealedAtRestAndOpensForThoseWhoMaySee) {
  const Victim v = Stored();
  EXPECT_EQ(FileBytes().find("Amira"), std::string::npos);
  EXPECT_EQ(FileBytes().find("REG-55501"), std::string::npos);
  auto all = store_->BeginRead(View::Everything()).value()->Get(EntityKind::kVictim, v.meta.id);
  EXPECT_EQ(std::get<Victim>(**all).names, v.names);
  EXPECT_EQ(std::get<Victim>(**all).external_registry_id, "REG-55501");
}

TEST_F(SqliteProtectionTest, WithoutThePersonalViewTheFieldsAreAbsentEverywhere) {
  const Victim v = Stored();
  auto tx = store_->BeginRead(View{.all_groups = true}).value();
  const Victim seen = std::get<Victim>(*tx->Get(EntityKind::kVictim, v.meta.id).value());
  EXPECT_TRUE(seen.names.empty());
  EXPECT_TRUE(seen.external_registry_id.empty());
  EXPECT_EQ(seen.age, v.age);
  ASSERT_TRUE(tx->ScanDocuments(EntityKind::kVictim, {}, [](const nlohmann::json& doc) {
                  EXPECT_FALSE(doc.contains("names"));
                  EXPECT_FALSE(doc.contains("external_registry_id"));
                  EXPECT_TRUE(doc.contains("age"));
                  return Status::Ok();
                }).ok());
}

TEST_F(SqliteProtectionTest, AWriterWhoCannotSeePersonalDataKeepsIt) {
  const Victim v = Stored();
  auto tx = Write(View{.all_groups = true});
  Victim edit = std::get<Victim>(*tx->Get(EntityKind::kVictim, v.meta.id).value());
  edit.age = 41;
  ASSERT_TRUE(tx->Update(AnyRecord(edit), v.meta.version));
  ASSERT_TRUE(tx->Commit().ok());
  auto after = store_->BeginRead(View::Everything()).value()->Get(EntityKind::kVictim, v.meta.id);
  EXPECT_EQ(std::get<Victim>(**after).age, 41);
  EXPECT_EQ(std::get<Victim>(**after).names, v.names);
  EXPECT_TRUE(store_->VerifyAudit()->ok());
}

TEST_F(SqliteProtectionTest, RestrictedRecordsDoNotExistOutsideTheirGroups) {
  const Victim open = Stored();
  const Victim hidden = Stored({"own-force"});
  for (const View& outsider : {View{}, View{.groups = {"partner"}}}) {
    auto tx = store_->BeginRead(outsider).value();
    auto got = tx->Get(EntityKind::kVictim, hidden.meta.id);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_FALSE(*got);
    auto n = tx->Count(EntityKind::kVictim, {});
    ASSERT_TRUE(n) << n.error().ToString();
    EXPECT_TRUE(tx->Get(EntityKind::kVictim, open.meta.id).value());
    EXPECT_EQ(tx->Count(EntityKind::kVictim, {}).value(), 1);
    EXPECT_EQ(tx->List(EntityKind::kVictim, {}).value().items.size(), 1u);
  }
  auto member = store_->BeginRead(View{.groups = {"partner", "own-force"}}).value();
  EXPECT_TRUE(member->Get(EntityKind::kVictim, hidden.meta.id).value());
  EXPECT_EQ(member->Count(EntityKind::kVictim, {}).value(), 2);
  // An outsider can neither change it nor restrict a record to a group it is not in.
  auto tx = Write(View{.groups = {"partner"}, .personal_data = true});
  Victim edit = hidden;
  EXPECT_EQ(tx->Update(AnyRecord(edit), hidden.meta.version).error().code(), ErrorCode::kNotFound);
  Victim other = civharm::testing::SampleVictim();
  other.source_record_id = "row-other";
  other.meta.restricted_to = {"own-force"};
  EXPECT_EQ(tx->Insert(AnyRecord(other)).error().field(), "restricted_to");
}

TEST_F(SqliteProtectionTest, ATamperedCiphertextIsRefused) {
  const Victim v = Stored();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "UPDATE sealed_values SET box = substr(box, 1, 30) || x'00' || "
                           "substr(box, 32)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto got = store_->BeginRead(View::Everything()).value()->Get(EntityKind::kVictim, v.meta.id);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), ErrorCode::kDataLoss);
}

TEST_F(SqliteProtectionTest, WithoutAKeyringPersonalDataCannotBeStored) {
  auto bare = OpenStore({.location = dir_.File("bare.db")}).value();
  auto tx = bare->BeginWrite({.actor = "test"}).value();
  auto r = tx->Insert(AnyRecord(civharm::testing::SampleVictim()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  Incident i = civharm::testing::SampleIncident();
  EXPECT_TRUE(tx->Insert(AnyRecord(i)));  // records without personal data still work
}

TEST_F(SqliteProtectionTest, ResealingMovesEveryValueToTheNewKey) {
  const Victim v = Stored();
  Keyring ring = keys_->Current();
  const std::string old_id = ring.primary().id;
  ring.AddKey();
  auto rotated = KeySource::FromKeyring(ring);
  auto store = OpenStore({.location = path_, .keys = rotated}).value();
  auto tx = store->BeginWrite({.actor = "test"}).value();
  EXPECT_EQ(tx->ResealPersonalData(1).value(), 1);
  EXPECT_GE(tx->ResealPersonalData(100).value(), 1);  // names, registry id, …
  EXPECT_EQ(tx->ResealPersonalData(100).value(), 0);
  ASSERT_TRUE(tx->Commit().ok());
  ring.RetireOldKeys();
  auto fresh = OpenStore({.location = path_, .keys = KeySource::FromKeyring(ring)}).value();
  auto got = fresh->BeginRead(View::Everything()).value()->Get(EntityKind::kVictim, v.meta.id);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(std::get<Victim>(**got).names, v.names);
  EXPECT_TRUE(fresh->VerifyAudit()->ok());
}

TEST_F(SqliteStoreTest, UsersLiveInTheAuditChainAndTheirCredentialsBesideIt) {
  User amira{.name = "amira", .roles = {Role::kAnalyst}, .groups = {"j2"}};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertUser(amira, {.password_hash = "$argon2id$secret-hash"}).ok());
    EXPECT_EQ(tx->InsertUser(amira, {.password_hash = "x"}).code(), ErrorCode::kAlreadyExists);
    EXPECT_EQ(tx->InsertUser({.name = "Bad Name", .roles = {Role::kAnalyst}}, {}).code(),
              ErrorCode::kInvalidArgument);
    amira.roles.push_back(Role::kInvestigator);
    ASSERT_TRUE(tx->UpdateUser(amira).ok());
    EXPECT_EQ(tx->UpdateUser({.name = "nobody", .roles = {Role::kAnalyst}}).code(),
              ErrorCode::kNotFound);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto account = Read()->GetAccount("amira").value();
  ASSERT_TRUE(account);
  EXPECT_EQ(account->user, amira);
  EXPECT_EQ(account->credentials.password_hash, "$argon2id$secret-hash");
  const auto entries = Read()->ReadAudit(0, 100).value();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].entity, "user");
  EXPECT_EQ(entries[1].prev_seq, entries[0].seq);
  EXPECT_EQ(entries[1].after["roles"], nlohmann::json({"analyst", "investigator"}));
  for (const auto& e : entries) EXPECT_EQ(e.after.dump().find("argon2id"), std::string::npos);

  auto verified = store_->VerifyAudit().value();
  EXPECT_TRUE(verified.ok()) << verified.problem;
  EXPECT_EQ(verified.users, 1);

  // Rolling a user back to an older entry (dropping a role's removal, say) is noticed...
  RawSql("UPDATE users SET doc_seq = 1 WHERE name = 'amira'");
  verified = store_->VerifyAudit().value();
  EXPECT_FALSE(verified.ok());
  EXPECT_THAT(verified.problem, HasSubstr("user amira does not hold the details of its last"));
  RawSql("UPDATE users SET doc_seq = 2 WHERE name = 'amira'");
  EXPECT_TRUE(store_->VerifyAudit()->ok());
  // ...and so is a user added behind civharm's back.
  RawSql("INSERT INTO users (name, doc_seq, password_hash) VALUES ('mallory', 2, 'x')");
  verified = store_->VerifyAudit().value();
  EXPECT_THAT(verified.problem, HasSubstr("user mallory has no audit entry"));
  RawSql("DELETE FROM users WHERE name = 'mallory'");
  EXPECT_NE(raw_rc_, SQLITE_OK) << "users are never deleted";
}

TEST_F(SqliteStoreTest, TokensAreFoundByDigestAndRevokedOnce) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertUser({.name = "amira", .roles = {Role::kAnalyst}}, {}).ok());
    const Token t{.id = "tok_1",
                  .digest = "d1",
                  .user = "amira",
                  .created_at = Timestamp::FromUnixSeconds(1'000),
                  .expires_at = Timestamp::FromUnixSeconds(5'000'000'000)};
    ASSERT_TRUE(tx->InsertToken(t).ok());
    Token same_digest = t;
    same_digest.id = "tok_2";
    EXPECT_EQ(tx->InsertToken(same_digest).code(), ErrorCode::kAlreadyExists);
    EXPECT_TRUE(tx->RevokeToken("tok_1", Timestamp::FromUnixSeconds(2'000)).value());
    EXPECT_FALSE(tx->RevokeToken("tok_1", Timestamp::FromUnixSeconds(3'000)).value());
    EXPECT_EQ(tx->RevokeToken("tok_9", Timestamp::FromUnixSeconds(3'000)).error().code(),
              ErrorCode::kNotFound);
    ASSERT_TRUE(tx->Commit().ok());
  }
  const auto found = Read()->FindToken("d1").value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->revoked_at, Timestamp::FromUnixSeconds(2'000));
  EXPECT_FALSE(found->ActiveAt(Timestamp::FromUnixSeconds(2'500)));
  EXPECT_FALSE(Read()->FindToken("d2").value());
  EXPECT_EQ(Read()->ListTokens("amira").value().size(), 1u);
  EXPECT_EQ(Read()->ListTokens("").value().size(), 1u);
  EXPECT_TRUE(Read()->ListTokens("bashir").value().empty());
}

}  // namespace
}  // namespace civharm::storage

namespace civharm::storage {
namespace {

// Case records: stored through the audit log like users, sealed like records, as visible as
// their incident.
TEST_F(SqliteStoreTest, CaseRecordsAreAuditedSealedAndAsVisibleAsTheirIncident) {
  Incident restricted = civharm::testing::SampleIncident();
  restricted.meta.restricted_to = {"j2"};
  restricted = Put(restricted);
  Consultation c{.held_on = *Date::Parse("2024-02-01"),
                 .language = "ar",
                 .met_by = "civilian harm cell",
                 .participants = "Hassan, the father",
                 .preferences = "a public apology"};
  c.meta.incident_id = restricted.meta.id;
  CaseRecord saved;
  {
    auto tx = Write();
    auto s = tx->InsertCaseRecord(c);
    ASSERT_TRUE(s) << s.error().ToString();
    saved = *s;
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(MetaOf(saved).version, 1);
  EXPECT_EQ(MetaOf(saved).created_by, "test:analyst");
  // Opened for a full view; sealed in history: the audit log holds no plaintext.
  auto everything = Read()->GetCaseRecord(MetaOf(saved).id);
  ASSERT_TRUE(everything && *everything);
  EXPECT_EQ(std::get<Consultation>(**everything).participants, "Hassan, the father");
  const auto log = Read()->ReadAudit(0, 1000).value();
  EXPECT_EQ(log.back().entity, "case_record");
  EXPECT_THAT(log.back().after.dump(), ::testing::Not(HasSubstr("Hassan")));
  // Outside the incident's group it does not exist; without the personal view its personal
  // fields are absent.
  auto outside = store_->BeginRead(View{.groups = {"other"}, .personal_data = true}).value();
  EXPECT_FALSE(*outside->GetCaseRecord(MetaOf(saved).id));
  int seen = 0;
  ASSERT_TRUE(outside->ScanCaseRecords({}, [&](const CaseRecord&) {
    ++seen;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, 0);
  auto inside = store_->BeginRead(View{.groups = {"j2"}}).value();
  const auto plain = inside->GetCaseRecord(MetaOf(saved).id).value();
  ASSERT_TRUE(plain);
  EXPECT_EQ(std::get<Consultation>(*plain).participants, "");
  EXPECT_EQ(std::get<Consultation>(*plain).language, "ar");

  // Updates need the current version and keep the former one in the log.
  {
    auto tx = Write();
    Consultation next = std::get<Consultation>(saved);
    next.language = "ku";
    EXPECT_EQ(tx->UpdateCaseRecord(next, 7).error().code(), ErrorCode::kConflict);
    auto updated = tx->UpdateCaseRecord(next, 1);
    ASSERT_TRUE(updated) << updated.error().ToString();
    EXPECT_EQ(MetaOf(*updated).version, 2);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v && v->ok()) << (v ? v->problem : v.error().ToString());
  EXPECT_EQ(v->case_records, 1);

  // Turned back to its first version behind civharm's back: verification notices.
  RawSql("UPDATE case_records SET doc_seq = (SELECT min(seq) FROM audit_log WHERE entity = "
         "'case_record')");
  v = store_->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok());
  EXPECT_THAT(v->problem, HasSubstr("case record"));
  RawSql("DELETE FROM case_records");
  EXPECT_NE(raw_rc_, SQLITE_OK);
}

TEST_F(SqliteStoreTest, ACaseRecordMustNameAnIncidentAndRecordsThatExist) {
  const Incident incident = Put(civharm::testing::SampleIncident());
  auto tx = Write();
  Assessment a{.reports_considered = {NewId()}, .finding = Finding::kCredible};
  a.civilians_killed = {.min = 1, .max = 1};
  a.meta.incident_id = incident.meta.id;
  auto missing = tx->InsertCaseRecord(a);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  a.meta.incident_id = NewId();
  EXPECT_EQ(tx->InsertCaseRecord(a).error().field(), "incident_id");
}

}  // namespace
}  // namespace civharm::storage
