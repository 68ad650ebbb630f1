// Calendar dates, times of day and UTC timestamps, parsed strictly.
//
//   Date::Parse("2013-01-03")            -> 2013-01-03
//   Date::Parse("2023-02-29")            -> invalid_argument "2023-02-29 is not a real date"
//   Timestamp::Parse("2024-05-01T10:15:30.25+02:00").ToString() == "2024-05-01T08:15:30.25Z"
//
// Dates are proleptic Gregorian, years 1000–9999 (four digits, as ISO 8601 writes them).
// Timestamps keep microseconds; input with finer fractions is refused rather than rounded.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace civharm {

class Date {
 public:
  // Strict ISO 8601 calendar date "YYYY-MM-DD".
  static Result<Date> Parse(std::string_view text);
  // Parses `text` laid out as `format`, where %Y (4-digit year), %m and %d (1 or 2 digits),
  // %b / %B (English month name, any case) and literal characters may appear:
  // "%d/%m/%Y", "%d %B %Y", "%Y%m%d".
  static Result<Date> ParseWithFormat(std::string_view text, std::string_view format);
  // Returns an error if the day does not exist or the year is outside 1000–9999.
  static Result<Date> FromCivil(int year, int month, int day);
  static Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }

  int year() const;
  int month() const;
  int day() const;
  // Days since 1970-01-01 (negative before).
  int32_t days() const { return days_; }
  // ISO weekday, Monday = 1 … Sunday = 7.
  int iso_weekday() const;
  Date AddDays(int32_t n) const { return Date(days_ + n); }
  std::string ToString() const;

  friend auto operator<=>(const Date&, const Date&) = default;

 private:
  explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// A time of day without date or zone, "HH:MM" or "HH:MM:SS".
class TimeOfDay {
 public:
  static Result<TimeOfDay> Parse(std::string_view text);
  int seconds_since_midnight() const { return seconds_; }
  // "14:30" when the seconds are zero, else "14:30:15".
  std::string ToString() const;
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;

 private:
  explicit TimeOfDay(int s) : seconds_(s) {}
  int seconds_ = 0;
};

// An instant in UTC with microsecond resolution.
class Timestamp {
 public:
  Timestamp() = default;  // 1970-01-01T00:00:00Z
  // RFC 3339: "YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)"; a space may stand for 'T'. A date alone
  // ("YYYY-MM-DD") means midnight UTC.
  static Result<Timestamp> Parse(std::string_view text);
  static Timestamp FromUnixMicros(int64_t micros) { return Timestamp(micros); }
  static Timestamp FromUnixSeconds(int64_t seconds) { return Timestamp(seconds * 1'000'000); }
  static Timestamp Now();

  int64_t unix_micros() const { return micros_; }
  Date date() const;
  // "2024-05-01T08:15:30Z", with as many fraction digits as needed to be exact.
  std::string ToString() const;

  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;

 private:
  explicit Timestamp(int64_t micros) : micros_(micros) {}
  int64_t micros_ = 0;
};

}  // namespace civharm
