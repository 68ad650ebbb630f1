// Tests of schema 6 on a real SQLite file: releases kept in the audit chain with their public
// rows, and the records read as they stood at an audit entry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/testing/temp_dir.h"
#include "domain/codec.h"
#include "domain/test_fixtures.h"
#include "storage/sqlite/schema.h"
#include "storage/store.h"

namespace civharm::storage {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SqliteReleaseTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open(MigrationPolicy policy = MigrationPolicy::kApply) {
    store_.reset();
    auto s = OpenStore({.location = path_, .migrations = policy, .keys = keys_});
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
  }
  std::unique_ptr<WriteTransaction> Write(const std::string& actor = "nadia",
                                          View view = View::Everything()) {
    auto tx = store_->BeginWrite({.actor = actor, .view = std::move(view)});
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
  int64_t Head() { return store_->BeginRead(View::Everything()).value()->AuditHead().value(); }
  void RawSql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    raw_rc_ = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    raw_error_ = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
  }
  // A release of `rows`, as the service would hand it to the store.
  Result<Release> Request(const std::vector<std::string>& rows) {
    Release r;
    r.note = "first release";
    r.as_of_seq = Head();
    r.built_on = *Date::Parse("2026-04-01");
    r.rules = DefaultReleaseRules();
    r.open_assessments = {.as_of = r.built_on,
                          .stages = {{.stage = "assessment", .count = 1, .by_age = {1}}}};
    auto tx = Write();
    auto saved = tx->InsertRelease(r, [&](Release& release, const auto& put) -> Status {
      for (const std::string& row : rows) CIVHARM_RETURN_IF_ERROR(put(row));
      release.summary.released = static_cast<int64_t>(rows.size());
      return Status::Ok();
    });
    if (saved) {
      Status s = tx->Commit();
      if (!s.ok()) return std::unexpected(s);
    }
    return saved;
  }

  civharm::testing::TempDir dir_;
  std::string path_ = dir_.File("civharm.db");
  std::shared_ptr<KeySource> keys_ = KeySource::FromKeyring(Keyring::Generate());
  std::unique_ptr<Store> store_;
  int raw_rc_ = 0;
  std::string raw_error_;
};

TEST_F(SqliteReleaseTest, SchemasSixToEightMigrateADatabaseOfSchemaFiveAndKeepItsHistory) {
  EXPECT_EQ(store_->LatestSchemaVersion(), 8);
  EXPECT_EQ(sqlite::Migrations().back().version, 8);
  const Incident kept = Put(civharm::testing::SampleIncident());
  // Back to schema 5, as a database written by an earlier civharm.
  store_.reset();
  RawSql(
      "DROP TABLE state_assessments; DROP TABLE frameworks; "
      "DROP TABLE release_rows; DROP TABLE releases; DROP INDEX audit_log_entity; "
      "DROP INDEX incidents_country; DROP INDEX incidents_admin1; "
      "CREATE INDEX incidents_area ON incidents (country COLLATE NOCASE, admin1 COLLATE NOCASE); "
      "DELETE FROM schema_migrations WHERE version >= 6;");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  Open(MigrationPolicy::kCheck);
  EXPECT_EQ(store_->SchemaVersion().value(), 5);
  EXPECT_THAT(store_->Migrate().value(), ElementsAre(6, 7, 8));
  EXPECT_EQ(store_->SchemaVersion().value(), 8);
  EXPECT_TRUE(store_->Migrate().value().empty());
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v && v->ok()) << (v ? v->problem : v.error().ToString());
  EXPECT_EQ(v->records, 1);
  auto got =
      store_->BeginRead(View::Everything()).value()->Get(EntityKind::kIncident, kept.meta.id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ(std::get<Incident>(**got), kept);
  // The new tables work on the migrated file, and history reads find the older entries.
  ASSERT_TRUE(Request({R"({"id":"a"})"}));
  int n = 0;
  ASSERT_TRUE(store_->BeginRead(View::Everything())
                  .value()
                  ->ScanDocumentsAsOf(EntityKind::kIncident, 1,
                                      [&](const json& doc) {
                                        EXPECT_EQ(doc["id"], kept.meta.id);
                                        ++n;
                                        return Status::Ok();
                                      })
                  .ok());
  EXPECT_EQ(n, 1);
}

TEST_F(SqliteReleaseTest, AReleaseIsStoredWithItsRowsAndAuditedUnderItsRequester) {
  Put(civharm::testing::SampleIncident());
  const std::vector<std::string> rows = {R"({"id":"a","title":"one"})", R"({"id":"b"})"};
  auto first = Request(rows);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->version, 1);
  EXPECT_TRUE(IsValidId(first->id));
  EXPECT_EQ(first->status, ReleaseStatus::kRequested);
  EXPECT_EQ(first->requested_by, "nadia");
  EXPECT_EQ(first->incidents, 2);
  EXPECT_EQ(first->content_hash, ReleaseContentHash(rows, first->open_assessments));
  auto second = Request({});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->version, 2);

  auto tx = store_->BeginRead(View{}).value();  // no view needed: releases are not records
  EXPECT_EQ(tx->GetRelease(first->id).value(), first);
  EXPECT_EQ(tx->GetReleaseByVersion(2).value(), second);
  EXPECT_FALSE(tx->GetReleaseByVersion(3).value());
  const auto all = tx->ListReleases(std::nullopt).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].version, 2) << "newest first";
  EXPECT_TRUE(tx->ListReleases(ReleaseStatus::kApproved).value().empty());
  std::vector<std::pair<int64_t, std::string>> page;
  ASSERT_TRUE(tx->ScanReleaseRows(first->id, 1, 5, [&](int64_t pos, std::string_view row) {
                  page.emplace_back(pos, std::string(row));
                  return Status::Ok();
                }).ok());
  EXPECT_THAT(page, ElementsAre(std::pair<int64_t, std::string>{2, rows[1]}));
  const auto log = tx->ReadAudit(0, 100).value();
  EXPECT_EQ(log.back().entity, "release");
  EXPECT_EQ(log.back().action, "create");
  EXPECT_EQ(log.back().actor, "nadia");
  EXPECT_EQ(log.back().after["version"], 2);

  // A summary that does not count the rows is a bug, and nothing is stored.
  {
    auto w = Write();
    Release r = *first;
    auto bad = w->InsertRelease(r, [](Release&, const auto& put) { return put("{}"); });
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code(), ErrorCode::kInternal);
  }
  EXPECT_EQ(store_->BeginRead(View{}).value()->ListReleases(std::nullopt).value().size(), 2u);
}

TEST_F(SqliteReleaseTest, AReviewIsAuditedAndNeverByTheRequester) {
  auto requested = Request({R"({"id":"a"})"});
  ASSERT_TRUE(requested);
  Release approved = *requested;
  approved.status = ReleaseStatus::kApproved;
  approved.reviewed_by = "nadia";  // the requester
  approved.reviewed_at = Timestamp::Now();
  {
    auto tx = Write("nadia");
    auto self = tx->UpdateRelease(approved, ReleaseStatus::kRequested);
    ASSERT_FALSE(self);
    EXPECT_EQ(self.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(self.error().field(), "reviewed_by");
  }
  approved.reviewed_by = "omar";
  approved.incidents = 99;        // not the reviewer's to change
  approved.content_hash.clear();  // nor this
  {
    auto tx = Write("omar");
    EXPECT_EQ(tx->UpdateRelease(approved, ReleaseStatus::kApproved).error().code(),
              ErrorCode::kConflict);
    auto saved = tx->UpdateRelease(approved, ReleaseStatus::kRequested);
    ASSERT_TRUE(saved) << saved.error().ToString();
    EXPECT_EQ(saved->status, ReleaseStatus::kApproved);
    EXPECT_EQ(saved->incidents, 1);
    EXPECT_EQ(saved->content_hash, requested->content_hash);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto tx = store_->BeginRead(View{}).value();
  EXPECT_EQ(tx->ListReleases(ReleaseStatus::kApproved).value().size(), 1u);
  const auto log = tx->ReadAudit(0, 100).value();
  EXPECT_EQ(log.back().action, "update");
  EXPECT_EQ(log.back().actor, "omar");
  EXPECT_EQ(log.back().before["status"], "requested");
  EXPECT_EQ(log.back().after["status"], "approved");
  Release missing = approved;
  missing.id = NewId();
  EXPECT_EQ(Write("omar")->UpdateRelease(missing, ReleaseStatus::kRequested).error().code(),
            ErrorCode::kNotFound);
}

TEST_F(SqliteReleaseTest, AuditVerificationFindsReleasesAndRowsChangedBehindItsBack) {
  ASSERT_TRUE(Request({R"({"id":"a"})", R"({"id":"b"})"}));
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v && v->ok()) << (v ? v->problem : v.error().ToString());
  EXPECT_EQ(v->releases, 1);

  RawSql("DELETE FROM release_rows");
  EXPECT_NE(raw_rc_, SQLITE_OK);
  RawSql("DELETE FROM releases");
  EXPECT_NE(raw_rc_, SQLITE_OK);
  RawSql("UPDATE release_rows SET doc = '{\"id\":\"c\"}' WHERE position = 2");
  EXPECT_NE(raw_rc_, SQLITE_OK);

  RawSql(
      "DROP TRIGGER release_rows_never_changed;"
      "UPDATE release_rows SET doc = '{\"id\":\"c\"}' WHERE position = 2;");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  v = store_->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok());
  EXPECT_THAT(v->problem, HasSubstr("release 1: its public rows do not give the content hash"));

  RawSql("UPDATE release_rows SET doc = '{\"id\":\"b\"}' WHERE position = 2;");
  EXPECT_TRUE(store_->VerifyAudit()->ok());
  RawSql("UPDATE releases SET status = 'approved'");
  v = store_->VerifyAudit();
  EXPECT_THAT(v->problem, HasSubstr("differs from its document"));
}

TEST_F(SqliteReleaseTest, RecordsAreReadAsTheyStoodAtAnAuditEntry) {
  const Incident first = Put(civharm::testing::SampleIncident());  // entry 1
  const int64_t created = Head();
  {
    auto tx = Write();
    Incident edit = first;
    edit.title = "Renamed";
    ASSERT_TRUE(tx->Update(AnyRecord(edit), 1));  // entry 2
    ASSERT_TRUE(tx->Commit().ok());
  }
  const int64_t renamed = Head();
  Incident hidden = civharm::testing::SampleIncident();
  hidden.meta.restricted_to = {"j2"};
  hidden = Put(hidden);
  Report report = civharm::testing::SampleReport();
  report.account = "Testimony of Layla Haddad";
  report.incident_id = first.meta.id;
  report = Put(report);
  {
    auto tx = Write();
    ASSERT_TRUE(
        tx->Retract(EntityKind::kIncident, first.meta.id, "entered twice", std::nullopt, 2));
    ASSERT_TRUE(tx->Commit().ok());
  }
  const int64_t retracted = Head();

  const auto read = [&](const View& view, EntityKind kind, int64_t seq) {
    std::vector<json> docs;
    auto tx = store_->BeginRead(view).value();
    Status s = tx->ScanDocumentsAsOf(kind, seq, [&](const json& doc) {
      docs.push_back(doc);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return docs;
  };
  const View outsider{};
  auto docs = read(outsider, EntityKind::kIncident, created);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["title"], "Strike on al-Rami village");
  EXPECT_EQ(docs[0]["version"], 1);
  EXPECT_EQ(read(outsider, EntityKind::kIncident, renamed)[0]["title"], "Renamed");
  EXPECT_EQ(read(outsider, EntityKind::kIncident, 0).size(), 0u);
  // Restricted then: not there for those outside its group; there for those in it.
  EXPECT_EQ(read(outsider, EntityKind::kIncident, Head()).size(), 1u);
  EXPECT_EQ(read(View{.groups = {"j2"}}, EntityKind::kIncident, Head()).size(), 2u);
  // Retracted records are there, saying so; the report links to no incident in the document.
  docs = read(outsider, EntityKind::kIncident, retracted);
  EXPECT_EQ(docs[0]["retraction"]["reason"], "entered twice");
  EXPECT_FALSE(docs[0].contains("report_ids"));
  // Personal data: absent without the personal view, opened with it.
  docs = read(outsider, EntityKind::kReport, Head());
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_FALSE(docs[0].contains("account"));
  EXPECT_THAT(docs[0].dump(), ::testing::Not(HasSubstr("Layla")));
  EXPECT_EQ(read(View::Everything(), EntityKind::kReport, Head())[0]["account"],
            "Testimony of Layla Haddad");

  auto tx = store_->BeginRead(outsider).value();
  Status beyond = tx->ScanDocumentsAsOf(EntityKind::kIncident, Head() + 1,
                                        [](const json&) { return Status::Ok(); });
  EXPECT_EQ(beyond.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(beyond.field(), "as_of_seq");
  EXPECT_EQ(tx->ScanCaseRecordsAsOf(-1, [](const CaseRecord&) { return Status::Ok(); }).code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(SqliteReleaseTest, CaseRecordsAreReadAsTheyStoodAndAsVisibleAsTheirIncidentThen) {
  const Incident open = Put(civharm::testing::SampleIncident());
  Incident secret = civharm::testing::SampleIncident();
  secret.meta.restricted_to = {"j2"};
  secret = Put(secret);
  Transition t{.from = AssessmentStatus::kUnassessed,
               .to = AssessmentStatus::kAssessing,
               .on = *Date::Parse("2026-03-01")};
  CaseRecord first, hidden;
  {
    auto tx = Write();
    t.meta.incident_id = open.meta.id;
    first = tx->InsertCaseRecord(t).value();
    t.meta.incident_id = secret.meta.id;
    hidden = tx->InsertCaseRecord(t).value();
    ASSERT_TRUE(tx->Commit().ok());
  }
  const int64_t before_edit = Head();
  {
    auto tx = Write();
    Transition later = std::get<Transition>(first);
    later.on = *Date::Parse("2026-03-05");
    ASSERT_TRUE(tx->UpdateCaseRecord(later, 1));
    ASSERT_TRUE(tx->Commit().ok());
  }
  const auto days = [&](const View& view, int64_t seq) {
    std::vector<std::string> out;
    auto tx = store_->BeginRead(view).value();
    EXPECT_TRUE(tx->ScanCaseRecordsAsOf(seq, [&](const CaseRecord& r) {
                    out.push_back(std::get<Transition>(r).on.ToString());
                    return Status::Ok();
                  }).ok());
    return out;
  };
  EXPECT_THAT(days(View{}, before_edit), ElementsAre("2026-03-01"));
  EXPECT_THAT(days(View{}, Head()), ElementsAre("2026-03-05"));
  EXPECT_THAT(days(View{.groups = {"j2"}}, before_edit), ElementsAre("2026-03-01", "2026-03-01"));
  EXPECT_TRUE(days(View{}, before_edit - 2).empty()) << "before the case records were made";
}

}  // namespace
}  // namespace civharm::storage
