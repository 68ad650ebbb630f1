// Record identifiers: UUID version 7 (RFC 9562) in lowercase text form,
// e.g. "0190a7c4-5f21-7c3e-9d4b-2f6a1e0c9b13". They sort by creation time, which keeps indexes
// compact and gives list pages a stable order, and they can be made on any site without
// coordination, which PostgreSQL replicas and offline field offices will need.
#pragma once

#include <string>
#include <string_view>

namespace civharm {

using Id = std::string;

// A new version 7 UUID. Thread-safe.
Id NewId();
// True for 36-character lowercase hyphenated UUID text of any version.
bool IsValidId(std::string_view text);

}  // namespace civharm
