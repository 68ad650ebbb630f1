#include "linkage/event_linkage.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace civharm::linkage {
namespace {

// Twenty events far apart, each told twice (a day and a few hundred metres off), and beside
// each a different event told once: five days later, 15 km away, other figures, other parties
// and means. Accounts 3e and 3e+1 are one event; 3e+2 is another.
std::vector<EventSketch> Accounts() {
  std::vector<EventSketch> out;
  for (int e = 0; e < 20; ++e) {
    EventSketch s{.first_day = 15000 + 40 * e,
                  .last_day = 15000 + 40 * e,
                  .lat = 30.0 + e,
                  .lon = 40.0,
                  .killed_min = 3 + e % 4,
                  .killed_max = 5 + e % 4,
                  .belligerents = {"Army"},
                  .means = "airstrike"};
    out.push_back(s);
    EventSketch again = s;
    again.first_day = again.last_day = *s.first_day + 1;
    *again.lat += 0.004;
    out.push_back(again);
    EventSketch other = s;
    other.first_day = other.last_day = *s.first_day + 5;
    *other.lat += 0.135;
    other.killed_min = other.killed_max = 60;
    other.belligerents = {"Militia"};
    other.means = "shelling";
    out.push_back(other);
  }
  return out;
}

TEST(EventLinkageTest, LinksTheAccountsOfEachEvent) {
  const std::vector<EventSketch> events = Accounts();
  const auto r = LinkEvents(events, {});
  ASSERT_TRUE(r) << r.error().ToString();
  for (size_t i = 0; i < events.size(); i += 3) {
    EXPECT_EQ(r->clusters[i], r->clusters[i + 1]) << i;
    EXPECT_NE(r->clusters[i], r->clusters[i + 2]) << i;
  }
}

TEST(EventLinkageTest, AnalystsDecisionsOverrideScores) {
  const std::vector<EventSketch> events = Accounts();
  EventLinkOptions options;
  options.rejected = {{1, 0}};
  options.confirmed = {{3, 5}};  // different events, but an analyst says otherwise
  const auto r = LinkEvents(events, options);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_NE(r->clusters[0], r->clusters[1]);
  EXPECT_EQ(r->clusters[3], r->clusters[5]);
}

TEST(EventLinkageTest, EventsWithoutDateOrPlaceStayAlone) {
  std::vector<EventSketch> events = Accounts();
  events.push_back({});
  const auto r = LinkEvents(events, {});
  ASSERT_TRUE(r);
  const uint32_t alone = r->clusters.back();
  EXPECT_EQ(std::count(r->clusters.begin(), r->clusters.end(), alone), 1);
}

TEST(EventLinkageTest, BadOptionsAreRefused) {
  const std::vector<EventSketch> events = Accounts();
  EventLinkOptions options;
  options.confirmed = {{0, 99}};
  EXPECT_EQ(LinkEvents(events, options).error().field(), "confirmed");
  options = {};
  options.days = 0;
  EXPECT_EQ(LinkEvents(events, options).error().field(), "days");
  options = {};
  options.source_of = {1, 2};
  EXPECT_EQ(LinkEvents(events, options).error().field(), "source_of");
}

}  // namespace
}  // namespace civharm::linkage
