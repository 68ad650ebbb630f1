#include "linkage/event_compare.h"

#include <algorithm>
#include <cmath>

#include "linkage/normalize.h"
#include "linkage/string_compare.h"

namespace civharm::linkage {
namespace {

int8_t DateLevel(const EventSketch& a, const EventSketch& b) {
  if (!a.first_day || !b.first_day) return kMissing;
  const int64_t a1 = *a.first_day, a2 = a.last_day.value_or(a1);
  const int64_t b1 = *b.first_day, b2 = b.last_day.value_or(b1);
  const int64_t gap = std::max<int64_t>({0, b1 - a2, a1 - b2});  // 0 when they overlap
  if (gap == 0) return 3;
  if (gap <= 1) return 2;
  if (gap <= 7) return 1;
  return 0;
}

int8_t PlaceLevel(const EventSketch& a, const EventSketch& b) {
  if (!a.lat || !a.lon || !b.lat || !b.lon) return kMissing;
  const double km = HaversineKm(*a.lat, *a.lon, *b.lat, *b.lon);
  if (km <= 1) return 3;
  if (km <= 5) return 2;
  if (km <= 25) return 1;
  return 0;
}

int8_t CasualtyLevel(const EventSketch& a, const EventSketch& b) {
  const auto range = [](const EventSketch& e) -> std::optional<std::pair<double, double>> {
    if (!e.killed_min && !e.killed_max) return std::nullopt;
    const double lo = static_cast<double>(e.killed_min.value_or(*e.killed_max));
    const double hi = static_cast<double>(e.killed_max.value_or(*e.killed_min));
    return std::pair{std::min(lo, hi), std::max(lo, hi)};
  };
  const auto x = range(a), y = range(b);
  if (!x || !y) return kMissing;
  if (x->first <= y->second && y->first <= x->second) return 2;
  // Not overlapping: compare the nearer ends, a count and its double being "close".
  const double lower = std::min(x->second, y->second), upper = std::max(x->first, y->first);
  return upper <= 2 * std::max(lower, 1.0) ? 1 : 0;
}

int8_t BelligerentLevel(const EventSketch& a, const EventSketch& b) {
  std::vector<std::string> x, y;
  for (const auto& n : a.belligerents) {
    if (std::string s = NormalizeName(n); !s.empty()) x.push_back(std::move(s));
  }
  for (const auto& n : b.belligerents) {
    if (std::string s = NormalizeName(n); !s.empty()) y.push_back(std::move(s));
  }
  if (x.empty() || y.empty()) return kMissing;
  for (const auto& p : x) {
    for (const auto& q : y) {
      if (JaroWinkler(p, q) >= 0.92) return 1;
    }
  }
  return 0;
}

int8_t MeansLevel(const EventSketch& a, const EventSketch& b) {
  const std::string x = NormalizeName(a.means), y = NormalizeName(b.means);
  if (x.empty() || y.empty()) return kMissing;
  return x == y ? 1 : 0;
}

}  // namespace

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180;
  const double s1 = std::sin((lat2 - lat1) * kRad / 2), s2 = std::sin((lon2 - lon1) * kRad / 2);
  const double h = s1 * s1 + std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * s2 * s2;
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(h)));
}

std::vector<Comparison> EventComparisons() {
  return {
      {"date", {"more than 7 days apart", "within 7 days", "within 1 day", "same dates"}},
      {"place", {"more than 25 km apart", "within 25 km", "within 5 km", "within 1 km"}},
      {"casualties", {"incompatible figures", "figures within a factor of 2", "figures overlap"}},
      {"belligerent", {"no belligerent in common", "a belligerent in common"}},
      {"means", {"different means", "same means"}}};
}

Pattern CompareEvents(const EventSketch& a, const EventSketch& b) {
  return {DateLevel(a, b), PlaceLevel(a, b), CasualtyLevel(a, b), BelligerentLevel(a, b),
          MeansLevel(a, b)};
}

}  // namespace civharm::linkage
