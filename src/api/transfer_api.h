// Files in and out over HTTP, for the web UI: importing a file (the body) as the command line's
// `civharm import` does, with the same all-or-nothing rule and the report of refused rows; and
// exporting the records a caller may see, filtered as the lists are, as CSV (with HXL), JSON,
// GeoJSON or XLSX.
#pragma once

#include "api/router.h"
#include "storage/store.h"

namespace civharm::api {

void AddTransferRoutes(Router& router, storage::Store& store);

}  // namespace civharm::api
