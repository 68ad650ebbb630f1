// The Store: where civharm keeps its records, behind one interface that the embedded SQLite
// backend implements today and a PostgreSQL backend can implement without changing callers.
//
//   CIVHARM_ASSIGN_OR_RETURN(auto store, OpenStore({.location = "data/civharm.db"}));
//   CIVHARM_ASSIGN_OR_RETURN(auto tx, store->BeginWrite({.actor = "amira"}));
//   CIVHARM_ASSIGN_OR_RETURN(AnyRecord saved, tx->Insert(AnyRecord(incident)));
//   CIVHARM_RETURN_IF_ERROR(tx->Commit());   // nothing is kept unless Commit() succeeds
//
// Guarantees every backend keeps:
// - Every read sees one consistent snapshot; every write happens in a transaction that rolls
//   back unless committed (also when the process dies).
// - Nothing invalid is stored: Insert and Update run domain Validate() and check links to other
//   records (incident_id, operation_ids) exist.
// - Nothing is deleted: Retract marks a record withdrawn, with who, when and why.
// - Every change appends an entry to the audit log (who, when, what, before, after), each entry
//   carrying the hash of the one before; VerifyAudit() finds the first entry that was altered,
//   removed or inserted after the fact, and any record that no longer matches its history.
//
// Thread safety: a Store may be shared by threads; each Transaction belongs to one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/assessment.h"
#include "domain/case_records.h"
#include "domain/framework.h"
#include "domain/link_decision.h"
#include "domain/records.h"
#include "domain/release.h"
#include "storage/accounts.h"
#include "storage/keys.h"

namespace civharm::storage {

// What a transaction's reader may see: need-to-know and personal data are enforced here, below
// every list, search, count, map and export, so no caller can forget them.
struct View {
  // Every record whatever its restriction (admins; civharm's own bulk work such as imports).
  bool all_groups = false;
  // Otherwise: unrestricted records, and those restricted to one of these groups. To a reader
  // outside, a restricted record does not exist (Get finds nothing, lists and counts skip it).
  std::vector<std::string> groups;
  // Personal fields (domain/personal.h) opened; otherwise absent from records and documents.
  bool personal_data = false;

  static View Everything() { return {.all_groups = true, .personal_data = true}; }
  // True when a record restricted to `restricted_to` is visible.
  bool Sees(const std::vector<std::string>& restricted_to) const;
};

// A geographic box; min_lon > max_lon means the box crosses the antimeridian.
struct BBox {
  double min_lon = 0, min_lat = 0, max_lon = 0, max_lat = 0;
};

enum class RetractedPolicy { kExclude, kInclude, kOnly };
enum class SortOrder {
  kNewest,    // most recently created first (default)
  kOldest,    // creation order
  kDateDesc,  // event date, latest first (incidents, reports, operations)
  kDateAsc,
};

// Filters for listing records. Each filter applies to some kinds only; Query::Check() says so.
struct Query {
  std::optional<Date> date_from;  // the record's date range overlaps [date_from, date_to]
  std::optional<Date> date_to;
  std::optional<BBox> bbox;  // the record's point lies in the box (no point: excluded)
  std::string country, admin1, admin2, admin3;  // exact, ignoring ASCII case
  std::string belligerent;  // a belligerent with exactly this name, ignoring ASCII case
  std::vector<AssessmentStatus> statuses;  // any of
  std::vector<ExternalGrade> grades;       // any of
  std::string text;  // every word appears in the record's text (not personal data)
  // Reports and victims: every word appears, ignoring ASCII case, in the record's personal data
  // (names, testimony, contact, identifiers). Matched in memory on opened values, never through
  // an index; needs a view with personal data (permission_denied otherwise).
  std::string personal_text;
  std::vector<SourceType> source_types;  // reports, any of
  std::string source_name;               // reports and victims, exact, ignoring ASCII case
  std::optional<Id> incident_id;         // reports and victims linked to this incident
  RetractedPolicy retracted = RetractedPolicy::kExclude;
  SortOrder sort = SortOrder::kNewest;
  int limit = 50;      // 1–1000 per page
  std::string cursor;  // from the previous page's next_cursor

  // invalid_argument naming the first filter that does not apply to `kind`, or a bad limit.
  Status Check(EntityKind kind) const;
};

struct Page {
  std::vector<AnyRecord> items;
  std::string next_cursor;  // empty on the last page
};

// Which case records (domain/case_records.h) to read: one incident's, or those of every incident
// the view sees; of the kinds listed, or of every kind.
struct CaseQuery {
  std::optional<Id> incident_id;
  std::vector<CaseRecordKind> kinds;
};

// How a source follows its report: who submitted it, under which reference code, and the digest
// of the secret token an anonymous submitter was given (service/answers.h).
struct Receipt {
  Id report_id;
  std::string reference_code;
  std::string submitted_by;  // a user's name; empty for an anonymous submission
  std::string token_digest;  // hex digest of the secret token; empty when none was given
  Timestamp created_at;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

// How Insert treats the record's meta.
enum class MetaPolicy {
  kAssign,   // a new record: the store assigns id, version 1 and timestamps
  kRestore,  // a record coming back from a civharm export: id, version and timestamps kept
};

// What one audit entry says. `before` and `after` are the record documents (null when absent);
// for an entry that is not a record change (an import's summary), `after` holds its detail.
struct AuditEntry {
  int64_t seq = 0;
  Timestamp at;
  std::string actor;
  std::string action;  // create, update, retract, restore, or a note's name such as import
  std::string entity;  // incident, report, victim, operation, or "" for notes
  std::string entity_id;
  std::optional<int64_t> prev_seq;  // the record's previous entry, whose document is `before`
  nlohmann::json before;
  nlohmann::json after;
  std::string prev_hash;  // hex BLAKE2b-256 of the previous entry ("" for the first)
  std::string hash;       // hex BLAKE2b-256 of this entry
};

struct AuditVerification {
  int64_t entries = 0;               // entries checked
  int64_t records = 0;               // records compared with their last audit entry
  int64_t users = 0;                 // users compared with their last audit entry
  int64_t decisions = 0;             // link decisions compared with their last audit entry
  int64_t case_records = 0;          // case records compared with their last audit entry
  int64_t releases = 0;              // releases compared with it, and their rows with their hash
  int64_t frameworks = 0;            // framework editions compared with their audit entry
  int64_t state_assessments = 0;     // state assessments compared with their last audit entry
  std::optional<int64_t> first_bad;  // seq of the first entry that fails (0: a record with none)
  std::string problem;               // what is wrong with it
  std::string head_hash;  // hash of the last entry, to compare with a copy kept elsewhere
  bool ok() const { return !first_bad && problem.empty(); }
};

// Which state assessments to list (domain/assessment.h); every one when empty.
struct StateAssessmentQuery {
  std::string state;                  // exact, ignoring ASCII case
  std::optional<ScoreStatus> status;  // only those in it
};

class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;
  // nullopt when there is no record of that kind with that id.
  virtual Result<std::optional<AnyRecord>> Get(EntityKind kind, const Id& id) = 0;
  virtual Result<Page> List(EntityKind kind, const Query& query) = 0;
  // Calls `fn` for every matching record in the query's order, streaming (query.limit and cursor
  // are ignored). Stops at, and returns, the first failure `fn` returns.
  virtual Status Scan(EntityKind kind, const Query& query,
                      const std::function<Status(const AnyRecord&)>& fn) = 0;
  // Like Scan, but hands over each record's JSON document (domain codec shape, an incident's
  // report_ids included) without decoding it — for exports, which write documents as they are.
  virtual Status ScanDocuments(EntityKind kind, const Query& query,
                               const std::function<Status(const nlohmann::json&)>& fn) = 0;
  virtual Result<int64_t> Count(EntityKind kind, const Query& query) = 0;
  // The record with this source key: (source_name, source_record_id) for reports and victims,
  // (reference) for operations, (id) for incidents.
  virtual Result<std::optional<AnyRecord>> FindBySourceKey(EntityKind kind,
                                                           const std::string& source_name,
                                                           const std::string& record_key) = 0;
  // Audit entries with seq > after_seq, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEntry>> ReadAudit(int64_t after_seq, int limit) = 0;
  // The seq of the last audit entry this transaction sees (0 when there is none): everything
  // read in the transaction is as of that entry.
  virtual Result<int64_t> AuditHead() = 0;

  // Accounts (storage/accounts.h). The view does not apply: the services decide who may see them.
  virtual Result<std::optional<Account>> GetAccount(std::string_view user_name) = 0;
  // Every user, by name.
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Result<std::optional<Token>> FindToken(std::string_view digest) = 0;
  // The user's tokens (every user's when `user_name` is empty), newest first.
  virtual Result<std::vector<Token>> ListTokens(std::string_view user_name) = 0;

  // Analysts' decisions about pairs of reports (domain/link_decision.h), every one, by key. The
  // view does not apply: the services keep decisions about reports an actor cannot see to
  // themselves.
  virtual Result<std::vector<LinkDecision>> ListLinkDecisions() = 0;

  // Case records. A case record is visible when its incident is (need-to-know), its personal
  // fields per the view like a record's. nullopt when there is none the view sees.
  virtual Result<std::optional<CaseRecord>> GetCaseRecord(const Id& id) = 0;
  // Calls `fn` for every matching case record, in the order they were made. Stops at, and
  // returns, the first failure `fn` returns.
  virtual Status ScanCaseRecords(const CaseQuery& query,
                                 const std::function<Status(const CaseRecord&)>& fn) = 0;

  // Receipts (the view does not apply: the services decide what a source may learn).
  virtual Result<std::vector<Receipt>> FindReceipts(std::string_view reference_code) = 0;
  // The receipts of one user's submissions, newest first.
  virtual Result<std::vector<Receipt>> ListReceipts(std::string_view submitted_by) = 0;

  // History: the state as of audit entry `seq` is, for each record, the document of its latest
  // entry with seq ≤ `seq`. These reads give it, so that what was built from the records at some
  // point (a release) can be built again from the log and compared.
  //
  // Calls `fn` with the document of every record of `kind` as it stood just after entry `seq`,
  // in id order; records created later are absent, retracted ones present (their documents say
  // so). The view applies to the documents as they were then: a record then restricted to groups
  // outside the view is skipped, personal fields are opened or absent. Incidents carry no
  // report_ids. invalid_argument when `seq` is negative or beyond the audit head.
  virtual Status ScanDocumentsAsOf(EntityKind kind, int64_t seq,
                                   const std::function<Status(const nlohmann::json&)>& fn) = 0;
  // The case records as they stood just after entry `seq`, of the incidents the view saw then, in
  // the order they were made.
  virtual Status ScanCaseRecordsAsOf(int64_t seq,
                                     const std::function<Status(const CaseRecord&)>& fn) = 0;

  // Releases (domain/release.h). The view does not apply: a release holds only what its rules
  // publish, and the services decide who may see which release.
  virtual Result<std::optional<Release>> GetRelease(const Id& id) = 0;
  virtual Result<std::optional<Release>> GetReleaseByVersion(int64_t version) = 0;
  // Every release, newest version first; only those in `status` when given.
  virtual Result<std::vector<Release>> ListReleases(std::optional<ReleaseStatus> status) = 0;
  // Calls `fn(position, row)` for the public rows of a release in order, from the one after
  // `after` (0: from the first), at most `limit` of them (0: all). Positions count from 1.
  virtual Status ScanReleaseRows(
      const Id& release_id, int64_t after, int64_t limit,
      const std::function<Status(int64_t position, std::string_view row)>& fn) = 0;

  // Leadership framework editions (domain/framework.h) stored beside the one built into civharm,
  // and assessments of states made under them (domain/assessment.h). The view does not apply: an
  // assessment holds no personal data, and the services decide who may read which.
  // nullopt when no edition of that name is stored.
  virtual Result<std::optional<Framework>> GetFramework(std::string_view edition) = 0;
  // Every stored edition, by edition name.
  virtual Result<std::vector<Framework>> ListFrameworks() = 0;
  // nullopt when there is none with that id.
  virtual Result<std::optional<StateAssessment>> GetStateAssessment(const Id& id) = 0;
  // The matching assessments by state (ignoring ASCII case), then the start of their period,
  // then id.
  virtual Result<std::vector<StateAssessment>> ListStateAssessments(
      const StateAssessmentQuery& query) = 0;
};

// Produces a release's public rows, in order, handing the exact text of each to `put`; it may
// fill in the release's summary as it goes (see WriteTransaction::InsertRelease).
using ReleaseRows =
    std::function<Status(Release& release, const std::function<Status(std::string_view row)>& put)>;

class WriteTransaction : public ReadTransaction {
 public:
  // Validates, stores and audits a new record; returns it with its meta filled.
  // already_exists when a record with the same id or source key is stored.
  virtual Result<AnyRecord> Insert(AnyRecord record, MetaPolicy policy = MetaPolicy::kAssign) = 0;
  // Replaces the content of a stored record. conflict when its version is not `expected_version`
  // or it is retracted; not_found when there is none. Meta in `record` other than id is ignored.
  virtual Result<AnyRecord> Update(AnyRecord record, int64_t expected_version) = 0;
  virtual Result<AnyRecord> Retract(EntityKind kind, const Id& id, const std::string& reason,
                                    std::optional<Id> superseded_by, int64_t expected_version) = 0;
  // An audit entry that is not a record change (an import's summary, say).
  virtual Status AppendNote(const std::string& action, const nlohmann::json& detail) = 0;

  // A new user (audited as entity "user", action "create"; the credentials are not logged).
  // already_exists when the name is taken. Runs Validate(user).
  virtual Status InsertUser(const User& user, const Credentials& credentials) = 0;
  // Replaces a user's details (audited "update"); not_found when there is none.
  virtual Status UpdateUser(const User& user) = 0;
  // Replaces the credentials, unaudited: callers note what matters (a password change updates
  // the user's password_changed_at; a lockout gets a note).
  virtual Status SetCredentials(std::string_view user_name, const Credentials& credentials) = 0;
  // already_exists when the id or digest is taken.
  virtual Status InsertToken(const Token& token) = 0;
  // Marks the token revoked at `at`; returns whether it was active (not_found: no such id).
  virtual Result<bool> RevokeToken(std::string_view id, Timestamp at) = 0;
  // Revokes every active token of the user; returns how many.
  virtual Result<int64_t> RevokeTokensOf(std::string_view user_name, Timestamp at) = 0;
  // Stores the decision about its pair of reports, replacing an earlier one (audited as entity
  // "link_decision", action create or update). Runs Validate(decision); not_found when either
  // report is not there for this transaction's view.
  virtual Status PutLinkDecision(const LinkDecision& decision) = 0;
  // Stores a new case record (audited as entity "case_record", action create): the store sets
  // its id, version 1, creator and times. Runs Validate(record); not_found when its incident or a
  // record it names (reports and operations considered, duplicate_of, victims, the record a
  // transition made) is not there for this transaction's view.
  virtual Result<CaseRecord> InsertCaseRecord(CaseRecord record) = 0;
  // Replaces a case record's content (audited "update"); its kind and incident stay. conflict when
  // its version is not `expected_version`; not_found when there is none the view sees. A writer
  // who may not see personal data keeps the stored personal fields.
  virtual Result<CaseRecord> UpdateCaseRecord(CaseRecord record, int64_t expected_version) = 0;
  // already_exists when the report has a receipt; not_found when there is no such report.
  virtual Status InsertReceipt(const Receipt& receipt) = 0;
  // Stores a new release, requested by this transaction's actor, with the rows `rows` produces:
  // the store sets its id, its version (one more than the last release's), status requested,
  // requested_by and requested_at, the number of rows and the content hash of the rows and the
  // release's open assessments (ReleaseContentHash), then runs Validate. Audited as entity
  // "release", action create. Fails with whatever `rows` fails with, storing nothing.
  virtual Result<Release> InsertRelease(Release release, const ReleaseRows& rows) = 0;
  // Replaces a release's review and withdrawal (status, reviewer, withdrawal and their notes);
  // everything else stays as stored. conflict when its stored status is not `expected_status`;
  // not_found when there is none. Runs Validate (a release is never reviewed by its requester).
  // Audited "update".
  virtual Result<Release> UpdateRelease(const Release& release, ReleaseStatus expected_status) = 0;
  // Stores a framework edition (audited as entity "framework", action create, its id the
  // edition's name). Editions never change once stored: a revision is a new edition, so that an
  // assessment is always read under the edition it was made under. already_exists when the
  // edition is stored.
  virtual Status InsertFramework(const Framework& framework) = 0;
  // Stores a new state assessment made under `framework` (which must be its edition): the store
  // sets its id, version 1 and its created_at and updated_at (now). Runs Validate(a, framework);
  // not_found when a record its evidence cites (incident, report, operation or case record) is
  // not there for this transaction's view. Audited as entity "state_assessment", action create.
  virtual Result<StateAssessment> InsertStateAssessment(StateAssessment a,
                                                        const Framework& framework) = 0;
  // Replaces a stored assessment's content: id, created_at and the edition stay, the version
  // goes up by one, updated_at is now. conflict when its version is not `expected_version` or it
  // is published (a published assessment never changes); not_found when there is none. Checks
  // like InsertStateAssessment. Audited "update".
  virtual Result<StateAssessment> UpdateStateAssessment(StateAssessment a,
                                                        int64_t expected_version,
                                                        const Framework& framework) = 0;
  // Re-encrypts up to `limit` sealed personal values under the keyring's primary key; returns
  // how many (0: every value is under the primary key). Key rotation calls it in short batches.
  virtual Result<int64_t> ResealPersonalData(int limit) = 0;
  // Makes every change durable. After Commit (successful or not) the transaction is finished.
  virtual Status Commit() = 0;
};

// What a write transaction is for, so the backend can size its resources.
enum class Workload {
  kInteractive,  // a few records (API requests, single edits)
  kBulk,         // many records in one transaction (imports, demo data)
};

struct WriteOptions {
  std::string actor;  // who is making the changes: a user's name, or "civharm" for its own work
  Workload workload = Workload::kInteractive;
  // What the writer may see of what it reads and of what writes return. A writer who may not see
  // personal data cannot change it either: updates keep the stored values. Personal data in new
  // records is stored (and sealed) whoever writes it.
  View view = View::Everything();
};

enum class MigrationPolicy {
  kApply,   // bring the schema up to date on open (creating the database if missing)
  kCheck,   // open an existing database as is; fail if it is newer than this program
  kManual,  // open or create, apply nothing: the caller runs Migrate()
};

struct StoreOptions {
  // A SQLite file path ("data/civharm.db", "sqlite:data/civharm.db"), or a PostgreSQL URL.
  std::string location;
  MigrationPolicy migrations = MigrationPolicy::kApply;
  // The keys for personal data; without them, records holding personal data can be neither
  // stored nor opened (everything else works).
  std::shared_ptr<KeySource> keys;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<ReadTransaction>> BeginRead(const View& view) = 0;
  // Waits (up to a timeout, then unavailable) while another writer holds the store.
  virtual Result<std::unique_ptr<WriteTransaction>> BeginWrite(const WriteOptions& options) = 0;
  // The schema version of the open database, and the newest this program knows.
  virtual Result<int> SchemaVersion() = 0;
  virtual int LatestSchemaVersion() const = 0;
  // Applies pending migrations; returns the versions applied.
  virtual Result<std::vector<int>> Migrate() = 0;
  // Walks the whole audit chain and compares every record with its last entry.
  virtual Result<AuditVerification> VerifyAudit() = 0;
  // Human-readable backend and location, for logs: "sqlite data/civharm.db".
  virtual std::string Describe() const = 0;
};

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

// Typed conveniences over the AnyRecord interface.
template <typename T>
Result<std::optional<T>> GetAs(ReadTransaction& tx, const Id& id) {
  CIVHARM_ASSIGN_OR_RETURN(auto rec, tx.Get(KindOf<T>(), id));
  if (!rec) return std::optional<T>();
  return std::optional<T>(std::get<T>(std::move(*rec)));
}
template <typename T>
Result<T> InsertAs(WriteTransaction& tx, T record, MetaPolicy policy = MetaPolicy::kAssign) {
  CIVHARM_ASSIGN_OR_RETURN(auto rec, tx.Insert(AnyRecord(std::move(record)), policy));
  return std::get<T>(std::move(rec));
}

}  // namespace civharm::storage
