#include "domain/config_text.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/problems.h"
#include "core/strings.h"
#include "domain/json_reader.h"

namespace civharm {
namespace {

using nlohmann::json;

json FromYaml(const YAML::Node& node, const std::string& path, Problems& p) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return s;  // quoted
      if (s == "true" || s == "false") return s == "true";
      if (s == "null" || s == "~") return nullptr;
      if (auto n = ParseInt64(s)) return *n;
      if (auto d = ParseDouble(s)) return *d;
      return s;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (size_t i = 0; i < node.size(); ++i) out.push_back(FromYaml(node[i], Index(path, i), p));
      return out;
    }
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
        const std::string at = Path(path, key);
        if (out.contains(key)) {
          p.Add(at, "appears twice");
          continue;
        }
        out[key] = FromYaml(kv.second, at, p);
      }
      return out;
    }
  }
  return nullptr;
}

}  // namespace

Result<json> ParseConfigText(std::string_view text, std::string_view what) {
  const std::string_view trimmed = Trim(text);
  if (trimmed.starts_with('{')) {
    try {
      return json::parse(trimmed);
    } catch (const json::exception& e) {
      return std::unexpected(InvalidArgument(
          fmt::format("{} is not valid JSON: {}", what, internal::DescribeJsonError(e))));
    }
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return std::unexpected(
        InvalidArgument(fmt::format("{} is not valid YAML: {} (line {}, column {})", what, e.msg,
                                    e.mark.line + 1, e.mark.column + 1)));
  }
  Problems p;
  json j = FromYaml(root, "", p);
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return j;
}

}  // namespace civharm
