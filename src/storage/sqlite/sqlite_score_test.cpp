// Tests of schema 8 on a real SQLite file: leadership framework editions and assessments of
// states kept in the audit chain, checked against the framework and the records they cite.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/testing/temp_dir.h"
#include "domain/test_fixtures.h"
#include "storage/store.h"

namespace civharm::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The 23 indicators of the built-in edition, in its order.
const std::vector<std::string> kIds = {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4",
                                       "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "4.3",
                                       "4.4", "4.5", "5.1", "5.2", "5.3", "5.4", "5.5"};

// A draft of the built-in edition scoring every indicator, for a year from `from`.
StateAssessment Draft(std::string state, std::string_view from) {
  StateAssessment a;
  a.state = std::move(state);
  const Date start = *Date::Parse(from);
  a.period = {.from = start, .to = start.AddDays(364)};
  a.edition = "cpm-2025-04";
  for (const std::string& id : kIds) {
    a.indicators.push_back(
        {.indicator_id = id, .level = Level::kEngaged, .rationale = "because of " + id});
  }
  a.assessor = "amina";
  return a;
}

StateAssessment Published(std::string state, std::string_view from) {
  StateAssessment a = Draft(std::move(state), from);
  a.status = ScoreStatus::kPublished;
  a.reviewer = "boris";
  a.published_at = *Timestamp::Parse("2025-03-01T09:00:00Z");
  return a;
}

Evidence Cite(EvidenceRecordKind kind, const Id& id) {
  return {
      .kind = EvidenceKind::kRecord, .title = "the record", .record_kind = kind, .record_id = id};
}

std::vector<std::string> States(const std::vector<StateAssessment>& list) {
  std::vector<std::string> out;
  for (const StateAssessment& a : list) out.push_back(a.state + " " + a.period.from.ToString());
  return out;
}

class SqliteScoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OpenStore({.location = path_, .keys = keys_});
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    ASSERT_EQ(framework_.edition, "cpm-2025-04");
  }
  std::unique_ptr<WriteTransaction> Write(View view = View::Everything()) {
    auto tx = store_->BeginWrite({.actor = "amina", .view = std::move(view)});
    EXPECT_TRUE(tx) << tx.error().ToString();
    return std::move(*tx);
  }
  std::unique_ptr<ReadTransaction> Read(View view = View::Everything()) {
    auto tx = store_->BeginRead(view);
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
  // Stores a new assessment under the built-in edition and commits.
  StateAssessment Save(StateAssessment a) {
    auto tx = Write();
    auto saved = tx->InsertStateAssessment(std::move(a), framework_);
    EXPECT_TRUE(saved) << saved.error().ToString();
    EXPECT_TRUE(tx->Commit().ok());
    return saved ? *saved : StateAssessment();
  }
  int64_t Head() { return Read()->AuditHead().value(); }
  // Runs SQL on the file directly, as someone bypassing civharm would.
  void RawSql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    raw_rc_ = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    raw_error_ = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
  }

  civharm::testing::TempDir dir_;
  std::string path_ = dir_.File("civharm.db");
  std::shared_ptr<KeySource> keys_ = KeySource::FromKeyring(Keyring::Generate());
  std::unique_ptr<Store> store_;
  const Framework framework_ = DefaultFramework();
  int raw_rc_ = 0;
  std::string raw_error_;
};

TEST_F(SqliteScoreTest, FrameworkEditionsAreStoredOnceAndListedByName) {
  Framework revised = framework_;
  revised.edition = "cpm-2026-01";
  revised.title = "A revision";
  Framework early = framework_;
  early.edition = "alpha";
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertFramework(revised).ok());
    ASSERT_TRUE(tx->InsertFramework(framework_).ok());
    ASSERT_TRUE(tx->InsertFramework(early).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const int64_t head = Head();
  {
    auto tx = Write();
    Framework again = framework_;
    again.title = "Something else under the same name";
    const Status s = tx->InsertFramework(again);
    EXPECT_EQ(s.code(), ErrorCode::kAlreadyExists) << s.ToString();
    EXPECT_EQ(tx->AuditHead().value(), head);
  }
  auto tx = Read(View{});  // no view needed: frameworks are not records
  auto got = tx->GetFramework("cpm-2025-04");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ(**got, framework_);
  EXPECT_EQ(tx->GetFramework("cpm-2026-01").value(), revised);
  EXPECT_FALSE(tx->GetFramework("cpm-1999-01").value());
  std::vector<std::string> editions;
  const std::vector<Framework> listed = tx->ListFrameworks().value();
  for (const Framework& f : listed) editions.push_back(f.edition);
  EXPECT_THAT(editions, ElementsAre("alpha", "cpm-2025-04", "cpm-2026-01"));
  const auto log = tx->ReadAudit(0, 100).value();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].entity, "framework");
  EXPECT_EQ(log[0].entity_id, "cpm-2026-01");
  EXPECT_EQ(log[0].action, "create");
  EXPECT_EQ(log[0].actor, "amina");
  EXPECT_EQ(log[0].after["title"], "A revision");
}

TEST_F(SqliteScoreTest, AFrameworkThatCouldNotBeReadBackIsRefused) {
  Framework broken = framework_;
  broken.edition = "broken";
  broken.categories[0].indicators.resize(2);  // a category has 3 to 5
  auto tx = Write();
  EXPECT_EQ(tx->InsertFramework(broken).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(tx->AuditHead().value(), 0);
  EXPECT_FALSE(tx->GetFramework("broken").value());
}

TEST_F(SqliteScoreTest, AnAssessmentGetsItsIdVersionAndTimesFromTheStore) {
  StateAssessment draft = Draft("Utopia", "2024-01-01");
  draft.id = "not mine to choose";
  draft.version = 9;
  draft.created_at = *Timestamp::Parse("2001-01-01T00:00:00Z");
  const Timestamp before = Timestamp::Now();
  const StateAssessment saved = Save(draft);
  const Timestamp after = Timestamp::Now();
  EXPECT_TRUE(IsValidId(saved.id));
  EXPECT_EQ(saved.version, 1);
  EXPECT_EQ(saved.created_at, saved.updated_at);
  EXPECT_GE(saved.created_at, before);
  EXPECT_LE(saved.created_at, after);
  EXPECT_EQ(saved.state, "Utopia");
  EXPECT_EQ(saved.indicators, draft.indicators);

  auto tx = Read(View{});
  EXPECT_EQ(tx->GetStateAssessment(saved.id).value(), saved);
  EXPECT_FALSE(tx->GetStateAssessment(NewId()).value());
  const auto log = tx->ReadAudit(0, 100).value();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].entity, "state_assessment");
  EXPECT_EQ(log[0].entity_id, saved.id);
  EXPECT_EQ(log[0].action, "create");
  EXPECT_FALSE(log[0].prev_seq);
  EXPECT_EQ(log[0].after["version"], 1);
}

TEST_F(SqliteScoreTest, ListsByStateIgnoringCaseThenPeriodThenId) {
  Save(Draft("Utopia", "2024-01-01"));
  Save(Draft("arcadia", "2023-01-01"));
  StateAssessment reviewed = Draft("utopia", "2023-01-01");
  reviewed.status = ScoreStatus::kUnderReview;
  reviewed = Save(reviewed);
  const StateAssessment u2023 = Save(Draft("UTOPIA", "2023-01-01"));
  const StateAssessment b2022 = Save(Draft("Bolivar", "2022-01-01"));
  // The two of the same state and period are ordered by id.
  const bool reviewed_first = reviewed.id < u2023.id;
  const std::string first_2023 = reviewed_first ? "utopia 2023-01-01" : "UTOPIA 2023-01-01";
  const std::string second_2023 = reviewed_first ? "UTOPIA 2023-01-01" : "utopia 2023-01-01";

  auto tx = Read(View{});
  EXPECT_THAT(States(tx->ListStateAssessments({}).value()),
              ElementsAre("arcadia 2023-01-01", "Bolivar 2022-01-01", first_2023, second_2023,
                          "Utopia 2024-01-01"));
  EXPECT_THAT(States(tx->ListStateAssessments({.state = "uToPiA"}).value()),
              ElementsAre(first_2023, second_2023, "Utopia 2024-01-01"));
  EXPECT_TRUE(tx->ListStateAssessments({.state = "Utopi"}).value().empty());
  EXPECT_THAT(States(tx->ListStateAssessments({.status = ScoreStatus::kUnderReview}).value()),
              ElementsAre("utopia 2023-01-01"));
  EXPECT_THAT(
      States(tx->ListStateAssessments({.state = "ARCADIA", .status = ScoreStatus::kDraft}).value()),
      ElementsAre("arcadia 2023-01-01"));
  EXPECT_TRUE(tx->ListStateAssessments({.state = "arcadia", .status = ScoreStatus::kUnderReview})
                  .value()
                  .empty());
  EXPECT_TRUE(tx->ListStateAssessments({.status = ScoreStatus::kPublished}).value().empty());
  EXPECT_EQ(tx->ListStateAssessments({.state = "bolivar"}).value(),
            std::vector<StateAssessment>{b2022});
}

TEST_F(SqliteScoreTest, AnUpdateNeedsTheCurrentVersionAndKeepsIdCreationAndEdition) {
  const StateAssessment saved = Save(Draft("Utopia", "2024-01-01"));
  const int64_t created_seq = Head();
  StateAssessment next = saved;
  next.indicators[0].level = Level::kLeader;
  next.indicators[0].rationale = "a new policy";
  next.state = "Utopia (mainland)";
  next.created_at = *Timestamp::Parse("2001-01-01T00:00:00Z");  // not the writer's to change
  next.version = 40;                                            // nor this
  StateAssessment updated;
  {
    auto tx = Write();
    auto stale = tx->UpdateStateAssessment(next, 2, framework_);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
    auto s = tx->UpdateStateAssessment(next, 1, framework_);
    ASSERT_TRUE(s) << s.error().ToString();
    updated = *s;
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(updated.id, saved.id);
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.created_at, saved.created_at);
  EXPECT_GE(updated.updated_at, saved.updated_at);
  EXPECT_EQ(updated.indicators[0].level, Level::kLeader);
  EXPECT_EQ(Read()->GetStateAssessment(saved.id).value(), updated);
  EXPECT_THAT(States(Read()->ListStateAssessments({.state = "utopia (MAINLAND)"}).value()),
              ElementsAre("Utopia (mainland) 2024-01-01"));
  EXPECT_TRUE(Read()->ListStateAssessments({.state = "Utopia"}).value().empty());
  const auto log = Read()->ReadAudit(0, 100).value();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].action, "update");
  EXPECT_EQ(log[1].prev_seq, created_seq);
  EXPECT_EQ(log[1].before["state"], "Utopia");
  EXPECT_EQ(log[1].after["state"], "Utopia (mainland)");

  auto tx = Write();
  // Version 1 is no longer current.
  EXPECT_EQ(tx->UpdateStateAssessment(next, 1, framework_).error().code(), ErrorCode::kConflict);
  // An assessment keeps its edition, even when the framework given is the other edition's.
  Framework revised = framework_;
  revised.edition = "cpm-2026-01";
  StateAssessment moved = updated;
  moved.edition = revised.edition;
  auto refused = tx->UpdateStateAssessment(moved, 2, revised);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field(), "edition");
  StateAssessment missing = updated;
  missing.id = NewId();
  auto none = tx->UpdateStateAssessment(missing, 2, framework_);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(tx->AuditHead().value(), 2);
}

TEST_F(SqliteScoreTest, APublishedAssessmentNeverChanges) {
  const StateAssessment published = Save(Published("Utopia", "2024-01-01"));
  ASSERT_EQ(published.status, ScoreStatus::kPublished);
  StateAssessment next = published;
  next.review_note = "one more thing";
  auto tx = Write();
  auto refused = tx->UpdateStateAssessment(next, published.version, framework_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_THAT(refused.error().message(), HasSubstr("published"));
  EXPECT_EQ(tx->AuditHead().value(), 1);
  EXPECT_EQ(tx->GetStateAssessment(published.id).value(), published);
}

TEST_F(SqliteScoreTest, AnInvalidAssessmentIsRefusedWithItsFieldAndNothingIsStored) {
  Save(Draft("Arcadia", "2024-01-01"));
  const int64_t head = Head();
  {
    auto tx = Write();
    StateAssessment blank = Draft("Utopia", "2024-01-01");
    blank.indicators[2].rationale = "  ";
    auto refused = tx->InsertStateAssessment(blank, framework_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field(), "indicators[2].rationale");
    // Under another edition than the framework given.
    StateAssessment other = Draft("Utopia", "2024-01-01");
    other.edition = "cpm-2026-01";
    auto wrong = tx->InsertStateAssessment(other, framework_);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(wrong.error().field(), "edition");
    // An update is checked the same way.
    StateAssessment current = tx->ListStateAssessments({}).value().at(0);
    current.indicators[2].rationale = "";
    auto update = tx->UpdateStateAssessment(current, 1, framework_);
    ASSERT_FALSE(update);
    EXPECT_EQ(update.error().field(), "indicators[2].rationale");
    EXPECT_EQ(tx->AuditHead().value(), head);
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(Head(), head);
  const auto all = Read()->ListStateAssessments({}).value();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].version, 1);
  EXPECT_EQ(all[0].state, "Arcadia");
}

TEST_F(SqliteScoreTest, EvidenceMustCiteRecordsTheWriterSees) {
  const Incident incident = Put(civharm::testing::SampleIncident());
  Incident restricted = civharm::testing::SampleIncident();
  restricted.meta.restricted_to = {"j2"};
  restricted = Put(restricted);
  Consultation c{.held_on = *Date::Parse("2024-02-01"),
                 .language = "ar",
                 .met_by = "civilian harm cell",
                 .participants = "Hassan, the father",
                 .preferences = "a public apology"};
  c.meta.incident_id = incident.meta.id;
  CaseRecord consultation;
  {
    auto tx = Write();
    auto s = tx->InsertCaseRecord(c);
    ASSERT_TRUE(s) << s.error().ToString();
    consultation = *s;
    ASSERT_TRUE(tx->Commit().ok());
  }
  const int64_t head = Head();

  StateAssessment a = Draft("Utopia", "2024-01-01");
  a.indicators[1].evidence = {Cite(EvidenceRecordKind::kIncident, incident.meta.id),
                              Cite(EvidenceRecordKind::kCase, MetaOf(consultation).id)};
  a.indicators[2].evidence = {Cite(EvidenceRecordKind::kIncident, incident.meta.id),
                              Cite(EvidenceRecordKind::kReport, NewId())};
  {
    auto tx = Write();
    auto missing = tx->InsertStateAssessment(a, framework_);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().field(), "indicators[2].evidence[1].record_id");
    // A case record that is not there either.
    a.indicators[2].evidence = {Cite(EvidenceRecordKind::kCase, NewId())};
    auto no_case = tx->InsertStateAssessment(a, framework_);
    ASSERT_FALSE(no_case);
    EXPECT_EQ(no_case.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(no_case.error().field(), "indicators[2].evidence[0].record_id");
    EXPECT_EQ(tx->AuditHead().value(), head);
  }
  // A record restricted to a group the writer is outside of does not exist for the writer.
  a.indicators[2].evidence = {Cite(EvidenceRecordKind::kIncident, restricted.meta.id)};
  {
    auto tx = Write(View{.groups = {"other"}});
    auto hidden = tx->InsertStateAssessment(a, framework_);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(hidden.error().field(), "indicators[2].evidence[0].record_id");
  }
  StateAssessment seen;
  {
    auto tx = Write(View{.groups = {"j2"}});
    auto s = tx->InsertStateAssessment(a, framework_);
    ASSERT_TRUE(s) << s.error().ToString();
    seen = *s;
    EXPECT_EQ(seen.indicators[1].evidence[1].record_id, MetaOf(consultation).id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  {
    // Updates check the evidence too.
    auto tx = Write();
    StateAssessment next = seen;
    next.indicators[0].evidence = {Cite(EvidenceRecordKind::kOperation, NewId())};
    auto refused = tx->UpdateStateAssessment(next, 1, framework_);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(refused.error().field(), "indicators[0].evidence[0].record_id");
  }
  EXPECT_EQ(Read()->ListStateAssessments({}).value().size(), 1u);
}

TEST_F(SqliteScoreTest, AReadTransactionSeesWhatWasCommittedOnly) {
  const StateAssessment saved = Save(Draft("Utopia", "2024-01-01"));
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertFramework(framework_).ok());
    ASSERT_TRUE(tx->InsertStateAssessment(Draft("Arcadia", "2024-01-01"), framework_));
    // Not committed: rolled back when the transaction goes.
  }
  auto tx = Read(View{.groups = {"none"}});
  EXPECT_EQ(tx->GetStateAssessment(saved.id).value(), saved);
  EXPECT_EQ(tx->ListStateAssessments({}).value(), std::vector<StateAssessment>{saved});
  EXPECT_TRUE(tx->ListFrameworks().value().empty());
  EXPECT_FALSE(tx->GetFramework(framework_.edition).value());
}

TEST_F(SqliteScoreTest, AnUnreadableStoredDocumentIsDataLoss) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertFramework(framework_).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const StateAssessment saved = Save(Draft("Utopia", "2024-01-01"));
  RawSql(
      "DROP TRIGGER audit_log_append_only_update;"
      "UPDATE audit_log SET doc = '{\"id\":1}';");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  auto tx = Read();
  EXPECT_EQ(tx->GetStateAssessment(saved.id).error().code(), ErrorCode::kDataLoss);
  EXPECT_EQ(tx->ListStateAssessments({}).error().code(), ErrorCode::kDataLoss);
  EXPECT_EQ(tx->GetFramework(framework_.edition).error().code(), ErrorCode::kDataLoss);
  EXPECT_EQ(tx->ListFrameworks().error().code(), ErrorCode::kDataLoss);
}

TEST_F(SqliteScoreTest, AuditVerificationCountsThemAndFindsRowsChangedBehindItsBack) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertFramework(framework_).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  Save(Draft("Arcadia", "2023-01-01"));
  const StateAssessment saved = Save(Draft("Utopia", "2024-01-01"));
  const int64_t created_seq = Head();
  {
    auto tx = Write();
    StateAssessment next = saved;
    next.review_note = "checked again";
    ASSERT_TRUE(tx->UpdateStateAssessment(next, 1, framework_));
    ASSERT_TRUE(tx->Commit().ok());
  }
  const int64_t updated_seq = Head();
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v && v->ok()) << (v ? v->problem : v.error().ToString());
  EXPECT_EQ(v->entries, 4);
  EXPECT_EQ(v->frameworks, 1);
  EXPECT_EQ(v->state_assessments, 2);

  const std::string where = " WHERE id = '" + saved.id + "'";
  // Marked published by hand.
  RawSql("UPDATE state_assessments SET status = 'published'" + where);
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  v = store_->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok());
  EXPECT_EQ(v->first_bad, updated_seq);
  EXPECT_THAT(v->problem, HasSubstr("state assessment " + saved.id));
  EXPECT_THAT(v->problem, HasSubstr("changed outside civharm"));
  RawSql("UPDATE state_assessments SET status = 'draft'" + where);
  ASSERT_TRUE(store_->VerifyAudit().value().ok());
  // Moved to another state, or another period.
  RawSql("UPDATE state_assessments SET state = 'Arcadia'" + where);
  EXPECT_FALSE(store_->VerifyAudit().value().ok());
  RawSql("UPDATE state_assessments SET state = 'Utopia', period_from = period_from - 365" + where);
  EXPECT_FALSE(store_->VerifyAudit().value().ok());
  RawSql("UPDATE state_assessments SET period_from = period_from + 365" + where);
  ASSERT_TRUE(store_->VerifyAudit().value().ok());
  // Turned back to its first version.
  RawSql("UPDATE state_assessments SET doc_seq = " + std::to_string(created_seq) + where);
  v = store_->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok());
  EXPECT_EQ(v->first_bad, updated_seq);
  EXPECT_THAT(v->problem, HasSubstr("state assessment " + saved.id +
                                    " does not hold the details of its last audit entry"));
  RawSql("UPDATE state_assessments SET doc_seq = " + std::to_string(updated_seq) + where);
  ASSERT_TRUE(store_->VerifyAudit().value().ok());

  // Rows added without an audit entry.
  RawSql("INSERT INTO state_assessments (id, state, period_from, status, doc_seq) VALUES ('" +
         NewId() + "', 'Utopia', 0, 'published', 2)");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  v = store_->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->ok());
  EXPECT_EQ(v->first_bad, 0);
  EXPECT_THAT(v->problem, HasSubstr("has no audit entry"));
  EXPECT_THAT(v->problem, HasSubstr("state assessment"));
  RawSql("INSERT INTO frameworks (edition, doc_seq) VALUES ('forged', 1)");
  ASSERT_EQ(raw_rc_, SQLITE_OK) << raw_error_;
  v = store_->VerifyAudit();
  ASSERT_TRUE(v);
  EXPECT_THAT(v->problem, HasSubstr("framework edition forged has no audit entry"));
}

TEST_F(SqliteScoreTest, NeitherCanBeDeletedAndAnEditionNeverChangesEvenBySql) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertFramework(framework_).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const StateAssessment saved = Save(Draft("Utopia", "2024-01-01"));
  RawSql("DELETE FROM state_assessments");
  EXPECT_NE(raw_rc_, SQLITE_OK);
  EXPECT_THAT(raw_error_, HasSubstr("never deleted"));
  RawSql("DELETE FROM frameworks");
  EXPECT_NE(raw_rc_, SQLITE_OK);
  EXPECT_THAT(raw_error_, HasSubstr("never deleted"));
  RawSql("UPDATE frameworks SET doc_seq = 2");
  EXPECT_NE(raw_rc_, SQLITE_OK);
  EXPECT_THAT(raw_error_, HasSubstr("never changes"));
  auto tx = Read();
  EXPECT_EQ(tx->GetFramework(framework_.edition).value(), framework_);
  EXPECT_EQ(tx->GetStateAssessment(saved.id).value(), saved);
  auto v = store_->VerifyAudit();
  ASSERT_TRUE(v && v->ok()) << (v ? v->problem : v.error().ToString());
}

}  // namespace
}  // namespace civharm::storage
