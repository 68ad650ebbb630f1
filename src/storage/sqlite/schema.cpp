#include "storage/sqlite/schema.h"

#include <array>

namespace civharm::storage::sqlite {
namespace {

// Version 1. The audit log holds every version of every record's JSON document, once: each
// entry is one change, with the document after it and a link to the record's previous entry
// (whose document is the "before"). Each record kind has a table that indexes the current
// version: the entry holding its document (doc_seq) and the values its filters need, derived
// from that document on every write. A row is written just before its entry, so that a refused
// duplicate appends nothing. doc_seq has no foreign key: SQLite would search the record table for
// every new log entry, and `civharm audit verify` checks every pointer anyway. R*Tree tables index
// points for map boxes; contentless FTS5 tables index non-personal text without keeping a second
// copy of it. Triggers refuse deletion of records and any change to the audit log, so that even a
// careless SQL session cannot remove history without `civharm audit verify` noticing.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  prev_seq  INTEGER,
  doc       TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

CREATE TABLE incidents (
  rid        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  doc_seq    INTEGER NOT NULL,
  retracted  INTEGER NOT NULL DEFAULT 0,
  date_start INTEGER,
  date_end   INTEGER,
  lat        REAL,
  lon        REAL,
  country    TEXT,
  admin1     TEXT,
  admin2     TEXT,
  admin3     TEXT,
  status     TEXT NOT NULL,
  grade      TEXT
);
CREATE INDEX incidents_date ON incidents (date_start);
CREATE INDEX incidents_area ON incidents (country COLLATE NOCASE, admin1 COLLATE NOCASE);
CREATE INDEX incidents_status ON incidents (status);

CREATE TABLE operations (
  rid        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  doc_seq    INTEGER NOT NULL,
  retracted  INTEGER NOT NULL DEFAULT 0,
  date_start INTEGER,
  date_end   INTEGER,
  lat        REAL,
  lon        REAL,
  country    TEXT,
  admin1     TEXT,
  admin2     TEXT,
  admin3     TEXT,
  reference  TEXT NOT NULL UNIQUE
);
CREATE INDEX operations_date ON operations (date_start);

CREATE TABLE reports (
  rid              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  doc_seq          INTEGER NOT NULL,
  retracted        INTEGER NOT NULL DEFAULT 0,
  date_start       INTEGER,
  date_end         INTEGER,
  lat              REAL,
  lon              REAL,
  country          TEXT,
  admin1           TEXT,
  admin2           TEXT,
  admin3           TEXT,
  source_type      TEXT NOT NULL,
  source_name      TEXT NOT NULL,
  source_record_id TEXT,
  incident_id      TEXT REFERENCES incidents (id)
);
CREATE UNIQUE INDEX reports_source_key ON reports (source_name, source_record_id)
  WHERE source_record_id IS NOT NULL;
CREATE INDEX reports_incident ON reports (incident_id);
CREATE INDEX reports_date ON reports (date_start);

CREATE TABLE victims (
  rid              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  doc_seq          INTEGER NOT NULL,
  retracted        INTEGER NOT NULL DEFAULT 0,
  source_name      TEXT,
  source_record_id TEXT,
  incident_id      TEXT REFERENCES incidents (id)
);
CREATE UNIQUE INDEX victims_source_key ON victims (source_name, source_record_id)
  WHERE source_record_id IS NOT NULL;
CREATE INDEX victims_incident ON victims (incident_id);

CREATE TABLE incident_operations (
  incident_rid INTEGER NOT NULL REFERENCES incidents (rid),
  operation_id TEXT NOT NULL REFERENCES operations (id),
  PRIMARY KEY (incident_rid, operation_id)
) WITHOUT ROWID;
CREATE INDEX incident_operations_operation ON incident_operations (operation_id);

CREATE TABLE belligerent_names (
  kind TEXT NOT NULL,
  name TEXT NOT NULL COLLATE NOCASE,
  rid  INTEGER NOT NULL,
  PRIMARY KEY (kind, name, rid)
) WITHOUT ROWID;
CREATE INDEX belligerent_names_record ON belligerent_names (kind, rid);

CREATE VIRTUAL TABLE incidents_rtree USING rtree (rid, min_lon, max_lon, min_lat, max_lat);
CREATE VIRTUAL TABLE reports_rtree USING rtree (rid, min_lon, max_lon, min_lat, max_lat);
CREATE VIRTUAL TABLE operations_rtree USING rtree (rid, min_lon, max_lon, min_lat, max_lat);

CREATE VIRTUAL TABLE incidents_fts USING fts5 (text, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE reports_fts USING fts5 (text, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE operations_fts USING fts5 (text, content = '', tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER incidents_never_deleted BEFORE DELETE ON incidents
BEGIN SELECT RAISE(ABORT, 'records are never deleted; retract them with a reason'); END;
CREATE TRIGGER reports_never_deleted BEFORE DELETE ON reports
BEGIN SELECT RAISE(ABORT, 'records are never deleted; retract them with a reason'); END;
CREATE TRIGGER victims_never_deleted BEFORE DELETE ON victims
BEGIN SELECT RAISE(ABORT, 'records are never deleted; retract them with a reason'); END;
CREATE TRIGGER operations_never_deleted BEFORE DELETE ON operations
BEGIN SELECT RAISE(ABORT, 'records are never deleted; retract them with a reason'); END;
)sql";

// Version 2: need-to-know and sealed personal data.
// - `access` on each record table: NULL, or the JSON array of groups a restricted record is
//   visible to (copied from the document's restricted_to).
// - sealed_values: personal data, encrypted per value. Documents (and so the audit log) hold only
//   a reference {"$sealed": ref}; the ciphertext lives here so that a key rotation can re-encrypt
//   it without rewriting history. Each value is bound to its ref as associated data. Rows are
//   never deleted and their ref never changes.
constexpr std::string_view kAccessSchema = R"sql(
ALTER TABLE incidents ADD COLUMN access TEXT;
ALTER TABLE reports ADD COLUMN access TEXT;
ALTER TABLE victims ADD COLUMN access TEXT;
ALTER TABLE operations ADD COLUMN access TEXT;

CREATE TABLE sealed_values (
  ref    TEXT PRIMARY KEY,
  key_id TEXT NOT NULL,
  box    BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX sealed_values_key ON sealed_values (key_id);
CREATE TRIGGER sealed_values_never_deleted BEFORE DELETE ON sealed_values
BEGIN SELECT RAISE(ABORT, 'sealed values are never deleted'); END;
CREATE TRIGGER sealed_values_ref_fixed BEFORE UPDATE OF ref ON sealed_values
BEGIN SELECT RAISE(ABORT, 'a sealed value keeps its ref'); END;
)sql";

// Version 3: accounts. A user's details live in the audit log like a record's document (entity
// "user"; users.doc_seq points at the latest), so roles cannot be raised without the hash chain
// showing it; the credentials beside them are never logged. Tokens are kept as digests only.
// Timestamps are Unix microseconds, so that expiry compares as numbers.
constexpr std::string_view kAccountsSchema = R"sql(
CREATE TABLE users (
  name            TEXT PRIMARY KEY,
  doc_seq         INTEGER NOT NULL,
  password_hash   TEXT NOT NULL,
  failed_sign_ins INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER
) WITHOUT ROWID;
CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'users are never deleted; disable them'); END;

CREATE TABLE tokens (
  id         TEXT PRIMARY KEY,
  digest     TEXT NOT NULL UNIQUE,
  user_name  TEXT NOT NULL REFERENCES users (name),
  kind       TEXT NOT NULL,
  label      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX tokens_user ON tokens (user_name, created_at);
CREATE INDEX tokens_expiry ON tokens (expires_at);
)sql";

// Version 4: analysts' decisions about pairs of reports fusion might link. Like users, each
// decision's document lives in the audit log (entity "link_decision", entity_id the key
// "a:b"); doc_seq points at the latest.
constexpr std::string_view kLinkDecisionsSchema = R"sql(
CREATE TABLE link_decisions (
  key     TEXT PRIMARY KEY,
  a       TEXT NOT NULL REFERENCES reports (id),
  b       TEXT NOT NULL REFERENCES reports (id),
  doc_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX link_decisions_b ON link_decisions (b);
CREATE TRIGGER link_decisions_never_deleted BEFORE DELETE ON link_decisions
BEGIN SELECT RAISE(ABORT, 'decisions are never deleted; reverse them'); END;
)sql";

// Version 5: case files and answers to sources.
// - case_records: each incident's assessments, investigations, responses, consultations, lessons
//   and status transitions (domain/case_records.h). Like users, each version's document lives in
//   the audit log (entity "case_record"), personal fields sealed; doc_seq points at the latest.
//   created_seq (the first entry) orders an incident's records as they were made.
// - report_receipts: who submitted a report and under which reference code, with the digest of
//   the secret token an anonymous submitter holds, so that a source can follow what became of
//   its report. Never logged: the report's own creation is.
constexpr std::string_view kCaseSchema = R"sql(
CREATE TABLE case_records (
  id          TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents (id),
  kind        TEXT NOT NULL,
  created_seq INTEGER NOT NULL,
  doc_seq     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX case_records_incident ON case_records (incident_id, created_seq);
CREATE INDEX case_records_kind ON case_records (kind, created_seq);
CREATE TRIGGER case_records_never_deleted BEFORE DELETE ON case_records
BEGIN SELECT RAISE(ABORT, 'case records are never deleted'); END;

CREATE TABLE report_receipts (
  report_id      TEXT PRIMARY KEY REFERENCES reports (id),
  reference_code TEXT NOT NULL,
  submitted_by   TEXT NOT NULL,
  token_digest   TEXT,
  created_at     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX report_receipts_code ON report_receipts (reference_code);
CREATE INDEX report_receipts_submitter ON report_receipts (submitted_by, created_at);
CREATE TRIGGER report_receipts_never_deleted BEFORE DELETE ON report_receipts
BEGIN SELECT RAISE(ABORT, 'receipts are never deleted'); END;
)sql";

// Version 6: public releases (domain/release.h) and reading history as of an audit entry.
// - releases: like users, each version of a release's document lives in the audit log (entity
//   "release"); doc_seq points at the latest, version and status are derived from it for lists.
// - release_rows: the public incident documents of a release, in order, exactly as published;
//   written once, never changed (the release's document holds their content hash, which
//   `civharm audit verify` recomputes).
// - audit_log_entity: finds each record's latest entry up to a given seq, so that the records as
//   they stood at any point of the log can be read (a release rebuilt from history).
constexpr std::string_view kReleasesSchema = R"sql(
CREATE TABLE releases (
  id      TEXT PRIMARY KEY,
  version INTEGER NOT NULL UNIQUE,
  status  TEXT NOT NULL,
  doc_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX releases_status ON releases (status, version);
CREATE TRIGGER releases_never_deleted BEFORE DELETE ON releases
BEGIN SELECT RAISE(ABORT, 'releases are never deleted; withdraw them'); END;

CREATE TABLE release_rows (
  release_id TEXT NOT NULL REFERENCES releases (id),
  position   INTEGER NOT NULL,
  doc        TEXT NOT NULL,
  PRIMARY KEY (release_id, position)
) WITHOUT ROWID;
CREATE TRIGGER release_rows_never_deleted BEFORE DELETE ON release_rows
BEGIN SELECT RAISE(ABORT, 'a release keeps its rows'); END;
CREATE TRIGGER release_rows_never_changed BEFORE UPDATE ON release_rows
BEGIN SELECT RAISE(ABORT, 'a release keeps its rows'); END;

CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
)sql";

// Version 7: an index per area column. An equality on one column of an index gives its rows in
// rid order (SQLite keeps the rid as the index's last column), so a page of incidents of one
// country or province in id order is read from the index and stops after the page, instead of
// sorting every incident of the country (1.3 s for a country of 270,000 incidents at a million).
constexpr std::string_view kAreaIndexesSchema = R"sql(
DROP INDEX incidents_area;
CREATE INDEX incidents_country ON incidents (country COLLATE NOCASE);
CREATE INDEX incidents_admin1 ON incidents (admin1 COLLATE NOCASE);
)sql";

// Version 8: the leadership framework (domain/framework.h) and assessments of states under it
// (domain/assessment.h). Like releases, each version of a document lives in the audit log and the
// table points at the latest (doc_seq).
// - frameworks: editions stored beside the one built in (entity "framework", entity_id the
//   edition's name). An edition never changes once stored, since assessments are read under the
//   edition they were made under: a revision is a new edition.
// - state_assessments: entity "state_assessment"; state, the first day of the period (days since
//   1970-01-01) and status are derived from the document for lists, by state ignoring ASCII case.
constexpr std::string_view kScoresSchema = R"sql(
CREATE TABLE frameworks (
  edition TEXT PRIMARY KEY,
  doc_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER frameworks_never_deleted BEFORE DELETE ON frameworks
BEGIN SELECT RAISE(ABORT, 'framework editions are never deleted'); END;
CREATE TRIGGER frameworks_never_changed BEFORE UPDATE ON frameworks
BEGIN SELECT RAISE(ABORT, 'a framework edition never changes; store a new edition'); END;

CREATE TABLE state_assessments (
  id          TEXT PRIMARY KEY,
  state       TEXT NOT NULL,
  period_from INTEGER NOT NULL,
  status      TEXT NOT NULL,
  doc_seq     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX state_assessments_state ON state_assessments (state COLLATE NOCASE, period_from);
CREATE TRIGGER state_assessments_never_deleted BEFORE DELETE ON state_assessments
BEGIN SELECT RAISE(ABORT, 'state assessments are never deleted'); END;
)sql";

constexpr std::array kMigrations = {
    Migration{1, "records, link tables, spatial and text indexes, hash-chained audit log",
              kInitialSchema},
    Migration{2, "need-to-know groups, sealed personal data", kAccessSchema},
    Migration{3, "users, credentials and sign-in tokens", kAccountsSchema},
    Migration{4, "analysts' decisions about pairs of reports", kLinkDecisionsSchema},
    Migration{5, "case files and answers to sources", kCaseSchema},
    Migration{6, "public releases, history as of an audit entry", kReleasesSchema},
    Migration{7, "an index per area column, for pages of one country or province", kAreaIndexesSchema},
    Migration{8, "leadership framework editions and state assessments", kScoresSchema},
};

}  // namespace

std::span<const Migration> Migrations() {
  return kMigrations;
}

}  // namespace civharm::storage::sqlite
