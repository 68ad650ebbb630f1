// Parses a URL query string ("a=1&b=x%20y") into decoded name/value pairs, strictly: a bad
// percent escape or invalid UTF-8 is an error naming the parameter, never a guess.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace civharm::api {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// `s` with its percent escapes decoded (and '+' as a space when `plus_is_space`, as in query
// strings; a path segment keeps it); invalid_argument naming `what` for a malformed escape or
// invalid UTF-8.
Result<std::string> PercentDecode(std::string_view s, std::string_view what,
                                  bool plus_is_space = true);

// '+' decodes to a space, as browsers encode forms. Empty pieces ("a=1&&b=2") are skipped.
Result<QueryParams> ParseQueryString(std::string_view query);

}  // namespace civharm::api
