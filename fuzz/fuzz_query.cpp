// Fuzzes the list endpoints' query strings: api::ParseQueryString (percent-decoding, UTF-8 checks)
// and api::ParseListQuery (the filters of each record kind), then runs every query that parses
// against a small SQLite store. Nothing may crash, and every refusal must be invalid_argument,
// which the API answers with 400: a filter value that makes the store build SQL or a full-text
// query SQLite cannot run would be a 500 instead. The UTF-8 check must agree with an independent
// decoder; decoded names must be non-empty, and encoding the parameters again must give them back
// unchanged. A list query that parses must keep its limit within 1–1000.

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include "api/list_query.h"
#include "api/query_string.h"
#include "core/strings.h"
#include "domain/test_fixtures.h"
#include "fuzz_check.h"
#include "storage/store.h"

namespace civharm::fuzz {
namespace {

std::string Encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// UTF-8 as RFC 3629 tabulates its well-formed byte sequences, written independently of
// IsValidUtf8 so that the two can be compared on every input.
bool WellFormedUtf8(std::string_view s) {
  size_t i = 0;
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto in = [&](size_t k, unsigned lo, unsigned hi) {
    return k < s.size() && at(k) >= lo && at(k) <= hi;
  };
  while (i < s.size()) {
    const unsigned c = at(i);
    size_t len = 0;
    if (c <= 0x7F) {
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = in(i + 1, 0x80, 0xBF) ? 2 : 0;
    } else if (c == 0xE0) {
      len = in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
    } else if (c == 0xED) {
      len = in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
    } else if (c == 0xF0) {
      len = in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
    } else if (c == 0xF4) {
      len = in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
    }
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void CheckQueryString(std::string_view query) {
  FUZZ_CHECK(IsValidUtf8(query) == WellFormedUtf8(query));
  auto params = api::ParseQueryString(query);
  if (!params) {
    FUZZ_CHECK(params.error().code() == ErrorCode::kInvalidArgument);
    return;
  }
  std::string again;
  for (const auto& [name, value] : *params) {
    FUZZ_CHECK(!name.empty());
    FUZZ_CHECK(WellFormedUtf8(name) && WellFormedUtf8(value));
    if (!again.empty()) again += '&';
    again += Encode(name) + "=" + Encode(value);
  }
  auto back = api::ParseQueryString(again);
  FUZZ_CHECK(back && *back == *params);
}

// The folder of this process' store: "civharm-fuzz-<pid>" in the temporary folder. A crash
// exits without cleaning up, so each start first removes the folders of processes that are gone.
std::filesystem::path StoreFolder() {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path();
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(tmp, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with("civharm-fuzz-")) continue;
    const auto pid = ParseInt64(std::string_view(name).substr(13));
    if (pid && *pid > 0 && kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH) {
      fs::remove_all(e.path(), ec);
    }
  }
  const fs::path dir = tmp / ("civharm-fuzz-" + std::to_string(getpid()));
  fs::remove_all(dir, ec);
  FUZZ_CHECK(fs::create_directory(dir, ec));
  return dir;
}

// A store made once per process and removed at exit, holding one incident, the report on it and
// one operation, so that filters have rows to test.
storage::Store& TheStore() {
  static const std::filesystem::path dir = StoreFolder();
  static const std::unique_ptr<storage::Store> store = [] {
    std::atexit([] { std::filesystem::remove_all(dir); });
    auto opened = storage::OpenStore({.location = (dir / "fuzz.db").string()});
    FUZZ_CHECK(opened.has_value());
    auto tx = (*opened)->BeginWrite({.actor = "fuzz"});
    FUZZ_CHECK(tx.has_value());
    auto incident = storage::InsertAs(**tx, testing::SampleIncident());
    FUZZ_CHECK(incident.has_value());
    Report report = testing::SampleReport();
    report.incident_id = incident->meta.id;
    report.account.clear();  // personal data, which a store without keys refuses
    report.contact.clear();
    FUZZ_CHECK(storage::InsertAs(**tx, report).has_value());
    FUZZ_CHECK(storage::InsertAs(**tx, testing::SampleOperation()).has_value());
    FUZZ_CHECK((*tx)->Commit().ok());
    return std::move(*opened);
  }();
  return *store;
}

void CheckListQuery(std::string_view query) {
  for (EntityKind kind :
       {EntityKind::kIncident, EntityKind::kReport, EntityKind::kVictim, EntityKind::kOperation}) {
    auto q = api::ParseListQuery(kind, query);
    if (!q) {
      FUZZ_CHECK(q.error().code() == ErrorCode::kInvalidArgument);
      continue;
    }
    FUZZ_CHECK(q->limit >= 1 && q->limit <= 1000);
    auto tx = TheStore().BeginRead(storage::View::Everything());
    FUZZ_CHECK(tx.has_value());
    auto page = (*tx)->List(kind, *q);
    if (!page && page.error().code() != ErrorCode::kInvalidArgument) {
      std::fprintf(stderr, "List: %s\n", page.error().ToString().c_str());
      FUZZ_CHECK(false && "List failed other than with invalid_argument");
    }
    auto count = (*tx)->Count(kind, *q);
    if (!count && count.error().code() != ErrorCode::kInvalidArgument) {
      std::fprintf(stderr, "Count: %s\n", count.error().ToString().c_str());
      FUZZ_CHECK(false && "Count failed other than with invalid_argument");
    }
    if (page && count) FUZZ_CHECK(static_cast<int64_t>(page->items.size()) <= *count);
  }
}

}  // namespace
}  // namespace civharm::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view query = civharm::fuzz::AsText(data, size);
  civharm::fuzz::CheckQueryString(query);
  civharm::fuzz::CheckListQuery(query);
  return 0;
}
