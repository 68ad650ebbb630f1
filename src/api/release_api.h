// Public releases over HTTP (service/release_service.h).
//
// For publishers, signed in: request a release (POST /api/v1/releases), list and read releases
// in any status, see exactly what a release would publish (its incidents and downloads), approve,
// reject or withdraw one, and verify one against the audit log.
//
// For everyone, without signing in, and rate-limited per client address: the approved releases,
// each one's incidents page by page, its downloads (CSV with HXL hashtags, JSON, GeoJSON, XLSX),
// its methodology (Markdown), trends, breakdowns and map clusters with small counts suppressed,
// and the status of open assessments of the latest one. A release that is not approved does not
// exist there (404).
//
//   AddReleaseRoutes(router, store, std::make_shared<RateLimiter>(300, std::chrono::minutes(1)));
#pragma once

#include <memory>

#include "api/rate_limiter.h"
#include "api/router.h"
#include "storage/store.h"

namespace civharm::api {

// The router keeps references to `store`, which must outlive it. The public routes count their
// requests per client address against `public_reads` (shared with the other public read
// routes); over its limit a request gets 429 with Retry-After.
void AddReleaseRoutes(Router& router, storage::Store& store,
                      std::shared_ptr<RateLimiter> public_reads);

}  // namespace civharm::api
