#include "core/crypto.h"

#include <cstdlib>

#include <fmt/format.h>
#include <sodium.h>

#include "core/strings.h"

namespace civharm {
namespace {

void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no usable randomness: nothing here can be done safely
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string ToBase64(const unsigned char* data, size_t n, int variant) {
  std::string out(sodium_base64_encoded_len(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

constexpr std::string_view kKeyringHeader = "civharm-keyring 1";

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::unexpected(Internal("not enough memory to hash the password"));
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  const std::string h(hash);  // libsodium wants a terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string RandomPassword(int length) {
  InitSodium();
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < length; ++i) {
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

std::string RandomToken(int bytes) {
  InitSodium();
  std::vector<unsigned char> raw(static_cast<size_t>(bytes));
  randombytes_buf(raw.data(), raw.size());
  return ToBase64(raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string TokenDigest(std::string_view token) {
  InitSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, Bytes(token), token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

PieceDigest::PieceDigest() {
  static_assert(sizeof(crypto_generichash_state) <= sizeof(state_));
  InitSodium();
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_.data()), nullptr, 0,
                          32);
}

void PieceDigest::Add(std::string_view piece) {
  if (finished_) std::abort();  // a bug: the digest was already read
  auto* st = reinterpret_cast<crypto_generichash_state*>(state_.data());
  const std::string length = fmt::format("{}:", piece.size());
  crypto_generichash_update(st, Bytes(length), length.size());
  crypto_generichash_update(st, Bytes(piece), piece.size());
  crypto_generichash_update(st, Bytes(";"), 1);
}

std::string PieceDigest::Finish() {
  if (finished_) std::abort();
  finished_ = true;
  unsigned char digest[32];
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_.data()), digest,
                           sizeof digest);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Keyring Keyring::Generate() {
  Keyring k;
  k.AddKey();
  return k;
}

Result<Keyring> Keyring::Parse(std::string_view text) {
  InitSodium();
  Keyring ring;
  bool header = false;
  int line_no = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = fmt::format("line {}", line_no);
    if (!header) {
      if (line != kKeyringHeader) {
        return std::unexpected(InvalidArgument(
            fmt::format("not a civharm keyring: the first line must be '{}'", kKeyringHeader),
            where));
      }
      header = true;
      continue;
    }
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      return std::unexpected(InvalidArgument("expected '<key id> <base64 key>'", where));
    }
    FieldKey key;
    key.id = std::string(Trim(line.substr(0, space)));
    const std::string b64(Trim(line.substr(space + 1)));
    size_t len = 0;
    if (key.id.empty() || key.id.size() > 16 ||
        key.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos) {
      return std::unexpected(
          InvalidArgument("key ids are 1 to 16 lower-case letters, digits, '-' or '_'", where));
    }
    if (sodium_base642bin(key.bytes.data(), key.bytes.size(), b64.data(), b64.size(), nullptr, &len,
                          nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        len != key.bytes.size()) {
      return std::unexpected(InvalidArgument("a key must be 32 bytes in base64", where));
    }
    if (ring.Find(key.id)) {
      return std::unexpected(InvalidArgument(fmt::format("key id '{}' repeats", key.id), where));
    }
    ring.keys_.push_back(std::move(key));
  }
  if (!header || ring.keys_.empty()) {
    return std::unexpected(InvalidArgument("the keyring holds no key"));
  }
  return ring;
}

std::string Keyring::Serialize() const {
  std::string out = fmt::format("{}\n", kKeyringHeader);
  for (const FieldKey& k : keys_) {
    out += fmt::format("{} {}\n", k.id,
                       ToBase64(k.bytes.data(), k.bytes.size(), sodium_base64_VARIANT_ORIGINAL));
  }
  return out;
}

const FieldKey* Keyring::Find(std::string_view id) const {
  for (const FieldKey& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

std::string Keyring::AddKey() {
  InitSodium();
  // Random ids, so that a value sealed under another keyring's key is reported as such rather
  // than as tampered with.
  FieldKey key;
  do {
    key.id = fmt::format("k{:08x}", randombytes_random());
  } while (Find(key.id));
  crypto_aead_xchacha20poly1305_ietf_keygen(key.bytes.data());
  keys_.push_back(std::move(key));
  return keys_.back().id;
}

void Keyring::RetireOldKeys() {
  if (keys_.size() > 1) keys_.erase(keys_.begin(), keys_.end() - 1);
}

Result<SealedValue> Seal(const Keyring& keys, std::string_view plaintext,
                         std::string_view associated) {
  InitSodium();
  if (keys.empty()) return std::unexpected(Unavailable("no field encryption key is configured"));
  const FieldKey& key = keys.primary();
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  SealedValue out{.key_id = key.id};
  out.box.resize(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  auto* box = reinterpret_cast<unsigned char*>(out.box.data());
  randombytes_buf(box, kNonce);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(box + kNonce, &len, Bytes(plaintext), plaintext.size(),
                                             Bytes(associated), associated.size(), nullptr, box,
                                             key.bytes.data());
  out.box.resize(kNonce + len);
  return out;
}

Result<std::string> Open(const Keyring& keys, const SealedValue& sealed,
                         std::string_view associated) {
  InitSodium();
  const FieldKey* key = keys.Find(sealed.key_id);
  if (!key) {
    return std::unexpected(Unavailable(fmt::format(
        "personal data is sealed under key '{}', which the keyring does not hold", sealed.key_id)));
  }
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.box.size() < kNonce + kTag) {
    return std::unexpected(DataLoss("a sealed value is too short to be genuine"));
  }
  const auto* box = Bytes(sealed.box);
  std::string out(sealed.box.size() - kNonce - kTag, '\0');
  unsigned long long len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &len,
                                                 nullptr, box + kNonce, sealed.box.size() - kNonce,
                                                 Bytes(associated), associated.size(), box,
                                                 key->bytes.data()) != 0) {
    return std::unexpected(
        DataLoss("a sealed value failed authentication: it was altered or moved"));
  }
  out.resize(len);
  return out;
}

}  // namespace civharm
