// The leadership framework over HTTP (service/score_service.h).
//
// Signed in: the framework editions (list, read, store a new one); assessments of states (list,
// create, read with their scorecard, edit a draft, submit, return, publish); each one's roadmap,
// evidence from civharm's records and scorecard (PDF, HTML or XLSX); what changed between two
// assessments and several side by side (JSON, CSV or XLSX).
//
// For everyone, without signing in, and counted against the public read limit: the published
// assessments, each one's scorecard and evidence as the public may see them (no names of
// assessors or reviewers, civharm records cited by kind only, small counts suppressed).
//
//   AddScoreRoutes(router, store, analytics, public_reads);
#pragma once

#include <memory>

#include "api/rate_limiter.h"
#include "api/router.h"
#include "service/analytics_service.h"
#include "storage/store.h"

namespace civharm::api {

// The router keeps references to `store`, which must outlive it.
void AddScoreRoutes(Router& router, storage::Store& store,
                    std::shared_ptr<service::AnalyticsService> analytics,
                    std::shared_ptr<RateLimiter> public_reads);

}  // namespace civharm::api
