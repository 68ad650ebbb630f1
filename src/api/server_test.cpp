#include "api/server.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace civharm::api {
namespace {

std::map<std::string, std::string> HeaderMap(const HttpResponse& resp,
                                             const ServerOptions& options) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : SecurityHeaders(resp, options)) {
    EXPECT_TRUE(out.emplace(name, value).second) << "duplicate header " << name;
  }
  return out;
}

TEST(SecurityHeadersTest, EveryResponseGetsTheLockedDownSet) {
  const auto h = HeaderMap(HttpResponse{}, ServerOptions{});
  EXPECT_EQ(h.at("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(h.at("Cache-Control"), "no-store");
  EXPECT_EQ(h.at("Content-Security-Policy"),
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  EXPECT_EQ(h.at("X-Frame-Options"), "DENY");
  EXPECT_EQ(h.at("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(h.at("Cross-Origin-Resource-Policy"), "same-origin");
  EXPECT_EQ(h.count("Strict-Transport-Security"), 0u);
}

TEST(SecurityHeadersTest, StrictTransportSecurityOnlyOverSecureTransport) {
  const auto h = HeaderMap(HttpResponse{}, ServerOptions{.secure_transport = true});
  EXPECT_EQ(h.at("Strict-Transport-Security"), "max-age=31536000");
}

TEST(SecurityHeadersTest, HandlerMaySetItsOwnContentSecurityPolicy) {
  HttpResponse resp;
  resp.headers.emplace_back("content-security-policy", "default-src 'self'");
  const auto h = HeaderMap(resp, ServerOptions{});
  EXPECT_EQ(h.count("Content-Security-Policy"), 0u);
  // The rest stays.
  EXPECT_EQ(h.at("X-Frame-Options"), "DENY");
}

TEST(ClientAddressTest, IgnoresForwardedForUnlessTrusted) {
  EXPECT_EQ(ClientAddress("192.0.2.7", "203.0.113.9", false), "192.0.2.7");
  EXPECT_EQ(ClientAddress("192.0.2.7", "", false), "192.0.2.7");
}

TEST(ClientAddressTest, TakesTheLastForwardedAddressWhenTrusted) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9", true), "203.0.113.9");
  // The client wrote the first entries itself; the proxy appended the last.
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.9.9.9, 198.51.100.1,203.0.113.9 ", true), "203.0.113.9");
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.9.9.9, 2001:DB8::1", true), "2001:db8::1");
}

TEST(ClientAddressTest, FallsBackToTheSocketWhenForwardedForIsAbsentOrMalformed) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "", true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "  ", true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9,", true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "unknown", true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9:4711", true), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.9, 999.1.1.1", true), "127.0.0.1");
}

}  // namespace
}  // namespace civharm::api
