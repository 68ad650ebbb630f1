// Where the keys that seal personal data come from: a key file, or the text of a keyring given
// directly (an environment variable, a test). Never the database: a stolen database file alone
// must not reveal a single name.
//
//   CIVHARM_ASSIGN_OR_RETURN(auto keys, KeySource::FromFile("/etc/civharm/keyring"));
//   OpenStore({.location = "data/civharm.db", .keys = keys});
//
// A key rotation writes a new keyring to the file while servers keep running: a server that meets
// a value sealed under a key it does not know reads the file again before giving up.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "core/crypto.h"
#include "core/status.h"

namespace civharm::storage {

class KeySource {
 public:
  // Reads the keyring in `path`. Refuses a file that other users may read.
  static Result<std::shared_ptr<KeySource>> FromFile(const std::string& path);
  // A fixed keyring (it cannot be rotated in place).
  static std::shared_ptr<KeySource> FromKeyring(Keyring ring);
  // Writes a keyring with one fresh key to `path` (owner-only permissions) unless the file
  // exists; returns whether it created one.
  static Result<bool> CreateFile(const std::string& path);

  Keyring Current() const;
  // The file the keyring came from; empty for a fixed keyring.
  const std::string& path() const { return path_; }

  // Seals under the primary key of the file as it is now (re-read when it changed), so that
  // nothing is sealed under a key a rotation is retiring.
  Result<SealedValue> Seal(std::string_view plaintext, std::string_view associated) const;
  // Reads the file again, once, when `sealed` names a key not yet loaded.
  Result<std::string> Open(const SealedValue& sealed, std::string_view associated) const;

  // Writes `ring` to the file (atomically: a new file renamed over the old) and uses it.
  // failed_precondition-like invalid_argument for a fixed keyring.
  Status Replace(const Keyring& ring);

 private:
  KeySource(std::string path, Keyring ring) : path_(std::move(path)), ring_(std::move(ring)) {}
  Status Reload() const;
  Status ReloadIfChanged() const;

  std::string path_;
  mutable std::mutex mutex_;
  mutable Keyring ring_;                               // guarded by mutex_
  mutable std::filesystem::file_time_type loaded_at_;  // guarded by mutex_
};

}  // namespace civharm::storage
