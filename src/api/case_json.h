// The JSON of the case lifecycle's results, shared by the API and the command line so that both
// print a case record, a deadline, a timeline entry and a source's answer the same way.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/enum.h"
#include "domain/case_records.h"
#include "service/answers.h"
#include "service/case_service.h"

namespace civharm::api {

// Each record as its document (domain ToJson).
template <typename T>
nlohmann::json CaseRecordsJson(const std::vector<T>& records) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& r : records) out.push_back(ToJson(CaseRecord(r)));
  return out;
}

// The stable names of `values`, in order.
template <typename E>
nlohmann::json EnumNamesJson(const std::vector<E>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (E v : values) out.push_back(EnumName(v));
  return out;
}

// {stage, since, due, age_days, overdue_days}
nlohmann::json DeadlineJson(const service::DeadlineState& d);
// {at, kind, record_id, summary}
nlohmann::json TimelineEntryJson(const service::TimelineEntry& e);
// {reference_code, received_on, stage, updated_on, acknowledged_publicly, finding?, finding_on?,
//  closed_on?}: everything a source is told, nothing else.
nlohmann::json ReportStatusJson(const service::ReportStatus& s);

}  // namespace civharm::api
