// Fuzzes the reading of assessments of states (domain/assessment.h): the bytes are parsed as JSON
// the way the API parses a body, then read as a whole stored assessment (StateAssessmentFromJson)
// and as what an assessor writes (AssessmentContentFromJson). Nothing may crash or throw; a
// refusal is invalid_argument. An assessment that reads back survives its JSON round trip, and
// checking it against the built-in framework never crashes; one that passes the check has a
// scorecard with a level for every scored category, a roadmap, and no change against itself.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/assessment.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace civharm;
  using nlohmann::json;
  json body;
  try {
    body = json::parse(reinterpret_cast<const char*>(data), reinterpret_cast<const char*>(data) + size);
  } catch (const json::exception&) {
    return 0;
  }
  static const Framework fw = DefaultFramework();

  auto content = AssessmentContentFromJson(body);
  if (!content) FUZZ_CHECK(content.error().code() == ErrorCode::kInvalidArgument);

  auto a = StateAssessmentFromJson(body);
  if (!a) {
    FUZZ_CHECK(a.error().code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  const json written = ToJson(*a);
  auto back = StateAssessmentFromJson(json::parse(written.dump(-1, ' ', false,
                                                               json::error_handler_t::replace)));
  FUZZ_CHECK(back.has_value());
  FUZZ_CHECK(*back == *a);

  const Status valid = Validate(*a, fw);
  (void)RoadmapOf(*a, fw);
  if (!valid.ok()) {
    FUZZ_CHECK(valid.code() == ErrorCode::kInvalidArgument);
    FUZZ_CHECK(!ScoreOf(*a, fw).has_value());
    return 0;
  }
  auto card = ScoreOf(*a, fw);
  FUZZ_CHECK(card.has_value());
  for (const CategoryScore& c : card->categories) {
    FUZZ_CHECK(c.level.has_value() == !c.indicators.empty());
  }
  FUZZ_CHECK(Compare(*a, *a, fw).empty());
  return 0;
}
