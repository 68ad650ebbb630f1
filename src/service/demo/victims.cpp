#include "service/demo/victims.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "service/demo/world.h"

namespace civharm::service::demo {
namespace {

constexpr int kNamedVictimsPercent = 30;  // of the events in which civilians died
constexpr int kMaxNamedKilled = 15;
constexpr int kMaxNamedInjured = 5;
constexpr int kMissingPercent = 10;
constexpr int kMaxHousehold = 4;

enum class Role { kMan, kWoman, kChild, kElder };

std::vector<Role> HouseholdRoles(size_t size, Rng& rng) {
  using enum Role;
  switch (size) {
    case 1:
      return {rng.Pick(std::array{kMan, kMan, kWoman, kChild, kElder})};
    case 2:
      return rng.Pick(
          std::array<std::vector<Role>, 3>{{{kMan, kWoman}, {kWoman, kChild}, {kMan, kChild}}});
    case 3:
      return rng.Pick(std::array<std::vector<Role>, 3>{
          {{kMan, kWoman, kChild}, {kWoman, kChild, kChild}, {kElder, kMan, kChild}}});
    default:
      return rng.Pick(std::array<std::vector<Role>, 2>{
          {{kMan, kWoman, kChild, kChild}, {kElder, kMan, kWoman, kChild}}});
  }
}

// A household member's age, consistent with the parents' age (a parent at least 18 years older
// than a child, a grandparent at least 18 years older than the parent and 60 or more).
int AgeOf(Role role, int parent_age, Rng& rng) {
  constexpr int kAdultAge = 18, kElderlyAge = 60, kOldest = 92;
  switch (role) {
    case Role::kMan:
      return parent_age;
    case Role::kWoman:
      return std::clamp(parent_age + static_cast<int>(rng.Int(-8, 3)), kAdultAge, kElderlyAge - 1);
    case Role::kChild:
      return static_cast<int>(rng.Int(0, std::min(kAdultAge - 1, parent_age - kAdultAge)));
    case Role::kElder:
      return static_cast<int>(rng.Int(std::max(kElderlyAge, parent_age + kAdultAge), kOldest));
  }
  return parent_age;
}

std::vector<LocalName> FullName(const Names& names, const PersonName& given,
                                const PersonName& father, const PersonName& family) {
  const bool patronymic = names.pattern == NamePattern::kGivenFatherFamily;
  const auto join = [&](std::string_view g, std::string_view f, std::string_view fam) {
    return patronymic ? fmt::format("{} {} {}", g, f, fam) : fmt::format("{} {}", g, fam);
  };
  std::vector<LocalName> out = {{join(given.latin, father.latin, family.latin), "en"}};
  if (!given.arabic.empty()) {
    out.push_back({join(given.arabic, father.arabic, family.arabic), "ar"});
  }
  return out;
}

// How lists record age: mostly an age, sometimes only a group, sometimes nothing.
void SetAge(Victim& v, int age, Rng& rng) {
  switch (rng.Weighted({75, 10, 10, 5})) {
    case 0:
      v.age = age;
      v.age_group = AgeGroupOf(age);
      break;
    case 1:
      v.age = age;
      break;
    case 2:
      v.age_group = AgeGroupOf(age);
      break;
    default:
      v.age_group = AgeGroup::kUnknown;
      break;
  }
}

// One household of victims, all on the same list, relatives sharing a family group.
void AddHousehold(const Theatre& theatre, const std::vector<Role>& roles,
                  std::span<const VictimOutcome> outcomes, Serials& serials, Rng& rng,
                  std::vector<Victim>& victims) {
  constexpr int kYoungestParent = 24, kOldestParent = 55;
  constexpr int kKnownSexPercent = 95, kRegistryIdPercent = 20;
  constexpr std::array kConsents = {Consent::kUnknown, Consent::kGiven, Consent::kRefused};
  constexpr std::array kConsentWeights = {85, 10, 5};
  const Names& names = theatre.names;
  const Source& list = rng.Pick(theatre.victim_lists);
  const PersonName& family = rng.Pick(names.family);
  const PersonName& head = rng.Pick(names.male);
  const int parent_age = static_cast<int>(rng.Int(kYoungestParent, kOldestParent));
  const std::string family_id =
      roles.size() < 2 ? ""
                       : fmt::format("{}-F{:04}", list.code,
                                     serials.Next(fmt::format("{}/families", list.code)));
  for (size_t i = 0; i < roles.size(); ++i) {
    const Role role = roles[i];
    const bool male =
        role == Role::kMan || ((role == Role::kChild || role == Role::kElder) && rng.Percent(50));
    const PersonName& given =
        role == Role::kMan ? head : rng.Pick(male ? names.male : names.female);
    const PersonName& father = role == Role::kChild ? head : rng.Pick(names.male);
    // Where names carry the father's name, a wife keeps her own family's name.
    const bool married_in =
        names.pattern == NamePattern::kGivenFatherFamily && role == Role::kWoman;
    Victim v;
    v.source_name = std::string(list.name);
    v.source_record_id = fmt::format("{}-{:05}", list.code, serials.Next(list.name));
    v.names = FullName(names, given, father, married_in ? rng.Pick(names.family) : family);
    SetAge(v, AgeOf(role, parent_age, rng), rng);
    v.sex = rng.Percent(kKnownSexPercent) ? (male ? Sex::kMale : Sex::kFemale) : Sex::kUnknown;
    v.status = CasualtyStatus::kCivilian;
    v.outcome = outcomes[i];
    v.family_group_id = family_id;
    if (v.outcome == VictimOutcome::kKilled && rng.Percent(kRegistryIdPercent)) {
      constexpr int kCertificateNumbers = 999'999;
      v.external_registry_id = fmt::format("DC-{:06}", rng.Int(1, kCertificateNumbers));
    }
    v.consent_to_publish = kConsents[rng.Weighted(kConsentWeights)];
    victims.push_back(std::move(v));
  }
}

}  // namespace

std::vector<Victim> VictimsOf(const Truth& t, const Incident& incident, Serials& serials,
                              Rng& rng) {
  const Harm& civilians = incident.facts.casualties.civilian;
  if (t.civilians_killed == 0 || !rng.Percent(kNamedVictimsPercent)) return {};
  const int64_t killed_cap =
      std::min<int64_t>({t.civilians_killed, civilians.killed.max.value_or(0), kMaxNamedKilled});
  if (killed_cap == 0) return {};
  const int64_t injured_cap =
      std::min<int64_t>({t.civilians_injured, civilians.injured.max.value_or(0), kMaxNamedInjured});
  const auto killed = static_cast<size_t>(rng.Int((killed_cap + 1) / 2, killed_cap));
  const auto injured = static_cast<size_t>(rng.Int(0, injured_cap));
  std::vector<VictimOutcome> outcomes(killed, VictimOutcome::kKilled);
  outcomes.insert(outcomes.end(), injured, VictimOutcome::kInjured);
  // The missing count against the civilian maximum too: they may be among the dead.
  const int64_t room = civilians.killed.max.value_or(0) + civilians.injured.max.value_or(0) -
                       static_cast<int64_t>(outcomes.size());
  if (room > 0 && rng.Percent(kMissingPercent)) outcomes.push_back(VictimOutcome::kMissing);
  rng.Shuffle(outcomes);

  std::vector<Victim> victims;
  while (victims.size() < outcomes.size()) {
    const size_t left = outcomes.size() - victims.size();
    const auto size = static_cast<size_t>(
        rng.Int(1, static_cast<int64_t>(std::min<size_t>(left, kMaxHousehold))));
    AddHousehold(*t.theatre, HouseholdRoles(size, rng),
                 std::span(outcomes).subspan(victims.size(), size), serials, rng, victims);
  }
  return victims;
}

}  // namespace civharm::service::demo
