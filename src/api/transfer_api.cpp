#include "api/transfer_api.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/list_query.h"
#include "api/query_string.h"
#include "api/records_api.h"
#include "api/responses.h"
#include "core/crypto.h"
#include "io/dataset_writer.h"
#include "io/describe.h"
#include "service/export_service.h"
#include "service/import_service.h"

namespace civharm::api {
namespace {

using nlohmann::json;

// A folder of its own for one upload, removed with everything in it when this goes.
class UploadDir {
 public:
  UploadDir()
      : path_(std::filesystem::temp_directory_path() /
              ("civharm-upload-" + RandomToken(12))) {
    std::filesystem::create_directories(path_);
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
  }
  ~UploadDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  UploadDir(const UploadDir&) = delete;
  UploadDir& operator=(const UploadDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The file's own name, as the audit log will show it: its last part, letters, digits and ". - _"
// only, so that it cannot name a place outside the upload's folder.
Result<std::string> SafeName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || out.find_first_not_of('.') == std::string::npos || out.size() > 200) {
    return std::unexpected(InvalidArgument("must be the file's name, at most 200 characters", "name"));
  }
  return out;
}

Result<EntityKind> KindOfCollection(std::string_view collection, const char* field) {
  for (EntityKind k : {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim,
                       EntityKind::kOperation}) {
    if (CollectionName(k) == collection) return k;
  }
  return std::unexpected(InvalidArgument(
      fmt::format("'{}' is not incidents, reports, victims or operations", collection), field));
}

json RowErrorsJson(const std::vector<io::RowError>& errors) {
  json out = json::array();
  for (const io::RowError& e : errors) {
    out.push_back({{"row", e.row}, {"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return out;
}

Result<HttpResponse> Import(storage::Store& store, const HttpRequest& req,
                            const service::Actor& actor) {
  CIVHARM_ASSIGN_OR_RETURN(
      Params params,
      ReadQuery(req.query, {"format", "kind", "name", "invalid", "source_name"}, "imports"));
  CIVHARM_ASSIGN_OR_RETURN(io::ImportFormat format,
                           EnumParam(params, "format", io::ImportFormat::kCsv));
  EntityKind kind = EntityKind::kIncident;
  if (const std::string_view k = ParamOf(params, "kind"); !k.empty()) {
    CIVHARM_ASSIGN_OR_RETURN(kind, KindOfCollection(k, "kind"));
  }
  const std::string_view invalid = ParamOf(params, "invalid");
  if (!invalid.empty() && invalid != "refuse" && invalid != "skip") {
    return std::unexpected(InvalidArgument("must be refuse (the default) or skip", "invalid"));
  }
  CIVHARM_ASSIGN_OR_RETURN(std::string name, SafeName(ParamOf(params, "name").empty()
                                                          ? std::string_view("upload")
                                                          : ParamOf(params, "name")));
  if (req.body.empty()) return std::unexpected(InvalidArgument("the file is empty", "file"));

  UploadDir dir;
  const std::filesystem::path file = dir.path() / name;
  {
    std::ofstream out(file, std::ios::binary);
    out.write(req.body.data(), static_cast<std::streamsize>(req.body.size()));
    if (!out) return std::unexpected(Unavailable("cannot keep the uploaded file to read it"));
  }
  service::ImportRequest request;
  request.file = file;
  request.reader = {.format = format,
                    .entity = kind,
                    .mapping = nullptr,
                    .source_name = std::string(ParamOf(params, "source_name"))};
  if (invalid == "skip") {
    request.invalid_rows = service::InvalidRows::kSkip;
    request.rejects_file = dir.path() / "rejects";
  }
  CIVHARM_ASSIGN_OR_RETURN(service::ImportSummary s, service::Import(store, actor, request));
  json body = {{"file", name},
               {"sha256", s.sha256},
               {"kind", EnumName(s.kind)},
               {"rows", s.rows},
               {"created", s.created},
               {"incidents_opened", s.incidents_opened},
               {"unchanged", s.unchanged},
               {"conflicting", s.conflicting},
               {"rejected", s.rejected},
               {"noted", s.noted},
               {"landed", s.landed},
               {"errors", RowErrorsJson(s.errors)},
               {"notes", RowErrorsJson(s.notes)},
               {"conflicts", s.conflicts},
               {"listed_at_most", service::kMaxListed}};
  if (request.invalid_rows == service::InvalidRows::kSkip && s.rejected > 0) {
    std::ifstream in(request.rejects_file, std::ios::binary);
    std::ostringstream rejects;
    rejects << in.rdbuf();
    body["rejects"] = rejects.str();
  }
  if (!s.landed) {
    body["error"] = {{"code", "invalid_argument"},
                     {"field", "file"},
                     {"message", fmt::format("nothing imported: {} of {} rows are invalid", s.rejected,
                                             s.rows)}};
    return JsonResponse(422, body);
  }
  return JsonResponse(200, body);
}

Result<HttpResponse> Export(storage::Store& store, const HttpRequest& req, const PathParams& p,
                            const service::Actor& actor) {
  CIVHARM_ASSIGN_OR_RETURN(EntityKind kind, KindOfCollection(p.at("kind"), "kind"));
  CIVHARM_ASSIGN_OR_RETURN(FilterQuery f, ParseFilterQuery(req.query, {"format", "hxl"}, kind));
  CIVHARM_ASSIGN_OR_RETURN(io::ExportFormat format,
                           EnumParam(f.params, "format", io::ExportFormat::kCsv));
  const std::string_view hxl = ParamOf(f.params, "hxl");
  if (!hxl.empty() && hxl != "true" && hxl != "false") {
    return std::unexpected(InvalidArgument("must be true or false", "hxl"));
  }
  if (hxl == "true" && format != io::ExportFormat::kCsv && format != io::ExportFormat::kXlsx) {
    return std::unexpected(InvalidArgument("goes with csv and xlsx only", "hxl"));
  }
  service::ExportRequest request{.writer = {.format = format, .entity = kind, .hxl = hxl == "true"}};
  request.query = f.query;
  request.query.sort = storage::SortOrder::kOldest;
  std::ostringstream out;
  CIVHARM_ASSIGN_OR_RETURN(uint64_t written, service::Export(store, actor, request, out));
  HttpResponse r{.status = 200,
                 .content_type = std::string(io::ContentTypeOf(format)),
                 .body = std::move(out).str()};
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("attachment; filename=\"civharm-{}.{}\"",
                                     CollectionName(kind), io::ExtensionOf(format)));
  r.headers.emplace_back("X-Record-Count", std::to_string(written));
  return r;
}

}  // namespace

void AddTransferRoutes(Router& router, storage::Store& store) {
  router.Add({"POST", "/api/v1/imports", "Import a file of records (the body)",
              [&store](const HttpRequest& req, const PathParams&, const service::Actor& actor) {
                return Respond([&] { return Import(store, req, actor); });
              }});
  router.Add({"GET", "/api/v1/exports/{kind}", "Export the records a caller may see",
              [&store](const HttpRequest& req, const PathParams& p, const service::Actor& actor) {
                return Respond([&] { return Export(store, req, p, actor); });
              }});
}

}  // namespace civharm::api
