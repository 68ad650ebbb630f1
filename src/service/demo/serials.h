// Record numbers for the demo generator: the serials in source record ids, reference codes,
// operation references and family groups, counted per key across the whole dataset. Internal to
// the demo generator (service/demo_data.cpp); not for other modules.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace civharm::service::demo {

// 1, 2, 3, … for each key: record numbers within a source or a list, operation numbers within a
// year, family groups within a list.
class Serials {
 public:
  int64_t Next(std::string_view key) { return ++next_[std::string(key)]; }

 private:
  std::map<std::string, int64_t> next_;
};

}  // namespace civharm::service::demo
