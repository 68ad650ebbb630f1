// The hash chain of the audit log, the same for every backend.
//
// Each entry's hash is BLAKE2b-256 over its fields in a fixed order, each written as
// "<byte length>:<bytes>;" so that no two different entries share an encoding, ending with the
// previous entry's hash. Changing, removing or inserting any entry breaks the chain from there
// on; VerifyChain finds the first such place.
//
//   ChainedEntry e{.seq = 1, .at = "...", ...};
//   e.hash = EntryHash(e);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace civharm::storage {

// An audit entry as stored: the document as the exact text that was hashed.
struct ChainedEntry {
  int64_t seq = 0;
  std::string at;  // RFC 3339 UTC
  std::string actor;
  std::string action;
  std::string entity;
  std::string entity_id;
  std::optional<int64_t> prev_seq;  // the record's previous entry, when there is one
  std::string doc;                  // the record's document after the change, or a note's detail
  std::string prev_hash;            // "" for the first entry
  std::string hash;
};

// Hex BLAKE2b-256 of the entry's fields (not its own hash).
std::string EntryHash(const ChainedEntry& e);

// Checks entries one at a time, in order.
class ChainVerifier {
 public:
  // The problem with `e` given the entries seen so far, or nullopt when it is sound.
  std::optional<std::string> Check(const ChainedEntry& e);
  int64_t checked() const { return checked_; }
  const std::string& head_hash() const { return prev_hash_; }

 private:
  int64_t expected_seq_ = 1;
  int64_t checked_ = 0;
  std::string prev_hash_;
};

}  // namespace civharm::storage
