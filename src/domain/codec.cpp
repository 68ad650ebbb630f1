#include "domain/codec.h"

#include <climits>

#include "domain/json_reader.h"

namespace civharm {

using internal::JsonReader;
using nlohmann::json;

namespace {

// ---- writing -------------------------------------------------------------------------------

void PutText(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
template <typename T>
void PutOpt(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}
template <typename E>
void PutEnum(json& j, const char* key, const std::optional<E>& v) {
  if (v) j[key] = EnumName(*v);
}
void PutRange(json& j, const char* key, const CountRange& r) {
  if (!r.empty()) j[key] = ToJson(r);
}
void PutNames(json& j, const char* key, const std::vector<LocalName>& names) {
  if (names.empty()) return;
  json arr = json::array();
  for (const LocalName& n : names) {
    json e = {{"name", n.name}};
    PutText(e, "lang", n.lang);
    arr.push_back(std::move(e));
  }
  j[key] = std::move(arr);
}

void PutMeta(json& j, const RecordMeta& m) {
  if (!m.id.empty()) j["id"] = m.id;
  if (m.version > 0) {
    j["version"] = m.version;
    j["created_at"] = m.created_at.ToString();
    j["updated_at"] = m.updated_at.ToString();
  }
  if (m.retraction) {
    json r = {{"at", m.retraction->at.ToString()}, {"reason", m.retraction->reason}};
    PutText(r, "by", m.retraction->by);
    PutOpt(r, "superseded_by", m.retraction->superseded_by);
    j["retraction"] = std::move(r);
  }
  if (!m.restricted_to.empty()) j["restricted_to"] = m.restricted_to;
}

json LocationJson(const Location& l) {
  json j = json::object();
  PutOpt(j, "lat", l.lat);
  PutOpt(j, "lon", l.lon);
  PutText(j, "mgrs", l.mgrs);
  PutText(j, "country", l.country);
  PutText(j, "admin1", l.admin1);
  PutText(j, "admin2", l.admin2);
  PutText(j, "admin3", l.admin3);
  PutNames(j, "place_names", l.place_names);
  PutText(j, "description", l.description);
  PutEnum(j, "precision", l.precision);
  if (l.source_precision) {
    j["source_precision"] = {{"scheme", EnumName(l.source_precision->scheme)},
                             {"code", l.source_precision->code}};
  }
  return j;
}

void PutFacts(json& j, const EventFacts& f) {
  json date = {{"start", f.date.start.ToString()},
               {"end", f.date.end.ToString()},
               {"precision", EnumName(f.date.precision)}};
  if (f.date.time_of_day) date["time"] = f.date.time_of_day->ToString();
  j["date"] = std::move(date);
  if (json loc = LocationJson(f.location); !loc.empty()) j["location"] = std::move(loc);
  PutText(j, "conflict", f.conflict);
  PutText(j, "event_type", f.event_type);
  PutText(j, "event_subtype", f.event_subtype);
  if (!f.belligerents.empty()) {
    json arr = json::array();
    for (const Belligerent& b : f.belligerents) {
      json e = {{"name", b.name}, {"attribution", EnumName(b.attribution)}};
      PutEnum(e, "side", b.side);
      PutRange(e, "killed", b.killed);
      arr.push_back(std::move(e));
    }
    j["belligerents"] = std::move(arr);
  }
  if (!f.means.empty()) {
    json m = json::object();
    PutText(m, "weapon", f.means.weapon);
    PutText(m, "tactic", f.means.tactic);
    PutText(m, "strike_type", f.means.strike_type);
    j["means"] = std::move(m);
  }
  PutOpt(j, "civilians_targeted", f.civilians_targeted);
  PutEnum(j, "clarity", f.clarity);

  json cas = json::object();
  for (CasualtyStatus s :
       {CasualtyStatus::kCivilian, CasualtyStatus::kCombatant, CasualtyStatus::kUndetermined}) {
    json h = json::object();
    PutRange(h, "killed", f.casualties.of(s).killed);
    PutRange(h, "injured", f.casualties.of(s).injured);
    if (!h.empty()) cas[std::string(EnumName(s))] = std::move(h);
  }
  PutRange(cas, "total_killed", f.casualties.total_killed);
  PutRange(cas, "total_injured", f.casualties.total_injured);
  if (!f.casualties.breakdown.empty()) {
    json arr = json::array();
    for (const BreakdownEntry& e : f.casualties.breakdown) {
      arr.push_back({{"status", EnumName(e.status)},
                     {"outcome", EnumName(e.outcome)},
                     {"age_group", EnumName(e.age_group)},
                     {"sex", EnumName(e.sex)},
                     {"count", ToJson(e.count)}});
    }
    cas["breakdown"] = std::move(arr);
  }
  if (!cas.empty()) j["casualties"] = std::move(cas);

  if (!f.civilian_objects.empty()) {
    json arr = json::array();
    for (const CivilianObject& o : f.civilian_objects) {
      json e = {{"kind", EnumName(o.kind)}};
      PutOpt(e, "count", o.count);
      PutText(e, "description", o.description);
      arr.push_back(std::move(e));
    }
    j["civilian_objects"] = std::move(arr);
  }
  if (!f.effects.empty()) {
    json arr = json::array();
    for (const Effect& e : f.effects) {
      json x = {{"kind", EnumName(e.kind)}};
      PutText(x, "description", e.description);
      arr.push_back(std::move(x));
    }
    j["effects"] = std::move(arr);
  }
  PutText(j, "description", f.description);
}

// ---- reading -------------------------------------------------------------------------------

CountRange ReadRange(const json* v, const std::string& path, Problems& p) {
  CountRange r;
  if (!v) return r;
  JsonReader in(*v, path, p);
  r.min = in.Int("min");
  r.best = in.Int("best");
  r.max = in.Int("max");
  in.Finish();
  return r;
}

// An int-sized whole number; larger values are refused here rather than wrapped.
std::optional<int> SmallInt(JsonReader& in, std::string_view key) {
  const auto v = in.Int(key);
  if (!v) return std::nullopt;
  if (*v < INT32_MIN || *v > INT32_MAX) {
    in.problems().Add(in.field(key), fmt::format("{} is out of range", *v));
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::vector<LocalName> ReadNames(JsonReader& parent, std::string_view key) {
  std::vector<LocalName> names;
  const json* arr = parent.Array(key);
  if (!arr) return names;
  for (size_t i = 0; i < arr->size(); ++i) {
    JsonReader in((*arr)[i], Index(parent.field(key), i), parent.problems());
    in.Require("name");
    names.push_back({in.String("name"), in.String("lang")});
    in.Finish();
  }
  return names;
}

void ReadMeta(JsonReader& in, RecordMeta& m) {
  m.id = in.String("id");
  if (!m.id.empty() && !IsValidId(m.id)) {
    in.problems().Add(in.field("id"), fmt::format("'{}' is not a record id", m.id));
  }
  m.version = in.Int("version").value_or(0);
  if (m.version < 0) in.problems().Add(in.field("version"), "must not be negative");
  m.created_at = in.TimestampValue("created_at").value_or(Timestamp());
  m.updated_at = in.TimestampValue("updated_at").value_or(Timestamp());
  if (const json* r = in.Get("retraction")) {
    JsonReader rin(*r, in.field("retraction"), in.problems());
    rin.Require("at");
    Retraction ret;
    ret.at = rin.TimestampValue("at").value_or(Timestamp());
    ret.by = rin.String("by");
    ret.reason = rin.String("reason");
    const std::string sup = rin.String("superseded_by");
    if (!sup.empty()) ret.superseded_by = sup;
    rin.Finish();
    m.retraction = std::move(ret);
  }
  if (const json* groups = in.Array("restricted_to")) {
    for (size_t i = 0; i < groups->size(); ++i) {
      const json& g = (*groups)[i];
      if (!g.is_string()) {
        in.problems().Add(fmt::format("{}[{}]", in.field("restricted_to"), i), "must be a string");
        continue;
      }
      m.restricted_to.push_back(g.get<std::string>());
    }
  }
}

Location ReadLocation(const json* v, const std::string& path, Problems& p) {
  Location l;
  if (!v) return l;
  JsonReader in(*v, path, p);
  l.lat = in.Number("lat");
  l.lon = in.Number("lon");
  l.mgrs = in.String("mgrs");
  l.country = in.String("country");
  l.admin1 = in.String("admin1");
  l.admin2 = in.String("admin2");
  l.admin3 = in.String("admin3");
  l.place_names = ReadNames(in, "place_names");
  l.description = in.String("description");
  l.precision = in.Enum<LocationPrecision>("precision");
  if (const json* sp = in.Get("source_precision")) {
    JsonReader sin(*sp, in.field("source_precision"), p);
    sin.Require("scheme");
    sin.Require("code");
    const auto scheme = sin.Enum<PrecisionScheme>("scheme");
    const auto code = SmallInt(sin, "code");
    if (scheme && code) l.source_precision = SourcePrecision{*scheme, *code};
    sin.Finish();
  }
  in.Finish();
  return l;
}

void ReadFacts(JsonReader& in, EventFacts& f) {
  Problems& p = in.problems();
  in.Require("date");
  if (const json* d = in.Get("date")) {
    JsonReader din(*d, in.field("date"), p);
    din.Require("start");
    const auto start = din.DateValue("start");
    const auto end = din.DateValue("end");
    if (start) f.date.start = *start;
    f.date.end = end ? *end : f.date.start;
    f.date.precision = din.Enum<DatePrecision>("precision").value_or(DatePrecision::kDay);
    const std::string t = din.String("time");
    if (!t.empty()) {
      auto tod = TimeOfDay::Parse(t);
      if (tod)
        f.date.time_of_day = *tod;
      else
        p.Add(din.field("time"), tod.error().message());
    }
    din.Finish();
  }
  f.location = ReadLocation(in.Get("location"), in.field("location"), p);
  f.conflict = in.String("conflict");
  f.event_type = in.String("event_type");
  f.event_subtype = in.String("event_subtype");
  if (const json* arr = in.Array("belligerents")) {
    for (size_t i = 0; i < arr->size(); ++i) {
      JsonReader bin((*arr)[i], Index(in.field("belligerents"), i), p);
      bin.Require("name");
      Belligerent b;
      b.name = bin.String("name");
      b.attribution = bin.Enum<Attribution>("attribution").value_or(Attribution::kKnown);
      b.side = bin.Enum<Side>("side");
      b.killed = ReadRange(bin.Get("killed"), bin.field("killed"), p);
      bin.Finish();
      f.belligerents.push_back(std::move(b));
    }
  }
  if (const json* m = in.Get("means")) {
    JsonReader min(*m, in.field("means"), p);
    f.means.weapon = min.String("weapon");
    f.means.tactic = min.String("tactic");
    f.means.strike_type = min.String("strike_type");
    min.Finish();
  }
  f.civilians_targeted = in.Bool("civilians_targeted");
  f.clarity = in.Enum<EventClarity>("clarity");
  if (const json* c = in.Get("casualties")) {
    JsonReader cin(*c, in.field("casualties"), p);
    for (CasualtyStatus s :
         {CasualtyStatus::kCivilian, CasualtyStatus::kCombatant, CasualtyStatus::kUndetermined}) {
      const std::string key(EnumName(s));
      if (const json* h = cin.Get(key)) {
        JsonReader hin(*h, cin.field(key), p);
        f.casualties.of(s).killed = ReadRange(hin.Get("killed"), hin.field("killed"), p);
        f.casualties.of(s).injured = ReadRange(hin.Get("injured"), hin.field("injured"), p);
        hin.Finish();
      }
    }
    f.casualties.total_killed = ReadRange(cin.Get("total_killed"), cin.field("total_killed"), p);
    f.casualties.total_injured = ReadRange(cin.Get("total_injured"), cin.field("total_injured"), p);
    if (const json* arr = cin.Array("breakdown")) {
      for (size_t i = 0; i < arr->size(); ++i) {
        JsonReader ein((*arr)[i], Index(cin.field("breakdown"), i), p);
        for (const char* k : {"status", "outcome", "count"}) ein.Require(k);
        BreakdownEntry e;
        e.status = ein.Enum<CasualtyStatus>("status").value_or(CasualtyStatus::kCivilian);
        e.outcome = ein.Enum<Outcome>("outcome").value_or(Outcome::kKilled);
        e.age_group = ein.Enum<AgeGroup>("age_group").value_or(AgeGroup::kUnknown);
        e.sex = ein.Enum<Sex>("sex").value_or(Sex::kUnknown);
        e.count = ReadRange(ein.Get("count"), ein.field("count"), p);
        ein.Finish();
        f.casualties.breakdown.push_back(e);
      }
    }
    cin.Finish();
  }
  if (const json* arr = in.Array("civilian_objects")) {
    for (size_t i = 0; i < arr->size(); ++i) {
      JsonReader oin((*arr)[i], Index(in.field("civilian_objects"), i), p);
      oin.Require("kind");
      CivilianObject o;
      o.kind = oin.Enum<ObjectKind>("kind").value_or(ObjectKind::kOther);
      o.count = oin.Int("count");
      o.description = oin.String("description");
      oin.Finish();
      f.civilian_objects.push_back(std::move(o));
    }
  }
  if (const json* arr = in.Array("effects")) {
    for (size_t i = 0; i < arr->size(); ++i) {
      JsonReader ein((*arr)[i], Index(in.field("effects"), i), p);
      ein.Require("kind");
      Effect e;
      e.kind = ein.Enum<EffectKind>("kind").value_or(EffectKind::kOther);
      e.description = ein.String("description");
      ein.Finish();
      f.effects.push_back(std::move(e));
    }
  }
  f.description = in.String("description");
}

template <typename T>
Result<T> Done(Problems& p, T value) {
  if (!p.empty()) return std::unexpected(p.ToStatus());
  return value;
}

}  // namespace

CountRange CountRangeFromJson(const json* v, const std::string& path, Problems& p) {
  return ReadRange(v, path, p);
}

json ToJson(const CountRange& r) {
  json j = json::object();
  PutOpt(j, "min", r.min);
  PutOpt(j, "best", r.best);
  PutOpt(j, "max", r.max);
  return j;
}

json ToJson(const EventFacts& f) {
  json j = json::object();
  PutFacts(j, f);
  return j;
}

json ToJson(const Report& r) {
  json j = json::object();
  PutMeta(j, r.meta);
  j["source_type"] = EnumName(r.source_type);
  PutText(j, "source_name", r.source_name);
  PutText(j, "source_record_id", r.source_record_id);
  PutText(j, "reference_code", r.reference_code);
  if (r.received_at) j["received_at"] = r.received_at->ToString();
  PutEnum(j, "reliability", r.reliability);
  PutOpt(j, "credibility", r.credibility);
  PutFacts(j, r.facts);
  PutText(j, "account", r.account);
  PutText(j, "contact", r.contact);
  PutText(j, "citation", r.citation);
  PutText(j, "original_source", r.original_source);
  if (!r.source_fields.empty()) j["source_fields"] = r.source_fields;
  PutOpt(j, "incident_id", r.incident_id);
  return j;
}

json ToJson(const Incident& i) {
  json j = json::object();
  PutMeta(j, i.meta);
  PutText(j, "title", i.title);
  PutFacts(j, i.facts);
  PutEnum(j, "external_grade", i.external_grade);
  j["status"] = EnumName(i.status);
  if (!i.operation_ids.empty()) j["operation_ids"] = i.operation_ids;
  if (!i.report_ids.empty()) j["report_ids"] = i.report_ids;
  return j;
}

json ToJson(const Victim& v) {
  json j = json::object();
  PutMeta(j, v.meta);
  PutText(j, "source_name", v.source_name);
  PutText(j, "source_record_id", v.source_record_id);
  PutOpt(j, "incident_id", v.incident_id);
  PutNames(j, "names", v.names);
  PutOpt(j, "age", v.age);
  PutEnum(j, "age_group", v.age_group);
  PutEnum(j, "sex", v.sex);
  j["status"] = EnumName(v.status);
  j["outcome"] = EnumName(v.outcome);
  PutText(j, "family_group_id", v.family_group_id);
  PutText(j, "external_registry_id", v.external_registry_id);
  j["consent_to_publish"] = EnumName(v.consent_to_publish);
  return j;
}

json ToJson(const Operation& o) {
  json j = json::object();
  PutMeta(j, o.meta);
  j["reference"] = o.reference;
  PutText(j, "name", o.name);
  j["start"] = o.start.ToString();
  if (o.end) j["end"] = o.end->ToString();
  if (json loc = LocationJson(o.location); !loc.empty()) j["location"] = std::move(loc);
  PutText(j, "unit", o.unit);
  PutText(j, "weapon", o.weapon);
  PutText(j, "target", o.target);
  json cde = json::object();
  PutRange(cde, "civilian_killed", o.cde.civilian_killed);
  PutRange(cde, "civilian_injured", o.cde.civilian_injured);
  PutText(cde, "level", o.cde.level);
  if (!cde.empty()) j["cde"] = std::move(cde);
  PutText(j, "notes", o.notes);
  return j;
}

template <>
Result<Report> FromJson<Report>(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  Report r;
  ReadMeta(in, r.meta);
  in.Require("source_type");
  r.source_type = in.Enum<SourceType>("source_type").value_or(SourceType::kOther);
  r.source_name = in.String("source_name");
  r.source_record_id = in.String("source_record_id");
  r.reference_code = in.String("reference_code");
  r.received_at = in.TimestampValue("received_at");
  r.reliability = in.Enum<Reliability>("reliability");
  r.credibility = SmallInt(in, "credibility");
  ReadFacts(in, r.facts);
  r.account = in.String("account");
  r.contact = in.String("contact");
  r.citation = in.String("citation");
  r.original_source = in.String("original_source");
  if (const json* sf = in.Get("source_fields")) {
    if (!sf->is_object()) {
      p.Add("source_fields", "must be an object of text values");
    } else {
      for (auto it = sf->begin(); it != sf->end(); ++it) {
        if (!it->is_string()) {
          p.Add(Path("source_fields", it.key()), "must be text");
          continue;
        }
        r.source_fields[it.key()] = it->get<std::string>();
      }
    }
  }
  r.incident_id = in.IdValue("incident_id");
  in.Finish();
  return Done(p, std::move(r));
}

template <>
Result<Incident> FromJson<Incident>(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  Incident i;
  ReadMeta(in, i.meta);
  i.title = in.String("title");
  ReadFacts(in, i.facts);
  i.external_grade = in.Enum<ExternalGrade>("external_grade");
  i.status = in.Enum<AssessmentStatus>("status").value_or(AssessmentStatus::kUnassessed);
  i.operation_ids = in.Ids("operation_ids");
  i.report_ids = in.Ids("report_ids");
  in.Finish();
  return Done(p, std::move(i));
}

template <>
Result<Victim> FromJson<Victim>(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  Victim v;
  ReadMeta(in, v.meta);
  v.source_name = in.String("source_name");
  v.source_record_id = in.String("source_record_id");
  v.incident_id = in.IdValue("incident_id");
  v.names = ReadNames(in, "names");
  v.age = SmallInt(in, "age");
  v.age_group = in.Enum<AgeGroup>("age_group");
  v.sex = in.Enum<Sex>("sex");
  v.status = in.Enum<CasualtyStatus>("status").value_or(CasualtyStatus::kCivilian);
  in.Require("outcome");
  v.outcome = in.Enum<VictimOutcome>("outcome").value_or(VictimOutcome::kKilled);
  v.family_group_id = in.String("family_group_id");
  v.external_registry_id = in.String("external_registry_id");
  v.consent_to_publish = in.Enum<Consent>("consent_to_publish").value_or(Consent::kUnknown);
  in.Finish();
  return Done(p, std::move(v));
}

template <>
Result<Operation> FromJson<Operation>(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  Operation o;
  ReadMeta(in, o.meta);
  in.Require("reference");
  in.Require("start");
  o.reference = in.String("reference");
  o.name = in.String("name");
  o.start = in.TimestampValue("start").value_or(Timestamp());
  o.end = in.TimestampValue("end");
  o.location = ReadLocation(in.Get("location"), "location", p);
  o.unit = in.String("unit");
  o.weapon = in.String("weapon");
  o.target = in.String("target");
  if (const json* c = in.Get("cde")) {
    JsonReader cin(*c, "cde", p);
    o.cde.civilian_killed = ReadRange(cin.Get("civilian_killed"), "cde.civilian_killed", p);
    o.cde.civilian_injured = ReadRange(cin.Get("civilian_injured"), "cde.civilian_injured", p);
    o.cde.level = cin.String("level");
    cin.Finish();
  }
  o.notes = in.String("notes");
  in.Finish();
  return Done(p, std::move(o));
}

json ToJson(const AnyRecord& r) {
  return std::visit([](const auto& rec) { return ToJson(rec); }, r);
}

Result<AnyRecord> FromJson(EntityKind kind, const json& j) {
  auto wrap = [](auto result) -> Result<AnyRecord> {
    if (!result) return std::unexpected(std::move(result).error());
    return AnyRecord(std::move(*result));
  };
  switch (kind) {
    case EntityKind::kIncident:
      return wrap(FromJson<Incident>(j));
    case EntityKind::kReport:
      return wrap(FromJson<Report>(j));
    case EntityKind::kVictim:
      return wrap(FromJson<Victim>(j));
    case EntityKind::kOperation:
      return wrap(FromJson<Operation>(j));
  }
  return std::unexpected(Internal("unknown record kind"));
}

}  // namespace civharm
