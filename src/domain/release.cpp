#include "domain/release.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/problems.h"
#include "core/strings.h"
#include "domain/facts.h"
#include "domain/json_reader.h"

namespace civharm {
namespace {

using internal::JsonReader;
using nlohmann::json;

void PutText(json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
void PutTime(json& j, const char* key, const std::optional<Timestamp>& t) {
  if (t) j[key] = t->ToString();
}

bool IsHexDigest(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::map<std::string, int64_t> ReadCounts(JsonReader& in, std::string_view key) {
  std::map<std::string, int64_t> out;
  const json* v = in.Get(key);
  if (!v) return out;
  if (!v->is_object()) {
    in.problems().Add(in.field(key), "must be an object of counts");
    return out;
  }
  for (const auto& [name, n] : v->items()) {
    if (!n.is_number_integer() || n.get<int64_t>() < 0) {
      in.problems().Add(Path(in.field(key), name), "must be a count");
      continue;
    }
    out[name] = n.get<int64_t>();
  }
  return out;
}

int64_t ReadCount(JsonReader& in, std::string_view key) {
  const auto n = in.Int(key);
  if (n && *n < 0) in.problems().Add(in.field(key), "must be a count");
  return n.value_or(0);
}

ReleaseSummary ReadSummary(const json& j, Problems& p) {
  JsonReader in(j, "summary", p);
  ReleaseSummary s;
  s.considered = ReadCount(in, "considered");
  s.released = ReadCount(in, "released");
  s.excluded = ReadCounts(in, "excluded");
  s.by_level = ReadCounts(in, "by_level");
  s.coordinates = ReadCounts(in, "coordinates");
  s.dates_coarsened = ReadCount(in, "dates_coarsened");
  s.withheld_fields = ReadCounts(in, "withheld_fields");
  in.Finish();
  return s;
}

OpenAssessments ReadOpen(const json& j, Problems& p) {
  JsonReader in(j, "open_assessments", p);
  OpenAssessments o;
  in.Require("as_of");
  if (const auto d = in.DateValue("as_of")) o.as_of = *d;
  if (const json* stages = in.Array("stages")) {
    for (size_t i = 0; i < stages->size(); ++i) {
      JsonReader sin((*stages)[i], Index("open_assessments.stages", i), p);
      OpenStage s;
      sin.Require("stage");
      s.stage = sin.String("stage");
      s.count = ReadCount(sin, "count");
      if (const json* ages = sin.Array("by_age")) {
        if (ages->size() != s.by_age.size()) {
          p.Add(sin.field("by_age"), fmt::format("must hold {} counts", s.by_age.size()));
        } else {
          for (size_t a = 0; a < ages->size(); ++a) {
            if (!(*ages)[a].is_number_integer()) {
              p.Add(Index(sin.field("by_age"), a), "must be a count");
            } else {
              s.by_age[a] = (*ages)[a].get<int64_t>();
            }
          }
        }
      }
      if (const auto m = sin.Int("median_age_days")) s.median_age_days = static_cast<int>(*m);
      if (const auto m = sin.Int("oldest_age_days")) s.oldest_age_days = static_cast<int>(*m);
      sin.Finish();
      o.stages.push_back(std::move(s));
    }
  }
  in.Finish();
  return o;
}

json CountsJson(const std::map<std::string, int64_t>& counts) {
  json j = json::object();
  for (const auto& [k, v] : counts) j[k] = v;
  return j;
}

}  // namespace

std::array<std::string, 5> OpenAgeBucketNames() {
  std::array<std::string, 5> names;
  int low = 0;
  for (size_t i = 0; i < kOpenAgeBounds.size(); ++i) {
    names[i] = fmt::format("{}-{}", low, kOpenAgeBounds[i]);
    low = kOpenAgeBounds[i] + 1;
  }
  names.back() = fmt::format("over_{}", kOpenAgeBounds.back());
  return names;
}

Status Validate(const Release& r) {
  Problems p;
  if (!IsValidId(r.id)) p.Add("id", "is not a release id");
  if (r.version < 1) p.Add("version", "must be 1 or more");
  if (r.requested_by.empty()) p.Add("requested_by", "is required");
  ValidateText(r.note, "note", kMaxShortText, p);
  ValidateText(r.review_note, "review_note", kMaxShortText, p);
  ValidateText(r.withdraw_reason, "withdraw_reason", kMaxShortText, p);
  const bool reviewed = !r.reviewed_by.empty() || r.reviewed_at.has_value();
  if (reviewed && (r.reviewed_by.empty() || !r.reviewed_at)) {
    p.Add("reviewed_by", "a review names its reviewer and its time");
  }
  if (!r.reviewed_by.empty() && r.reviewed_by == r.requested_by) {
    p.Add("reviewed_by", "a release is reviewed by someone other than the person who requested it");
  }
  if ((r.status == ReleaseStatus::kApproved || r.status == ReleaseStatus::kRejected) && !reviewed) {
    p.Add("status", fmt::format("a release {} needs its reviewer", EnumName(r.status)));
  }
  if (r.status == ReleaseStatus::kRequested && reviewed) {
    p.Add("status", "a release that was reviewed is no longer requested");
  }
  if (r.status == ReleaseStatus::kRejected && Trim(r.review_note).empty()) {
    p.Add("review_note", "say why the release is rejected");
  }
  if (r.status == ReleaseStatus::kWithdrawn) {
    if (r.withdrawn_by.empty() || !r.withdrawn_at) {
      p.Add("withdrawn_by", "a withdrawal names who withdrew it and when");
    }
    if (Trim(r.withdraw_reason).empty()) p.Add("withdraw_reason", "say why it is withdrawn");
  } else if (!r.withdrawn_by.empty() || r.withdrawn_at || !r.withdraw_reason.empty()) {
    p.Add("withdrawn_by", "only a withdrawn release has a withdrawal");
  }
  if (r.as_of_seq < 0) p.Add("as_of_seq", "must be an audit entry's sequence number");
  if (r.incidents < 0) p.Add("incidents", "must be a count");
  if (!IsHexDigest(r.content_hash)) p.Add("content_hash", "must be 64 lower-case hex digits");
  if (r.rules.levels.empty()) p.Add("rules", "are required");
  return p.ToStatus();
}

json ToJson(const ReleaseSummary& s) {
  return {{"considered", s.considered},
          {"released", s.released},
          {"excluded", CountsJson(s.excluded)},
          {"by_level", CountsJson(s.by_level)},
          {"coordinates", CountsJson(s.coordinates)},
          {"dates_coarsened", s.dates_coarsened},
          {"withheld_fields", CountsJson(s.withheld_fields)}};
}

json ToJson(const OpenAssessments& o) {
  json stages = json::array();
  for (const OpenStage& s : o.stages) {
    json stage = {{"stage", s.stage}, {"count", s.count}, {"by_age", s.by_age}};
    if (s.median_age_days) stage["median_age_days"] = *s.median_age_days;
    if (s.oldest_age_days) stage["oldest_age_days"] = *s.oldest_age_days;
    stages.push_back(std::move(stage));
  }
  return {{"as_of", o.as_of.ToString()}, {"stages", std::move(stages)}};
}

json ToJson(const Release& r) {
  json j = {{"id", r.id},
            {"version", r.version},
            {"status", EnumName(r.status)},
            {"requested_by", r.requested_by},
            {"requested_at", r.requested_at.ToString()}};
  PutText(j, "note", r.note);
  PutText(j, "reviewed_by", r.reviewed_by);
  PutTime(j, "reviewed_at", r.reviewed_at);
  PutText(j, "review_note", r.review_note);
  PutText(j, "withdrawn_by", r.withdrawn_by);
  PutTime(j, "withdrawn_at", r.withdrawn_at);
  PutText(j, "withdraw_reason", r.withdraw_reason);
  j["as_of_seq"] = r.as_of_seq;
  j["built_on"] = r.built_on.ToString();
  j["rules"] = ToJson(r.rules);
  j["incidents"] = r.incidents;
  j["content_hash"] = r.content_hash;
  j["summary"] = ToJson(r.summary);
  j["open_assessments"] = ToJson(r.open_assessments);
  return j;
}

Result<Release> ReleaseFromJson(const json& j) {
  Problems p;
  JsonReader in(j, "", p);
  Release r;
  for (const char* key : {"id", "version", "status", "requested_by", "requested_at", "as_of_seq",
                          "built_on", "rules", "content_hash", "summary", "open_assessments"}) {
    in.Require(key);
  }
  r.id = in.String("id");
  r.version = in.Int("version").value_or(0);
  if (const auto s = in.Enum<ReleaseStatus>("status")) r.status = *s;
  r.note = in.String("note");
  r.requested_by = in.String("requested_by");
  if (const auto t = in.TimestampValue("requested_at")) r.requested_at = *t;
  r.reviewed_by = in.String("reviewed_by");
  r.reviewed_at = in.TimestampValue("reviewed_at");
  r.review_note = in.String("review_note");
  r.withdrawn_by = in.String("withdrawn_by");
  r.withdrawn_at = in.TimestampValue("withdrawn_at");
  r.withdraw_reason = in.String("withdraw_reason");
  r.as_of_seq = in.Int("as_of_seq").value_or(0);
  if (const auto d = in.DateValue("built_on")) r.built_on = *d;
  if (const json* rules = in.Get("rules")) {
    auto read = ReleaseRulesFromJson(*rules);
    if (read) {
      r.rules = std::move(*read);
    } else if (read.error().details().empty()) {
      p.Add(Path("rules", read.error().field()), read.error().message());
    } else {
      for (const FieldError& e : read.error().details()) p.Add(Path("rules", e.field), e.message);
    }
  }
  r.incidents = ReadCount(in, "incidents");
  r.content_hash = in.String("content_hash");
  if (const json* s = in.Get("summary")) r.summary = ReadSummary(*s, p);
  if (const json* o = in.Get("open_assessments")) r.open_assessments = ReadOpen(*o, p);
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return r;
}

ReleaseDigest::ReleaseDigest() {
  digest_.Add("civharm release content 1");
}

void ReleaseDigest::AddRow(std::string_view row) {
  digest_.Add("row");
  digest_.Add(row);
}

std::string ReleaseDigest::Finish(const OpenAssessments& open) {
  digest_.Add("open_assessments");
  digest_.Add(ToJson(open).dump());
  return digest_.Finish();
}

std::string ReleaseContentHash(std::span<const std::string> rows, const OpenAssessments& open) {
  ReleaseDigest d;
  for (const std::string& row : rows) d.AddRow(row);
  return d.Finish(open);
}

json PublicOpenAssessments(const OpenAssessments& open, int64_t k) {
  const auto buckets = OpenAgeBucketNames();
  json stages = json::array();
  for (const OpenStage& s : open.stages) {
    // The stage's count is the total of its age buckets, published beside them.
    const std::vector<bool> hidden = SuppressedCells(s.by_age, k);
    json by_age = json::object();
    for (size_t i = 0; i < s.by_age.size(); ++i) {
      by_age[buckets[i]] = ShownCount(s.by_age[i], hidden[i], k);
    }
    json stage = {{"stage", s.stage}, {"open", ShownCount(s.count, k)}, {"by_age_days", by_age}};
    if (s.count >= k && s.median_age_days && s.oldest_age_days) {
      stage["median_age_days"] = *s.median_age_days;
      stage["oldest_age_days"] = *s.oldest_age_days;
    }
    stages.push_back(std::move(stage));
  }
  return {{"as_of", open.as_of.ToString()}, {"suppressed_below", k}, {"stages", std::move(stages)}};
}

}  // namespace civharm
