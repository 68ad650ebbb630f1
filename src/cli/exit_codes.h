// The one table from civharm's error codes to the exit codes of the `civharm` command.
//
//   0 success · 1 internal error · 2 invalid input or usage · 3 not found ·
//   4 already exists or conflict · 5 not allowed · 6 unavailable, try again · 7 data loss
#pragma once

#include "core/status.h"

namespace civharm::cli {

int ExitCodeFor(ErrorCode code);

// Prints "civharm: <message>" on stderr and returns the status' exit code.
int Fail(const Status& status);

}  // namespace civharm::cli
