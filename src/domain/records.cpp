#include "domain/records.h"

#include <fmt/format.h>

#include "core/problems.h"
#include "core/strings.h"

namespace civharm {
namespace {

void ValidateMeta(const RecordMeta& meta, Problems& problems) {
  for (size_t i = 0; i < meta.restricted_to.size(); ++i) {
    if (!IsValidGroupName(meta.restricted_to[i])) {
      problems.Add(fmt::format("restricted_to[{}]", i),
                   "a group name is 1 to 64 lower-case letters, digits, '-', '_' or '.'");
    }
  }
  if (meta.retraction && Trim(meta.retraction->reason).empty()) {
    problems.Add("retraction.reason", "a retraction needs a reason");
  }
  if (meta.retraction) {
    ValidateText(meta.retraction->reason, "retraction.reason", kMaxLongText, problems);
    if (meta.retraction->superseded_by && !IsValidId(*meta.retraction->superseded_by)) {
      problems.Add("retraction.superseded_by", "is not a record id");
    }
  }
}

void ValidateOptionalId(const std::optional<Id>& id, const char* field, Problems& problems) {
  if (id && !IsValidId(*id)) problems.Add(field, fmt::format("'{}' is not a record id", *id));
}

}  // namespace

EntityKind KindOf(const AnyRecord& r) {
  return std::visit([](const auto& rec) { return KindOf<std::decay_t<decltype(rec)>>(); }, r);
}
const RecordMeta& MetaOf(const AnyRecord& r) {
  return std::visit([](const auto& rec) -> const RecordMeta& { return rec.meta; }, r);
}
RecordMeta& MetaOf(AnyRecord& r) {
  return std::visit([](auto& rec) -> RecordMeta& { return rec.meta; }, r);
}
Status Validate(const AnyRecord& r) {
  return std::visit([](const auto& rec) { return Validate(rec); }, r);
}

bool IsValidGroupName(std::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") == std::string::npos;
}

AgeGroup AgeGroupOf(int age) {
  if (age < 18) return AgeGroup::kChild;
  if (age >= 60) return AgeGroup::kElderly;
  return AgeGroup::kAdult;
}

Status Validate(const Report& r) {
  Problems p;
  ValidateMeta(r.meta, p);
  if (Trim(r.source_name).empty()) p.Add("source_name", "must not be empty");
  ValidateText(r.source_name, "source_name", kMaxShortText, p);
  ValidateText(r.source_record_id, "source_record_id", kMaxShortText, p);
  ValidateText(r.reference_code, "reference_code", kMaxShortText, p);
  if (r.credibility && (*r.credibility < 1 || *r.credibility > 6)) {
    p.Add("credibility", fmt::format("{} is not a credibility grade from 1 to 6", *r.credibility));
  }
  ValidateFacts(r.facts, "", p);
  ValidateText(r.account, "account", kMaxLongText, p);
  ValidateText(r.contact, "contact", kMaxLongText, p);
  ValidateText(r.citation, "citation", kMaxLongText, p);
  ValidateText(r.original_source, "original_source", kMaxLongText, p);
  for (const auto& [key, value] : r.source_fields) {
    if (Trim(key).empty()) p.Add("source_fields", "a field name must not be empty");
    ValidateText(key, "source_fields", kMaxShortText, p);
    ValidateText(value, Path("source_fields", key), kMaxLongText, p);
  }
  ValidateOptionalId(r.incident_id, "incident_id", p);
  return p.ToStatus();
}

Status Validate(const Incident& i) {
  Problems p;
  ValidateMeta(i.meta, p);
  ValidateText(i.title, "title", kMaxShortText, p);
  ValidateFacts(i.facts, "", p);
  for (size_t k = 0; k < i.operation_ids.size(); ++k) {
    if (!IsValidId(i.operation_ids[k])) p.Add(Index("operation_ids", k), "is not a record id");
  }
  return p.ToStatus();
}

Status Validate(const Victim& v) {
  Problems p;
  ValidateMeta(v.meta, p);
  ValidateText(v.source_name, "source_name", kMaxShortText, p);
  ValidateText(v.source_record_id, "source_record_id", kMaxShortText, p);
  if (!v.source_record_id.empty() && Trim(v.source_name).empty()) {
    p.Add("source_name", "must be given with source_record_id");
  }
  ValidateOptionalId(v.incident_id, "incident_id", p);
  ValidateLocalNames(v.names, "names", p);
  if (v.age && (*v.age < 0 || *v.age > 130)) {
    p.Add("age", fmt::format("{} is not an age from 0 to 130", *v.age));
  } else if (v.age && v.age_group && *v.age_group != AgeGroup::kUnknown &&
             *v.age_group != AgeGroupOf(*v.age)) {
    p.Add("age_group", fmt::format("'{}' disagrees with age {} ({})", EnumName(*v.age_group),
                                   *v.age, EnumName(AgeGroupOf(*v.age))));
  }
  ValidateText(v.family_group_id, "family_group_id", kMaxShortText, p);
  ValidateText(v.external_registry_id, "external_registry_id", kMaxShortText, p);
  return p.ToStatus();
}

Status Validate(const Operation& o) {
  Problems p;
  ValidateMeta(o.meta, p);
  if (Trim(o.reference).empty()) p.Add("reference", "must not be empty");
  ValidateText(o.reference, "reference", kMaxShortText, p);
  ValidateText(o.name, "name", kMaxShortText, p);
  if (o.end && *o.end < o.start) p.Add("end", "must not be before start");
  ValidateLocation(o.location, "location", p);
  ValidateText(o.unit, "unit", kMaxShortText, p);
  ValidateText(o.weapon, "weapon", kMaxShortText, p);
  ValidateText(o.target, "target", kMaxLongText, p);
  ValidateCountRange(o.cde.civilian_killed, "cde.civilian_killed", p);
  ValidateCountRange(o.cde.civilian_injured, "cde.civilian_injured", p);
  ValidateText(o.cde.level, "cde.level", kMaxShortText, p);
  ValidateText(o.notes, "notes", kMaxLongText, p);
  return p.ToStatus();
}

}  // namespace civharm
