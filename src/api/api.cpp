#include "api/api.h"

#include <nlohmann/json.hpp>

#include "api/error_mapping.h"
#include "api/records_api.h"
#include "service/database_service.h"

namespace civharm::api {

Router BuildRouter(ApiServices& services) {
  Router router;
  router.Add({"GET", "/healthz", "Whether the server and its database answer",
              [&services](const HttpRequest&, const PathParams&) {
                auto schema = service::GetSchemaStatus(services.store);
                if (!schema) return ErrorResponse(schema.error());
                HttpResponse r;
                r.body = nlohmann::json{{"status", "ok"},
                                        {"schema_version", schema->current},
                                        {"latest_schema_version", schema->latest}}
                             .dump();
                return r;
              }});
  router.Add({"GET", "/api/v1/openapi.json", "This API's OpenAPI document",
              [](const HttpRequest&, const PathParams&) {
                HttpResponse r;
                r.body = std::string(OpenApiDocument());
                return r;
              }});
  AddRecordRoutes(router, services.records);
  return router;
}

}  // namespace civharm::api
