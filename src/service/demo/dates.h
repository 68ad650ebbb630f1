// Dates and times for the demo generator: two years of events ending 2024-06-30, with the dataset
// as of 1 July 2024; local days and times in a theatre as instants; the spans a source gives
// when it knows only the week or the month; and dates as accounts and military logs write them.
// Internal to the demo generator (service/demo_data.cpp); not for other modules.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.h"
#include "domain/records.h"
#include "service/demo/world.h"

namespace civharm::service::demo {

inline constexpr int kPeriodDays = 731;  // 2022-07-01 … 2024-06-30
inline constexpr int kMinutesPerDay = 24 * 60;

// The first day of the period, and the instant the dataset is taken: midnight UTC after its
// last day.
Date FirstDay();
Timestamp Cutoff();

// The instant of a local day and time in a theatre.
Timestamp InstantOf(Date day, int local_minutes, const Theatre& theatre);

Timestamp AddMinutes(Timestamp t, int64_t minutes);

// Minutes after local midnight as a time of day.
TimeOfDay TimeOfDayOf(int minutes);

// The day itself, its ISO week (Monday to Sunday) and its calendar month, as date spans.
DateSpan DaySpan(Date day);
DateSpan WeekSpan(Date day);
DateSpan MonthSpan(Date day);

inline constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// "3 April 2023".
std::string DateText(Date d);

// A span as an account gives it: "on 3 April 2023", "in the week of 3 April 2023",
// "in April 2023", "between 3 and 5 April 2023".
std::string SpanText(const DateSpan& span);

// A military date-time group in UTC: "121430ZAPR23".
std::string DateTimeGroup(Timestamp t);

}  // namespace civharm::service::demo
