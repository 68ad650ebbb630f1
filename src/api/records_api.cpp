#include "api/records_api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/list_query.h"
#include "api/responses.h"
#include "core/strings.h"
#include "domain/codec.h"
#include "domain/json_reader.h"

namespace civharm::api {
namespace {

using nlohmann::json;

constexpr std::array kKinds = {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim,
                               EntityKind::kOperation};

HttpResponse RecordResponse(int status, const AnyRecord& record) {
  HttpResponse r = JsonResponse(status, ToJson(record));
  r.headers.emplace_back("ETag", fmt::format("\"{}\"", MetaOf(record).version));
  return r;
}

Status CheckId(const std::string& id) {
  if (!IsValidId(id)) return InvalidArgument(fmt::format("'{}' is not a record id", id), "id");
  return Status::Ok();
}

void AddKindRoutes(Router& router, service::RecordService& records, EntityKind kind) {
  const std::string base = fmt::format("/api/v1/{}", CollectionName(kind));
  const std::string name(EnumName(kind));

  router.Add(
      {"GET", base, fmt::format("List {}s", name),
       [&records, kind](const HttpRequest& req, const PathParams&, const service::Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           CIVHARM_ASSIGN_OR_RETURN(storage::Query q, ParseListQuery(kind, req.query));
           CIVHARM_ASSIGN_OR_RETURN(storage::Page page, records.List(actor, kind, q));
           json items = json::array();
           for (const AnyRecord& r : page.items) items.push_back(ToJson(r));
           return JsonResponse(
               200, {{"items", std::move(items)},
                     {"next_cursor", page.next_cursor.empty() ? json() : json(page.next_cursor)}});
         });
       }});

  router.Add({"POST", base, fmt::format("Create a {}", name),
              [&records, kind, base](const HttpRequest& req, const PathParams&,
                                     const service::Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
                  CIVHARM_ASSIGN_OR_RETURN(AnyRecord record, FromJson(kind, body));
                  CIVHARM_ASSIGN_OR_RETURN(AnyRecord saved,
                                           records.Create(actor, std::move(record)));
                  HttpResponse r = RecordResponse(201, saved);
                  r.headers.emplace_back("Location", fmt::format("{}/{}", base, MetaOf(saved).id));
                  return r;
                });
              }});

  router.Add(
      {"GET", base + "/{id}", fmt::format("Read a {}", name),
       [&records, kind](const HttpRequest&, const PathParams& p, const service::Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           const std::string& id = p.at("id");
           CIVHARM_RETURN_IF_ERROR(CheckId(id));
           CIVHARM_ASSIGN_OR_RETURN(AnyRecord record, records.Get(actor, kind, id));
           return RecordResponse(200, record);
         });
       }});

  router.Add(
      {"PUT", base + "/{id}", fmt::format("Update a {}", name),
       [&records, kind](const HttpRequest& req, const PathParams& p, const service::Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           const std::string& id = p.at("id");
           CIVHARM_RETURN_IF_ERROR(CheckId(id));
           CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
           if (kind == EntityKind::kIncident && body.is_object() && !body.contains("status")) {
             // Status changes only through assessment, so a client need not send it back.
             CIVHARM_ASSIGN_OR_RETURN(AnyRecord stored, records.Get(actor, kind, id));
             body["status"] = EnumName(std::get<Incident>(stored).status);
           }
           CIVHARM_ASSIGN_OR_RETURN(AnyRecord record, FromJson(kind, body));
           RecordMeta& meta = MetaOf(record);
           if (!meta.id.empty() && meta.id != id) {
             return std::unexpected(InvalidArgument("differs from the id in the URL", "id"));
           }
           CIVHARM_ASSIGN_OR_RETURN(int64_t expected, ExpectedVersion(req, meta.version));
           meta.id = id;
           meta.version = 0;
           CIVHARM_ASSIGN_OR_RETURN(AnyRecord saved,
                                    records.Update(actor, std::move(record), expected));
           return RecordResponse(200, saved);
         });
       }});

  router.Add(
      {"POST", base + "/{id}/retract", fmt::format("Retract a {}", name),
       [&records, kind](const HttpRequest& req, const PathParams& p, const service::Actor& actor) {
         return Respond([&]() -> Result<HttpResponse> {
           const std::string& id = p.at("id");
           CIVHARM_RETURN_IF_ERROR(CheckId(id));
           CIVHARM_ASSIGN_OR_RETURN(json body, ParseBody(req));
           Problems problems;
           internal::JsonReader in(body, "", problems);
           in.Require("reason");
           const std::string reason = in.String("reason");
           if (!reason.empty() && Trim(reason).empty()) problems.Add("reason", "must say why");
           const int64_t version = in.Int("version").value_or(0);
           if (version < 0) problems.Add("version", "must not be negative");
           std::optional<Id> successor;
           if (std::string s = in.String("superseded_by"); !s.empty()) {
             if (!IsValidId(s))
               problems.Add("superseded_by", fmt::format("'{}' is not a record id", s));
             successor = s;
           }
           in.Finish();
           CIVHARM_RETURN_IF_ERROR(problems.ToStatus());
           CIVHARM_ASSIGN_OR_RETURN(int64_t expected, ExpectedVersion(req, version));
           CIVHARM_ASSIGN_OR_RETURN(
               AnyRecord saved,
               records.Retract(actor, kind, id, reason, std::move(successor), expected));
           return RecordResponse(200, saved);
         });
       }});
}

}  // namespace

std::string_view CollectionName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kIncident:
      return "incidents";
    case EntityKind::kReport:
      return "reports";
    case EntityKind::kVictim:
      return "victims";
    case EntityKind::kOperation:
      return "operations";
  }
  return "incidents";
}

void AddRecordRoutes(Router& router, service::RecordService& records) {
  for (EntityKind kind : kKinds) AddKindRoutes(router, records, kind);
}

}  // namespace civharm::api
