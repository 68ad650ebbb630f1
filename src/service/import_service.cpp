#include "service/import_service.h"

#include <array>
#include <fstream>

#include <fmt/format.h>
#include <sodium.h>

#include "domain/codec.h"
#include "service/authorization.h"
#include "service/record_service.h"

namespace civharm::service {
namespace {

using nlohmann::json;

std::string HexDigest(crypto_hash_sha256_state& st) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256_final(&st, digest.data());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex;
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

Result<std::string> FileSha256(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(NotFound(fmt::format("cannot open '{}'", file.string())));
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  if (in.bad()) return std::unexpected(Unavailable(fmt::format("cannot read '{}'", file.string())));
  return HexDigest(st);
}

// A stable key for a row that carries no record id of its own: the hash of its cells.
std::string Fingerprint(const std::vector<std::string>& raw) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  for (const std::string& cell : raw) {
    const std::string len = fmt::format("{}:", cell.size());
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(len.data()), len.size());
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(cell.data()),
                              cell.size());
  }
  return "fingerprint:" + HexDigest(st).substr(0, 32);
}

// The record's source key as FindBySourceKey takes it, or nullopt when it has none.
std::optional<std::pair<std::string, std::string>> SourceKey(const AnyRecord& r) {
  if (const auto* rep = std::get_if<Report>(&r))
    return std::pair{rep->source_name, rep->source_record_id};
  if (const auto* v = std::get_if<Victim>(&r))
    return std::pair{v->source_name, v->source_record_id};
  if (const auto* o = std::get_if<Operation>(&r)) return std::pair{std::string(), o->reference};
  if (const auto* i = std::get_if<Incident>(&r)) return std::pair{std::string(), i->meta.id};
  return std::nullopt;
}

// Equal apart from what the store manages (meta, derived links, and an incident link the
// incoming row did not state).
bool SameContent(const AnyRecord& stored, const AnyRecord& incoming) {
  json a = ToJson(stored), b = ToJson(incoming);
  for (std::string_view key : kMetaKeys) {
    a.erase(std::string(key));
    b.erase(std::string(key));
  }
  a.erase("report_ids");
  b.erase("report_ids");
  if (!b.contains("incident_id")) a.erase("incident_id");
  return a == b;
}

std::string Describe(const AnyRecord& r) {
  const auto key = SourceKey(r);
  if (key && !key->first.empty()) {
    return fmt::format("{} '{}' / '{}'", EnumName(KindOf(r)), key->first, key->second);
  }
  return fmt::format("{} '{}'", EnumName(KindOf(r)), key ? key->second : "");
}

class Importer {
 public:
  Importer(storage::WriteTransaction& tx, const ImportRequest& req, ImportSummary& summary,
           io::RejectWriter* rejects)
      : tx_(tx), req_(req), s_(summary), rejects_(rejects) {}

  // Takes one row; fails only when the store itself fails.
  Status Take(io::ImportRow row) {
    ++s_.rows;
    if (!row.errors.empty()) return Refuse(row, {});
    for (const io::RowError& n : row.notes) {
      if (s_.notes.size() < kMaxListed) s_.notes.push_back(n);
    }
    if (!row.notes.empty()) ++s_.noted;
    AnyRecord record = std::move(*row.record);
    if (Status s = Prepare(record, row); !s.ok()) return Refuse(row, s);
    if (refusing()) return Status::Ok();  // still reading, to report every invalid row

    if (const auto key = SourceKey(record); key && !key->second.empty()) {
      CIVHARM_ASSIGN_OR_RETURN(auto stored,
                               tx_.FindBySourceKey(KindOf(record), key->first, key->second));
      if (stored) {
        if (SameContent(*stored, record)) {
          ++s_.unchanged;
        } else {
          ++s_.conflicting;
          if (s_.conflicts.size() < kMaxListed) {
            s_.conflicts.push_back(fmt::format(
                "row {} (line {}): {} is already stored with different content; the stored record "
                "was kept",
                row.row, row.line, Describe(record)));
          }
        }
        return Status::Ok();
      }
    }
    return Store(std::move(record), row);
  }

  bool refusing() const { return req_.invalid_rows == InvalidRows::kRefuseAll && s_.rejected > 0; }

 private:
  // Gives keyless rows a key, and refuses incidents that cannot be recognised again.
  Status Prepare(AnyRecord& record, const io::ImportRow& row) {
    if (auto* r = std::get_if<Report>(&record); r && r->source_record_id.empty()) {
      r->source_record_id = Fingerprint(row.raw);
    }
    if (auto* v = std::get_if<Victim>(&record);
        v && v->source_record_id.empty() && !v->source_name.empty()) {
      v->source_record_id = Fingerprint(row.raw);
    }
    if (auto* i = std::get_if<Incident>(&record); i && i->meta.id.empty()) {
      return InvalidArgument(
          "an incident is imported with its civharm id (from a civharm export); import other "
          "sources' events as reports",
          "id");
    }
    return Status::Ok();
  }

  // Stores a valid row: a report that names no incident with the incident opened for it. Every
  // check that can refuse a row runs before anything is written, so a row lands whole or not at
  // all; a write that fails after those checks is a fault, and it stops the whole import.
  Status Store(AnyRecord record, io::ImportRow& row) {
    const storage::MetaPolicy policy =
        MetaOf(record).id.empty() ? storage::MetaPolicy::kAssign : storage::MetaPolicy::kRestore;
    auto* report = std::get_if<Report>(&record);
    const bool opens_incident = report && !report->incident_id;
    if (opens_incident) {
      // The row reader validated the report; its incident holds the same facts.
      CIVHARM_ASSIGN_OR_RETURN(Incident opened,
                               storage::InsertAs(tx_, IncidentFromReport(*report)));
      report->incident_id = opened.meta.id;
      ++s_.incidents_opened;
    }
    if (auto saved = tx_.Insert(std::move(record), policy); !saved) {
      const Status& why = saved.error();
      const bool row_problem =
          why.code() == ErrorCode::kInvalidArgument || why.code() == ErrorCode::kAlreadyExists;
      if (row_problem && !opens_incident)
        return Refuse(row, why);  // nothing of the row was written
      return saved.error();
    }
    ++s_.created;
    return Status::Ok();
  }

  Status Refuse(io::ImportRow& row, const Status& why) {
    ++s_.rejected;
    if (!why.ok()) {
      // A problem found when storing: report each field problem against the row.
      const auto details = why.details().empty()
                               ? std::vector<FieldError>{{why.field(), why.message()}}
                               : why.details();
      for (const FieldError& e : details) {
        row.errors.push_back({row.row, row.line, e.field, e.message});
      }
    }
    for (const io::RowError& e : row.errors) {
      if (s_.errors.size() < kMaxListed) s_.errors.push_back(e);
    }
    if (rejects_) return rejects_->Write(row);
    return Status::Ok();
  }

  storage::WriteTransaction& tx_;
  const ImportRequest& req_;
  ImportSummary& s_;
  io::RejectWriter* rejects_;
};

json SummaryJson(const ImportRequest& req, const ImportSummary& s) {
  return {{"file", req.file.filename().string()},
          {"sha256", s.sha256},
          {"format", EnumName(req.reader.format)},
          {"rows", s.rows},
          {"created", s.created},
          {"incidents_opened", s.incidents_opened},
          {"unchanged", s.unchanged},
          {"conflicting", s.conflicting},
          {"rejected", s.rejected}};
}

}  // namespace

Result<ImportSummary> Import(storage::Store& store, const Actor& actor, const ImportRequest& req) {
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kImport));
  if (req.invalid_rows == InvalidRows::kSkip && req.rejects_file.empty()) {
    return std::unexpected(
        InvalidArgument("skipping invalid rows needs a file for them", "rejects"));
  }
  ImportSummary summary;
  summary.file = req.file.string();
  CIVHARM_ASSIGN_OR_RETURN(summary.sha256, FileSha256(req.file));
  std::error_code ec;
  const uint64_t total = std::filesystem::file_size(req.file, ec);

  std::ifstream in(req.file, std::ios::binary);
  if (!in) return std::unexpected(NotFound(fmt::format("cannot open '{}'", req.file.string())));
  auto reader = io::OpenReader(in, req.reader);
  if (!reader) return std::unexpected(reader.error().Prepend(req.file.filename().string()));
  summary.kind = (*reader)->kind();
  CIVHARM_RETURN_IF_ERROR(Authorize(actor, WriteAction(summary.kind)));
  if (summary.kind == EntityKind::kReport) {  // each report may open an incident
    CIVHARM_RETURN_IF_ERROR(Authorize(actor, Action::kWriteIncidents));
  }

  std::ofstream rejects_out;
  std::unique_ptr<io::RejectWriter> rejects;
  if (req.invalid_rows == InvalidRows::kSkip) {
    rejects_out.open(req.rejects_file, std::ios::binary | std::ios::trunc);
    if (!rejects_out) {
      return std::unexpected(
          Unavailable(fmt::format("cannot write '{}'", req.rejects_file.string())));
    }
    // In the input's own delimiter, so that the mended file imports with the same mapping.
    const char delimiter = req.reader.mapping ? req.reader.mapping->delimiter : ',';
    CIVHARM_ASSIGN_OR_RETURN(rejects, io::OpenRejectWriter(rejects_out, req.reader.format,
                                                           (*reader)->header(), delimiter));
  }

  // Re-import keys are checked against every record, whoever imports: a row must not be stored
  // twice because its first copy is outside the importer's view.
  CIVHARM_ASSIGN_OR_RETURN(
      auto tx, store.BeginWrite({.actor = actor.name, .workload = storage::Workload::kBulk}));
  Importer importer(*tx, req, summary, rejects.get());
  while (true) {
    CIVHARM_ASSIGN_OR_RETURN(auto row, (*reader)->Next());
    if (!row) break;
    CIVHARM_RETURN_IF_ERROR(importer.Take(std::move(*row)));
    if (req.progress && summary.rows % 4096 == 0) req.progress((*reader)->bytes_read(), total);
  }
  if (req.progress) req.progress(total, total);
  if (rejects) CIVHARM_RETURN_IF_ERROR(rejects->Finish());
  if (importer.refusing()) return summary;  // the transaction rolls back as it goes out of scope

  CIVHARM_RETURN_IF_ERROR(tx->AppendNote("import", SummaryJson(req, summary)));
  CIVHARM_RETURN_IF_ERROR(tx->Commit());
  summary.landed = true;
  return summary;
}

}  // namespace civharm::service
