#include "domain/personal.h"

#include <array>
#include <string>

namespace civharm {
namespace {

constexpr std::array<std::string_view, 2> kReportKeys = {"account", "contact"};
constexpr std::array<std::string_view, 3> kVictimKeys = {"names", "family_group_id",
                                                         "external_registry_id"};

// Calls `fn(key, field)` for each personal field of a report or victim (const or not), in the
// order of the kind's PersonalKeys; records of other kinds have none.
template <typename Rec, typename Fn>
void ForEachPersonal(Rec& r, Fn fn) {
  using T = std::remove_const_t<Rec>;
  if constexpr (std::is_same_v<T, Report>) {
    fn(kReportKeys[0], r.account);
    fn(kReportKeys[1], r.contact);
  } else if constexpr (std::is_same_v<T, Victim>) {
    fn(kVictimKeys[0], r.names);
    fn(kVictimKeys[1], r.family_group_id);
    fn(kVictimKeys[2], r.external_registry_id);
  }
}

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
  std::visit(
      [&](const auto& r) {
        ForEachPersonal(r, [&](std::string_view key, const auto& field) {
          if (!field.empty()) present.push_back(key);
        });
      },
      record);
  return present;
}

void RemovePersonalData(AnyRecord& record) {
  std::visit([](auto& r) { ForEachPersonal(r, [](std::string_view, auto& field) { field = {}; }); },
             record);
}

std::string PersonalText(const AnyRecord& record) {
  std::string text;
  const auto add = [&](std::string_view piece) {
    if (piece.empty()) return;
    if (!text.empty()) text += '\n';
    text += piece;
  };
  std::visit(
      [&](const auto& r) {
        ForEachPersonal(r, [&](std::string_view, const auto& field) {
          if constexpr (std::is_same_v<std::decay_t<decltype(field)>, std::string>) {
            add(field);
          } else {
            for (const LocalName& n : field) add(n.name);
          }
        });
      },
      record);
  return text;
}

}  // namespace civharm
