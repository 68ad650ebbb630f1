#include "api/server.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <thread>

#include <fmt/format.h>
#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include "api/error_mapping.h"

namespace civharm::api {
namespace {

using traits_t = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Status";
  }
}

HttpRequest ToHttpRequest(const restinio::request_handle_t& req, const ServerOptions& options) {
  HttpRequest r;
  r.method = req->header().method().c_str();
  r.path = std::string(req->header().path());
  r.query = std::string(req->header().query());
  req->header().for_each_field([&r](const auto& f) {
    std::string name(f.name());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[std::move(name)] = std::string(f.value());
  });
  r.body = req->body();
  r.peer = ClientAddress(req->remote_endpoint().address().to_string(), r.header("x-forwarded-for"),
                         options.trust_forwarded_for);
  return r;
}

// Text is UTF-8: its type says so unless it already has parameters. Binary types (an XLSX
// workbook) get no charset.
std::string ContentTypeHeader(const std::string& type) {
  const bool text =
      type.starts_with("text/") || type == "application/json" || type.ends_with("+json");
  if (!text || type.find(';') != std::string::npos) return type;
  return type + "; charset=utf-8";
}

restinio::request_handling_status_t Handle(const Router& router, const ServerOptions& options,
                                           const restinio::request_handle_t& req) {
  const auto started = std::chrono::steady_clock::now();
  HttpResponse resp;
  HttpRequest request;
  try {
    request = ToHttpRequest(req, options);
    resp = router.Dispatch(request);
  } catch (const std::exception& e) {
    // A bug, not the client's fault; the message goes to the log, not to the client.
    spdlog::error("unhandled exception on {} {}: {}", request.method, request.path, e.what());
    resp = ErrorResponse(Internal("the server failed to handle this request"));
  }
  auto out = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
      ReasonPhrase(resp.status)});
  out.append_header(restinio::http_field::content_type, ContentTypeHeader(resp.content_type));
  for (auto& [name, value] : SecurityHeaders(resp, options)) out.append_header(name, value);
  for (const auto& [name, value] : resp.headers) out.append_header(name, value);
  out.set_body(std::move(resp.body));
  out.done();
  // Paths hold only ids; query strings and bodies may hold personal data and are never logged.
  spdlog::info("{} {} {} {:.1f}ms", request.method, request.path, resp.status,
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                   .count());
  return restinio::request_accepted();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SecurityHeaders(const HttpResponse& resp,
                                                                 const ServerOptions& options) {
  const auto handler_sets = [&resp](std::string_view lower_name) {
    return std::ranges::any_of(resp.headers, [lower_name](const auto& header) {
      return std::ranges::equal(header.first, lower_name, [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      });
    });
  };
  std::vector<std::pair<std::string, std::string>> headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
  // Responses hold records, some of them personal: no browser or proxy may keep a copy, unless
  // the handler says otherwise (the web UI's own files).
  if (!handler_sets("cache-control")) headers.emplace_back("Cache-Control", "no-store");
  // JSON needs no scripts, styles or frames; a page that does (the web UI) sets its own policy.
  if (!handler_sets("content-security-policy")) {
    headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
                         "form-action 'none'");
  }
  if (options.secure_transport) {
    headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  }
  return headers;
}

std::string ClientAddress(std::string_view socket_peer, std::string_view forwarded_for,
                          bool trust_forwarded_for) {
  if (!trust_forwarded_for) return std::string(socket_peer);
  // Each proxy appends the address it was reached from, so only the last entry, written by the
  // proxy we trust, is known to be true; earlier ones are whatever the client sent.
  const size_t comma = forwarded_for.rfind(',');
  std::string_view last =
      comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!last.empty() && is_space(last.front())) last.remove_prefix(1);
  while (!last.empty() && is_space(last.back())) last.remove_suffix(1);
  if (last.empty()) return std::string(socket_peer);
  asio::error_code ec;
  const asio::ip::address address = asio::ip::make_address(std::string(last), ec);
  if (ec) return std::string(socket_peer);
  return address.to_string();
}

Status Serve(const Router& router, const ServerOptions& options) {
  const unsigned threads =
      options.threads ? options.threads : std::max(2u, 2 * std::thread::hardware_concurrency());
  asio::io_context ioctx;
  restinio::server_settings_t<traits_t> settings;
  settings.port(options.port)
      .address(options.address)
      .incoming_http_msg_limits(
          restinio::incoming_http_msg_limits_t{}.max_body_size(options.max_body_bytes))
      .read_next_http_message_timelimit(options.read_timeout)
      .write_http_response_timelimit(options.write_timeout)
      .handle_request_timeout(options.handle_timeout)
      .socket_options_setter([](auto& socket_options) {
        // Without TCP_NODELAY, small responses wait on Nagle's algorithm.
        socket_options.set_option(asio::ip::tcp::no_delay{true});
      })
      .request_handler([&router, &options](auto req) { return Handle(router, options, req); });

  std::exception_ptr failure;
  restinio::http_server_t<traits_t> server{restinio::external_io_context(ioctx),
                                           std::move(settings)};
  asio::signal_set stop_signals(ioctx, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const asio::error_code& ec, int) {
    if (ec) return;
    spdlog::info("stopping");
    server.close_async([&] { ioctx.stop(); },
                       [&](std::exception_ptr ex) {
                         failure = ex;
                         ioctx.stop();
                       });
  });
  server.open_async(
      [&] {
        if (options.on_listening)
          options.on_listening(fmt::format("http://{}:{}", options.address, options.port));
      },
      [&](std::exception_ptr ex) {
        failure = ex;
        ioctx.stop();
      });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioctx] { ioctx.run(); });
  ioctx.run();
  for (std::thread& t : pool) t.join();

  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      return Unavailable(
          fmt::format("cannot serve on {}:{}: {}", options.address, options.port, e.what()));
    }
  }
  return Status::Ok();
}

}  // namespace civharm::api
