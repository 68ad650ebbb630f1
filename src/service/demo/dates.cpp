#include "service/demo/dates.h"

#include <fmt/format.h>

namespace civharm::service::demo {
namespace {

constexpr int kSecondsPerMinute = 60;
constexpr int kSecondsPerDay = 24 * 60 * 60;

}  // namespace

Date FirstDay() {
  return *Date::FromCivil(2022, 7, 1);
}
Timestamp Cutoff() {
  return Timestamp::FromUnixSeconds(int64_t{FirstDay().AddDays(kPeriodDays).days()} *
                                    kSecondsPerDay);
}

Timestamp InstantOf(Date day, int local_minutes, const Theatre& theatre) {
  const int64_t local =
      int64_t{day.days()} * kSecondsPerDay + int64_t{local_minutes} * kSecondsPerMinute;
  return Timestamp::FromUnixSeconds(local - int64_t{theatre.utc_offset_hours} * 3600);
}

Timestamp AddMinutes(Timestamp t, int64_t minutes) {
  return Timestamp::FromUnixMicros(t.unix_micros() + minutes * kSecondsPerMinute * 1'000'000);
}

TimeOfDay TimeOfDayOf(int minutes) {
  return *TimeOfDay::Parse(fmt::format("{:02}:{:02}", minutes / 60, minutes % 60));
}

DateSpan DaySpan(Date day) {
  return {.start = day, .end = day, .precision = DatePrecision::kDay};
}
DateSpan WeekSpan(Date day) {
  const Date monday = day.AddDays(1 - day.iso_weekday());
  return {.start = monday, .end = monday.AddDays(6), .precision = DatePrecision::kWeek};
}
DateSpan MonthSpan(Date day) {
  const Date first = *Date::FromCivil(day.year(), day.month(), 1);
  const Date next = day.month() == 12 ? *Date::FromCivil(day.year() + 1, 1, 1)
                                      : *Date::FromCivil(day.year(), day.month() + 1, 1);
  return {.start = first, .end = next.AddDays(-1), .precision = DatePrecision::kMonth};
}

std::string DateText(Date d) {
  return fmt::format("{} {} {}", d.day(), kMonths[d.month() - 1], d.year());
}

std::string SpanText(const DateSpan& span) {
  switch (span.precision) {
    case DatePrecision::kDay:
      return "on " + DateText(span.start);
    case DatePrecision::kWeek:
      return "in the week of " + DateText(span.start);
    case DatePrecision::kMonth:
      return fmt::format("in {} {}", kMonths[span.start.month() - 1], span.start.year());
    case DatePrecision::kDayRange:
    case DatePrecision::kYear:
      break;
  }
  if (span.start.year() == span.end.year() && span.start.month() == span.end.month()) {
    return fmt::format("between {} and {}", span.start.day(), DateText(span.end));
  }
  return fmt::format("between {} and {}", DateText(span.start), DateText(span.end));
}

std::string DateTimeGroup(Timestamp t) {
  const int64_t seconds_of_day = (t.unix_micros() / 1'000'000) % kSecondsPerDay;
  const Date d = t.date();
  std::string month(kMonths[d.month() - 1].substr(0, 3));
  for (char& c : month) c = static_cast<char>(c - ('a' <= c && c <= 'z' ? 'a' - 'A' : 0));
  return fmt::format("{:02}{:02}{:02}Z{}{:02}", d.day(), seconds_of_day / 3600,
                     seconds_of_day % 3600 / 60, month, d.year() % 100);
}

}  // namespace civharm::service::demo
