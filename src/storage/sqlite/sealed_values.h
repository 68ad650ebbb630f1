// Personal data in stored documents: each personal field (domain/personal.h) of a document is
// replaced by {"$sealed": "<ref>"} and its value, as JSON text, is encrypted into the
// sealed_values table under that ref. History (the audit log) therefore never holds plaintext,
// and a key rotation re-encrypts the table without touching the hash chain.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/records.h"
#include "storage/keys.h"
#include "storage/sqlite/connection.h"

namespace civharm::storage::sqlite {

// The document keys of personal fields: PersonalKeys() of a record kind or a case record kind.
using PersonalKeySet = std::span<const std::string_view>;

// Removes the personal fields of a stored document (for readers who may not see them, and for
// checks that need no plaintext).
void ErasePersonal(PersonalKeySet keys, nlohmann::json& doc);

class SealedValues {
 public:
  // `keys` may be null: then documents without personal data still work, and anything that
  // needs a key fails with unavailable.
  SealedValues(Connection& conn, std::shared_ptr<KeySource> keys)
      : conn_(conn), keys_(std::move(keys)) {}

  // Replaces each sealed ref in `doc` by its opened value.
  Status OpenAll(PersonalKeySet keys, nlohmann::json& doc);
  // Seals the personal fields of a document about to be stored. `previous` is the stored
  // document it replaces (or null): a value that did not change keeps its ref, so an edit that
  // changes nothing stores the same document. When `keep_previous` is set, the fields are taken
  // from `previous` whatever `doc` holds (a writer who may not see them cannot change them).
  Status SealAll(PersonalKeySet keys, nlohmann::json& doc, const nlohmann::json* previous,
                 bool keep_previous);
  // Re-encrypts up to `limit` values not sealed under the primary key; returns how many.
  Result<int64_t> Reseal(int limit);

 private:
  Result<std::string> OpenRef(const std::string& ref);
  Result<std::string> SealNew(std::string_view plaintext);
  Status NeedKeys() const;

  Connection& conn_;
  std::shared_ptr<KeySource> keys_;
};

}  // namespace civharm::storage::sqlite
