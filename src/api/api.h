// The civharm HTTP API as a router: sign-in and accounts, the record routes, the case lifecycle,
// the audit log, the public submission and status routes, /healthz and the OpenAPI document.
//
//   service::RecordService records(*store);
//   service::AuthService auth(*store);
//   ApiServices services{.store = *store, .records = records, .auth = auth};
//   Router router = BuildRouter(services);
//   Serve(router, {.port = 8080});
#pragma once

#include <memory>
#include <string_view>

#include "api/router.h"
#include "api/static_site.h"
#include "service/auth_service.h"
#include "service/lifecycle.h"
#include "service/record_service.h"
#include "storage/store.h"

namespace civharm::api {

struct ApiOptions {
  bool secure_cookies = false;   // session cookies marked Secure (served over HTTPS)
  int sign_in_attempts = 10;     // per client address per minute (0: unlimited)
  int public_submissions = 20;   // per client address per hour (0: unlimited); public status
                                 // look-ups are counted apart, to the same limit
  service::Deadlines deadlines;  // days allowed per stage of a case
  int public_reads = 300;        // public release routes, per client address per minute
                                 // (0: unlimited)
};

struct ApiServices {
  storage::Store& store;
  service::RecordService& records;
  service::AuthService& auth;
  ApiOptions options;
  std::shared_ptr<const StaticSite> site;  // the web UI at "/", when built
};

// The router keeps references to `services`, which must outlive it.
Router BuildRouter(ApiServices& services);

// The OpenAPI 3.1 document describing every route (docs/openapi.json, built in).
std::string_view OpenApiDocument();

}  // namespace civharm::api
