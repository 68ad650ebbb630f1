#include "io/describe.h"

#include <fmt/format.h>

namespace civharm::io {

std::string Describe(const RowError& e) {
  if (e.column.empty()) return fmt::format("row {} (line {}): {}", e.row, e.line, e.message);
  return fmt::format("row {} (line {}), column '{}': {}", e.row, e.line, e.column, e.message);
}

}  // namespace civharm::io
