// Checking a position as it is typed: an MGRS grid reference read into its square and centre, or
// coordinates given their MGRS reference. Public (the public report form uses it too) and counted
// against the public read limit; nothing is stored.
#pragma once

#include <memory>

#include "api/rate_limiter.h"
#include "api/router.h"

namespace civharm::api {

void AddGeoRoutes(Router& router, std::shared_ptr<RateLimiter> public_reads);

}  // namespace civharm::api
