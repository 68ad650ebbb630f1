// Answers to sources: whoever reported harm is told what became of the report, under its
// reference code — an external reporter with an account for the reports it submitted, anyone
// else (a survivor without an account) with the reference code and the secret token given at
// submission. The answer holds the status and the public outcome only: never the incident's
// internal details, other sources, victims, or anyone's personal data.
//
//   CIVHARM_ASSIGN_OR_RETURN(ReportStatus s, StatusByToken(store, "PUB-3F9A…", token));
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "domain/case_records.h"
#include "service/actor.h"
#include "storage/store.h"

namespace civharm::service {

// Where a report stands, in the words a source is told.
enum class SourceStage {
  kReceived,  // not yet assessed
  kUnderAssessment,
  kAssessed,  // a finding was made (the outcome says which)
  kUnderInvestigation,
  kResponseUnderWay,  // the force is responding to the people harmed
  kClosed,
  kReopened,  // being looked at again
};

struct ReportStatus {
  std::string reference_code;
  Date received_on = Date::FromDays(0);
  SourceStage stage = SourceStage::kReceived;
  Date updated_on = Date::FromDays(0);  // the day of the last step (received_on before any)
  // The public outcome: the latest finding, and the day it was made.
  std::optional<Finding> finding;
  std::optional<Date> finding_on;
  // Whether the force acknowledged the harm publicly (a public acknowledgment or apology made).
  bool acknowledged_publicly = false;
  std::optional<Date> closed_on;
};

// What a public submission hands back: the code to quote and the secret token that, with it,
// shows the report's status. The token is shown once; civharm keeps only its digest.
struct SubmissionReceipt {
  std::string reference_code;
  std::string token;
};

// The status of the report with this reference code whose token is `token`. not_found when
// the code is unknown or the token does not match (the same answer, so that codes cannot be
// probed).
Result<ReportStatus> StatusByToken(storage::Store& store, std::string_view reference_code,
                                   std::string_view token);
// The status of each report the actor submitted, newest first.
Result<std::vector<ReportStatus>> SubmissionsOf(storage::Store& store, const Actor& actor);
// The status of the report the actor submitted under this reference code (not_found otherwise).
Result<ReportStatus> SubmissionOf(storage::Store& store, const Actor& actor,
                                  std::string_view reference_code);

}  // namespace civharm::service

namespace civharm {
template <>
struct EnumTraits<service::SourceStage> {
  static constexpr std::array kNames = {
      std::pair{service::SourceStage::kReceived, std::string_view("received")},
      std::pair{service::SourceStage::kUnderAssessment, std::string_view("under_assessment")},
      std::pair{service::SourceStage::kAssessed, std::string_view("assessed")},
      std::pair{service::SourceStage::kUnderInvestigation, std::string_view("under_investigation")},
      std::pair{service::SourceStage::kResponseUnderWay, std::string_view("response_under_way")},
      std::pair{service::SourceStage::kClosed, std::string_view("closed")},
      std::pair{service::SourceStage::kReopened, std::string_view("reopened")}};
};
}  // namespace civharm
