// The case lifecycle over HTTP (service/case_service.h, service/lifecycle.h): an incident's case
// file and the steps of its state machine; investigations recorded as they go; responses and
// amends with their status history; consultations; lessons; the views over many cases (overdue,
// backlog, review queue, amends totals, timeline, CDE comparison); the state machine table; and
// the answers to sources (service/answers.h) — the public status of a report under its
// reference code and secret token, and an account's own submissions.
//
//   AddCaseRoutes(router, store, {.deadlines = options.deadlines, .status_lookups = limiter});
#pragma once

#include <memory>

#include "api/rate_limiter.h"
#include "api/router.h"
#include "service/lifecycle.h"
#include "storage/store.h"

namespace civharm::api {

struct CaseRouteOptions {
  service::Deadlines deadlines;
  // Counts the public status look-ups per client address (never null).
  std::shared_ptr<RateLimiter> status_lookups;
};

// The router keeps references to `store`, which must outlive it.
void AddCaseRoutes(Router& router, storage::Store& store, CaseRouteOptions options);

}  // namespace civharm::api
