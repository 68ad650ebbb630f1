#include "service/demo/accounts.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "service/demo/dates.h"

namespace civharm::service::demo {

std::string RangeText(const CountRange& r) {
  if (r.min && r.max && *r.max == 0) return "no";
  if (r.min && r.max && *r.min == 0) return fmt::format("up to {}", *r.max);
  if (r.min && r.max && *r.min == *r.max) return fmt::format("{}", *r.min);
  if (r.min && r.max) return fmt::format("{} to {}", *r.min, *r.max);
  if (r.best && *r.best == 0) return "no";
  if (r.best) return fmt::format("about {}", *r.best);
  if (r.min) return fmt::format("at least {}", *r.min);
  if (r.max) return fmt::format("up to {}", *r.max);
  return "an unknown number of";
}

namespace {

// The single figure a short account gives.
int64_t FigureOf(const CountRange& r) {
  return r.best ? *r.best : r.min ? *r.min : r.max.value_or(0);
}

std::string Capitalized(std::string s) {
  if (!s.empty() && 'a' <= s[0] && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// A survivor's statement in Arabic, with the intake officer's translation.
std::string ArabicSurvivorAccount(const Town& town, int64_t killed, int64_t injured) {
  std::string arabic = fmt::format("كنت في البيت في {} عندما وقعت الضربة.", town.arabic);
  std::string english = fmt::format("I was at home in {} when the strike came.", town.name);
  if (killed > 0) {
    arabic += fmt::format(" قُتل {} من أفراد عائلتي.", killed);
    english += fmt::format(" {} of my family were killed.", killed);
  }
  if (injured > 0) {
    arabic += fmt::format(" وجُرح {}.", injured);
    english += fmt::format(" {} were injured.", injured);
  }
  arabic += " غادرنا في صباح اليوم التالي.";
  english += " We left the next morning.";
  return fmt::format("{}\n[Translation] {}", arabic, english);
}

// "a guided bomb hit houses", "gunmen attacked the market".
std::string WhatHappened(const Truth& t) {
  const std::string_view object =
      t.objects.empty() ? "the area" : ObjectNoun(t.objects.front().kind, *t.theatre);
  return fmt::format("{} {} {}", t.weapon->phrase, t.weapon->verb, object);
}

// "1 civilian was", "2 to 4 civilians were", "no civilians were".
std::string CiviliansWere(const CountRange& r) {
  const bool one = std::max({r.min.value_or(0), r.best.value_or(0), r.max.value_or(0)}) == 1;
  return fmt::format("{} {}", RangeText(r), one ? "civilian was" : "civilians were");
}

std::string HarmText(const Casualties& c) {
  if (c.civilian.killed.empty()) return CiviliansWere(c.civilian.injured) + " injured";
  if (c.civilian.injured.empty()) return CiviliansWere(c.civilian.killed) + " killed";
  return fmt::format("{} killed and {} injured", CiviliansWere(c.civilian.killed),
                     RangeText(c.civilian.injured));
}

}  // namespace

std::string AccountOf(const Source& source, const Report& r, const Truth& t) {
  const EventFacts& f = r.facts;
  const Casualties& c = f.casualties;
  const std::string& place = f.location.place_names.front().name;
  const std::string when = SpanText(f.date);
  const std::string at = f.date.time_of_day ? " at about " + f.date.time_of_day->ToString() : "";
  const std::string what = WhatHappened(t);
  const Belligerent& blamed = f.belligerents.front();
  const bool known = blamed.attribution == Attribution::kKnown;

  switch (source.type) {
    case SourceType::kOwnForceLog: {
      const bool raid = t.weapon->strike_type == "ground operation";
      const std::string civcas =
          c.civilian.killed.max.value_or(0) == 0
              ? "No civilian casualties observed."
              : fmt::format("Possible civilian casualties: {} persons observed nearby.",
                            RangeText(c.civilian.killed));
      return fmt::format(
          "{}: {} engaged {} near {} (grid {}) with {}. {}; {} enemy killed in "
          "action assessed. {}",
          DateTimeGroup(t.instant()), t.unit, t.target, place, f.location.mgrs, t.weapon->weapon,
          raid ? "Objective secured" : "Target destroyed", RangeText(c.combatant.killed), civcas);
    }
    case SourceType::kBattleDamageAssessment:
      return fmt::format(
          "Battle damage assessment of the engagement near {} (grid {}): {} "
          "engaged. Assessed enemy killed: {}. Assessed civilian casualties: {} "
          "killed, {} injured. Based on full-motion video and imagery.",
          place, f.location.mgrs, t.target, RangeText(c.combatant.killed),
          RangeText(c.civilian.killed), RangeText(c.civilian.injured));
    case SourceType::kNgo:
      return fmt::format(
          "Our field researcher spoke by phone with residents of {}. They said "
          "that {}{} {}; {}. {} Names of the dead are held on file.",
          place, when, at, what, HarmText(c),
          known ? fmt::format("{} carried out the attack, residents said.", blamed.name)
                : fmt::format("Residents suspect {}.", blamed.name));
    case SourceType::kUn:
      return fmt::format(
          "The mission's human rights team verified that {} {} in {} ({}); {}. {} "
          "Verification of further reports is ongoing.",
          when, what, place, f.location.admin2, HarmText(c),
          known ? fmt::format("The harm is attributed to {}.", blamed.name)
                : fmt::format("{} is suspected; not yet verified.", blamed.name));
    case SourceType::kMedia: {
      const CountRange& dead =
          c.civilian.killed.empty() ? c.undetermined.killed : c.civilian.killed;
      const std::string toll =
          FigureOf(dead) == 0
              ? fmt::format("{} people were injured", Capitalized(RangeText(c.civilian.injured)))
              : fmt::format("{} people were killed", Capitalized(RangeText(dead)));
      return fmt::format(
          "{}: {} {} when {}, residents and a local medic said. {} did not "
          "respond to a request for comment.",
          place, toll, when, what, blamed.name);
    }
    case SourceType::kHotline: {
      const std::string dead =
          c.civilian.killed.empty()
              ? "Says neighbours were hurt."
              : fmt::format("Says {} people died.", RangeText(c.civilian.killed));
      return fmt::format("Caller from {} reports that {}{} {}. {} Caller did not give a name.",
                         place, what, at, when, dead);
    }
    case SourceType::kWalkIn:
      return fmt::format(
          "A resident of {} came to the office and said that {} {}. Referred to "
          "the assistance desk.",
          place, when, what);
    case SourceType::kSurvivorWitness: {
      if (f.location.place_names.front().lang == "ar") {
        return ArabicSurvivorAccount(*t.town, FigureOf(c.civilian.killed),
                                     FigureOf(c.civilian.injured));
      }
      const std::string dead =
          c.civilian.killed.empty()
              ? ""
              : fmt::format("{} of my family were killed. ", FigureOf(c.civilian.killed));
      return fmt::format("I was at home in {} when {}. {}We left the next morning.", place, what,
                         dead);
    }
    case SourceType::kEventDataset:
      return fmt::format("{}, {} in {} ({}). Attributed to {}{}. Fatalities: {}.",
                         Capitalized(when), what, place, f.location.admin1, blamed.name,
                         known ? "" : " (suspected)", RangeText(c.total_killed));
    case SourceType::kOther:
      break;
  }
  return "";
}

std::string CitationOf(const Source& source, const Report& r) {
  const Date day = r.received_at->date();
  switch (source.type) {
    case SourceType::kMedia:
      return fmt::format("{}, {}", source.name, DateText(day));
    case SourceType::kNgo:
      return fmt::format("{}, incident bulletin {}", source.name, r.reference_code);
    case SourceType::kUn:
      return fmt::format("{}, protection of civilians update, {} {}", source.name,
                         kMonths[day.month() - 1], day.year());
    case SourceType::kEventDataset:
      return fmt::format("{}, weekly release of {}", source.name, DateText(day));
    default:
      return "";
  }
}

}  // namespace civharm::service::demo
