#include "api/query_string.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"

namespace civharm::api {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view s, std::string_view what, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%') {
      const bool complete = i + 2 < s.size();
      const int hi = complete ? HexValue(s[i + 1]) : -1;
      const int lo = complete ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return std::unexpected(
            InvalidArgument(fmt::format("has a malformed percent escape at character {}", i + 1),
                            std::string(what)));
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  if (!IsValidUtf8(out)) {
    return std::unexpected(InvalidArgument("is not valid UTF-8 once decoded", std::string(what)));
  }
  return out;
}

Result<QueryParams> ParseQueryString(std::string_view query) {
  QueryParams out;
  for (std::string_view piece : Split(query, '&')) {
    if (piece.empty()) continue;
    const size_t eq = piece.find('=');
    const std::string_view raw_name = piece.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    CIVHARM_ASSIGN_OR_RETURN(std::string name, PercentDecode(raw_name, raw_name));
    if (name.empty())
      return std::unexpected(InvalidArgument("a query parameter has no name", "query"));
    CIVHARM_ASSIGN_OR_RETURN(std::string value, PercentDecode(raw_value, name));
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

Result<Params> ReadQuery(std::string_view query, std::initializer_list<std::string_view> allowed,
                         std::string_view what) {
  CIVHARM_ASSIGN_OR_RETURN(QueryParams params, ParseQueryString(query));
  Params out;
  for (auto& [name, value] : params) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return std::unexpected(InvalidArgument(fmt::format("is not a parameter of {}", what), name));
    }
    if (out.contains(name)) {
      return std::unexpected(InvalidArgument("is given more than once", name));
    }
    out.emplace(name, std::move(value));
  }
  return out;
}

std::string_view ParamOf(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace civharm::api
