#include "storage/audit_chain.h"

#include <sodium.h>

#include <array>
#include <cstdlib>

#include <fmt/format.h>

namespace civharm::storage {
namespace {

void Field(crypto_hash_sha256_state& st, std::string_view v) {
  const std::string len = fmt::format("{}:", v.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(len.data()), len.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(v.data()), v.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(";"), 1);
}

}  // namespace

std::string EntryHash(const ChainedEntry& e) {
  // libsodium's hash functions work before sodium_init(); calling it anyway is cheap and makes
  // the library pick its fastest implementation.
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) std::abort();
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  Field(st, std::to_string(e.seq));
  Field(st, e.at);
  Field(st, e.actor);
  Field(st, e.action);
  Field(st, e.entity);
  Field(st, e.entity_id);
  Field(st, e.before);
  Field(st, e.after);
  Field(st, e.prev_hash);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256_final(&st, digest.data());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex;
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

std::optional<std::string> ChainVerifier::Check(const ChainedEntry& e) {
  if (e.seq != expected_seq_) {
    return e.seq > expected_seq_
               ? fmt::format("entries {} to {} are missing", expected_seq_, e.seq - 1)
               : fmt::format("entry {} is out of order", e.seq);
  }
  if (e.prev_hash != prev_hash_) {
    return fmt::format("entry {} does not follow entry {}: its previous-hash link is broken",
                       e.seq, e.seq - 1);
  }
  if (EntryHash(e) != e.hash) {
    return fmt::format("entry {} was altered: its content no longer matches its hash", e.seq);
  }
  prev_hash_ = e.hash;
  ++expected_seq_;
  ++checked_;
  return std::nullopt;
}

}  // namespace civharm::storage
