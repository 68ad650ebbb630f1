// The web UI: the files Vite builds into web/dist, read once at start and served at "/" by the
// same process as the API. Scripts and styles under /assets/ carry a content hash in their names,
// so browsers may keep them for a year; everything else (index.html first) is checked with the
// server on every load, so a new build reaches every browser at once. Text files are also kept
// gzip-compressed, for field offices on slow links.
//
//   auto site = StaticSite::Load("web/dist");
//   if (auto resp = site->Serve(request)) return *resp;  // nullopt: no such file
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "api/http.h"
#include "core/status.h"

namespace civharm::api {

// The Content-Security-Policy of the web UI's pages: the app's own scripts, styles, images and
// API, nothing from elsewhere; inline styles (set by the map and the charts) but no inline script.
inline constexpr const char* kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

class StaticSite {
 public:
  // Reads every regular file under `root`, which must hold index.html. Symbolic links and files
  // whose names start with a dot are left out.
  static Result<StaticSite> Load(const std::filesystem::path& root);

  // The file `request.path` names ("/" is index.html), or nullopt when there is none. Answers 304
  // when the request's If-None-Match holds the file's ETag, and sends the gzip copy when the
  // request accepts gzip. A HEAD request gets the headers alone.
  std::optional<HttpResponse> Serve(const HttpRequest& request) const;

  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string gzip;  // empty when compressing does not pay
    std::string content_type;
    std::string etag;
    bool immutable = false;  // under /assets/: the name changes whenever the content does
  };
  std::map<std::string, File, std::less<>> files_;  // by URL path, "/index.html"
};

}  // namespace civharm::api
