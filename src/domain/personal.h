// Which fields of civharm's records are personal data: the names of victims, the testimony and
// contact details of witnesses, and identifiers that lead to a person. These fields are sealed at
// rest, never indexed for search, and absent (not blanked) for every role that may not see them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/records.h"

namespace civharm {

// The document keys (see domain/codec.h) of a kind's personal fields; empty for incidents and
// operations.
std::span<const std::string_view> PersonalKeys(EntityKind kind);

// The personal fields `record` carries (non-empty), as document keys.
std::vector<std::string_view> PersonalFieldsPresent(const AnyRecord& record);

// Clears every personal field of `record`.
void RemovePersonalData(AnyRecord& record);

// The text of `record`'s personal fields (names, testimony, contact, identifiers), one per line,
// for searching in memory by those who may read it. Never to be stored or indexed.
std::string PersonalText(const AnyRecord& record);

}  // namespace civharm
