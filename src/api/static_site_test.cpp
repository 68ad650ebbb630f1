#include "api/static_site.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "api/api.h"
#include "api/server.h"

namespace civharm::api {
namespace {

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::path(::testing::TempDir()) /
            ("site-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "assets");
    std::filesystem::create_directories(root_ / ".hidden");
    Write("index.html", "<!doctype html><title>civharm</title>");
    Write("assets/app-3f9a.js", std::string(4000, 'x') + "console.log(1)");
    Write("world.png", std::string("\x89PNG", 4) + std::string(3000, '\0'));
    Write(".hidden/secret.txt", "no");
    Write(".env", "no");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& name, const std::string& content) {
    std::ofstream(root_ / name, std::ios::binary) << content;
  }
  static std::string Header(const HttpResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return "";
  }
  static std::string Gunzip(const std::string& gz) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    std::string out(1 << 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    z.avail_in = static_cast<uInt>(gz.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
  }
  std::filesystem::path root_;
};

TEST_F(StaticSiteTest, ServesIndexAtTheRootAndIsCheckedOnEveryLoad) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site.has_value()) << site.error().message();
  EXPECT_EQ(site->file_count(), 3u);  // dot-files and dot-folders left out
  auto r = site->Serve({.method = "GET", .path = "/"});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<!doctype html><title>civharm</title>");
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Header(*r, "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(*r, "Content-Security-Policy"), kWebContentSecurityPolicy);
  EXPECT_NE(std::string(kWebContentSecurityPolicy).find("script-src 'self';"), std::string::npos);
}

TEST_F(StaticSiteTest, HashedAssetsAreCachedForAYearAndSentCompressedWhenAccepted) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site.has_value());
  const std::string want = std::string(4000, 'x') + "console.log(1)";
  auto plain = site->Serve({.method = "GET", .path = "/assets/app-3f9a.js"});
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->body, want);
  EXPECT_EQ(plain->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Header(*plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(*plain, "Content-Encoding"), "");

  auto gz = site->Serve({.method = "GET",
                         .path = "/assets/app-3f9a.js",
                         .headers = {{"accept-encoding", "deflate, gzip;q=0.8, br"}}});
  ASSERT_TRUE(gz.has_value());
  EXPECT_EQ(Header(*gz, "Content-Encoding"), "gzip");
  EXPECT_LT(gz->body.size(), want.size());
  EXPECT_EQ(Gunzip(gz->body), want);

  auto head = site->Serve({.method = "HEAD", .path = "/assets/app-3f9a.js"});
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(Header(*head, "ETag"), Header(*plain, "ETag"));

  auto refused = site->Serve({.method = "GET",
                              .path = "/assets/app-3f9a.js",
                              .headers = {{"accept-encoding", "gzip;q=0"}}});
  EXPECT_EQ(refused->body, want);
  // Images are sent as they are.
  auto png = site->Serve(
      {.method = "GET", .path = "/world.png", .headers = {{"accept-encoding", "gzip"}}});
  EXPECT_EQ(png->content_type, "image/png");
  EXPECT_EQ(Header(*png, "Content-Encoding"), "");
}

TEST_F(StaticSiteTest, AnswersNotModifiedToTheSameETag) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site.has_value());
  const std::string etag = Header(*site->Serve({.method = "GET", .path = "/index.html"}), "ETag");
  ASSERT_EQ(etag.size(), 34u);
  auto again = site->Serve(
      {.method = "GET", .path = "/index.html", .headers = {{"if-none-match", etag}}});
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto other = site->Serve(
      {.method = "GET", .path = "/index.html", .headers = {{"if-none-match", "\"stale\""}}});
  EXPECT_EQ(other->status, 200);
}

TEST_F(StaticSiteTest, KnowsOnlyItsOwnFiles) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site.has_value());
  for (const char* path : {"/.env", "/.hidden/secret.txt", "/../index.html", "/assets",
                           "/assets/", "/missing.js", "/index.html/"}) {
    EXPECT_FALSE(site->Serve({.method = "GET", .path = path}).has_value()) << path;
  }
}

TEST_F(StaticSiteTest, RefusesAFolderWithoutIndex) {
  std::filesystem::remove(root_ / "index.html");
  auto site = StaticSite::Load(root_);
  ASSERT_FALSE(site.has_value());
  EXPECT_NE(site.error().message().find("index.html"), std::string::npos);
}

TEST_F(StaticSiteTest, TheServerKeepsItsOwnCachingAndPolicyHeaders) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site.has_value());
  const HttpResponse r = *site->Serve({.method = "GET", .path = "/"});
  std::map<std::string, std::string> all;
  for (const auto& [n, v] : SecurityHeaders(r, ServerOptions{})) all[n] = v;
  EXPECT_EQ(all.count("Cache-Control"), 0u);  // the file's own is kept
  EXPECT_EQ(all.count("Content-Security-Policy"), 0u);
  EXPECT_EQ(all.at("X-Frame-Options"), "DENY");
  EXPECT_EQ(all.at("X-Content-Type-Options"), "nosniff");
}

}  // namespace
}  // namespace civharm::api
