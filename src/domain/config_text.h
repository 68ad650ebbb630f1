// Configuration files that people write (release rules, framework editions): YAML or JSON text
// read into JSON, so that one reader checks either. Text starting with '{' is read as JSON,
// anything else as YAML by YAML 1.2's core schema: plain scalars that read as whole numbers,
// numbers, true/false or null become those; quoted scalars stay text. A key given twice is a
// problem named by its path (yaml-cpp would keep one of them silently).
//
//   auto j = ParseConfigText(text, "the framework");  // "the framework is not valid YAML: …"
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace civharm {

// invalid_argument naming `what` and where the text stops being JSON or YAML, or listing every
// key given twice.
Result<nlohmann::json> ParseConfigText(std::string_view text, std::string_view what);

}  // namespace civharm
