// The demonstration dataset: three invented conflicts, reported the way civilian harm is
// reported in the world.
//
// Why it is built this way:
//
// * Determinism. The same DemoOptions must give byte-identical data on every machine: tests,
//   screenshots and walkthroughs refer to it. The <random> distributions are
//   implementation-defined, so this file brings its own generator (xoshiro256**, seeded by
//   splitmix64) and draws whole numbers only. Positions are computed in whole micro-degrees and
//   turned into degrees by one correctly rounded division, so no libm function and no fused
//   multiply-add can move a point between compilers. (MGRS references come from GeographicLib; a
//   point would have to lie within a rounding error of a 1 m grid line for them to differ.)
//   Every event draws from its own stream, derived from the seed and the event's position, so
//   changing how one event is drawn does not reshuffle every event after it.
//
// * Fiction. Countries, provinces, towns, armed groups, organisations and people are invented so
//   that nobody mistakes demo data for real events. The coordinates are real land in plausible
//   places only so that maps, MGRS and distances behave as they will with real data.
//
// * Realistic disagreement. Each event is first drawn as what happened (Truth). Every source then
//   reports it through its own lens: the force's own log sees fewer civilians and more
//   combatants, monitors give ranges, the media round up, callers know a part; times slip, places
//   move by hundreds of metres and are spelled differently. The incident is fused from the
//   reports as linkage would fuse it (lowest minimum, highest maximum), never from the truth.

#include "service/demo_data.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/time.h"
#include "geo/geo.h"

namespace civharm::service {
namespace {

// ---------------------------------------------------------------------------------------------
// Random numbers.

uint64_t SplitMix64(uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), with draws that give the same answer on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : state_) word = SplitMix64(seed);
  }

  // A whole number in [lo, hi]; lo when hi < lo.
  int64_t Int(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    const uint64_t limit = kMax - kMax % span;  // a multiple of span: no modulo bias
    uint64_t x = Next();
    while (x >= limit) x = Next();
    return lo + static_cast<int64_t>(x % span);
  }
  bool Percent(int percent) { return Int(0, 99) < percent; }

  // An index drawn with probability proportional to its weight.
  size_t Weighted(std::span<const int> weights) {
    int64_t total = 0;
    for (int w : weights) total += w;
    int64_t x = Int(0, total - 1);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }
  size_t Weighted(std::initializer_list<int> weights) {
    return Weighted(std::span<const int>(weights.begin(), weights.size()));
  }

  // One of `items`, which must not be empty.
  template <typename Container>
  const auto& Pick(const Container& items) {
    return items[static_cast<size_t>(Int(0, static_cast<int64_t>(items.size()) - 1))];
  }
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[static_cast<size_t>(Int(0, static_cast<int64_t>(i) - 1))]);
    }
  }

 private:
  static constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  std::array<uint64_t, 4> state_{};
};

// The stream of the event at `index`, independent of what the other events drew.
Rng EventRng(uint64_t seed, size_t index) {
  uint64_t mixed = seed ^ (0xD1B54A32D192ED03ULL * (static_cast<uint64_t>(index) + 1));
  return Rng(SplitMix64(mixed));
}

// ---------------------------------------------------------------------------------------------
// Record numbers.

// 1, 2, 3, … for each key: record numbers within a source or a list, operation numbers within a
// year, family groups within a list.
class Serials {
 public:
  int64_t Next(std::string_view key) { return ++next_[std::string(key)]; }

 private:
  std::map<std::string, int64_t> next_;
};

// ---------------------------------------------------------------------------------------------
// Positions in whole micro-degrees.

constexpr double kMicro = 1e6;
constexpr double kMetresPerDegreeLat = 111'320;

struct Point {
  int64_t lat_e6 = 0;
  int64_t lon_e6 = 0;
};

Point PointOf(double lat, double lon) {
  return {std::llround(lat * kMicro), std::llround(lon * kMicro)};
}
geo::LatLon LatLonOf(Point p) {
  return {static_cast<double>(p.lat_e6) / kMicro, static_cast<double>(p.lon_e6) / kMicro};
}

struct Box {
  double lat_min, lat_max, lon_min, lon_max;
};

// ---------------------------------------------------------------------------------------------
// The invented world.

constexpr std::string_view kOwnForce = "Coalition Task Force Meridian";

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

struct WeaponCatalogue {
  Weapon gbu12, gbu38, hellfire, artillery155, gmlrs, raid;       // the own force's
  Weapon barrel_bomb, state_airstrike, artillery122, state_raid;  // state forces'
  Weapon ied, vbied, mortar, rocket, armed_assault, village_attack, drone_grenade;  // groups'
};

// clang-format off
const WeaponCatalogue& Weapons() {
  using enum ObjectKind;
  constexpr std::string_view kRemote = "Explosions/Remote violence";
  constexpr std::string_view kAir = "Air/drone strike";
  constexpr std::string_view kShelling = "Shelling/artillery/missile attack";
  constexpr std::string_view kOnCivilians = "Violence against civilians";
  static const WeaponCatalogue kCatalogue{
      // weapon, generic, phrase, verb, tactic, strike type, headline, event type and subtype,
      // severity, targets civilians, objects hit
      .gbu12 = {"GBU-12", "guided bomb", "a guided bomb", "hit", "deliberate strike",
                "airstrike", "Airstrike", kRemote, kAir, kMedium, false,
                {kResidence, kAgriculture, kRoadOrBridge}},
      .gbu38 = {"GBU-38 JDAM", "aerial bomb", "a bomb dropped from a jet", "hit", "dynamic strike",
                "airstrike", "Airstrike", kRemote, kAir, kMedium, false,
                {kResidence, kMarket, kPower}},
      .hellfire = {"AGM-114 Hellfire", "missile", "a missile fired from a drone", "hit",
                   "dynamic strike", "drone strike", "Drone strike", kRemote, kAir, kLight, false,
                   {kRoadOrBridge, kResidence}},
      .artillery155 = {"155mm artillery", "artillery", "artillery shells", "hit",
                       "counter-battery fire", "shelling", "Shelling", kRemote, kShelling, kMedium,
                       false, {kResidence, kAgriculture, kSchool}},
      .gmlrs = {"GMLRS", "rockets", "rockets", "hit", "deliberate strike", "rocket strike",
                "Rocket strike", kRemote, kShelling, kMedium, false, {kResidence, kWater}},
      .raid = {"small arms", "small arms", "foreign soldiers", "raided", "ground raid",
               "ground operation", "Night raid", "Battles", "Armed clash", kLight, false,
               {kResidence}},
      .barrel_bomb = {"barrel bomb", "barrel bomb", "a barrel bomb dropped from a helicopter",
                      "hit", "area bombardment", "airstrike", "Barrel bomb attack", kRemote, kAir,
                      kHeavy, false, {kResidence, kMarket, kMedical}},
      .state_airstrike = {"unguided bomb", "aerial bomb", "a bomb dropped from a jet", "hit",
                          "area bombardment", "airstrike", "Airstrike", kRemote, kAir, kHeavy,
                          false, {kResidence, kMarket, kPlaceOfWorship, kMedical}},
      .artillery122 = {"122mm artillery", "artillery", "artillery shells", "hit", "shelling",
                       "shelling", "Shelling", kRemote, kShelling, kMedium, false,
                       {kResidence, kSchool, kWater}},
      .state_raid = {"small arms", "small arms", "soldiers", "raided", "cordon and search",
                     "ground operation", "Army raid", kOnCivilians, "Attack", kLight, true,
                     {kResidence, kMarket}},
      .ied = {"IED", "IED", "a roadside bomb", "hit", "roadside bomb", "IED", "IED explosion",
              kRemote, "Remote explosive/landmine/IED", kMedium, false, {kRoadOrBridge}},
      .vbied = {"VBIED", "car bomb", "a car bomb", "hit", "suicide attack", "IED",
                "Car bomb attack", kRemote, "Suicide bomb", kHeavy, true,
                {kMarket, kPlaceOfWorship, kResidence}},
      .mortar = {"82mm mortar", "mortar", "mortar bombs", "hit", "indirect fire", "shelling",
                 "Mortar fire", kRemote, kShelling, kLight, false,
                 {kResidence, kSchool, kMarket}},
      .rocket = {"107mm rockets", "rockets", "rockets", "hit", "indirect fire", "rocket strike",
                 "Rocket fire", kRemote, kShelling, kMedium, false, {kResidence, kShelter}},
      .armed_assault = {"small arms", "small arms", "gunmen", "attacked", "armed assault",
                        "armed assault", "Armed attack", kOnCivilians, "Attack", kMedium, true,
                        {kResidence, kMarket}},
      .village_attack = {"firearms and machetes", "firearms and machetes",
                         "men armed with guns and machetes", "attacked", "attack on a village",
                         "armed assault", "Attack", kOnCivilians, "Attack", kHeavy, true,
                         {kResidence, kShelter, kMedical}},
      .drone_grenade = {"commercial drone with grenade", "drone-dropped grenade",
                        "a grenade dropped from a small drone", "hit", "drone attack",
                        "drone strike", "Drone attack", kRemote, kAir, kLight, false,
                        {kResidence, kMarket}},
  };
  return kCatalogue;
}
// clang-format on

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

// clang-format off
const std::vector<Theatre>& Theatres() {
  using enum SourceType;
  const WeaponCatalogue& w = Weapons();
  static const std::vector<Theatre> kTheatres = {
      {
          .country = "Northern Sarvia",
          .conflict = "Northern Sarvia: Coalition and Government against the SLF",
          .box = {33.6, 35.4, 40.4, 42.6},
          .metres_per_degree_lon = 91'740,  // 111,320 m × cos 34.5°
          .utc_offset_hours = 3,
          .weight = 45,
          .own_force_percent = 40,
          .place_of_worship = "a mosque",
          .towns = {
              {"Nahr Saffa Governorate", "Saffa District", "Saffa",
               {"Safa", "Saffah"}, "صفا", 34.912, 40.781},
              {"Nahr Saffa Governorate", "Saffa District", "Tall Kharaz",
               {"Tal Kharaz", "Tell Kharaz", "Tal Kharraz"}, "تل خرز", 34.853, 40.702},
              {"Nahr Saffa Governorate", "al-Mirwah District", "al-Mirwah",
               {"Al Mirwah", "Mirwah", "el-Merwah"}, "المرواح", 35.107, 41.023},
              {"Nahr Saffa Governorate", "al-Mirwah District", "Kafr Dalim",
               {"Kafr Dallim", "Kfar Dalim"}, "كفر دليم", 35.214, 40.946},
              {"Badiyat Zahr Governorate", "Zahr District", "Bir Nasim",
               {"Bir Naseem", "Beer Nasim"}, "بئر نسيم", 34.338, 41.417},
              {"Badiyat Zahr Governorate", "Zahr District", "Ruwaysat",
               {"Ruwaisat", "Al-Ruwaysat"}, "رويسات", 34.471, 41.603},
              {"Badiyat Zahr Governorate", "Umm Jidar District", "Umm Jidar",
               {"Um Jidar", "Umm Jdar"}, "أم جدار", 34.052, 41.872},
              {"Badiyat Zahr Governorate", "Umm Jidar District", "al-Hawsh al-Abyad",
               {"Hosh Abyad", "Al-Hawsh al-Abiad"}, "الحوش الأبيض", 33.914, 42.105},
              {"Qasr Layla Governorate", "Qasr Layla District", "Qasr Layla",
               {"Qasr Laila", "Kasr Leila"}, "قصر ليلى", 34.705, 42.188},
              {"Qasr Layla Governorate", "Qasr Layla District", "Dayr Salwa",
               {"Deir Salwa", "Dair Salwa"}, "دير سلوى", 34.628, 42.351},
              {"Qasr Layla Governorate", "Ayn Rumman District", "Ayn Rumman",
               {"Ain Rumman", "Ein Romman"}, "عين رمان", 35.016, 42.274},
              {"Qasr Layla Governorate", "Ayn Rumman District", "Ayn Sufra",
               {"Ain Sufra", "Ein Sofra", "Ayn Safra"}, "عين صفرة", 35.143, 42.412},
          },
          .own_force = {kOwnForce, Force::kOwn, {}},
          .own_arms = {{&w.gbu12, "2nd Air Expeditionary Wing"},
                       {&w.gbu38, "2nd Air Expeditionary Wing"},
                       {&w.hellfire, "Task Group Reaper (RPAS)"},
                       {&w.artillery155, "Fires Battery Delta"},
                       {&w.gmlrs, "Rocket Battery Kilo"}},
          .own_force_enemy = "Sarvian Liberation Front",
          .own_force_targets = {"SLF mortar team at a farm compound",
                                "vehicle carrying SLF fighters",
                                "SLF command post in a two-storey building",
                                "SLF weapons cache in a warehouse",
                                "IED workshop in a residential street",
                                "SLF fighters at a checkpoint on the main road"},
          .others = {{"Northern Sarvian Armed Forces", Force::kState,
                      {&w.barrel_bomb, &w.state_airstrike, &w.artillery122}},
                     {"Sarvian Liberation Front", Force::kArmedGroup,
                      {&w.ied, &w.vbied, &w.mortar, &w.rocket}},
                     {"Qasr Layla Brigades", Force::kArmedGroup,
                      {&w.armed_assault, &w.mortar, &w.drone_grenade}}},
          .sources = {
              {kOwnForceLog, "CTF Meridian Joint Operations Centre log", "JOC", 0},
              {kBattleDamageAssessment, "CTF Meridian Battle Damage Assessment Cell", "BDA", 0},
              {kNgo, "Sarvia Civil Monitor", "SCM", 20},
              {kNgo, "Nahr Saffa Documentation Centre", "NSDC", 10},
              {kUn, "UN Mission in Sarvia (UNMIS) Human Rights Section", "UNMIS-HRS", 15},
              {kMedia, "Sarvia Today", "ST", 15},
              {kMedia, "Al-Wadi Broadcasting", "AWB", 10},
              {kHotline, "CTF Meridian civilian harm hotline", "HL", 10},
              {kWalkIn, "CTF Meridian Civil-Military Cooperation Centre, Saffa", "CIMIC", 5},
              {kSurvivorWitness, "Survivor and witness submissions (Sarvia)", "SWS", 10},
          },
          .victim_lists = {{kOther, "Saffa General Hospital admissions", "SGH", 1},
                           {kOther, "Sarvia Civil Monitor victims list", "SCM-V", 1}},
          .names = {
              NamePattern::kGivenFatherFamily,
              {{"Khalid", "خالد"}, {"Yusuf", "يوسف"}, {"Ahmad", "أحمد"}, {"Mahmoud", "محمود"},
               {"Omar", "عمر"}, {"Hasan", "حسن"}, {"Ibrahim", "إبراهيم"}, {"Salim", "سليم"},
               {"Tariq", "طارق"}, {"Ziyad", "زياد"}, {"Nabil", "نبيل"}, {"Faris", "فارس"},
               {"Walid", "وليد"}, {"Jamal", "جمال"}, {"Adnan", "عدنان"}, {"Saif", "سيف"}},
              {{"Fatima", "فاطمة"}, {"Amina", "آمنة"}, {"Huda", "هدى"}, {"Layla", "ليلى"},
               {"Maryam", "مريم"}, {"Rasha", "رشا"}, {"Samira", "سميرة"}, {"Nour", "نور"},
               {"Zaynab", "زينب"}, {"Hanan", "حنان"}, {"Rima", "ريما"}, {"Salma", "سلمى"}},
              {{"al-Marzani", "المرزاني"}, {"al-Saffawi", "الصفاوي"}, {"al-Kharazi", "الخرزي"},
               {"al-Jidari", "الجداري"}, {"al-Rummani", "الرماني"}, {"al-Salwani", "السلواني"},
               {"al-Nasimi", "النسيمي"}, {"al-Hawshi", "الحوشي"}, {"Haddoush", "حدوش"},
               {"Qarnoush", "قرنوش"}, {"Abu Shaykha", "أبو شيخة"}, {"al-Mirwahi", "المرواحي"}},
          },
          .surges = {{120, 60}, {480, 45}},
      },
      {
          .country = "Republic of Velmora",
          .conflict = "Velmora: Government and Coalition against the MLA",
          .box = {13.6, 15.4, 0.6, 3.0},
          .metres_per_degree_lon = 107'770,  // 111,320 m × cos 14.5°
          .utc_offset_hours = 1,
          .weight = 30,
          .own_force_percent = 25,
          .place_of_worship = "a mosque",
          .towns = {
              {"Azel Region", "Anderambou Cercle", "Anderambou",
               {"Anderambu", "Andérambou"}, "", 14.962, 1.084},
              {"Azel Region", "Anderambou Cercle", "Tiguézéfen",
               {"Tiguezefen", "Tigézéfen"}, "", 15.118, 0.912},
              {"Azel Region", "Kel-Amasso Cercle", "Kel-Amasso",
               {"Kel Amasso", "Kelamasso"}, "", 15.247, 1.463},
              {"Azel Region", "Kel-Amasso Cercle", "Ibelgazen", {"Ibelgazène"}, "", 15.031, 1.622},
              {"Dounzé Region", "Dounzébé Cercle", "Dounzébé",
               {"Dounzebe", "Dunzebe"}, "", 14.382, 1.947},
              {"Dounzé Region", "Dounzébé Cercle", "Samarouga", {"Samaruga"}, "", 14.214, 2.133},
              {"Dounzé Region", "Koumbéni Cercle", "Koumbéni",
               {"Koumbeni", "Kumbeni"}, "", 13.906, 2.461},
              {"Dounzé Region", "Koumbéni Cercle", "Férégou", {"Feregou"}, "", 13.774, 2.702},
              {"Bankoré Region", "Bankoré Cercle", "Bankoré", {"Bankore"}, "", 14.543, 2.611},
              {"Bankoré Region", "Bankoré Cercle", "Tin-Alzaw",
               {"Tin Alzaou", "Tinalzaw"}, "", 14.688, 2.842},
          },
          .own_force = {kOwnForce, Force::kOwn, {}},
          .own_arms = {{&w.hellfire, "Task Group Sahel (RPAS)"},
                       {&w.gbu38, "2nd Air Expeditionary Wing"},
                       {&w.raid, "Special Operations Task Unit 3"}},
          .own_force_enemy = "Movement for the Liberation of the Azel",
          .own_force_targets = {"MLA fighters on motorcycles", "MLA logistics camp",
                                "MLA commander at a compound", "pick-up truck carrying explosives",
                                "MLA fighters gathering at a well"},
          .others = {{"Velmoran Armed Forces", Force::kState, {&w.state_raid, &w.state_airstrike}},
                     {"Movement for the Liberation of the Azel", Force::kArmedGroup,
                      {&w.ied, &w.armed_assault, &w.mortar}},
                     {"Dan Koro self-defence militia", Force::kArmedGroup, {&w.armed_assault}}},
          .sources = {
              {kOwnForceLog, "CTF Meridian Task Group Sahel operations log", "TGS", 0},
              {kBattleDamageAssessment, "CTF Meridian Battle Damage Assessment Cell", "BDA", 0},
              {kNgo, "Velmora Human Rights League (LVDH)", "LVDH", 20},
              {kNgo, "Azel Community Watch", "ACW", 10},
              {kUn, "UN Integrated Mission in Velmora (MINUVEL) Human Rights Division",
               "MINUVEL-HRD", 15},
              {kMedia, "Radio Azel FM", "RAF", 15},
              {kMedia, "Le Courrier de Velmora", "CDV", 10},
              {kHotline, "MINUVEL protection hotline", "MPH", 8},
              {kWalkIn, "MINUVEL field office, Dounzébé", "MFO", 5},
              {kSurvivorWitness, "Survivor and witness submissions (Velmora)", "SWV", 8},
              {kEventDataset, "Sahel Conflict Event Monitor", "SCEM", 9},
          },
          .victim_lists = {{kOther, "Dounzébé District Hospital register", "DDH", 1},
                           {kOther, "LVDH victims list", "LVDH-V", 1}},
          .names = {
              NamePattern::kGivenFamily,
              {{"Amadou", ""}, {"Moussa", ""}, {"Ousmane", ""}, {"Ibrahim", ""}, {"Hamidou", ""},
               {"Boubacar", ""}, {"Souleymane", ""}, {"Issa", ""}, {"Adama", ""},
               {"Mahamadou", ""}},
              {{"Aïssata", ""}, {"Mariam", ""}, {"Fatoumata", ""}, {"Hawa", ""}, {"Kadidia", ""},
               {"Ramatou", ""}, {"Safiatou", ""}, {"Zeinabou", ""}},
              {{"Kessogo", ""}, {"Dambélé", ""}, {"Tiendré", ""}, {"Samboura", ""}, {"Koïnda", ""},
               {"Ag Ilyas", ""}, {"Walinga", ""}, {"Guindé", ""}, {"Sarmoye", ""}},
          },
          .surges = {{250, 50}, {600, 70}},
      },
      {
          .country = "Kivara",
          .conflict = "Kivara: armed groups in the Lushi highlands",
          .box = {-1.9, -0.4, 28.7, 29.7},
          .metres_per_degree_lon = 111'300,  // 111,320 m × cos 1.15°
          .utc_offset_hours = 2,
          .weight = 25,
          .own_force_percent = 0,  // the Coalition does not operate here: a UN mission's theatre
          .place_of_worship = "a church",
          .towns = {
              {"Upper Lushi Province", "Ruvenzi Territory", "Ruvenzi",
               {"Ruwenzi"}, "", -0.612, 29.214},
              {"Upper Lushi Province", "Ruvenzi Territory", "Itebo",
               {"Itembo"}, "", -0.487, 29.391},
              {"Upper Lushi Province", "Kashali Territory", "Kashali",
               {"Kashale"}, "", -0.903, 29.055},
              {"Upper Lushi Province", "Kashali Territory", "Bweremo",
               {"Bwelemo"}, "", -0.781, 28.874},
              {"Lake Tembe Province", "Ndaruka Territory", "Ndaruka",
               {"Ndaluka"}, "", -1.284, 29.402},
              {"Lake Tembe Province", "Ndaruka Territory", "Luvunga",
               {"Lubunga"}, "", -1.411, 29.566},
              {"Lake Tembe Province", "Kalembe Territory", "Kalembe",
               {"Kalembé"}, "", -1.652, 29.118},
              {"Lake Tembe Province", "Kalembe Territory", "Mabinzi",
               {"Mabindi"}, "", -1.803, 29.287},
          },
          .own_force = {kOwnForce, Force::kOwn, {}},
          .own_arms = {},
          .own_force_enemy = "",
          .own_force_targets = {},
          .others = {{"Kivaran Armed Forces", Force::kState, {&w.state_raid, &w.artillery122}},
                     {"Alliance of Patriots for the Lushi", Force::kArmedGroup,
                      {&w.village_attack, &w.armed_assault, &w.ied}},
                     {"Nyamora Defence Forces", Force::kArmedGroup,
                      {&w.village_attack, &w.mortar}}},
          .sources = {
              {kNgo, "Kivara Justice Network", "KJN", 20},
              {kNgo, "Lushi Peace Observatory", "LPO", 10},
              {kUn, "UN Stabilization Mission in Kivara (MONUKI) Joint Human Rights Office",
               "MONUKI-JHRO", 20},
              {kMedia, "Radio Lushi", "RL", 15},
              {kMedia, "Kivara Daily Herald", "KDH", 8},
              {kHotline, "MONUKI Community Alert Network", "CAN", 12},
              {kWalkIn, "MONUKI Civil Affairs office, Ruvenzi", "MCA", 6},
              {kSurvivorWitness, "Survivor and witness submissions (Kivara)", "SWK", 8},
              {kEventDataset, "Great Lakes Conflict Event Monitor", "GLCEM", 9},
          },
          .victim_lists = {{kOther, "Ndaruka Referral Hospital register", "NRH", 1},
                           {kOther, "Kivara Justice Network victims list", "KJN-V", 1}},
          .names = {
              NamePattern::kGivenFamily,
              {{"Jean-Baptiste", ""}, {"Josué", ""}, {"Baraka", ""}, {"Amani", ""}, {"Safari", ""},
               {"Dieudonné", ""}, {"Bahati", ""}, {"Emmanuel", ""}, {"Patient", ""}},
              {{"Espérance", ""}, {"Furaha", ""}, {"Neema", ""}, {"Consolée", ""}, {"Bora", ""},
               {"Zawadi", ""}, {"Solange", ""}, {"Riziki", ""}},
              {{"Ndagiro", ""}, {"Kabuyaya", ""}, {"Lwaboshi", ""}, {"Mutambala", ""},
               {"Mwenebatu", ""}, {"Kalinda", ""}, {"Nyamugisha", ""}, {"Shukuru", ""}},
          },
          .surges = {{60, 40}, {400, 90}},
      },
  };
  return kTheatres;
}
// clang-format on

// ---------------------------------------------------------------------------------------------
// Time: two years of events ending 2024-06-30, with the dataset as of 1 July 2024.

constexpr int kPeriodDays = 731;  // 2022-07-01 … 2024-06-30
constexpr int kMinutesPerDay = 24 * 60;
constexpr int kSecondsPerMinute = 60;
constexpr int kSecondsPerDay = 24 * 60 * 60;

Date FirstDay() {
  return *Date::FromCivil(2022, 7, 1);
}
Timestamp Cutoff() {
  return Timestamp::FromUnixSeconds(int64_t{FirstDay().AddDays(kPeriodDays).days()} *
                                    kSecondsPerDay);
}

// The instant of a local day and time in a theatre.
Timestamp InstantOf(Date day, int local_minutes, const Theatre& theatre) {
  const int64_t local =
      int64_t{day.days()} * kSecondsPerDay + int64_t{local_minutes} * kSecondsPerMinute;
  return Timestamp::FromUnixSeconds(local - int64_t{theatre.utc_offset_hours} * 3600);
}

Timestamp AddMinutes(Timestamp t, int64_t minutes) {
  return Timestamp::FromUnixMicros(t.unix_micros() + minutes * kSecondsPerMinute * 1'000'000);
}

TimeOfDay TimeOfDayOf(int minutes) {
  return *TimeOfDay::Parse(fmt::format("{:02}:{:02}", minutes / 60, minutes % 60));
}

DateSpan DaySpan(Date day) {
  return {.start = day, .end = day, .precision = DatePrecision::kDay};
}
DateSpan WeekSpan(Date day) {
  const Date monday = day.AddDays(1 - day.iso_weekday());
  return {.start = monday, .end = monday.AddDays(6), .precision = DatePrecision::kWeek};
}
DateSpan MonthSpan(Date day) {
  const Date first = *Date::FromCivil(day.year(), day.month(), 1);
  const Date next = day.month() == 12 ? *Date::FromCivil(day.year() + 1, 1, 1)
                                      : *Date::FromCivil(day.year(), day.month() + 1, 1);
  return {.start = first, .end = next.AddDays(-1), .precision = DatePrecision::kMonth};
}

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string DateText(Date d) {
  return fmt::format("{} {} {}", d.day(), kMonths[d.month() - 1], d.year());
}

std::string SpanText(const DateSpan& span) {
  switch (span.precision) {
    case DatePrecision::kDay:
      return "on " + DateText(span.start);
    case DatePrecision::kWeek:
      return "in the week of " + DateText(span.start);
    case DatePrecision::kMonth:
      return fmt::format("in {} {}", kMonths[span.start.month() - 1], span.start.year());
    case DatePrecision::kDayRange:
    case DatePrecision::kYear:
      break;
  }
  if (span.start.year() == span.end.year() && span.start.month() == span.end.month()) {
    return fmt::format("between {} and {}", span.start.day(), DateText(span.end));
  }
  return fmt::format("between {} and {}", DateText(span.start), DateText(span.end));
}

// A military date-time group in UTC: "121430ZAPR23".
std::string DateTimeGroup(Timestamp t) {
  const int64_t seconds_of_day = (t.unix_micros() / 1'000'000) % kSecondsPerDay;
  const Date d = t.date();
  std::string month(kMonths[d.month() - 1].substr(0, 3));
  for (char& c : month) c = static_cast<char>(c - ('a' <= c && c <= 'z' ? 'a' - 'A' : 0));
  return fmt::format("{:02}{:02}{:02}Z{}{:02}", d.day(), seconds_of_day / 3600,
                     seconds_of_day % 3600 / 60, month, d.year() % 100);
}

// ---------------------------------------------------------------------------------------------
// What happened.

// Civilians killed: five tiers, weighted by the means' severity (most events kill few).
struct Tier {
  int min, max;
};
constexpr std::array<Tier, 5> kKilledTiers = {{{0, 0}, {1, 3}, {4, 10}, {11, 25}, {26, 60}}};
constexpr std::array<std::array<int, 5>, 3> kTierWeights = {{
    {30, 50, 17, 3, 0},   // light
    {20, 45, 27, 7, 1},   // medium
    {10, 30, 35, 18, 7},  // heavy
}};

constexpr int kTownRadiusMetres = 1500;  // events happen in a town or on its outskirts
constexpr int kDayKnownPercent = 85;     // of the events not caused by the own force

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
// theatre's box. Whole metres and micro-degrees throughout (see the note at the top).
Point Jitter(Point from, int min_m, int max_m, const Theatre& theatre, Rng& rng) {
  int64_t dx = 0, dy = 0;
  if (max_m > 0) {
    const int64_t lo2 = int64_t{min_m} * min_m, hi2 = int64_t{max_m} * max_m;
    do {
      dx = rng.Int(-max_m, max_m);
      dy = rng.Int(-max_m, max_m);
    } while (dx * dx + dy * dy < lo2 || dx * dx + dy * dy > hi2);
  }
  Point p{from.lat_e6 + std::llround(static_cast<double>(dy) * (kMicro / kMetresPerDegreeLat)),
          from.lon_e6 +
              std::llround(static_cast<double>(dx) * (kMicro / theatre.metres_per_degree_lon))};
  const Point low = PointOf(theatre.box.lat_min, theatre.box.lon_min);
  const Point high = PointOf(theatre.box.lat_max, theatre.box.lon_max);
  p.lat_e6 = std::clamp(p.lat_e6, low.lat_e6, high.lat_e6);
  p.lon_e6 = std::clamp(p.lon_e6, low.lon_e6, high.lon_e6);
  return p;
}

// The span of an event whose day nobody could establish: a few days, a week or a month.
DateSpan CoarseSpan(Date day, Rng& rng) {
  switch (rng.Weighted({40, 30, 30})) {
    case 0: {
      const int days = static_cast<int>(rng.Int(2, 4));
      Date start = day.AddDays(-static_cast<int>(rng.Int(0, days - 1)));
      const Date last = FirstDay().AddDays(kPeriodDays - 1);
      if (start.AddDays(days - 1) > last) start = last.AddDays(1 - days);
      return {
          .start = start, .end = start.AddDays(days - 1), .precision = DatePrecision::kDayRange};
    }
    case 1:
      return WeekSpan(day);
    default:
      return MonthSpan(day);
  }
}

std::string_view ObjectNoun(ObjectKind kind, const Theatre& theatre) {
  switch (kind) {
    case ObjectKind::kResidence:
      return "houses";
    case ObjectKind::kSchool:
      return "a school";
    case ObjectKind::kMedical:
      return "a health centre";
    case ObjectKind::kPlaceOfWorship:
      return theatre.place_of_worship;
    case ObjectKind::kMarket:
      return "the market";
    case ObjectKind::kWater:
      return "a water pumping station";
    case ObjectKind::kPower:
      return "an electricity substation";
    case ObjectKind::kRoadOrBridge:
      return "a vehicle on the road";
    case ObjectKind::kAgriculture:
      return "farmland";
    case ObjectKind::kShelter:
      return "a displacement site";
    case ObjectKind::kOther:
      break;
  }
  return "buildings";
}

CivilianObject DamagedObject(ObjectKind kind, const Theatre& theatre, Rng& rng) {
  if (kind == ObjectKind::kResidence) {
    const int houses = static_cast<int>(rng.Int(1, 6));
    return {kind, houses,
            fmt::format("{} {} destroyed or damaged", houses, houses == 1 ? "house" : "houses")};
  }
  return {kind, 1, fmt::format("{} damaged", ObjectNoun(kind, theatre))};
}

// The knock-on harm a damaged object causes, when it causes any.
std::optional<Effect> EffectOf(const CivilianObject& object, const Town& town, Rng& rng) {
  const int64_t people = rng.Int(5, 80) * 100;
  const int64_t weeks = rng.Int(1, 8);
  switch (object.kind) {
    case ObjectKind::kResidence:
    case ObjectKind::kShelter:
      return Effect{EffectKind::kDisplacement,
                    fmt::format("{} families left {} after the attack", rng.Int(3, 60), town.name)};
    case ObjectKind::kWater:
      return Effect{EffectKind::kServicesCut,
                    fmt::format("water cut to about {} people for {} weeks", people, weeks)};
    case ObjectKind::kPower:
      return Effect{EffectKind::kServicesCut,
                    fmt::format("electricity cut to about {} people for {} weeks", people, weeks)};
    case ObjectKind::kMarket:
      return Effect{EffectKind::kLivelihoodLoss,
                    fmt::format("{} traders lost their stalls and stock", rng.Int(5, 40))};
    case ObjectKind::kAgriculture:
      return Effect{EffectKind::kLivelihoodLoss,
                    "crops burnt and livestock killed; the harvest was lost"};
    case ObjectKind::kSchool:
      return Effect{EffectKind::kEducation,
                    fmt::format("school closed for {} weeks; about {} pupils without classes",
                                weeks, rng.Int(2, 9) * 50)};
    case ObjectKind::kMedical:
      return Effect{EffectKind::kHealth,
                    fmt::format("the health centre closed; about {} people without care", people)};
    default:
      return std::nullopt;
  }
}

constexpr int kSecondObjectPercent = 30;
constexpr int kEffectPercent = 45;

// Half to two and a half times as many injured as killed, plus a few injured outright.
constexpr int kMinInjuredPercent = 50, kMaxInjuredPercent = 250, kMaxExtraInjured = 3;
constexpr int kMaxCombatantsKilled = 6;  // where fighters were the target
constexpr int kUndeterminedPercent = 20, kMaxUndetermined = 3;

void DrawHarm(Truth& t, Rng& rng) {
  const Tier tier = kKilledTiers[rng.Weighted(kTierWeights[t.weapon->severity])];
  t.civilians_killed = static_cast<int>(rng.Int(tier.min, tier.max));
  t.civilians_injured =
      t.civilians_killed * static_cast<int>(rng.Int(kMinInjuredPercent, kMaxInjuredPercent)) / 100 +
      static_cast<int>(rng.Int(0, kMaxExtraInjured));
  if (t.civilians_killed + t.civilians_injured == 0) t.civilians_injured = 1;  // a harm event
  const bool fighting = t.own_force() || t.weapon->event_type == "Battles";
  t.combatants_killed = fighting ? static_cast<int>(rng.Int(0, kMaxCombatantsKilled)) : 0;
  t.undetermined_killed =
      rng.Percent(kUndeterminedPercent) ? static_cast<int>(rng.Int(1, kMaxUndetermined)) : 0;

  const std::vector<ObjectKind>& hits = t.weapon->hits;
  t.objects.push_back(DamagedObject(hits.front(), *t.theatre, rng));
  if (hits.size() > 1 && rng.Percent(kSecondObjectPercent)) {
    t.objects.push_back(
        DamagedObject(hits[static_cast<size_t>(rng.Int(1, static_cast<int64_t>(hits.size()) - 1))],
                      *t.theatre, rng));
  }
  for (const CivilianObject& object : t.objects) {
    if (!rng.Percent(kEffectPercent)) continue;
    if (auto effect = EffectOf(object, *t.town, rng)) t.effects.push_back(*std::move(effect));
  }
}

Truth DrawTruth(const Theatre& theatre, Date day, Rng& rng) {
  Truth t;
  t.theatre = &theatre;
  const bool own = !theatre.own_arms.empty() && rng.Percent(theatre.own_force_percent);
  if (own) {
    const OwnArm& arm = rng.Pick(theatre.own_arms);
    t.perpetrator = &theatre.own_force;
    t.weapon = arm.weapon;
    t.unit = arm.unit;
    t.target = rng.Pick(theatre.own_force_targets);
  } else {
    t.perpetrator = &rng.Pick(theatre.others);
    t.weapon = rng.Pick(t.perpetrator->weapons);
  }
  t.town = &rng.Pick(theatre.towns);
  t.point = Jitter(PointOf(t.town->lat, t.town->lon), 0, kTownRadiusMetres, theatre, rng);
  t.date = (own || rng.Percent(kDayKnownPercent)) ? DaySpan(day) : CoarseSpan(day, rng);
  constexpr int kClockStep = 5;  // minutes: events are timed to the nearest five minutes
  t.minutes = static_cast<int>(rng.Int(0, kMinutesPerDay / kClockStep - 1)) * kClockStep;
  DrawHarm(t, rng);
  return t;
}

// ---------------------------------------------------------------------------------------------
// How each kind of source reports.

struct SourceProfile {
  int min_delay_minutes, max_delay_minutes;  // from the event to the report reaching civharm
  Reliability reliability;                   // the usual grade of such a source
  int credibility;                           // the usual grade of its information
  int min_offset_m, max_offset_m;            // how far from the spot it places the event
  LocationPrecision precision;
  bool exact_time_and_grid;  // the force's own records: the logged time and an MGRS grid
  int states_time_percent;
  int wrong_day_percent;
};

// clang-format off
SourceProfile ProfileOf(SourceType type) {
  using enum Reliability;
  using enum LocationPrecision;
  constexpr int kHour = 60, kDay = 24 * kHour;
  switch (type) {
    //          delay (minutes)        grades  offset (m)  precision grid   time  wrong day
    case SourceType::kOwnForceLog:
      return {5, 3 * kHour,             kB, 2,  0, 30,      kExact,   true,  100,  0};
    case SourceType::kBattleDamageAssessment:
      return {kDay, 3 * kDay,           kB, 3,  0, 30,      kExact,   true,  100,  0};
    case SourceType::kNgo:
      return {kDay, 10 * kDay,          kB, 2,  100, 900,   kExact,   false, 70,   5};
    case SourceType::kUn:
      return {7 * kDay, 45 * kDay,      kA, 2,  400, 2500,  kNear,    false, 40,   3};
    case SourceType::kMedia:
      return {2 * kHour, kDay,          kC, 3,  300, 3000,  kNear,    false, 60,   10};
    case SourceType::kHotline:
      return {30, 2 * kDay,             kF, 4,  500, 4000,  kNear,    false, 80,   8};
    case SourceType::kWalkIn:
      return {kDay, 30 * kDay,          kD, 3,  300, 3000,  kNear,    false, 50,   12};
    case SourceType::kSurvivorWitness:
      return {3 * kDay, 60 * kDay,      kC, 2,  50, 600,    kExact,   false, 60,   10};
    case SourceType::kEventDataset:
      return {7 * kDay, 14 * kDay,      kB, 3,  0, 0,       kExact,   false, 0,    3};
    case SourceType::kOther:
      break;
  }
  return {kDay, 7 * kDay, kF, 6, 500, 5000, kNear, false, 20, 10};
}
// clang-format on

bool IsOwnForceRecord(SourceType type) {
  return type == SourceType::kOwnForceLog || type == SourceType::kBattleDamageAssessment;
}

// Whether a report may blame someone other than the perpetrator.
enum class Misattribution { kAllowed, kNotAllowed };

constexpr std::array<int, 4> kReportCountWeights = {30, 35, 22, 13};  // one to four reports
constexpr int kOwnLogPercent = 70;  // own-force events with the force's own log
constexpr int kBdaPercent = 30;     // own-force events with a battle damage assessment
constexpr int kMisattributionPercent = 10;
constexpr int kGradeShiftPercent = 25;  // reliability or credibility one step off the usual

// The sources that report an event: the force's own records first, then outside sources drawn
// by weight, all different.
std::vector<const Source*> ChooseSources(const Truth& t, Rng& rng) {
  const size_t wanted = 1 + rng.Weighted(kReportCountWeights);
  std::vector<const Source*> chosen;
  const auto add_own = [&](SourceType type) {
    for (const Source& s : t.theatre->sources) {
      if (s.type == type && chosen.size() < wanted) chosen.push_back(&s);
    }
  };
  if (t.own_force() && rng.Percent(kOwnLogPercent)) add_own(SourceType::kOwnForceLog);
  if (t.own_force() && rng.Percent(kBdaPercent)) add_own(SourceType::kBattleDamageAssessment);

  std::vector<const Source*> outside;
  std::vector<int> weights;
  for (const Source& s : t.theatre->sources) {
    if (s.weight > 0) {
      outside.push_back(&s);
      weights.push_back(s.weight);
    }
  }
  while (chosen.size() < wanted && !outside.empty()) {
    const size_t i = rng.Weighted(weights);
    chosen.push_back(outside[i]);
    outside.erase(outside.begin() + static_cast<std::ptrdiff_t>(i));
    weights.erase(weights.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return chosen;
}

template <typename E>
E ShiftGrade(E typical, int lowest, int highest, Rng& rng) {
  int grade = static_cast<int>(typical);
  if (grade < lowest || grade > highest || !rng.Percent(kGradeShiftPercent)) return typical;
  grade += rng.Percent(50) ? 1 : -1;
  return static_cast<E>(std::clamp(grade, lowest, highest));
}

// When the report reaches civharm: after the event, and no later than the dataset's cutoff.
Timestamp ReceivedAt(const SourceProfile& profile, const Truth& t, Rng& rng) {
  constexpr int kEveningMinutes = 18 * 60;  // a coarse span is taken to end that evening
  constexpr int kAtLeastMinutes = 10;
  const Timestamp base = t.date.precision == DatePrecision::kDay
                             ? t.instant()
                             : InstantOf(t.date.end, kEveningMinutes, *t.theatre);
  const Timestamp received =
      AddMinutes(base, rng.Int(profile.min_delay_minutes, profile.max_delay_minutes));
  return std::min(received, std::max(AddMinutes(base, kAtLeastMinutes), Cutoff()));
}

// The day and time as the source gives them: the day now and then off by one (never after the
// report arrived), the time rounded and shifted by up to two hours.
DateSpan ReportedDate(const SourceProfile& profile, const Truth& t, Timestamp received, Rng& rng) {
  if (t.date.precision != DatePrecision::kDay) return t.date;
  Date day = t.date.start;
  if (rng.Percent(profile.wrong_day_percent)) {
    const Date later = day.AddDays(1);
    day = (rng.Percent(50) && later < received.date()) ? later : day.AddDays(-1);
  }
  DateSpan span = DaySpan(day);
  if (profile.exact_time_and_grid) {
    span.time_of_day = TimeOfDayOf(t.minutes);
  } else if (rng.Percent(profile.states_time_percent)) {
    constexpr int kQuarterHour = 15;
    constexpr int kMaxShiftQuarters = 8;
    const int rounded = t.minutes / kQuarterHour * kQuarterHour;
    const int shift =
        static_cast<int>(rng.Int(-kMaxShiftQuarters, kMaxShiftQuarters)) * kQuarterHour;
    span.time_of_day = TimeOfDayOf(std::clamp(rounded + shift, 0, kMinutesPerDay - 1));
  }
  return span;
}

const Town& SeatOf(const Theatre& theatre, std::string_view admin1, std::string_view admin2) {
  for (const Town& town : theatre.towns) {
    if (town.admin1 == admin1 && (admin2.empty() || town.admin2 == admin2)) return town;
  }
  return theatre.towns.front();
}

std::string MgrsOf(Point p) {
  constexpr int kOneMetre = 5;  // digits per axis
  auto mgrs = geo::ToMgrs(LatLonOf(p), kOneMetre);
  return mgrs ? *std::move(mgrs) : std::string();
}

std::string_view Spelling(const Town& town, Rng& rng) {
  const size_t i = static_cast<size_t>(rng.Int(0, static_cast<int64_t>(town.spellings.size())));
  return i == 0 ? town.name : town.spellings[i - 1];
}

// ACLED geo_precision as a dataset gives it: 1 the town, 2 near it (within about 25 km), 3 only
// the province, placed at its seat.
constexpr std::array<int, 3> kDatasetPrecisionWeights = {60, 30, 10};
constexpr int kNearMinMetres = 1000, kNearMaxMetres = 8000;
constexpr int kUnDistrictOnlyPercent = 25;
constexpr int kArabicNamePercent = 50;  // of survivors' statements, where Arabic is spoken

Location ReportedLocation(const Source& source, const SourceProfile& profile, const Truth& t,
                          Rng& rng) {
  const Theatre& theatre = *t.theatre;
  const Town& town = *t.town;
  Location loc;
  loc.country = std::string(theatre.country);
  loc.admin1 = std::string(town.admin1);
  loc.admin2 = std::string(town.admin2);
  loc.precision = profile.precision;
  Point at = Jitter(t.point, profile.min_offset_m, profile.max_offset_m, theatre, rng);
  const Town* named = &town;

  if (source.type == SourceType::kEventDataset) {
    const int code = static_cast<int>(rng.Weighted(kDatasetPrecisionWeights)) + 1;
    loc.source_precision = SourcePrecision{PrecisionScheme::kAcledGeoPrecision, code};
    loc.precision = TranslatePrecision(*loc.source_precision);
    if (code == 1) at = PointOf(town.lat, town.lon);
    if (code == 2) at = Jitter(t.point, kNearMinMetres, kNearMaxMetres, theatre, rng);
    if (code == 3) {
      named = &SeatOf(theatre, town.admin1, "");
      at = PointOf(named->lat, named->lon);
      loc.admin2.clear();
    }
  } else if (source.type == SourceType::kUn && rng.Percent(kUnDistrictOnlyPercent)) {
    const Town& seat = SeatOf(theatre, town.admin1, town.admin2);
    loc.precision = LocationPrecision::kAdmin2;
    at = PointOf(seat.lat, seat.lon);
  }
  const geo::LatLon ll = LatLonOf(at);
  loc.lat = ll.lat;
  loc.lon = ll.lon;
  if (profile.exact_time_and_grid) loc.mgrs = MgrsOf(at);

  const bool arabic = !town.arabic.empty() && source.type == SourceType::kSurvivorWitness &&
                      rng.Percent(kArabicNamePercent);
  const std::string_view place = arabic ? town.arabic : Spelling(*named, rng);
  loc.place_names.push_back({std::string(place), arabic ? "ar" : "en"});
  if (loc.precision == LocationPrecision::kAdmin1) {
    loc.description = loc.admin1;
  } else if (loc.precision == LocationPrecision::kAdmin2) {
    loc.description = fmt::format("{}, {}", loc.admin2, loc.admin1);
  } else if (!loc.mgrs.empty()) {
    loc.description = fmt::format("grid {}, near {}", loc.mgrs, place);
  } else {
    loc.description = fmt::format("{}{}",
                                  rng.Pick(std::array<std::string_view, 4>{
                                      "", "outskirts of ", "centre of ", "road leading out of "}),
                                  place);
  }
  return loc;
}

std::vector<Belligerent> ReportedBelligerents(const Source& source, const Truth& t,
                                              Misattribution misattribution, Rng& rng) {
  const Theatre& theatre = *t.theatre;
  std::vector<Belligerent> out;
  if (IsOwnForceRecord(source.type)) {
    out.push_back({std::string(kOwnForce), Attribution::kKnown, Side::kA, {}});
    out.push_back({std::string(theatre.own_force_enemy), Attribution::kKnown, Side::kB, {}});
    return out;
  }
  const Actor* blamed = t.perpetrator;
  if (misattribution == Misattribution::kAllowed && theatre.others.size() > 1 &&
      rng.Percent(kMisattributionPercent)) {
    do {
      blamed = &rng.Pick(theatre.others);
    } while (blamed == t.perpetrator);
  }
  const int known_percent = source.type == SourceType::kUn    ? 60
                            : source.type == SourceType::kNgo ? 50
                                                              : 35;
  const bool known = blamed == t.perpetrator && rng.Percent(known_percent);
  const Attribution attribution = known ? Attribution::kKnown : Attribution::kSuspected;
  out.push_back({std::string(blamed->name), attribution, Side::kA, {}});
  return out;
}

Means ReportedMeans(const Source& source, const Truth& t) {
  const Weapon& w = *t.weapon;
  if (IsOwnForceRecord(source.type)) {
    return {std::string(w.weapon), std::string(w.tactic), std::string(w.strike_type)};
  }
  if (source.type == SourceType::kUn || source.type == SourceType::kEventDataset) {
    return {std::string(w.generic), "", std::string(w.strike_type)};
  }
  return {std::string(w.generic), "", ""};
}

// --- Casualty figures as each kind of source gives them.

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
  const int mention_percent = IsOwnForceRecord(type)              ? 15
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

// --- The account, in the source's own words.

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

// One source's report of the event. `misattribution` says whether it may blame the wrong party.
Report ReportOf(const Source& source, const Truth& t, Misattribution misattribution,
                Serials& serials, Rng& rng) {
  const SourceProfile profile = ProfileOf(source.type);
  Report r;
  r.source_type = source.type;
  r.source_name = std::string(source.name);
  r.received_at = ReceivedAt(profile, t, rng);
  const int64_t serial = serials.Next(source.name);
  r.source_record_id = fmt::format("{}-{:06}", source.code, serial);
  r.reference_code = fmt::format("{}/{}/{:04}", source.code, r.received_at->date().year(), serial);
  constexpr int kGradeA = 0, kGradeE = 4, kCredibility1 = 1, kCredibility5 = 5;
  r.reliability = ShiftGrade(profile.reliability, kGradeA, kGradeE, rng);  // F stays F
  r.credibility = ShiftGrade(profile.credibility, kCredibility1, kCredibility5, rng);

  EventFacts& f = r.facts;
  f.date = ReportedDate(profile, t, *r.received_at, rng);
  f.location = ReportedLocation(source, profile, t, rng);
  f.conflict = std::string(t.theatre->conflict);
  const bool monitor = source.type == SourceType::kUn || source.type == SourceType::kNgo ||
                       source.type == SourceType::kEventDataset;
  if (source.type == SourceType::kEventDataset) {
    f.event_type = std::string(t.weapon->event_type);
    f.event_subtype = std::string(t.weapon->event_subtype);
    f.clarity = f.date.precision == DatePrecision::kDay ? EventClarity::kHigh : EventClarity::kLow;
  }
  f.belligerents = ReportedBelligerents(source, t, misattribution, rng);
  f.means = ReportedMeans(source, t);
  if (monitor) f.civilians_targeted = t.weapon->targets_civilians;
  f.casualties = ReportedCasualties(source.type, t, rng);
  f.civilian_objects = ReportedObjects(source.type, t, rng);
  f.effects = ReportedEffects(source.type, t, rng);

  r.account = AccountOf(source, r, t);
  r.citation = CitationOf(source, r);
  if (source.type == SourceType::kMedia) {
    constexpr std::array<std::string_view, 3> kRelayed = {"residents", "a local medic",
                                                          "civil defence volunteers"};
    r.original_source = std::string(rng.Pick(kRelayed));
  }
  if (source.type == SourceType::kOwnForceLog) {
    r.source_fields = {{"dtg", DateTimeGroup(t.instant())}, {"unit", t.unit}};
  }
  if (source.type == SourceType::kEventDataset) {
    r.source_fields = {{"event_id", fmt::format("{}{:05}", source.code, serial)},
                       {"geo_precision", std::to_string(f.location.source_precision->code)}};
  }
  return r;
}

// The event's reports in the order they arrived. For an own-force event, the first report to
// blame anyone blames the force, so the incident always names it.
std::vector<Report> ReportsOf(const Truth& t, Serials& serials, Rng& rng) {
  std::vector<Report> reports;
  bool perpetrator_named = !t.own_force();
  for (const Source* source : ChooseSources(t, rng)) {
    const Misattribution m =
        perpetrator_named ? Misattribution::kAllowed : Misattribution::kNotAllowed;
    reports.push_back(ReportOf(*source, t, m, serials, rng));
    perpetrator_named =
        perpetrator_named || reports.back().facts.belligerents.front().name == t.perpetrator->name;
  }
  std::stable_sort(reports.begin(), reports.end(), [](const Report& a, const Report& b) {
    return *a.received_at < *b.received_at;
  });
  return reports;
}

// ---------------------------------------------------------------------------------------------
// The incident, fused from its reports.

// From the lowest to the highest figure any report gave, with the median of their best
// estimates: the range linkage gives an incident.
CountRange Fuse(const std::vector<const CountRange*>& ranges) {
  std::vector<int64_t> figures, bests;
  for (const CountRange* r : ranges) {
    for (const auto& v : {r->min, r->best, r->max}) {
      if (v) figures.push_back(*v);
    }
    if (r->best) bests.push_back(*r->best);
  }
  if (figures.empty()) return {};
  std::sort(bests.begin(), bests.end());
  CountRange fused{.min = *std::min_element(figures.begin(), figures.end()),
                   .max = *std::max_element(figures.begin(), figures.end())};
  if (!bests.empty()) fused.best = bests[(bests.size() - 1) / 2];
  return fused;
}

Casualties FuseCasualties(const std::vector<Report>& reports) {
  Casualties out;
  constexpr std::array kStatuses = {CasualtyStatus::kCivilian, CasualtyStatus::kCombatant,
                                    CasualtyStatus::kUndetermined};
  for (CasualtyStatus status : kStatuses) {
    for (CountRange Harm::*outcome : {&Harm::killed, &Harm::injured}) {
      std::vector<const CountRange*> ranges;
      for (const Report& r : reports) ranges.push_back(&(r.facts.casualties.of(status).*outcome));
      out.of(status).*outcome = Fuse(ranges);
    }
  }
  // The breakdown of the most detailed report: its cells fit under the fused maximum.
  for (const Report& r : reports) {
    if (r.facts.casualties.breakdown.size() > out.breakdown.size()) {
      out.breakdown = r.facts.casualties.breakdown;
    }
  }
  // Totals where any source gave them, as the sums of the statuses' ranges.
  const auto total = [&](CountRange Harm::*outcome) {
    CountRange sum{.min = 0, .max = 0};
    for (CasualtyStatus status : kStatuses) {
      const CountRange& r = out.of(status).*outcome;
      *sum.min += r.min.value_or(0);
      *sum.max += r.max.value_or(0);
    }
    return sum;
  };
  const bool any_total = std::any_of(reports.begin(), reports.end(), [](const Report& r) {
    return !r.facts.casualties.total_killed.empty();
  });
  if (any_total) out.total_killed = total(&Harm::killed);
  return out;
}

DateSpan FuseDates(const std::vector<Report>& reports) {
  const auto same = [&](const Report& r) { return r.facts.date == reports.front().facts.date; };
  if (std::all_of(reports.begin(), reports.end(), same)) return reports.front().facts.date;
  DateSpan span = reports.front().facts.date;
  for (const Report& r : reports) {
    span.start = std::min(span.start, r.facts.date.start);
    span.end = std::max(span.end, r.facts.date.end);
  }
  span.precision = span.start == span.end ? DatePrecision::kDay : DatePrecision::kDayRange;
  // When the sources agree on the day, the time of the most reliable one that gives a time.
  span.time_of_day.reset();
  const Report* timed = nullptr;
  for (const Report& r : reports) {
    if (r.facts.date.time_of_day && (!timed || r.reliability < timed->reliability)) timed = &r;
  }
  if (span.precision == DatePrecision::kDay && timed) {
    span.time_of_day = timed->facts.date.time_of_day;
  }
  return span;
}

// The most precise location any report gave, named as civharm's gazetteer names the town.
Location FuseLocation(const std::vector<Report>& reports, const Truth& t) {
  const Report* best = &reports.front();
  for (const Report& r : reports) {
    if (*r.facts.location.precision < *best->facts.location.precision) best = &r;
  }
  Location loc = best->facts.location;
  loc.source_precision.reset();
  loc.admin1 = std::string(t.town->admin1);
  if (loc.precision == LocationPrecision::kAdmin1) {  // nobody named the town
    loc.admin2.clear();
    loc.place_names.clear();
    loc.description = loc.admin1;
    return loc;
  }
  loc.admin2 = std::string(t.town->admin2);
  loc.place_names = {{std::string(t.town->name), "en"}};
  if (!t.town->arabic.empty()) loc.place_names.push_back({std::string(t.town->arabic), "ar"});
  loc.description = fmt::format("{}, {}, {}", t.town->name, t.town->admin2, t.town->admin1);
  return loc;
}

std::vector<Belligerent> FuseBelligerents(const std::vector<Report>& reports) {
  std::vector<Belligerent> out;
  for (const Report& r : reports) {
    for (const Belligerent& b : r.facts.belligerents) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const Belligerent& o) { return o.name == b.name; });
      if (it == out.end()) {
        out.push_back({b.name, b.attribution, b.side, {}});
      } else if (b.attribution == Attribution::kKnown) {
        it->attribution = Attribution::kKnown;
      }
    }
  }
  return out;
}

template <typename T, typename Key>
std::vector<T> UnionByKind(const std::vector<Report>& reports, std::vector<T> EventFacts::*list,
                           Key key) {
  std::vector<T> out;
  for (const Report& r : reports) {
    for (const T& item : r.facts.*list) {
      const bool seen =
          std::any_of(out.begin(), out.end(), [&](const T& o) { return key(o) == key(item); });
      if (!seen) out.push_back(item);
    }
  }
  return out;
}

// Airwars-style grade: what outside monitors make of the event. Contested when sources blame
// different parties, confirmed when the force's own records admit civilian harm, fair when
// several outside sources agree, weak otherwise.
std::optional<ExternalGrade> GradeOf(const std::vector<Report>& reports, const EventFacts& fused,
                                     bool own_force, Rng& rng) {
  constexpr int kOwnForceGradedPercent = 75;
  constexpr int kOthersGradedPercent = 10;
  constexpr int kDiscountedPercent = 5;
  if (!rng.Percent(own_force ? kOwnForceGradedPercent : kOthersGradedPercent)) return std::nullopt;
  if (rng.Percent(kDiscountedPercent)) return ExternalGrade::kDiscounted;
  const auto blamed = std::count_if(fused.belligerents.begin(), fused.belligerents.end(),
                                    [](const Belligerent& b) { return b.side == Side::kA; });
  if (blamed > 1) return ExternalGrade::kContested;
  int outside = 0;
  bool records_admit_harm = false;
  for (const Report& r : reports) {
    if (IsOwnForceRecord(r.source_type)) {
      records_admit_harm =
          records_admit_harm || r.facts.casualties.civilian.killed.max.value_or(0) > 0;
    } else {
      ++outside;
    }
  }
  if (records_admit_harm) return ExternalGrade::kConfirmed;
  constexpr int kSeveralSources = 2;
  return outside >= kSeveralSources ? ExternalGrade::kFair : ExternalGrade::kWeak;
}

// The force's own assessment: older allegations have moved further through the lifecycle.
AssessmentStatus StatusOf(Date day, Rng& rng) {
  using enum AssessmentStatus;
  constexpr std::array kOrder = {kUnassessed,       kAssessing, kCredible,      kNotCredible,
                                 kInsufficientInfo, kDuplicate, kInvestigating, kInvestigated,
                                 kResponding,       kClosed,    kReopened};
  constexpr std::array<int, 11> kLastMonth = {80, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  constexpr std::array<int, 11> kLastHalfYear = {50, 20, 8, 6, 8, 3, 5, 0, 0, 0, 0};
  constexpr std::array<int, 11> kOlder = {30, 8, 12, 10, 12, 4, 5, 5, 6, 7, 2};
  constexpr int kMonthDays = 30, kHalfYearDays = 182;
  const int age = FirstDay().AddDays(kPeriodDays).days() - day.days();
  const auto& weights = age < kMonthDays      ? kLastMonth
                        : age < kHalfYearDays ? kLastHalfYear
                                              : kOlder;
  return kOrder[rng.Weighted(weights)];
}

// "Airstrike on houses in Saffa", named after the place as the incident knows it.
std::string TitleOf(const Truth& t, const Location& where) {
  const std::string place =
      where.place_names.empty() ? where.admin1 : where.place_names.front().name;
  if (t.objects.empty()) return fmt::format("{} near {}", t.weapon->headline, place);
  const ObjectKind kind = t.objects.front().kind;
  const bool outside_town = kind == ObjectKind::kRoadOrBridge || kind == ObjectKind::kAgriculture ||
                            kind == ObjectKind::kShelter;
  return fmt::format("{} on {} {} {}", t.weapon->headline, ObjectNoun(kind, *t.theatre),
                     outside_town ? "near" : "in", place);
}

std::string DescriptionOf(const std::string& title, size_t report_count, const EventFacts& f) {
  const std::string sources =
      report_count == 1 ? "one source describes" : fmt::format("{} sources describe", report_count);
  return fmt::format("{} {}, as {} it. Civilians killed: {}; injured: {}.", title, SpanText(f.date),
                     sources, RangeText(f.casualties.civilian.killed),
                     RangeText(f.casualties.civilian.injured));
}

Incident FuseIncident(const std::vector<Report>& reports, const Truth& t, Rng& rng) {
  Incident inc;
  EventFacts& f = inc.facts;
  f.date = FuseDates(reports);
  f.location = FuseLocation(reports, t);
  inc.title = TitleOf(t, f.location);
  f.conflict = std::string(t.theatre->conflict);
  f.event_type = std::string(t.weapon->event_type);
  f.event_subtype = std::string(t.weapon->event_subtype);
  f.belligerents = FuseBelligerents(reports);
  const auto own_record = std::find_if(reports.begin(), reports.end(), [](const Report& r) {
    return IsOwnForceRecord(r.source_type);
  });
  f.means = own_record != reports.end()
                ? own_record->facts.means
                : Means{std::string(t.weapon->generic), std::string(t.weapon->tactic),
                        std::string(t.weapon->strike_type)};
  f.civilians_targeted = t.weapon->targets_civilians;
  f.clarity = f.date.precision == DatePrecision::kDay ? EventClarity::kHigh : EventClarity::kLow;
  f.casualties = FuseCasualties(reports);
  f.civilian_objects = UnionByKind(reports, &EventFacts::civilian_objects,
                                   [](const CivilianObject& o) { return o.kind; });
  f.effects = UnionByKind(reports, &EventFacts::effects, [](const Effect& e) { return e.kind; });
  f.description = DescriptionOf(inc.title, reports.size(), f);
  inc.external_grade = GradeOf(reports, f, t.own_force(), rng);
  inc.status = StatusOf(t.date.start, rng);
  return inc;
}

// ---------------------------------------------------------------------------------------------
// Own-force operations.

constexpr int kCdeExceededPercent = 35;     // of the strikes that harmed civilians
constexpr int kQuietOperationPercent = 60;  // strikes after which no harm was reported
constexpr int kAimpointOffsetMetres = 40;

std::string CdeLevel(int64_t civilians_killed_max, Rng& rng) {
  if (civilians_killed_max == 0) return rng.Percent(50) ? "CDE 1" : "CDE 2";
  if (civilians_killed_max == 1) return "CDE 3";
  if (civilians_killed_max <= 3) return "CDE 4";
  return "CDE 5";
}

// Most estimates cover what happened; about a third of the strikes that harmed civilians harmed
// more than estimated, which is what CDE validation is there to show.
CollateralDamageEstimate EstimateFor(int64_t actual_killed, Rng& rng) {
  const bool exceeded = actual_killed > 0 && rng.Percent(kCdeExceededPercent);
  // How far a cautious estimate exceeds what happened: mostly not at all, at most by three.
  constexpr std::array kMarginWeights = {50, 30, 15, 5};
  const int64_t killed_max =
      exceeded ? rng.Int(0, actual_killed - 1)
               : actual_killed + static_cast<int64_t>(rng.Weighted(kMarginWeights));
  CollateralDamageEstimate cde;
  cde.civilian_killed = {.min = 0, .max = killed_max};
  cde.civilian_injured = {.min = 0, .max = killed_max * 2 + rng.Int(0, 2)};  // about twice
  cde.level = CdeLevel(killed_max, rng);
  return cde;
}

std::string Codename(Rng& rng) {
  constexpr std::array<std::string_view, 10> kAdjectives = {
      "Granite", "Amber",  "Silent",  "Northern", "Iron",
      "Copper",  "Desert", "Falling", "Hollow",   "Crimson"};
  constexpr std::array<std::string_view, 10> kNouns = {"Heron",   "Lantern", "Anvil", "Harbour",
                                                       "Falcon",  "Meadow",  "Spear", "Compass",
                                                       "Orchard", "Beacon"};
  return fmt::format("{} {}", rng.Pick(kAdjectives), rng.Pick(kNouns));
}

Location AimpointOf(const Theatre& theatre, const Town& town, Point point) {
  Location loc;
  const geo::LatLon ll = LatLonOf(point);
  loc.lat = ll.lat;
  loc.lon = ll.lon;
  loc.mgrs = MgrsOf(point);
  loc.country = std::string(theatre.country);
  loc.admin1 = std::string(town.admin1);
  loc.admin2 = std::string(town.admin2);
  loc.place_names = {{std::string(town.name), "en"}};
  loc.precision = LocationPrecision::kExact;
  return loc;
}

std::string NextOperationReference(Timestamp when, Serials& serials) {
  const int year = when.date().year();
  return fmt::format("OP-{}-{:04}", year, serials.Next(fmt::format("OP-{}", year)));
}

// The strike behind an own-force event, with the estimate made before it.
Operation OperationBehind(const Truth& t, Serials& serials, Rng& rng) {
  constexpr int kMinLeadMinutes = 2, kMaxLeadMinutes = 20;
  constexpr int kMinLengthMinutes = 5, kMaxLengthMinutes = 90;
  constexpr int kMinPatternHours = 2, kMaxPatternHours = 72;
  const Timestamp when = t.instant();
  Operation op;
  op.reference = NextOperationReference(when, serials);
  op.name = Codename(rng);
  op.start = AddMinutes(when, -rng.Int(kMinLeadMinutes, kMaxLeadMinutes));
  op.end = AddMinutes(when, rng.Int(kMinLengthMinutes, kMaxLengthMinutes));
  const Point aimpoint = Jitter(t.point, 0, kAimpointOffsetMetres, *t.theatre, rng);
  op.location = AimpointOf(*t.theatre, *t.town, aimpoint);
  op.unit = t.unit;
  op.weapon = std::string(t.weapon->weapon);
  op.target = t.target;
  op.cde = EstimateFor(t.civilians_killed, rng);
  op.notes = fmt::format("Pattern of life observed for {} hours before the strike.",
                         rng.Int(kMinPatternHours, kMaxPatternHours));
  return op;
}

// A strike later the same day after which nobody reported harm: most strikes are like this, and
// CDE validation needs them.
Operation QuietOperationAfter(const Truth& t, Serials& serials, Rng& rng) {
  constexpr int kMinLaterMinutes = 30, kMaxLaterMinutes = 6 * 60;
  constexpr int kMinLengthMinutes = 5, kMaxLengthMinutes = 60;
  const Theatre& theatre = *t.theatre;
  const Timestamp when = AddMinutes(t.instant(), rng.Int(kMinLaterMinutes, kMaxLaterMinutes));
  const OwnArm& arm = rng.Pick(theatre.own_arms);
  const Town& town = rng.Pick(theatre.towns);
  Operation op;
  op.reference = NextOperationReference(when, serials);
  op.name = Codename(rng);
  op.start = when;
  op.end = AddMinutes(when, rng.Int(kMinLengthMinutes, kMaxLengthMinutes));
  const Point aimpoint = Jitter(PointOf(town.lat, town.lon), 0, kTownRadiusMetres, theatre, rng);
  op.location = AimpointOf(theatre, town, aimpoint);
  op.unit = std::string(arm.unit);
  op.weapon = std::string(arm.weapon->weapon);
  op.target = std::string(rng.Pick(theatre.own_force_targets));
  op.cde = EstimateFor(0, rng);
  op.notes = "No civilian harm reported after the strike.";
  return op;
}

// ---------------------------------------------------------------------------------------------
// Named victims.

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

// Named victims for some deadly events, in households, never more per outcome than the
// incident's civilian maximum.
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

// ---------------------------------------------------------------------------------------------
// Putting it together.

constexpr int kSurgePercent = 35;  // of a theatre's events, those in its periods of heavy fighting

struct PlannedEvent {
  const Theatre* theatre;
  Date day;
};

// Which theatre and day each event falls on, in date order.
std::vector<PlannedEvent> PlanEvents(uint64_t seed, size_t count) {
  const std::vector<Theatre>& theatres = Theatres();
  std::vector<int> weights;
  for (const Theatre& theatre : theatres) weights.push_back(theatre.weight);
  Rng rng(seed);
  std::vector<PlannedEvent> plan;
  plan.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const Theatre& theatre = theatres[rng.Weighted(weights)];
    int offset = static_cast<int>(rng.Int(0, kPeriodDays - 1));
    if (rng.Percent(kSurgePercent)) {
      const Surge& surge = rng.Pick(theatre.surges);
      offset = surge.start_day + static_cast<int>(rng.Int(0, surge.days - 1));
    }
    plan.push_back({&theatre, FirstDay().AddDays(offset)});
  }
  std::stable_sort(plan.begin(), plan.end(),
                   [](const PlannedEvent& a, const PlannedEvent& b) { return a.day < b.day; });
  return plan;
}

}  // namespace

DemoData GenerateDemoData(const DemoOptions& options) {
  DemoData data;
  Serials serials;
  const std::vector<PlannedEvent> plan = PlanEvents(options.seed, options.events);
  data.events.reserve(plan.size());
  for (size_t i = 0; i < plan.size(); ++i) {
    Rng rng = EventRng(options.seed, i);
    const Truth t = DrawTruth(*plan[i].theatre, plan[i].day, rng);
    DemoEvent event;
    if (t.own_force()) {
      data.operations.push_back(OperationBehind(t, serials, rng));
      event.operation = data.operations.size() - 1;
      if (rng.Percent(kQuietOperationPercent)) {
        data.operations.push_back(QuietOperationAfter(t, serials, rng));
      }
    }
    event.reports = ReportsOf(t, serials, rng);
    event.incident = FuseIncident(event.reports, t, rng);
    event.victims = VictimsOf(t, event.incident, serials, rng);
    data.events.push_back(std::move(event));
  }
  return data;
}

}  // namespace civharm::service
