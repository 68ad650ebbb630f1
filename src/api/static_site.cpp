#include "api/static_site.h"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "core/crypto.h"

namespace civharm::api {
namespace {

struct Kind {
  std::string_view extension;
  std::string_view content_type;
  bool compress;
};

constexpr Kind kKinds[] = {
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json", true},
    {".svg", "image/svg+xml", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".webmanifest", "application/manifest+json", true},
    {".png", "image/png", false},
    {".ico", "image/x-icon", false},
    {".woff2", "font/woff2", false},
};

const Kind* KindOf(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  for (const Kind& k : kKinds) {
    if (k.extension == ext) return &k;
  }
  return nullptr;
}

// gzip (RFC 1952) of `data` at the best compression level.
std::string Gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

bool Accepts(std::string_view header, std::string_view coding) {
  // "gzip, deflate, br" or "gzip;q=1.0"; a coding refused with q=0 is not accepted.
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const size_t semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name == coding) {
      if (semi == std::string_view::npos) return true;
      std::string_view q = item.substr(semi + 1);
      while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
      return !(q.starts_with("q=0") && q.find_first_not_of("q=0.") == std::string_view::npos);
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

Result<StaticSite> StaticSite::Load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(root / "index.html", ec)) {
    return std::unexpected(NotFound(
        fmt::format("{} holds no index.html: build the web UI first (scripts/build)",
                    root.string())));
  }
  StaticSite site;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const std::filesystem::path& file = it->path();
    if (file.filename().string().starts_with('.')) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink() || !it->is_regular_file()) continue;
    const Kind* kind = KindOf(file);
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
      return std::unexpected(Unavailable(fmt::format("cannot read {}", file.string())));
    }
    std::string url = "/" + std::filesystem::relative(file, root).generic_string();
    File f;
    f.body = std::move(content).str();
    f.content_type = kind ? std::string(kind->content_type) : "application/octet-stream";
    f.etag = "\"" + TokenDigest(f.body).substr(0, 32) + "\"";
    f.immutable = url.starts_with("/assets/");
    if (kind && kind->compress && f.body.size() > 1024) {
      std::string gz = Gzip(f.body);
      if (!gz.empty() && gz.size() < f.body.size()) f.gzip = std::move(gz);
    }
    site.files_.emplace(std::move(url), std::move(f));
  }
  if (ec) {
    return std::unexpected(
        Unavailable(fmt::format("cannot list {}: {}", root.string(), ec.message())));
  }
  return site;
}

std::optional<HttpResponse> StaticSite::Serve(const HttpRequest& request) const {
  const std::string_view path =
      request.path == "/" ? std::string_view("/index.html") : std::string_view(request.path);
  const auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  HttpResponse resp;
  resp.content_type = f.content_type;
  resp.headers = {
      {"Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache"},
      {"ETag", f.etag},
      {"Vary", "Accept-Encoding"},
      {"Content-Security-Policy", kWebContentSecurityPolicy},
  };
  if (request.header("if-none-match") == f.etag) {
    resp.status = 304;
    return resp;
  }
  const bool gzip = !f.gzip.empty() && Accepts(request.header("accept-encoding"), "gzip");
  if (gzip) resp.headers.emplace_back("Content-Encoding", "gzip");
  if (request.method != "HEAD") resp.body = gzip ? f.gzip : f.body;
  return resp;
}

}  // namespace civharm::api
