#include "core/time.h"

#include <array>
#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "core/strings.h"

namespace civharm {
namespace {

namespace chr = std::chrono;

constexpr int64_t kMicrosPerDay = 86'400LL * 1'000'000LL;

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

Status BadDate(std::string_view text, std::string_view why) {
  return InvalidArgument(fmt::format("'{}' {}", text, why));
}

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Reads an English month name or its three-letter abbreviation at the front of `s`.
// Returns the month (1–12) and how many characters it used, or 0.
std::pair<int, size_t> ReadMonthName(std::string_view s) {
  const std::string lower = ToLowerAscii(s.substr(0, std::min<size_t>(s.size(), 9)));
  for (size_t m = 0; m < kMonthNames.size(); ++m) {
    const std::string_view full = kMonthNames[m];
    if (lower.starts_with(full)) return {static_cast<int>(m + 1), full.size()};
  }
  for (size_t m = 0; m < kMonthNames.size(); ++m) {
    const std::string_view abbr = kMonthNames[m].substr(0, 3);
    if (lower.starts_with(abbr)) return {static_cast<int>(m + 1), 3};
  }
  return {0, 0};
}

}  // namespace

Result<Date> Date::FromCivil(int year, int month, int day) {
  if (year < 1000 || year > 9999) {
    return std::unexpected(InvalidArgument(fmt::format("year {} is outside 1000–9999", year)));
  }
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  if (month < 1 || month > 12 || day < 1 || !ymd.ok()) {
    return std::unexpected(
        InvalidArgument(fmt::format("{:04d}-{:02d}-{:02d} is not a real date", year, month, day)));
  }
  return Date(static_cast<int32_t>(chr::sys_days(ymd).time_since_epoch().count()));
}

Result<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !AllDigits(text.substr(0, 4)) ||
      !AllDigits(text.substr(5, 2)) || !AllDigits(text.substr(8, 2))) {
    return std::unexpected(BadDate(text, "is not a date in the form YYYY-MM-DD"));
  }
  auto d =
      FromCivil(Digits(text.substr(0, 4)), Digits(text.substr(5, 2)), Digits(text.substr(8, 2)));
  if (!d) return std::unexpected(BadDate(text, "is not a real date"));
  return d;
}

Result<Date> Date::ParseWithFormat(std::string_view text, std::string_view format) {
  int year = -1, month = -1, day = -1;
  size_t t = 0;
  auto fail = [&] {
    return std::unexpected(
        BadDate(text, fmt::format("does not match the date format '{}'", format)));
  };
  for (size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%' || f + 1 == format.size()) {
      if (t >= text.size() || text[t] != format[f]) return fail();
      ++t;
      continue;
    }
    const char spec = format[++f];
    if (spec == 'Y') {
      if (t + 4 > text.size() || !AllDigits(text.substr(t, 4))) return fail();
      year = Digits(text.substr(t, 4));
      t += 4;
    } else if (spec == 'm' || spec == 'd') {
      // One or two digits; two when the format has nothing between this field and a digit.
      size_t n = 0;
      while (n < 2 && t + n < text.size() && text[t + n] >= '0' && text[t + n] <= '9') ++n;
      const bool next_is_field = f + 1 < format.size() && format[f + 1] == '%';
      if (n == 0 || (next_is_field && n != 2)) return fail();
      (spec == 'm' ? month : day) = Digits(text.substr(t, n));
      t += n;
    } else if (spec == 'b' || spec == 'B') {
      const auto [m, used] = ReadMonthName(text.substr(t));
      if (m == 0) return fail();
      month = m;
      t += used;
    } else if (spec == '%') {
      if (t >= text.size() || text[t] != '%') return fail();
      ++t;
    } else {
      return std::unexpected(InvalidArgument(fmt::format(
          "date format '{}' uses %{}, which is not supported (use %Y %m %d %b %B)", format, spec)));
    }
  }
  if (t != text.size() || year < 0 || month < 0 || day < 0) return fail();
  auto d = FromCivil(year, month, day);
  if (!d) return std::unexpected(BadDate(text, "is not a real date"));
  return d;
}

namespace {
chr::year_month_day Ymd(int32_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}
}  // namespace

int Date::year() const {
  return static_cast<int>(Ymd(days_).year());
}
int Date::month() const {
  return static_cast<int>(static_cast<unsigned>(Ymd(days_).month()));
}
int Date::day() const {
  return static_cast<int>(static_cast<unsigned>(Ymd(days_).day()));
}
int Date::iso_weekday() const {
  return static_cast<int>(chr::weekday{chr::sys_days{chr::days{days_}}}.iso_encoding());
}

std::string Date::ToString() const {
  return fmt::format("{:04d}-{:02d}-{:02d}", year(), month(), day());
}

Result<TimeOfDay> TimeOfDay::Parse(std::string_view text) {
  const bool short_form = text.size() == 5;
  if ((!short_form && text.size() != 8) || text[2] != ':' || !AllDigits(text.substr(0, 2)) ||
      !AllDigits(text.substr(3, 2)) ||
      (!short_form && (text[5] != ':' || !AllDigits(text.substr(6, 2))))) {
    return std::unexpected(InvalidArgument(
        fmt::format("'{}' is not a time of day in the form HH:MM or HH:MM:SS", text)));
  }
  const int h = Digits(text.substr(0, 2));
  const int m = Digits(text.substr(3, 2));
  const int s = short_form ? 0 : Digits(text.substr(6, 2));
  if (h > 23 || m > 59 || s > 59) {
    return std::unexpected(InvalidArgument(fmt::format("'{}' is not a real time of day", text)));
  }
  return TimeOfDay(h * 3600 + m * 60 + s);
}

std::string TimeOfDay::ToString() const {
  const int h = seconds_ / 3600, m = seconds_ / 60 % 60, s = seconds_ % 60;
  if (s == 0) return fmt::format("{:02d}:{:02d}", h, m);
  return fmt::format("{:02d}:{:02d}:{:02d}", h, m, s);
}

Result<Timestamp> Timestamp::Parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return std::unexpected(InvalidArgument(fmt::format(
        "'{}' is not a timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff]Z or ±HH:MM): {}", text, why)));
  };
  if (text.size() < 10) return bad("too short");
  auto date = Date::Parse(text.substr(0, 10));
  if (!date) return bad("the date part is not a real YYYY-MM-DD date");
  int64_t micros = static_cast<int64_t>(date->days()) * kMicrosPerDay;
  if (text.size() == 10) return Timestamp(micros);
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
    return bad("expected 'T' after the date");
  std::string_view rest = text.substr(11);
  auto time = TimeOfDay::Parse(rest.substr(0, std::min<size_t>(rest.size(), 8)));
  if (!time || rest.size() < 8) return bad("the time must be HH:MM:SS");
  micros += static_cast<int64_t>(time->seconds_since_midnight()) * 1'000'000;
  rest.remove_prefix(8);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 0) return bad("no digits after '.'");
    if (n > 6) return bad("more than 6 fraction digits (finer than a microsecond)");
    int64_t frac = Digits(rest.substr(0, n));
    for (size_t k = n; k < 6; ++k) frac *= 10;
    micros += frac;
    rest.remove_prefix(n);
  }
  if (rest == "Z" || rest == "z") return Timestamp(micros);
  if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
      AllDigits(rest.substr(1, 2)) && AllDigits(rest.substr(4, 2))) {
    const int oh = Digits(rest.substr(1, 2)), om = Digits(rest.substr(4, 2));
    if (oh > 23 || om > 59) return bad("the UTC offset is out of range");
    const int64_t offset = (oh * 3600LL + om * 60LL) * 1'000'000LL;
    const Timestamp utc(rest[0] == '+' ? micros - offset : micros + offset);
    // Stored and written in UTC, so the UTC date must be one civharm can read back.
    if (const int year = utc.date().year(); year < 1000 || year > 9999) {
      return bad("in UTC it falls outside the years 1000–9999");
    }
    return utc;
  }
  return bad("expected 'Z' or a UTC offset like +02:00 at the end");
}

Timestamp Timestamp::Now() {
  return Timestamp(
      chr::duration_cast<chr::microseconds>(chr::system_clock::now().time_since_epoch()).count());
}

Date Timestamp::date() const {
  int64_t days = micros_ / kMicrosPerDay;
  if (micros_ % kMicrosPerDay < 0) --days;
  return Date::FromDays(static_cast<int32_t>(days));
}

std::string Timestamp::ToString() const {
  const Date d = date();
  int64_t in_day = micros_ - static_cast<int64_t>(d.days()) * kMicrosPerDay;
  const int64_t secs = in_day / 1'000'000;
  int64_t frac = in_day % 1'000'000;
  std::string out =
      fmt::format("{}T{:02d}:{:02d}:{:02d}", d.ToString(), secs / 3600, secs / 60 % 60, secs % 60);
  if (frac != 0) {
    int digits = 6;
    while (frac % 10 == 0) {
      frac /= 10;
      --digits;
    }
    out += fmt::format(".{:0{}d}", frac, digits);
  }
  out += 'Z';
  return out;
}

}  // namespace civharm
