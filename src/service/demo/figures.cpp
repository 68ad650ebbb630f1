#include "service/demo/figures.h"

#include <array>
#include <cstdint>
#include <map>
#include <utility>

#include "service/demo/reporting.h"

namespace civharm::service::demo {
namespace {

int64_t Scaled(int64_t n, int min_percent, int max_percent, Rng& rng) {
  return n * rng.Int(min_percent, max_percent) / 100;
}

// A monitor's range around a figure: a little below to a little above.
CountRange RangeAround(int64_t n, Rng& rng) {
  const int64_t low = n - rng.Int(0, n / 3);
  const int64_t high = n + rng.Int(0, n / 3 + 1);
  return {low, n, high};
}

// Splits `n` civilians among age and sex cells, as monitors that count the dead by name do.
std::vector<BreakdownEntry> Breakdown(int64_t n, Outcome outcome, Rng& rng) {
  constexpr std::array<int, 4> kShares = {30, 22, 36, 12};  // child, woman, man, elderly
  std::map<std::pair<AgeGroup, Sex>, int64_t> cells;
  for (int64_t i = 0; i < n; ++i) {
    switch (rng.Weighted(kShares)) {
      case 0:
        ++cells[{AgeGroup::kChild, rng.Percent(50) ? Sex::kFemale : Sex::kMale}];
        break;
      case 1:
        ++cells[{AgeGroup::kAdult, Sex::kFemale}];
        break;
      case 2:
        ++cells[{AgeGroup::kAdult, Sex::kMale}];
        break;
      default:
        ++cells[{AgeGroup::kElderly, rng.Percent(50) ? Sex::kFemale : Sex::kMale}];
        break;
    }
  }
  std::vector<BreakdownEntry> out;
  for (const auto& [cell, count] : cells) {
    out.push_back(
        {CasualtyStatus::kCivilian, outcome, cell.first, cell.second, CountRange::Exactly(count)});
  }
  return out;
}

constexpr int kOwnLogSeesNoCiviliansPercent = 55;
constexpr int kMediaCountsEveryonePercent = 25;  // "N people killed", without saying who
constexpr int kNgoBreakdownPercent = 40;
constexpr int kUnBreakdownPercent = 60;

}  // namespace

Casualties ReportedCasualties(SourceType type, const Truth& t, Rng& rng) {
  const int64_t killed = t.civilians_killed, injured = t.civilians_injured;
  Casualties c;
  switch (type) {
    case SourceType::kOwnForceLog: {
      // The log sees fewer civilians; those it misses it often counts as enemy killed.
      const int64_t seen =
          rng.Percent(kOwnLogSeesNoCiviliansPercent) ? 0 : Scaled(killed, 20, 70, rng);
      c.civilian.killed = CountRange::Exactly(seen);
      if (rng.Percent(50)) c.civilian.injured = CountRange::Exactly(Scaled(injured, 0, 50, rng));
      c.combatant.killed =
          CountRange::Exactly(t.combatants_killed + Scaled(killed - seen, 0, 60, rng));
      break;
    }
    case SourceType::kBattleDamageAssessment:
      c.civilian.killed = {.min = 0, .max = Scaled(killed, 40, 100, rng)};
      c.civilian.injured = {.min = 0, .max = Scaled(injured, 30, 100, rng)};
      c.combatant.killed = {.best = t.combatants_killed};
      break;
    case SourceType::kNgo:
      c.civilian.killed = RangeAround(killed, rng);
      c.civilian.injured = RangeAround(injured, rng);
      if (rng.Percent(kNgoBreakdownPercent)) {
        c.breakdown = Breakdown(*c.civilian.killed.min, Outcome::kKilled, rng);
      }
      break;
    case SourceType::kUn: {
      // Verified figures: a floor that further verification may raise.
      c.civilian.killed = {.min = killed - rng.Int(0, killed / 4), .max = killed};
      c.civilian.injured = {.min = injured - rng.Int(0, injured / 4), .max = injured};
      if (rng.Percent(kUnBreakdownPercent)) {
        c.breakdown = Breakdown(*c.civilian.killed.min, Outcome::kKilled, rng);
      }
      break;
    }
    case SourceType::kMedia: {
      CountRange& dead =
          rng.Percent(kMediaCountsEveryonePercent) ? c.undetermined.killed : c.civilian.killed;
      dead = rng.Percent(70) ? CountRange{.best = killed + rng.Int(0, killed / 2 + 1)}
                             : CountRange{.min = Scaled(killed, 60, 100, rng)};
      c.civilian.injured = {.best = Scaled(injured, 70, 150, rng)};
      break;
    }
    case SourceType::kHotline:
    case SourceType::kWalkIn:
      // Callers know a part: what they saw or heard from neighbours.
      if (killed > 0 && rng.Percent(70)) c.civilian.killed = {.best = rng.Int(1, killed)};
      if (injured > 0) c.civilian.injured = {.min = rng.Int(1, injured)};
      break;
    case SourceType::kSurvivorWitness:
      // Survivors know their own family's dead for certain, and fear there are more.
      if (killed > 0) c.civilian.killed = {.min = rng.Int(1, killed)};
      if (injured > 0 && rng.Percent(50)) c.civilian.injured = {.min = rng.Int(1, injured)};
      break;
    case SourceType::kEventDataset: {
      c.civilian.killed = RangeAround(killed, rng);
      c.combatant.killed = CountRange::Exactly(t.combatants_killed);
      const CountRange& civ = c.civilian.killed;
      c.total_killed = {*civ.min + t.combatants_killed, *civ.best + t.combatants_killed,
                        *civ.max + t.combatants_killed};
      break;
    }
    case SourceType::kOther:
      break;
  }
  if (t.undetermined_killed > 0 && (type == SourceType::kNgo || type == SourceType::kUn)) {
    c.undetermined.killed = {.min = 0, .max = t.undetermined_killed};
  }
  return c;
}

std::vector<CivilianObject> ReportedObjects(SourceType type, const Truth& t, Rng& rng) {
  std::vector<CivilianObject> out;
  const int mention_percent = IsOwnForceSource(type)              ? 15
                              : type == SourceType::kEventDataset ? 0
                                                                  : 75;
  for (const CivilianObject& object : t.objects) {
    if (rng.Percent(mention_percent)) out.push_back(object);
  }
  return out;
}

std::vector<Effect> ReportedEffects(SourceType type, const Truth& t, Rng& rng) {
  std::vector<Effect> out;
  const int mention_percent = type == SourceType::kNgo || type == SourceType::kUn ? 70
                              : type == SourceType::kMedia                        ? 30
                                                                                  : 0;
  for (const Effect& effect : t.effects) {
    if (rng.Percent(mention_percent)) out.push_back(effect);
  }
  return out;
}

}  // namespace civharm::service::demo
