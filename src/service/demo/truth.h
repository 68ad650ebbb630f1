// What happened at each event of the demo data, before any source reports it (the Truth): who
// struck, by what means, where and when, how many civilians, combatants and others were killed
// or injured, which civilian objects were damaged and what that caused. Every source then
// reports the truth through its own lens (reporting.h); the incident is fused from the reports,
// never from the truth. Internal to the demo generator (service/demo_data.cpp); not for other
// modules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "domain/records.h"
#include "service/demo/dates.h"
#include "service/demo/geometry.h"
#include "service/demo/rng.h"
#include "service/demo/world.h"

namespace civharm::service::demo {

inline constexpr int kTownRadiusMetres = 1500;  // events happen in a town or on its outskirts

struct Truth {
  const Theatre* theatre = nullptr;
  const Town* town = nullptr;
  const Actor* perpetrator = nullptr;
  const Weapon* weapon = nullptr;
  Point point;
  DateSpan date;     // the day, or the span that is all anyone knows
  int minutes = 0;   // local time of day, when the day is known
  std::string unit;  // own-force events: who struck and what they aimed at
  std::string target;
  int civilians_killed = 0;
  int civilians_injured = 0;
  int combatants_killed = 0;
  int undetermined_killed = 0;
  std::vector<CivilianObject> objects;
  std::vector<Effect> effects;

  bool own_force() const { return perpetrator->force == Force::kOwn; }
  Timestamp instant() const { return InstantOf(date.start, minutes, *theatre); }
};

// `from` moved by a distance in [min_m, max_m] metres in a random direction, kept inside the
// theatre's box. Whole metres and micro-degrees throughout (see the note at the top of
// service/demo_data.cpp).
Point Jitter(Point from, int min_m, int max_m, const Theatre& theatre, Rng& rng);

// How accounts and titles name a damaged object: "houses", "a school", "the market".
std::string_view ObjectNoun(ObjectKind kind, const Theatre& theatre);

// One event in `theatre` around `day`, as it happened.
Truth DrawTruth(const Theatre& theatre, Date day, Rng& rng);

}  // namespace civharm::service::demo
