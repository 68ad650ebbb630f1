#include "api/case_json.h"

namespace civharm::api {

using nlohmann::json;

json DeadlineJson(const service::DeadlineState& d) {
  return {{"stage", EnumName(d.stage)},
          {"since", d.since.ToString()},
          {"due", d.due.ToString()},
          {"age_days", d.age_days},
          {"overdue_days", d.overdue_days}};
}

json TimelineEntryJson(const service::TimelineEntry& e) {
  return {{"at", e.at.ToString()},
          {"kind", e.kind},
          {"record_id", e.record_id},
          {"summary", e.summary}};
}

json ReportStatusJson(const service::ReportStatus& s) {
  json out{{"reference_code", s.reference_code},
           {"received_on", s.received_on.ToString()},
           {"stage", EnumName(s.stage)},
           {"updated_on", s.updated_on.ToString()},
           {"acknowledged_publicly", s.acknowledged_publicly}};
  if (s.finding) out["finding"] = EnumName(*s.finding);
  if (s.finding_on) out["finding_on"] = s.finding_on->ToString();
  if (s.closed_on) out["closed_on"] = s.closed_on->ToString();
  return out;
}

}  // namespace civharm::api
