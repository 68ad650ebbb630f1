// Importing a file into the store: every row is read, converted and validated by io/, then
// lands here in one transaction — all of it or, by default, none of it when any row is invalid.
//
//   ImportRequest req{.file = "ged231.csv", .reader = {.format = io::ImportFormat::kUcdpGed}};
//   auto summary = Import(store, actor, req);
//   if (summary && !summary->landed) { /* print summary->errors: row, line, column, reason */ }
//
// Re-importing a file adds nothing twice: a row whose source key (a report's or victim's source
// and record id, an operation's reference, an incident's id) is already stored is counted as
// unchanged, or as a conflict when its content differs — and never overwrites what is stored.
// Reports and victims without a record id get a fingerprint of their row as their key.
// The import's own summary (file name, SHA-256, counts) is written to the audit log.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/io.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

enum class InvalidRows {
  kRefuseAll,  // one invalid row and nothing is imported
  kSkip,       // valid rows land; refused ones go to the rejects file with their reasons
};

struct ImportRequest {
  std::filesystem::path file;
  io::ReaderOptions reader;
  InvalidRows invalid_rows = InvalidRows::kRefuseAll;
  std::filesystem::path rejects_file;  // required with kSkip
  // Called now and then with bytes read so far and the file's size.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct ImportSummary {
  std::string file;
  std::string sha256;
  EntityKind kind = EntityKind::kReport;  // what the rows became
  uint64_t rows = 0;                      // data rows read
  uint64_t created = 0;                   // records stored
  uint64_t incidents_opened = 0;          // incidents opened for reports that named none
  uint64_t unchanged = 0;                 // already stored with the same content
  uint64_t conflicting = 0;               // already stored with different content (left as stored)
  uint64_t rejected = 0;                  // invalid rows
  uint64_t noted = 0;                     // valid rows with data-quality notes
  std::vector<io::RowError> errors;       // the first kMaxListed problems of invalid rows
  std::vector<io::RowError> notes;        // the first kMaxListed notes
  std::vector<std::string> conflicts;     // the first kMaxListed conflicts, described
  bool landed = false;                    // whether anything was committed
};

inline constexpr size_t kMaxListed = 10000;

// Fails (and imports nothing) when the file cannot be read or the store fails; otherwise
// returns the summary, with landed == false when invalid rows stopped an all-or-nothing import.
Result<ImportSummary> Import(storage::Store& store, const Actor& actor,
                             const ImportRequest& request);

}  // namespace civharm::service
