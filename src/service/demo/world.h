// The invented world of the demo data: three fictional theatres of conflict with their provinces,
// towns (and other spellings of their names), the parties to the conflict and the means of harm
// each uses, the sources that report there, the names people bear, and the periods of heavier
// fighting. Everything is invented so that nobody mistakes demo data for real events; only the
// coordinates are real land. Internal to the demo generator (service/demo_data.cpp); not for
// other modules.
#pragma once

#include <string_view>
#include <vector>

#include "domain/records.h"
#include "service/demo/geometry.h"

namespace civharm::service::demo {

inline constexpr std::string_view kOwnForce = "Coalition Task Force Meridian";

enum class Force { kOwn, kState, kArmedGroup };

// How much harm a means tends to do: an index into kTierWeights.
enum Severity { kLight, kMedium, kHeavy };

// A means of harm, as its user names it and as outsiders describe it.
struct Weapon {
  std::string_view weapon;   // the user's own designation: "GBU-12", "IED"
  std::string_view generic;  // the category outside sources record: "guided bomb"
  std::string_view phrase;   // how a witness puts it, for accounts: "a bomb dropped from a jet"
  std::string_view verb;     // what it did to the place: "hit", "attacked"
  std::string_view tactic;
  std::string_view strike_type;
  std::string_view headline;    // for incident titles: "Airstrike"
  std::string_view event_type;  // ACLED-style classification
  std::string_view event_subtype;
  Severity severity;
  bool targets_civilians;
  std::vector<ObjectKind> hits;  // the civilian objects it typically damages, likeliest first
};

struct Actor {
  std::string_view name;
  Force force;
  std::vector<const Weapon*> weapons;
};

// One of the own force's means in a theatre, with the unit that uses it.
struct OwnArm {
  const Weapon* weapon;
  std::string_view unit;
};

struct Town {
  std::string_view admin1, admin2, name;
  std::vector<std::string_view> spellings;  // other ways sources write the name
  std::string_view arabic;                  // the name in Arabic script, where Arabic is spoken
  double lat, lon;
};

struct Source {
  SourceType type;
  std::string_view name;
  std::string_view code;  // the prefix of its reference codes and record ids
  int weight;             // how often it reports, relative to the theatre's other sources
};

struct PersonName {
  std::string_view latin;
  std::string_view arabic;  // empty outside Arabic-speaking theatres
};

enum class NamePattern { kGivenFatherFamily, kGivenFamily };

struct Names {
  NamePattern pattern;
  std::vector<PersonName> male, female, family;
};

// A period of heavier fighting, in days after kFirstDay.
struct Surge {
  int start_day, days;
};

struct Theatre {
  std::string_view country;
  std::string_view conflict;
  Box box;
  double metres_per_degree_lon;  // at the theatre's latitude
  int utc_offset_hours;
  int weight;             // share of events, relative to the other theatres
  int own_force_percent;  // of the theatre's events, those the own force caused
  std::string_view place_of_worship;
  std::vector<Town> towns;
  Actor own_force;
  std::vector<OwnArm> own_arms;
  std::string_view own_force_enemy;
  std::vector<std::string_view> own_force_targets;
  std::vector<Actor> others;
  std::vector<Source> sources;
  std::vector<Source> victim_lists;
  Names names;
  std::vector<Surge> surges;
};

// The theatres, in a fixed order; the tables live as long as the program.
const std::vector<Theatre>& Theatres();

}  // namespace civharm::service::demo
