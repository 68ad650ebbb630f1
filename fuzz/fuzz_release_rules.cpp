// Fuzzes the release-rules reader (ParseReleaseRules, YAML or JSON text) and what rules that
// parse do to an incident. Nothing may crash or throw (yaml-cpp's exceptions must stop at the
// parser); a refusal is invalid_argument; rules that parse survive their canonical JSON round
// trip; and whatever they say, the public form of a restricted incident is nothing, and that of
// an open one holds no MGRS reference, no restriction and no link to reports or operations, with
// coordinates on the globe.

#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/release_rules.h"
#include "domain/test_fixtures.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace civharm;
  auto rules = ParseReleaseRules(fuzz::AsText(data, size));
  if (!rules) {
    FUZZ_CHECK(rules.error().code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  auto back = ReleaseRulesFromJson(ToJson(*rules));
  FUZZ_CHECK(back.has_value());
  FUZZ_CHECK(*back == *rules);

  Incident incident = testing::SampleIncident();
  incident.meta.id = "01890a5d-ac96-774b-bcce-b302099a8057";
  incident.operation_ids = {"01890a5d-ac96-774b-bcce-b302099a8058"};
  for (AssessmentStatus status : rules->statuses) {
    incident.status = status;
    incident.meta.restricted_to = {"j2"};
    FUZZ_CHECK(Publish(incident, *rules).excluded == Exclusion::kRestricted);
    incident.meta.restricted_to.clear();
    const ReleaseDecision d = Publish(incident, *rules);
    if (d.excluded) continue;
    const std::string doc = d.form.doc.dump();
    FUZZ_CHECK(doc.find("37SBV") == std::string::npos);  // the MGRS reference
    FUZZ_CHECK(doc.find("restricted_to") == std::string::npos);
    FUZZ_CHECK(doc.find("operation_ids") == std::string::npos);
    FUZZ_CHECK(doc.find("source_precision") == std::string::npos);
    if (const auto loc = d.form.doc.find("location"); loc != d.form.doc.end()) {
      if (loc->contains("lat")) {
        const double lat = (*loc)["lat"].get<double>(), lon = (*loc)["lon"].get<double>();
        FUZZ_CHECK(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180);
      }
    }
  }
  return 0;
}
