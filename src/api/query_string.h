// Parses a URL query string ("a=1&b=x%20y") into decoded name/value pairs, strictly: a bad
// percent escape or invalid UTF-8 is an error naming the parameter, never a guess.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/enum.h"
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

using Params = std::map<std::string, std::string>;

// The parameters of a query string that may hold only `allowed`, each at most once; an error
// names the parameter and says it "is not a parameter of `what`".
Result<Params> ReadQuery(std::string_view query, std::initializer_list<std::string_view> allowed,
                         std::string_view what);

// The value of `name` in `params`, empty when absent.
std::string_view ParamOf(const Params& params, const std::string& name);

// The value of `name` as one of E's names, `fallback` when absent; invalid_argument naming the
// parameter and the choices otherwise.
template <typename E>
Result<E> EnumParam(const Params& params, const std::string& name, E fallback) {
  const std::string_view text = ParamOf(params, name);
  if (text.empty()) return fallback;
  const auto e = ParseEnum<E>(text);
  if (!e) {
    return std::unexpected(
        InvalidArgument(fmt::format("'{}' is not {}", text, EnumChoices<E>()), name));
  }
  return *e;
}

}  // namespace civharm::api
