// Fuzzes the strict date and time parsers of core/time.h and the date precision names. The first
// byte picks the parser ('d' Date::Parse, 't' TimeOfDay::Parse, 's' Timestamp::Parse, 'f'
// Date::ParseWithFormat with "format\ntext", 'p' DatePrecision names); the rest is its input.
// Whatever parses must be in range and survive formatting: a strict date reads back from its own
// text unchanged, a timestamp's canonical UTC text parses back to the same instant (records store
// and serve that text, so an instant without one could be stored but never read again), and a
// date read through a format reads back the same when written out in that format.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/time.h"
#include "domain/enums.h"
#include "fuzz_check.h"

namespace civharm::fuzz {
namespace {

void FuzzDate(std::string_view text) {
  auto d = Date::Parse(text);
  if (!d) return;
  FUZZ_CHECK(d->year() >= 1000 && d->year() <= 9999);
  FUZZ_CHECK(d->iso_weekday() >= 1 && d->iso_weekday() <= 7);
  FUZZ_CHECK(d->ToString() == text);  // strict: only the canonical form is accepted
  auto civil = Date::FromCivil(d->year(), d->month(), d->day());
  FUZZ_CHECK(civil && *civil == *d);
  FUZZ_CHECK(Date::FromDays(d->days()) == *d);
}

void FuzzTimeOfDay(std::string_view text) {
  auto t = TimeOfDay::Parse(text);
  if (!t) return;
  FUZZ_CHECK(t->seconds_since_midnight() >= 0 && t->seconds_since_midnight() < 86'400);
  const std::string s = t->ToString();
  FUZZ_CHECK(s == text || s + ":00" == text);
  auto back = TimeOfDay::Parse(s);
  FUZZ_CHECK(back && *back == *t);
}

void FuzzTimestamp(std::string_view text) {
  auto t = Timestamp::Parse(text);
  if (!t) return;
  const std::string s = t->ToString();
  FUZZ_CHECK(!s.empty() && s.back() == 'Z');
  auto back = Timestamp::Parse(s);
  if (!back)
    std::fprintf(stderr, "'%s' does not parse back: %s\n", s.c_str(),
                 back.error().message().c_str());
  FUZZ_CHECK(back && *back == *t);
  FUZZ_CHECK(back->ToString() == s);
}

// Writes `d` laid out as `format`, as ParseWithFormat reads formats: two-digit %m and %d (always
// accepted), full English month names for %b and %B (the parser tries full names first), "%%" as
// '%', and a '%' that ends the format as itself.
std::string Format(const Date& d, std::string_view format) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  std::string out;
  for (size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%' || f + 1 == format.size()) {
      out += format[f];
      continue;
    }
    switch (format[++f]) {
      case 'Y':
        out += fmt::format("{:04d}", d.year());
        break;
      case 'm':
        out += fmt::format("{:02d}", d.month());
        break;
      case 'd':
        out += fmt::format("{:02d}", d.day());
        break;
      case 'b':
      case 'B':
        out += kMonths[d.month() - 1];
        break;
      default:
        out += format[f];
    }
  }
  return out;
}

void FuzzDateFormat(std::string_view input) {
  const size_t nl = input.find('\n');
  if (nl == std::string_view::npos) return;
  const std::string_view format = input.substr(0, nl), text = input.substr(nl + 1);
  auto d = Date::ParseWithFormat(text, format);
  if (!d) return;
  FUZZ_CHECK(d->year() >= 1000 && d->year() <= 9999);
  const std::string written = Format(*d, format);
  auto back = Date::ParseWithFormat(written, format);
  FUZZ_CHECK(back && *back == *d);
}

void FuzzPrecision(std::string_view text) {
  auto p = ParseEnum<DatePrecision>(text);
  if (!p) return;
  FUZZ_CHECK(EnumName(*p) == text);
}

}  // namespace
}  // namespace civharm::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace civharm::fuzz;
  if (size == 0) return 0;
  const std::string_view input = AsText(data + 1, size - 1);
  switch (data[0]) {
    case 'd':
      FuzzDate(input);
      break;
    case 't':
      FuzzTimeOfDay(input);
      break;
    case 's':
      FuzzTimestamp(input);
      break;
    case 'f':
      FuzzDateFormat(input);
      break;
    case 'p':
      FuzzPrecision(input);
      break;
    default:
      // Any other first byte: every parser, so mutations of the selector are not wasted.
      FuzzDate(input);
      FuzzTimeOfDay(input);
      FuzzTimestamp(input);
      FuzzDateFormat(input);
      FuzzPrecision(input);
  }
  return 0;
}
