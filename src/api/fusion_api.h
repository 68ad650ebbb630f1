// GET /api/v1/fusion/proposals — which reports describe the same event, proposed by linkage
// for an analyst to confirm or reject: clusters of report ids, every pair worth a look with its
// probability and the reasons for it, and the fitted model.
#pragma once

#include "api/router.h"
#include "storage/store.h"

namespace civharm::api {

void AddFusionRoutes(Router& router, storage::Store& store);

}  // namespace civharm::api
