// Fuzzes the decoding of API request bodies: the bytes are parsed as JSON the way the API parses
// a body, then read as each kind of record by the domain codec (FromJson) and as a user, which must
// refuse anything malformed with a Status and never crash. A record that decodes must be of the
// kind asked for and must survive the codec's round trip, both as a JSON value and as the text the
// API and the database write: ToJson, then FromJson again, gives back an equal record. A record
// that decodes but cannot be written and read back would be stored and then fail to load.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/codec.h"
#include "domain/user.h"
#include "fuzz_check.h"

namespace {

using nlohmann::json;

void CheckRoundTrip(civharm::EntityKind kind, const civharm::AnyRecord& record) {
  const json written = civharm::ToJson(record);
  auto back = civharm::FromJson(kind, written);
  if (!back) std::fprintf(stderr, "%s\n", back.error().ToString().c_str());
  FUZZ_CHECK(back && *back == record);

  // The text as the API serves it and the store keeps it.
  const std::string text = written.dump(-1, ' ', false, json::error_handler_t::replace);
  auto reread = civharm::FromJson(kind, json::parse(text));
  if (!reread) std::fprintf(stderr, "%s\n", reread.error().ToString().c_str());
  FUZZ_CHECK(reread && *reread == record);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // As the API's ParseBody (api/responses.cpp) reads a body.
  json body;
  try {
    body = json::parse(data, data + size);
  } catch (const json::exception&) {
    return 0;  // the API answers 400 "the body is not valid JSON"
  }
  for (civharm::EntityKind kind : {civharm::EntityKind::kIncident, civharm::EntityKind::kReport,
                                   civharm::EntityKind::kVictim, civharm::EntityKind::kOperation}) {
    auto record = civharm::FromJson(kind, body);
    if (!record) {
      FUZZ_CHECK(record.error().code() == civharm::ErrorCode::kInvalidArgument);
      continue;
    }
    FUZZ_CHECK(civharm::KindOf(*record) == kind);
    (void)civharm::Validate(*record);  // must not crash on any decoded record
    CheckRoundTrip(kind, *record);
  }
  // The bodies of the user routes (POST /api/v1/users, grant, revoke) are read as users.
  if (auto user = civharm::UserFromJson(body)) {
    (void)civharm::Validate(*user);
    auto back = civharm::UserFromJson(civharm::ToJson(*user));
    FUZZ_CHECK(back && *back == *user);
  } else {
    FUZZ_CHECK(user.error().code() == civharm::ErrorCode::kInvalidArgument);
  }
  return 0;
}
