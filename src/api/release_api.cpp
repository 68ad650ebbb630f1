#include "api/release_api.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/analytics_api.h"
#include "api/analytics_json.h"
#include "api/list_query.h"
#include "api/query_string.h"
#include "api/responses.h"
#include "core/problems.h"
#include "core/strings.h"
#include "domain/json_reader.h"
#include "io/dataset_writer.h"
#include "service/public_report.h"
#include "service/release_service.h"

namespace civharm::api {
namespace {

using nlohmann::json;
using service::Actor;
using service::ReleaseService;
using Releases = std::shared_ptr<ReleaseService>;
// ---- request parts ---------------------------------------------------------------------------

Result<Id> IdParam(const PathParams& p) {
  const std::string& id = p.at("id");
  if (!IsValidId(id)) {
    return std::unexpected(InvalidArgument(fmt::format("'{}' is not a release id", id), "id"));
  }
  return id;
}

Result<int64_t> VersionParam(const PathParams& p) {
  const auto v = ParseInt64(p.at("version"));
  if (!v || *v < 1) {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}' is not a release version (1, 2, 3…)", p.at("version")), "version"));
  }
  return *v;
}

struct PageParams {
  int64_t after = 0;
  int limit = 50;
};

Result<PageParams> ReadPage(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(Params params, ReadQuery(req.query, {"limit", "cursor"}, "a page"));
  PageParams out;
  if (auto it = params.find("limit"); it != params.end()) {
    const auto n = ParseInt64(it->second);
    if (!n || *n < 1 || *n > 1000) {
      return std::unexpected(InvalidArgument("must be between 1 and 1000", "limit"));
    }
    out.limit = static_cast<int>(*n);
  }
  if (auto it = params.find("cursor"); it != params.end()) {
    const auto n = ParseInt64(it->second);
    if (!n || *n < 1) {
      return std::unexpected(
          InvalidArgument("must be the next_cursor of a previous page", "cursor"));
    }
    out.after = *n;
  }
  return out;
}

Result<io::ExportFormat> ReadFormat(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(Params params, ReadQuery(req.query, {"format"}, "a download"));
  const auto it = params.find("format");
  if (it == params.end()) {
    return std::unexpected(InvalidArgument("is required: csv, json, geojson or xlsx", "format"));
  }
  const auto format = ParseEnum<io::ExportFormat>(it->second);
  if (!format) {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}' is not {}", it->second, EnumChoices<io::ExportFormat>()), "format"));
  }
  return *format;
}

// A JSON body, or an empty object when there is none.
Result<json> BodyOrEmpty(const HttpRequest& req) {
  if (Trim(req.body).empty()) return json::object();
  return ParseBody(req);
}

Result<service::ReleaseRequest> ReadRequest(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(json body, BodyOrEmpty(req));
  Problems p;
  internal::JsonReader in(body, "", p);
  service::ReleaseRequest out;
  out.note = in.String("note");
  if (const json* rules = in.Get("rules")) {
    auto read = ReleaseRulesFromJson(*rules);
    if (read) {
      out.rules = std::move(*read);
    } else if (read.error().details().empty()) {
      p.Add(Path("rules", read.error().field()), read.error().message());
    } else {
      for (const FieldError& e : read.error().details()) p.Add(Path("rules", e.field), e.message);
    }
  }
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return out;
}

// {"note": …} or {"reason": …}: the one text a review step takes.
Result<std::string> ReadText(const HttpRequest& req, std::string_view key) {
  CIVHARM_ASSIGN_OR_RETURN(json body, BodyOrEmpty(req));
  Problems p;
  internal::JsonReader in(body, "", p);
  std::string text = in.String(key);
  in.Finish();
  CIVHARM_RETURN_IF_ERROR(p.ToStatus());
  return text;
}

// ---- responses -------------------------------------------------------------------------------

// A page of rows, written from their exact text.
HttpResponse PageResponse(const service::RowPage& page) {
  HttpResponse r;
  r.body = "{\"items\":[";
  for (size_t i = 0; i < page.rows.size(); ++i) {
    if (i) r.body += ',';
    r.body += page.rows[i];
  }
  r.body += "],\"next_cursor\":";
  r.body += page.next_after ? fmt::format("\"{}\"", page.next_after) : "null";
  r.body += '}';
  return r;
}

HttpResponse DownloadResponse(std::string body, io::ExportFormat format, int64_t version) {
  HttpResponse r{.status = 200,
                 .content_type = std::string(io::ContentTypeOf(format)),
                 .body = std::move(body)};
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("attachment; filename=\"civharm-release-{}.{}\"", version,
                                     io::ExtensionOf(format)));
  return r;
}

json ReleaseList(const std::vector<Release>& releases, json (*item)(const Release&)) {
  json items = json::array();
  for (const Release& r : releases) items.push_back(item(r));
  return {{"items", std::move(items)}};
}

// ---- the publishers' routes ------------------------------------------------------------------

void AddPublisherRoutes(Router& router, const Releases& releases) {
  router.Add({"POST", "/api/v1/releases",
              "Request a release: the public dataset as of now, stored for review",
              [releases](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(service::ReleaseRequest request, ReadRequest(req));
                  CIVHARM_ASSIGN_OR_RETURN(Release r, releases->Request(actor, std::move(request)));
                  HttpResponse out = JsonResponse(201, service::ReleaseJson(r));
                  out.headers.emplace_back("Location", "/api/v1/releases/" + r.id);
                  return out;
                });
              }});
  router.Add({"GET", "/api/v1/releases", "Every release, in any status, newest first",
              [releases](const HttpRequest& req, const PathParams&, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the releases"));
                  CIVHARM_ASSIGN_OR_RETURN(auto list, releases->List(actor));
                  return JsonResponse(200, ReleaseList(list, &service::ReleaseJson));
                });
              }});
  router.Add({"GET", "/api/v1/releases/{id}",
              "A release: its rules, what building it excluded and coarsened, its review",
              [releases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "a release"));
                  CIVHARM_ASSIGN_OR_RETURN(Release r, releases->Get(actor, id));
                  return JsonResponse(200, service::ReleaseJson(r));
                });
              }});
  router.Add({"GET", "/api/v1/releases/{id}/incidents",
              "The incidents a release publishes (or would), page by page",
              [releases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_ASSIGN_OR_RETURN(PageParams page, ReadPage(req));
                  CIVHARM_ASSIGN_OR_RETURN(auto rows,
                                           releases->Rows(actor, id, page.after, page.limit));
                  return PageResponse(rows);
                });
              }});
  router.Add({"GET", "/api/v1/releases/{id}/download",
              "A release's data as it is (or would be) published",
              [releases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_ASSIGN_OR_RETURN(const io::ExportFormat format, ReadFormat(req));
                  CIVHARM_ASSIGN_OR_RETURN(const Release r, releases->Get(actor, id));
                  std::ostringstream out;
                  CIVHARM_RETURN_IF_ERROR(releases->Download(actor, id, format, out));
                  return DownloadResponse(out.str(), format, r.version);
                });
              }});
  const auto review = [releases](const char* path, const char* summary, const char* key,
                                 auto call) {
    return Route{
        "POST", path, summary,
        [releases, key, call](const HttpRequest& req, const PathParams& p, const Actor& actor) {
          return Respond([&]() -> Result<HttpResponse> {
            CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
            CIVHARM_ASSIGN_OR_RETURN(std::string text, ReadText(req, key));
            CIVHARM_ASSIGN_OR_RETURN(Release r, call(*releases, actor, id, std::move(text)));
            return JsonResponse(200, service::ReleaseJson(r));
          });
        }};
  };
  router.Add(review("/api/v1/releases/{id}/approve",
                    "Approve a release someone else requested: it becomes public", "note",
                    [](ReleaseService& s, const Actor& a, const Id& id, std::string note) {
                      return s.Approve(a, id, std::move(note));
                    }));
  router.Add(review("/api/v1/releases/{id}/reject",
                    "Reject a release someone else requested, saying why", "reason",
                    [](ReleaseService& s, const Actor& a, const Id& id, std::string reason) {
                      return s.Reject(a, id, std::move(reason));
                    }));
  router.Add(review("/api/v1/releases/{id}/withdraw",
                    "Withdraw a requested or approved release, saying why", "reason",
                    [](ReleaseService& s, const Actor& a, const Id& id, std::string reason) {
                      return s.Withdraw(a, id, std::move(reason));
                    }));
  router.Add({"GET", "/api/v1/releases/{id}/verify",
              "Build a release again from the audit log and compare its content hash",
              [releases](const HttpRequest& req, const PathParams& p, const Actor& actor) {
                return Respond([&]() -> Result<HttpResponse> {
                  CIVHARM_ASSIGN_OR_RETURN(const Id id, IdParam(p));
                  CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "a verification"));
                  CIVHARM_ASSIGN_OR_RETURN(auto v, releases->Verify(actor, id));
                  return JsonResponse(200, service::VerificationJson(v));
                });
              }});
}

// ---- the public routes -----------------------------------------------------------------------

Result<analytics::TrendRequest> ReadTrend(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(Params params, ReadQuery(req.query, {"interval", "by"}, "a trend"));
  return ReadTrendRequest(ParamOf(params, "interval"), ParamOf(params, "by"));
}

Result<analytics::Dimension> ReadBreakdown(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(Params params, ReadQuery(req.query, {"by"}, "a breakdown"));
  if (!params.contains("by")) return std::unexpected(InvalidArgument("is required", "by"));
  return ReadDimension(params.at("by"));
}

Result<geo::ClusterOptions> ReadMap(const HttpRequest& req) {
  CIVHARM_ASSIGN_OR_RETURN(Params params, ReadQuery(req.query, {"bbox", "zoom"}, "a map"));
  geo::ClusterOptions out;
  if (auto it = params.find("bbox"); it != params.end()) {
    CIVHARM_ASSIGN_OR_RETURN(const storage::BBox b, ParseBBox(it->second));
    out.box = {.west = b.min_lon, .south = b.min_lat, .east = b.max_lon, .north = b.max_lat};
  }
  if (auto it = params.find("zoom"); it != params.end()) {
    const auto z = ParseInt64(it->second);
    if (!z || *z < 0 || *z > geo::kMaxZoom) {
      return std::unexpected(
          InvalidArgument(fmt::format("must be a whole number 0…{}", geo::kMaxZoom), "zoom"));
    }
    out.zoom = static_cast<int>(*z);
  }
  return out;
}

void AddPublicRoutes(Router& router, const Releases& releases,
                     const std::shared_ptr<RateLimiter>& limit) {
  // Every public route: counted per client address first, then answered.
  const auto add = [&](const char* path, const char* summary, auto answer) {
    router.Add(PublicRead(path, summary, limit, answer));
  };
  add("/api/v1/public/releases", "The approved releases, newest first (anyone)",
      [releases](const HttpRequest& req, const PathParams&) -> Result<HttpResponse> {
        CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the releases"));
        CIVHARM_ASSIGN_OR_RETURN(auto list, releases->PublicReleases());
        return JsonResponse(200, ReleaseList(list, &service::PublicReleaseJson));
      });
  add("/api/v1/public/releases/latest", "The latest approved release (anyone)",
      [releases](const HttpRequest& req, const PathParams&) -> Result<HttpResponse> {
        CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "a release"));
        CIVHARM_ASSIGN_OR_RETURN(Release r, releases->LatestPublicRelease());
        return JsonResponse(200, service::PublicReleaseJson(r));
      });
  add("/api/v1/public/releases/{version}", "An approved release (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "a release"));
        CIVHARM_ASSIGN_OR_RETURN(Release r, releases->PublicRelease(version));
        return JsonResponse(200, service::PublicReleaseJson(r));
      });
  add("/api/v1/public/releases/{version}/incidents",
      "An approved release's incidents, page by page (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_ASSIGN_OR_RETURN(PageParams page, ReadPage(req));
        CIVHARM_ASSIGN_OR_RETURN(auto rows, releases->PublicRows(version, page.after, page.limit));
        return PageResponse(rows);
      });
  add("/api/v1/public/releases/{version}/download",
      "An approved release's open data: CSV with HXL hashtags, JSON, GeoJSON or XLSX (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_ASSIGN_OR_RETURN(const io::ExportFormat format, ReadFormat(req));
        std::ostringstream out;
        CIVHARM_RETURN_IF_ERROR(releases->PublicDownload(version, format, out));
        return DownloadResponse(out.str(), format, version);
      });
  add("/api/v1/public/releases/{version}/methodology",
      "How an approved release was made, in Markdown (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the methodology"));
        CIVHARM_ASSIGN_OR_RETURN(Release r, releases->PublicRelease(version));
        return HttpResponse{
            .status = 200, .content_type = "text/markdown", .body = r.rules.methodology};
      });
  add("/api/v1/public/releases/{version}/trends",
      "Incidents and civilian casualties by period, small counts suppressed (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_ASSIGN_OR_RETURN(const analytics::TrendRequest trend, ReadTrend(req));
        CIVHARM_ASSIGN_OR_RETURN(json out, releases->PublicTrend(version, trend));
        return JsonResponse(200, out);
      });
  add("/api/v1/public/releases/{version}/breakdown",
      "Incidents and civilian casualties by one dimension, small counts suppressed (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_ASSIGN_OR_RETURN(const analytics::Dimension by, ReadBreakdown(req));
        CIVHARM_ASSIGN_OR_RETURN(json out, releases->PublicBreakdown(version, by));
        return JsonResponse(200, out);
      });
  add("/api/v1/public/releases/{version}/map",
      "An approved release's incidents as map clusters, small counts suppressed (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_ASSIGN_OR_RETURN(const geo::ClusterOptions options, ReadMap(req));
        CIVHARM_ASSIGN_OR_RETURN(json out, releases->PublicMap(version, options));
        return JsonResponse(200, out);
      });
  add("/api/v1/public/releases/{version}/report",
      "An approved release's public report: PDF, HTML or the XLSX of its tables (anyone)",
      [releases](const HttpRequest& req, const PathParams& p) -> Result<HttpResponse> {
        CIVHARM_ASSIGN_OR_RETURN(const int64_t version, VersionParam(p));
        CIVHARM_ASSIGN_OR_RETURN(Params params,
                                 ReadQuery(req.query, {"format", "language"}, "a report"));
        CIVHARM_ASSIGN_OR_RETURN(const auto format,
                                 EnumParam(params, "format", service::ReportFormat::kPdf));
        service::PublicReportRequest request{.version = version};
        if (const std::string_view lang = ParamOf(params, "language"); !lang.empty()) {
          request.language = std::string(lang);
        }
        CIVHARM_ASSIGN_OR_RETURN(auto report, service::BuildPublicReport(*releases, request));
        return ReportResponse(report.document, report.tables, format,
                              fmt::format("civharm-release-{}-report-{}", version,
                                          request.language));
      });
  add("/api/v1/public/open-assessments",
      "How many incidents wait for assessment, investigation or response, and how long (anyone)",
      [releases](const HttpRequest& req, const PathParams&) -> Result<HttpResponse> {
        CIVHARM_RETURN_IF_ERROR(ReadQuery(req.query, {}, "the open assessments"));
        CIVHARM_ASSIGN_OR_RETURN(json out, releases->PublicOpenAssessments());
        return JsonResponse(200, out);
      });
}

}  // namespace

void AddReleaseRoutes(Router& router, storage::Store& store,
                      std::shared_ptr<RateLimiter> public_reads) {
  auto releases = std::make_shared<ReleaseService>(store);
  AddPublisherRoutes(router, releases);
  AddPublicRoutes(router, releases, public_reads);
}

}  // namespace civharm::api
