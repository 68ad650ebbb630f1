// One sentence for one row problem, the same wherever it is shown (command line, reject file,
// API): where it is, which column, and why.
//
//   Describe({.row = 3, .line = 4, .column = "Date", .message = "'31/02/2023' is not a real date"})
//     == "row 3 (line 4), column 'Date': '31/02/2023' is not a real date"
#pragma once

#include <string>

#include "io/io.h"

namespace civharm::io {

std::string Describe(const RowError& error);

}  // namespace civharm::io
