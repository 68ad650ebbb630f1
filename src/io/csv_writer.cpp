#include "io/csv_writer.h"

namespace civharm::io::internal {

void AppendCsvField(std::string& out, std::string_view cell, char delimiter) {
  bool quote = false;
  for (char c : cell) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(cell);
    return;
  }
  out.push_back('"');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCsvRow(std::string& out, const std::vector<std::string>& cells, char delimiter) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.push_back(delimiter);
    AppendCsvField(out, cells[i], delimiter);
  }
  out.push_back('\n');
}

}  // namespace civharm::io::internal
