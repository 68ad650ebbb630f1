#include "storage/index_values.h"

#include <nlohmann/json.hpp>

#include "geo/geo.h"

namespace civharm::storage {
namespace {

void AddText(std::string& text, std::string_view s) {
  if (s.empty()) return;
  if (!text.empty()) text += ' ';
  text += s;
}

void IndexLocation(const Location& l, IndexValues& v) {
  if (l.lat && l.lon) {
    v.lat = l.lat;
    v.lon = l.lon;
  } else if (!l.mgrs.empty()) {
    if (auto sq = geo::ParseMgrs(l.mgrs)) {
      v.lat = sq->center.lat;
      v.lon = sq->center.lon;
    }
  }
  v.country = l.country;
  v.admin1 = l.admin1;
  v.admin2 = l.admin2;
  v.admin3 = l.admin3;
  for (const auto* s : {&l.country, &l.admin1, &l.admin2, &l.admin3, &l.description}) {
    AddText(v.text, *s);
  }
  for (const LocalName& n : l.place_names) AddText(v.text, n.name);
}

void IndexFacts(const EventFacts& f, IndexValues& v) {
  v.date_start = f.date.start.days();
  v.date_end = f.date.end.days();
  IndexLocation(f.location, v);
  for (const Belligerent& b : f.belligerents) {
    v.belligerents.push_back(b.name);
    AddText(v.text, b.name);
  }
  for (const auto* s : {&f.conflict, &f.event_type, &f.event_subtype, &f.means.weapon,
                        &f.means.tactic, &f.means.strike_type, &f.description}) {
    AddText(v.text, *s);
  }
}

}  // namespace

IndexValues IndexOf(const AnyRecord& record) {
  IndexValues v;
  if (const auto& groups = MetaOf(record).restricted_to; !groups.empty()) {
    v.access = nlohmann::json(groups).dump();
  }
  if (const auto* i = std::get_if<Incident>(&record)) {
    IndexFacts(i->facts, v);
    AddText(v.text, i->title);
    v.status = EnumName(i->status);
    if (i->external_grade) v.grade = EnumName(*i->external_grade);
    v.operation_ids = i->operation_ids;
  } else if (const auto* r = std::get_if<Report>(&record)) {
    IndexFacts(r->facts, v);
    v.source_type = EnumName(r->source_type);
    v.source_name = r->source_name;
    v.source_record_id = r->source_record_id;
    v.incident_id = r->incident_id;
    // The account is a witness's own words and may name people: it is not indexed.
    for (const auto* s : {&r->source_name, &r->reference_code, &r->citation}) AddText(v.text, *s);
  } else if (const auto* vic = std::get_if<Victim>(&record)) {
    // Victims are found by incident or source list, never by free text over their names.
    v.source_name = vic->source_name;
    v.source_record_id = vic->source_record_id;
    v.incident_id = vic->incident_id;
  } else if (const auto* o = std::get_if<Operation>(&record)) {
    v.date_start = o->start.date().days();
    v.date_end = (o->end ? *o->end : o->start).date().days();
    IndexLocation(o->location, v);
    v.reference = o->reference;
    for (const auto* s : {&o->reference, &o->name, &o->unit, &o->weapon, &o->target}) {
      AddText(v.text, *s);
    }
  }
  return v;
}

}  // namespace civharm::storage
