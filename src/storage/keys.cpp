#include "storage/keys.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <sys/stat.h>

namespace civharm::storage {
namespace {

Result<Keyring> ReadKeyringFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return std::unexpected(InvalidArgument(fmt::format("the key file {} does not exist", path)));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return std::unexpected(InvalidArgument(fmt::format(
        "the key file {} may be read by other users; make it private (chmod 600)", path)));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return std::unexpected(Unavailable(fmt::format("cannot read the key file {}", path)));
  auto ring = Keyring::Parse(text.str());
  if (!ring) return std::unexpected(Status(ring.error()).Prepend(fmt::format("key file {}", path)));
  return ring;
}

Status WriteKeyringFile(const std::string& path, const Keyring& ring) {
  const std::string tmp = path + ".new";
  const mode_t old_mask = ::umask(077);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << ring.Serialize();
    out.close();
    if (!out) {
      ::umask(old_mask);
      return Unavailable(fmt::format("cannot write the key file {}", tmp));
    }
  }
  ::umask(old_mask);
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Unavailable(fmt::format("cannot replace the key file {}: {}", path, ec.message()));
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<KeySource>> KeySource::FromFile(const std::string& path) {
  std::shared_ptr<KeySource> source(new KeySource(path, Keyring()));
  CIVHARM_RETURN_IF_ERROR(source->Reload());
  return source;
}

std::shared_ptr<KeySource> KeySource::FromKeyring(Keyring ring) {
  return std::shared_ptr<KeySource>(new KeySource("", std::move(ring)));
}

Result<bool> KeySource::CreateFile(const std::string& path) {
  if (std::filesystem::exists(path)) return false;
  if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }
  CIVHARM_RETURN_IF_ERROR(WriteKeyringFile(path, Keyring::Generate()));
  return true;
}

Keyring KeySource::Current() const {
  std::lock_guard lock(mutex_);
  return ring_;
}

Result<SealedValue> KeySource::Seal(std::string_view plaintext, std::string_view associated) const {
  CIVHARM_RETURN_IF_ERROR(ReloadIfChanged());
  std::lock_guard lock(mutex_);
  return civharm::Seal(ring_, plaintext, associated);
}

Result<std::string> KeySource::Open(const SealedValue& sealed, std::string_view associated) const {
  {
    std::lock_guard lock(mutex_);
    if (ring_.Find(sealed.key_id) || path_.empty()) {
      return civharm::Open(ring_, sealed, associated);
    }
  }
  CIVHARM_RETURN_IF_ERROR(Reload());
  std::lock_guard lock(mutex_);
  return civharm::Open(ring_, sealed, associated);
}

Status KeySource::Reload() const {
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(path_, ec);
  CIVHARM_ASSIGN_OR_RETURN(Keyring ring, ReadKeyringFile(path_));
  std::lock_guard lock(mutex_);
  ring_ = std::move(ring);
  loaded_at_ = mtime;
  return Status::Ok();
}

Status KeySource::ReloadIfChanged() const {
  if (path_.empty()) return Status::Ok();
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(path_, ec);
  {
    std::lock_guard lock(mutex_);
    if (ec || mtime == loaded_at_) return Status::Ok();
  }
  return Reload();
}

Status KeySource::Replace(const Keyring& ring) {
  if (path_.empty()) {
    return InvalidArgument(
        "the keyring was given directly, not as a key file: rotate it by giving a new key file");
  }
  CIVHARM_RETURN_IF_ERROR(WriteKeyringFile(path_, ring));
  return Reload();
}

}  // namespace civharm::storage
