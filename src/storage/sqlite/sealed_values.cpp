#include "storage/sqlite/sealed_values.h"

#include <fmt/format.h>

#include "domain/personal.h"

namespace civharm::storage::sqlite {
namespace {

using nlohmann::json;

constexpr std::string_view kSealedKey = "$sealed";

// Binds a ciphertext to the one place it belongs: moved to another ref, it no longer opens.
std::string AssociatedData(std::string_view ref) {
  return fmt::format("civharm sealed value {}", ref);
}

// The ref of a sealed field, or empty when `v` is not one.
std::string RefOf(const json& v) {
  if (!v.is_object() || v.size() != 1) return "";
  auto it = v.find(kSealedKey);
  return it != v.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

void ErasePersonal(PersonalKeySet keys, json& doc) {
  for (std::string_view key : keys) doc.erase(std::string(key));
}

Status SealedValues::NeedKeys() const {
  if (keys_) return Status::Ok();
  return Unavailable(
      "personal data needs the field encryption keyring, and none is configured (give a key file "
      "with --key-file or CIVHARM_KEY_FILE)");
}

Result<std::string> SealedValues::OpenRef(const std::string& ref) {
  CIVHARM_RETURN_IF_ERROR(NeedKeys());
  CIVHARM_ASSIGN_OR_RETURN(Stmt st,
                           conn_.Prepare("SELECT key_id, box FROM sealed_values WHERE ref = ?1"));
  st.Bind(1, std::string_view(ref));
  CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::unexpected(DataLoss(fmt::format("sealed value {} is missing", ref)));
  const SealedValue sealed{.key_id = std::string(st.Text(0)), .box = std::string(st.Blob(1))};
  return keys_->Open(sealed, AssociatedData(ref));
}

Result<std::string> SealedValues::SealNew(std::string_view plaintext) {
  CIVHARM_RETURN_IF_ERROR(NeedKeys());
  const std::string ref = RandomToken(16);
  CIVHARM_ASSIGN_OR_RETURN(SealedValue sealed, keys_->Seal(plaintext, AssociatedData(ref)));
  CIVHARM_ASSIGN_OR_RETURN(
      Stmt st, conn_.Prepare("INSERT INTO sealed_values (ref, key_id, box) VALUES (?1, ?2, ?3)"));
  st.Bind(1, std::string_view(ref));
  st.Bind(2, std::string_view(sealed.key_id));
  st.BindBlob(3, sealed.box);
  CIVHARM_RETURN_IF_ERROR(st.Run());
  return ref;
}

Status SealedValues::OpenAll(PersonalKeySet keys, json& doc) {
  for (std::string_view key_view : keys) {
    const std::string key(key_view);
    auto it = doc.find(key);
    if (it == doc.end()) continue;
    const std::string ref = RefOf(*it);
    if (ref.empty()) {
      return DataLoss(fmt::format("a stored document holds personal field '{}' unsealed", key));
    }
    CIVHARM_ASSIGN_OR_RETURN(std::string text, OpenRef(ref));
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      return DataLoss(fmt::format("sealed value {} does not hold JSON", ref));
    }
    *it = std::move(value);
  }
  return Status::Ok();
}

Status SealedValues::SealAll(PersonalKeySet keys, json& doc, const json* previous,
                             bool keep_previous) {
  for (std::string_view key_view : keys) {
    const std::string key(key_view);
    const json* before = nullptr;
    if (previous) {
      auto it = previous->find(key);
      if (it != previous->end()) before = &*it;
    }
    if (keep_previous) {
      if (before)
        doc[key] = *before;
      else
        doc.erase(key);
      continue;
    }
    auto it = doc.find(key);
    if (it == doc.end()) continue;
    const std::string plaintext = it->dump();
    if (before) {
      const std::string ref = RefOf(*before);
      CIVHARM_ASSIGN_OR_RETURN(std::string old, OpenRef(ref));
      if (old == plaintext) {
        *it = *before;
        continue;
      }
    }
    CIVHARM_ASSIGN_OR_RETURN(std::string ref, SealNew(plaintext));
    *it = json{{kSealedKey, ref}};
  }
  return Status::Ok();
}

Result<int64_t> SealedValues::Reseal(int limit) {
  CIVHARM_RETURN_IF_ERROR(NeedKeys());
  const std::string primary = keys_->Current().primary().id;
  std::vector<std::pair<std::string, SealedValue>> batch;
  {
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st,
        conn_.Prepare("SELECT ref, key_id, box FROM sealed_values WHERE key_id <> ?1 LIMIT ?2"));
    st.Bind(1, std::string_view(primary));
    st.Bind(2, limit);
    while (true) {
      CIVHARM_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      batch.emplace_back(std::string(st.Text(0)),
                         SealedValue{std::string(st.Text(1)), std::string(st.Blob(2))});
    }
  }
  for (const auto& [ref, sealed] : batch) {
    CIVHARM_ASSIGN_OR_RETURN(std::string plaintext, keys_->Open(sealed, AssociatedData(ref)));
    CIVHARM_ASSIGN_OR_RETURN(SealedValue fresh, keys_->Seal(plaintext, AssociatedData(ref)));
    CIVHARM_ASSIGN_OR_RETURN(
        Stmt st, conn_.Prepare("UPDATE sealed_values SET key_id = ?2, box = ?3 WHERE ref = ?1"));
    st.Bind(1, std::string_view(ref));
    st.Bind(2, std::string_view(fresh.key_id));
    st.BindBlob(3, fresh.box);
    CIVHARM_RETURN_IF_ERROR(st.Run());
  }
  return static_cast<int64_t>(batch.size());
}

}  // namespace civharm::storage::sqlite
