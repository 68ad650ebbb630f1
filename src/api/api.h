// The civharm HTTP API as a router: the record routes, /healthz and the OpenAPI document.
//
//   service::RecordService records(*store);
//   Router router = BuildRouter({.store = *store, .records = records});
//   Serve(router, {.port = 8080});
#pragma once

#include <string_view>

#include "api/router.h"
#include "service/record_service.h"
#include "storage/store.h"

namespace civharm::api {

struct ApiServices {
  storage::Store& store;
  service::RecordService& records;
};

// The router keeps references to `services`, which must outlive it.
Router BuildRouter(ApiServices& services);

// The OpenAPI 3.1 document describing every route (docs/openapi.json, built in).
std::string_view OpenApiDocument();

}  // namespace civharm::api
