// How commands print their result: one JSON document on stdout, indented, invalid UTF-8 (which
// civharm never stores) replaced rather than aborting the output.
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace civharm::cli {

inline int PrintJson(const nlohmann::json& j) {
  fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  return 0;
}

}  // namespace civharm::cli
