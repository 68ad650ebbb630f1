// GET /api/v1/fusion/proposals — which reports describe the same event, proposed by linkage
// for an analyst to confirm or reject: clusters of report ids, every pair worth a look with its
// probability and the reasons for it, and the fitted model.
// GET /api/v1/victims/linkage — the same people across victim lists: per person, the lists that
// recorded them (capture histories), for estimating the deaths no list recorded.
#pragma once

#include "api/router.h"
#include "storage/store.h"

namespace civharm::api {

void AddFusionRoutes(Router& router, storage::Store& store);

}  // namespace civharm::api
