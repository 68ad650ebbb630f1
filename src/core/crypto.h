// The cryptography civharm uses, all from libsodium, behind a few plain functions:
//
// - Passwords: argon2id (crypto_pwhash_str), with a cost libsodium calls "interactive".
// - Secrets handed to clients (session and API tokens): 256 random bits, stored only as a
//   BLAKE2b digest so that a copy of the database does not let anyone log in.
// - Personal data at rest: XChaCha20-Poly1305 per value, under a key from a Keyring. A sealed
//   value is bound to associated data (the caller's name for where it lives), so a ciphertext
//   moved to another place, or altered in any bit, is refused instead of opened.
//
//   Keyring ring = Keyring::Generate();
//   Result<SealedValue> box = Seal(ring, "Amira Haddad", "victim:7:names");
//   Result<std::string> name = Open(ring, *box, "victim:7:names");
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace civharm {

// ---- Passwords ----

// An argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=…").
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash`; false also for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// A random password of `length` characters from an alphabet without look-alike characters.
std::string RandomPassword(int length = 20);

// ---- Tokens ----

// `bytes` random bytes as unpadded base64url text.
std::string RandomToken(int bytes = 32);
// The hex BLAKE2b-256 digest under which a token is stored.
std::string TokenDigest(std::string_view token);
// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// ---- Content digests ----

// A BLAKE2b-256 digest of a sequence of pieces, each fed as "<byte length>:<bytes>;" (as the
// audit chain writes its fields), so that no two different sequences digest alike. Streams:
// memory does not grow with the input.
//
//   PieceDigest d;
//   d.Add("civharm release 1");
//   for (const std::string& row : rows) d.Add(row);
//   std::string hex = d.Finish();   // 64 hex digits
class PieceDigest {
 public:
  PieceDigest();
  void Add(std::string_view piece);
  // The hex digest of everything added; the digest takes no more pieces afterwards.
  std::string Finish();

 private:
  alignas(64) std::array<unsigned char, 384> state_{};  // crypto_generichash_state
  bool finished_ = false;
};

// ---- Field encryption keys ----

struct FieldKey {
  std::string id;  // short and random: "k3f09a1c2"
  std::array<unsigned char, 32> bytes{};
};

// The keys personal data may be sealed under. The last key is the primary: new values are
// sealed under it; the others open values sealed before a rotation.
//
// Text form, one key per line, '#' comments allowed:
//   civharm-keyring 1
//   k3f09a1c2 <base64 of 32 bytes>
//   k81d2e0b7 <base64 of 32 bytes>
class Keyring {
 public:
  static Keyring Generate();
  // invalid_argument naming the line of the first problem.
  static Result<Keyring> Parse(std::string_view text);
  std::string Serialize() const;

  bool empty() const { return keys_.empty(); }
  const FieldKey& primary() const { return keys_.back(); }
  const FieldKey* Find(std::string_view id) const;
  const std::vector<FieldKey>& keys() const { return keys_; }
  // Adds a fresh key, which becomes the primary; returns its id.
  std::string AddKey();
  // Drops every key except the primary.
  void RetireOldKeys();

 private:
  std::vector<FieldKey> keys_;
};

struct SealedValue {
  std::string key_id;
  std::string box;  // nonce (24 bytes) followed by ciphertext and tag
};

// unavailable when the keyring is empty.
Result<SealedValue> Seal(const Keyring& keys, std::string_view plaintext,
                         std::string_view associated);
// data_loss when the value was altered or belongs elsewhere; unavailable when its key is not in
// the keyring.
Result<std::string> Open(const Keyring& keys, const SealedValue& sealed,
                         std::string_view associated);

}  // namespace civharm
