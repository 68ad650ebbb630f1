// The one table from civharm's error codes to the exit codes of the `civharm` command.
//
//   0 success · 1 internal error · 2 invalid input or usage · 3 not found ·
//   4 already exists or conflict · 5 not allowed · 6 unavailable, try again · 7 data loss
#pragma once

#include <string_view>

#include "core/status.h"

namespace civharm::cli {

int ExitCodeFor(ErrorCode code);

// Prints "civharm: <message>" on stderr and returns the status' exit code.
int Fail(const Status& status);

// Like Fail, and then every further problem of a validation failure, one a line.
int FailAll(const Status& status);

// `status` with its fields (and its details' fields) placed under `prefix`: "finding" read from
// an assessment file becomes "assessment.finding". A problem of no field is the whole prefix's
// when `name_whole`, else left without one (a record that is not found, say).
Status Under(const Status& status, std::string_view prefix, bool name_whole = true);

}  // namespace civharm::cli
