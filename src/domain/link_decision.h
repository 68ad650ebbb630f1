// An analyst's decision about two reports fusion might link: that they describe different
// events (fusion then never links them, and learns from it), or — reversing such a decision —
// that they may describe the same one. Reports that describe the same event are fused by moving
// them into one incident (service/incident_fusion.h); that membership is itself the positive
// decision, so only the negative one needs a record of its own. Decisions are audited like
// records (storage keeps each one's document in the audit log).
//
//   LinkDecision d{.a = r1, .b = r2, .verdict = Verdict::kDifferent, .reason = "two strikes"};
//   d = Normalized(d);   // a < b
#pragma once

#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "core/enum.h"
#include "core/id.h"
#include "core/status.h"
#include "core/time.h"

namespace civharm {

enum class Verdict {
  kDifferent,  // the two describe different events: never link them
  kSame,       // an earlier "different" withdrawn: they may describe the same event
};
template <>
struct EnumTraits<Verdict> {
  static constexpr std::array kNames = {
      std::pair{Verdict::kDifferent, std::string_view("different")},
      std::pair{Verdict::kSame, std::string_view("same")}};
};

struct LinkDecision {
  Id a, b;  // two report ids, a < b
  Verdict verdict = Verdict::kDifferent;
  std::string reason;  // required: why
  std::string decided_by;
  Timestamp decided_at;
  // The key the store keeps it under: "a:b".
  std::string key() const { return a + ":" + b; }
  friend bool operator==(const LinkDecision&, const LinkDecision&) = default;
};

// The same decision with its reports in order (a < b).
LinkDecision Normalized(LinkDecision d);

// invalid_argument naming each field wrong: ids not valid, the same report twice, not in order,
// no reason, a reason too long.
Status Validate(const LinkDecision& d);

nlohmann::json ToJson(const LinkDecision& d);
Result<LinkDecision> LinkDecisionFromJson(const nlohmann::json& j);

}  // namespace civharm
