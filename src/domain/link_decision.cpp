#include "domain/link_decision.h"

#include <utility>

#include "core/problems.h"
#include "domain/facts.h"
#include "domain/json_reader.h"

namespace civharm {

LinkDecision Normalized(LinkDecision d) {
  if (d.b < d.a) std::swap(d.a, d.b);
  return d;
}

Status Validate(const LinkDecision& d) {
  Problems p;
  if (!IsValidId(d.a)) p.Add("reports[0]", "is not a record id");
  if (!IsValidId(d.b)) p.Add("reports[1]", "is not a record id");
  if (p.empty() && d.a == d.b) p.Add("reports", "names the same report twice");
  if (p.empty() && !(d.a < d.b)) p.Add("reports", "must be in order (see Normalized)");
  if (d.reason.empty()) p.Add("reason", "say why: the decision teaches fusion and is audited");
  ValidateText(d.reason, "reason", kMaxShortText, p);
  return p.ToStatus();
}

nlohmann::json ToJson(const LinkDecision& d) {
  return {{"reports", {d.a, d.b}},
          {"verdict", EnumName(d.verdict)},
          {"reason", d.reason},
          {"decided_by", d.decided_by},
          {"decided_at", d.decided_at.ToString()}};
}

Result<LinkDecision> LinkDecisionFromJson(const nlohmann::json& j) {
  Problems problems;
  internal::JsonReader in(j, "", problems);
  LinkDecision d;
  in.Require("reports");
  if (const nlohmann::json* reports = in.Array("reports")) {
    if (reports->size() != 2 || !(*reports)[0].is_string() || !(*reports)[1].is_string()) {
      problems.Add("reports", "must be two report ids");
    } else {
      d.a = (*reports)[0].get<std::string>();
      d.b = (*reports)[1].get<std::string>();
    }
  }
  in.Require("verdict");
  if (auto v = in.Enum<Verdict>("verdict")) d.verdict = *v;
  d.reason = in.String("reason");
  d.decided_by = in.String("decided_by");
  if (auto t = in.TimestampValue("decided_at")) d.decided_at = *t;
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
  return d;
}

}  // namespace civharm
