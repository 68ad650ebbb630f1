// Read and write transactions of the SQLite backend. One class serves both: a read transaction
// refuses the write methods.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "storage/sqlite/sealed_values.h"
#include "storage/sqlite/sqlite_store.h"

namespace civharm::storage::sqlite {

enum class TxMode { kRead, kWrite };

class SqliteTransaction final : public WriteTransaction {
 public:
  // Begins the transaction on `conn` ("BEGIN" or "BEGIN IMMEDIATE").
  static Result<std::unique_ptr<SqliteTransaction>> Begin(
      SqliteStore::Lease conn, TxMode mode, std::string actor, View view,
      std::shared_ptr<KeySource> keys, std::unique_lock<std::timed_mutex> write_lock);
  ~SqliteTransaction() override;  // rolls back unless committed

  Result<std::optional<AnyRecord>> Get(EntityKind kind, const Id& id) override;
  Result<Page> List(EntityKind kind, const Query& query) override;
  Status Scan(EntityKind kind, const Query& query,
              const std::function<Status(const AnyRecord&)>& fn) override;
  Status ScanDocuments(EntityKind kind, const Query& query,
                       const std::function<Status(const nlohmann::json&)>& fn) override;
  Result<int64_t> Count(EntityKind kind, const Query& query) override;
  Result<std::optional<AnyRecord>> FindBySourceKey(EntityKind kind, const std::string& source_name,
                                                   const std::string& record_key) override;
  Result<std::vector<AuditEntry>> ReadAudit(int64_t after_seq, int limit) override;
  Result<int64_t> AuditHead() override;
  Result<std::optional<Account>> GetAccount(std::string_view user_name) override;
  Result<std::vector<User>> ListUsers() override;
  Result<std::optional<Token>> FindToken(std::string_view digest) override;
  Result<std::vector<Token>> ListTokens(std::string_view user_name) override;
  Result<std::vector<LinkDecision>> ListLinkDecisions() override;
  Result<std::optional<CaseRecord>> GetCaseRecord(const Id& id) override;
  Status ScanCaseRecords(const CaseQuery& query,
                         const std::function<Status(const CaseRecord&)>& fn) override;
  Result<std::vector<Receipt>> FindReceipts(std::string_view reference_code) override;
  Result<std::vector<Receipt>> ListReceipts(std::string_view submitted_by) override;
  Status ScanDocumentsAsOf(EntityKind kind, int64_t seq,
                           const std::function<Status(const nlohmann::json&)>& fn) override;
  Status ScanCaseRecordsAsOf(int64_t seq,
                             const std::function<Status(const CaseRecord&)>& fn) override;
  Result<std::optional<Release>> GetRelease(const Id& id) override;
  Result<std::optional<Release>> GetReleaseByVersion(int64_t version) override;
  Result<std::vector<Release>> ListReleases(std::optional<ReleaseStatus> status) override;
  Status ScanReleaseRows(
      const Id& release_id, int64_t after, int64_t limit,
      const std::function<Status(int64_t position, std::string_view row)>& fn) override;
  Result<std::optional<Framework>> GetFramework(std::string_view edition) override;
  Result<std::vector<Framework>> ListFrameworks() override;
  Result<std::optional<StateAssessment>> GetStateAssessment(const Id& id) override;
  Result<std::vector<StateAssessment>> ListStateAssessments(
      const StateAssessmentQuery& query) override;

  Result<AnyRecord> Insert(AnyRecord record, MetaPolicy policy) override;
  Result<AnyRecord> Update(AnyRecord record, int64_t expected_version) override;
  Result<AnyRecord> Retract(EntityKind kind, const Id& id, const std::string& reason,
                            std::optional<Id> superseded_by, int64_t expected_version) override;
  Status AppendNote(const std::string& action, const nlohmann::json& detail) override;
  Result<int64_t> ResealPersonalData(int limit) override;
  Status InsertUser(const User& user, const Credentials& credentials) override;
  Status UpdateUser(const User& user) override;
  Status SetCredentials(std::string_view user_name, const Credentials& credentials) override;
  Status InsertToken(const Token& token) override;
  Result<bool> RevokeToken(std::string_view id, Timestamp at) override;
  Result<int64_t> RevokeTokensOf(std::string_view user_name, Timestamp at) override;
  Status PutLinkDecision(const LinkDecision& decision) override;
  Result<CaseRecord> InsertCaseRecord(CaseRecord record) override;
  Result<CaseRecord> UpdateCaseRecord(CaseRecord record, int64_t expected_version) override;
  Status InsertReceipt(const Receipt& receipt) override;
  Result<Release> InsertRelease(Release release, const ReleaseRows& rows) override;
  Result<Release> UpdateRelease(const Release& release, ReleaseStatus expected_status) override;
  Status InsertFramework(const Framework& framework) override;
  Result<StateAssessment> InsertStateAssessment(StateAssessment a,
                                                const Framework& framework) override;
  Result<StateAssessment> UpdateStateAssessment(StateAssessment a, int64_t expected_version,
                                                const Framework& framework) override;
  Status Commit() override;

 private:
  SqliteTransaction(SqliteStore::Lease conn, TxMode mode, std::string actor, View view,
                    std::shared_ptr<KeySource> keys, std::unique_lock<std::timed_mutex> write_lock)
      : conn_(std::move(conn)),
        mode_(mode),
        actor_(std::move(actor)),
        view_(std::move(view)),
        sealed_(*conn_, std::move(keys)),
        write_lock_(std::move(write_lock)) {}

  struct StoredRow {
    int64_t rid = 0;
    int64_t doc_seq = 0;  // the audit entry holding the current document
    std::string doc;      // as stored: personal fields sealed
    AnyRecord record;     // as the view sees it
  };

  Status RequireWrite() const;
  // permission_denied for a search of personal data by a view without it.
  Status CheckPersonalSearch(const Query& query) const;
  // Parses a stored document and opens or removes its personal fields, per the view.
  Result<nlohmann::json> ViewDocument(EntityKind kind, std::string_view doc);
  Result<AnyRecord> Decode(EntityKind kind, std::string_view doc);
  // A stored case record document as the view sees it, decoded.
  Result<CaseRecord> DecodeCase(std::string_view doc);
  // not_found naming the first record `record` refers to that this view does not see.
  Status CheckCaseLinks(const CaseRecord& record);
  // invalid_argument unless the writer is in one of the groups `meta` restricts the record to.
  Status CheckRestriction(const RecordMeta& meta) const;
  // The document to store for `record`, personal fields sealed (see SealedValues::SealAll).
  Result<nlohmann::json> StoredDocument(const AnyRecord& record, const std::string* previous_doc,
                                        bool keep_previous_personal);
  Status FillReportIds(AnyRecord& record);
  Result<std::vector<Id>> ReportIdsOf(std::string_view incident_id);
  Result<std::optional<StoredRow>> LoadRow(EntityKind kind, const Id& id);
  Status CheckLinks(const AnyRecord& record);
  // Indexes `record` under `rid`, replacing the entries of `previous` when it is given.
  Status WriteIndexes(EntityKind kind, int64_t rid, const AnyRecord& record,
                      const AnyRecord* previous);
  // What a uniqueness failure clashed with: a new record may repeat an id or a source key; a
  // changed one only a source key (its id is its own).
  enum class Clash { kIdOrSourceKey, kSourceKey };
  Status DescribeDuplicate(const AnyRecord& record, const Status& original, Clash clash);
  Result<AnyRecord> Replace(StoredRow current, AnyRecord next, const char* action);
  // The sequence number the next audit entry will get.
  Result<int64_t> NextAuditSeq();
  // invalid_argument unless 0 ≤ seq ≤ the audit head.
  Status CheckAsOf(int64_t seq);
  // Calls `fn(id, doc)` for the latest document of every `entity` as of entry `seq`, in id order.
  Status ScanEntityAsOf(std::string_view entity, int64_t seq,
                        const std::function<Status(std::string_view id, std::string_view doc)>& fn);
  // The release a query on releases ("SELECT a.doc ...") found, decoded.
  Result<std::optional<Release>> ReadRelease(Stmt& st);
  // The framework or state assessment a query ("SELECT a.doc ...") found, decoded; data_loss when
  // its stored document cannot be read.
  Result<std::optional<Framework>> ReadFramework(Stmt& st);
  Result<std::optional<StateAssessment>> ReadStateAssessment(Stmt& st);
  // Validate(a, framework), then not_found naming the first evidence record ("indicators[2].
  // evidence[0].record_id") that this view does not see.
  Status CheckStateAssessment(const StateAssessment& a, const Framework& framework);
  // Writes the list row of `a` (new or replaced) pointing at entry `seq`, then appends the entry.
  Status WriteStateAssessment(const StateAssessment& a, const char* action,
                              std::optional<int64_t> prev_seq);
  // Appends an entry; returns its sequence number.
  Result<int64_t> Audit(const std::string& action, std::string_view entity,
                        std::string_view entity_id, std::optional<int64_t> prev_seq,
                        std::string_view doc);

  SqliteStore::Lease conn_;
  TxMode mode_;
  std::string actor_;
  View view_;
  SealedValues sealed_;
  std::unique_lock<std::timed_mutex> write_lock_;
  bool finished_ = false;
  // The last audit entry's (seq, hash), read once per transaction.
  std::optional<std::pair<int64_t, std::string>> audit_head_;
};

}  // namespace civharm::storage::sqlite
