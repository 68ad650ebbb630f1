#include "domain/test_fixtures.h"

namespace civharm::testing {

EventFacts SampleFacts() {
  EventFacts f;
  f.date.start = *Date::Parse("2013-01-03");
  f.date.end = *Date::Parse("2013-01-05");
  f.date.precision = DatePrecision::kDayRange;
  f.date.time_of_day = *TimeOfDay::Parse("14:30");
  f.location.lat = 35.763369;
  f.location.lon = 36.558974;
  f.location.mgrs = "37SBV7931960451";  // the 1 m square holding the point
  f.location.country = "Syria";
  f.location.admin1 = "Idlib governorate";
  f.location.admin2 = "Ariha district";
  f.location.admin3 = "Ariha subdistrict";
  f.location.place_names = {{"Rami village", "en"}, {"الرامي", "ar"}};
  f.location.description = "in the al-Rami village";
  f.location.precision = LocationPrecision::kExact;
  f.location.source_precision = SourcePrecision{PrecisionScheme::kUcdpWherePrec, 1};
  f.conflict = "Syria: Government";
  f.event_type = "Explosions/Remote violence";
  f.event_subtype = "Air/drone strike";
  f.belligerents = {{"Government of Syria", Attribution::kKnown, Side::kA, {.best = 0}},
                    {"Syrian insurgents", Attribution::kSuspected, Side::kB, {.best = 2}}};
  f.means = {"unguided bomb", "dynamic strike", "airstrike"};
  f.civilians_targeted = false;
  f.clarity = EventClarity::kHigh;
  f.casualties.civilian.killed = {2, 3, 5};
  f.casualties.civilian.injured = {.min = 4, .max = 10};
  f.casualties.combatant.killed = {.best = 2};
  f.casualties.undetermined.killed = {.min = 0, .max = 1};
  f.casualties.total_killed = {4, 5, 8};
  f.casualties.breakdown = {
      {CasualtyStatus::kCivilian, Outcome::kKilled, AgeGroup::kChild, Sex::kFemale, {1, 1, 2}},
      {CasualtyStatus::kCivilian, Outcome::kKilled, AgeGroup::kAdult, Sex::kMale, {.min = 1}}};
  f.civilian_objects = {{ObjectKind::kResidence, 3, "three houses destroyed"},
                        {ObjectKind::kWater, std::nullopt, "pumping station damaged"}};
  f.effects = {{EffectKind::kServicesCut, "water cut to 4,000 people for two weeks"},
               {EffectKind::kDisplacement, "12 families left"}};
  f.description = "Strike on houses at the edge of the village.";
  return f;
}

Report SampleReport() {
  Report r;
  r.source_type = SourceType::kNgo;
  r.source_name = "Violations Documentation Center";
  r.source_record_id = "VDC-2013-0042";
  r.reference_code = "VDC/2013/42";
  r.received_at = *Timestamp::Parse("2013-01-06T09:00:00Z");
  r.reliability = Reliability::kB;
  r.credibility = 2;
  r.facts = SampleFacts();
  r.account = "A neighbour said the strike hit at about half past two.";
  r.citation = "VDC bulletin 2013-01-06";
  r.original_source = "local coordination committee";
  r.source_fields = {{"number_of_sources", "2"}, {"priogrid_gid", "181154"}};
  return r;
}

Incident SampleIncident() {
  Incident i;
  i.title = "Strike on al-Rami village";
  i.facts = SampleFacts();
  i.external_grade = ExternalGrade::kFair;
  i.status = AssessmentStatus::kUnassessed;
  return i;
}

Victim SampleVictim() {
  Victim v;
  v.source_name = "Ministry of Health list";
  v.source_record_id = "MOH-17";
  v.names = {{"Abdul Satar Mustafa Hankosh", "en"}, {"عبد الستار مصطفى حنكوش", "ar"}};
  v.age = 34;
  v.age_group = AgeGroup::kAdult;
  v.sex = Sex::kMale;
  v.status = CasualtyStatus::kCivilian;
  v.outcome = VictimOutcome::kKilled;
  v.family_group_id = "F-9";
  v.external_registry_id = "REG-55012";
  v.consent_to_publish = Consent::kRefused;
  return v;
}

Operation SampleOperation() {
  Operation o;
  o.reference = "OP-2013-0103-A";
  o.name = "Strike package 3";
  o.start = *Timestamp::Parse("2013-01-03T14:20:00Z");
  o.end = *Timestamp::Parse("2013-01-03T14:45:00Z");
  o.location.lat = 35.7634;
  o.location.lon = 36.5591;
  o.location.country = "Syria";
  o.location.precision = LocationPrecision::kExact;
  o.unit = "2nd Air Wing";
  o.weapon = "GBU-12";
  o.target = "vehicle depot";
  o.cde.civilian_killed = {.min = 0, .max = 1};
  o.cde.civilian_injured = {.min = 0, .max = 2};
  o.cde.level = "CDE 3";
  o.notes = "Pattern of life observed for 6 hours.";
  return o;
}

}  // namespace civharm::testing
