// The one table from civharm's error codes to HTTP statuses, and the error body every failing
// request gets: {"error": {"code", "message", "field", "details": [{"field", "message"}]}}.
#pragma once

#include "api/http.h"
#include "core/status.h"

namespace civharm::api {

int HttpStatusFor(ErrorCode code);
HttpResponse ErrorResponse(const Status& status);

}  // namespace civharm::api
