#include "domain/personal.h"

#include <array>

namespace civharm {
namespace {

constexpr std::array<std::string_view, 2> kReportKeys = {"account", "contact"};
constexpr std::array<std::string_view, 3> kVictimKeys = {"names", "family_group_id",
                                                         "external_registry_id"};

// Applies `fn(key, a_field, b_field)` to each personal field of two records of the same kind.
template <typename Fn>
void ForEachPersonal(Report& a, Report& b, Fn fn) {
  fn(kReportKeys[0], a.account, b.account);
  fn(kReportKeys[1], a.contact, b.contact);
}
template <typename Fn>
void ForEachPersonal(Victim& a, Victim& b, Fn fn) {
  fn(kVictimKeys[0], a.names, b.names);
  fn(kVictimKeys[1], a.family_group_id, b.family_group_id);
  fn(kVictimKeys[2], a.external_registry_id, b.external_registry_id);
}
template <typename Fn, typename T>
void ForEachPersonal(T&, T&, Fn) {}

}  // namespace

std::span<const std::string_view> PersonalKeys(EntityKind kind) {
  switch (kind) {
    case EntityKind::kReport:
      return kReportKeys;
    case EntityKind::kVictim:
      return kVictimKeys;
    default:
      return {};
  }
}

std::vector<std::string_view> PersonalFieldsPresent(const AnyRecord& record) {
  std::vector<std::string_view> present;
  AnyRecord copy = record;
  std::visit(
      [&](auto& r) {
        ForEachPersonal(r, r, [&](std::string_view key, const auto& field, const auto&) {
          if (!field.empty()) present.push_back(key);
        });
      },
      copy);
  return present;
}

void RemovePersonalData(AnyRecord& record) {
  std::visit(
      [](auto& r) {
        ForEachPersonal(r, r, [](std::string_view, auto& field, auto&) { field = {}; });
      },
      record);
}

void CopyPersonalData(const AnyRecord& from, AnyRecord& to) {
  AnyRecord source = from;
  std::visit(
      [&](auto& dst) {
        using T = std::decay_t<decltype(dst)>;
        if (auto* src = std::get_if<T>(&source)) {
          ForEachPersonal(dst, *src, [](std::string_view, auto& d, auto& s) { d = s; });
        }
      },
      to);
}

}  // namespace civharm
