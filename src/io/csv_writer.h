// Writing CSV text: RFC 4180 quoting only where a cell needs it (a delimiter, a quote or a line
// break inside), LF line endings.
//
//   std::string out;
//   AppendCsvRow(out, {"id", "say \"hi\"", "a,b"}, ',');   // id,"say ""hi""","a,b"\n
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace civharm::io::internal {

void AppendCsvField(std::string& out, std::string_view cell, char delimiter);
void AppendCsvRow(std::string& out, const std::vector<std::string>& cells, char delimiter);

}  // namespace civharm::io::internal
