#include "api/rate_limiter.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace civharm::api {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

// An arbitrary start; the tests move time by hand and never sleep.
const Clock::time_point t0 = Clock::time_point{} + 1000h;

TEST(RateLimiterTest, AdmitsExactlyMaxEventsThenRefuses) {
  RateLimiter limiter(3, 60s);
  EXPECT_TRUE(limiter.Admit("10.0.0.1", t0).allowed);
  EXPECT_TRUE(limiter.Admit("10.0.0.1", t0 + 1s).allowed);
  EXPECT_TRUE(limiter.Admit("10.0.0.1", t0 + 2s).allowed);
  const RateLimiter::Decision refused = limiter.Admit("10.0.0.1", t0 + 3s);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, 57s);
  EXPECT_FALSE(limiter.Admit("10.0.0.1", t0 + 59s).allowed);
}

TEST(RateLimiterTest, AllowedDecisionHasNoRetryAfter) {
  RateLimiter limiter(1, 60s);
  const RateLimiter::Decision d = limiter.Admit("a", t0);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.retry_after, 0s);
}

TEST(RateLimiterTest, RetryAfterIsWhenTheOldestEventLeavesTheWindow) {
  RateLimiter limiter(2, 60s);
  ASSERT_TRUE(limiter.Admit("a", t0).allowed);
  ASSERT_TRUE(limiter.Admit("a", t0 + 20s).allowed);
  EXPECT_EQ(limiter.Admit("a", t0 + 25s).retry_after, 35s);
  // Rounded up, so that retrying after retry_after is admitted...
  EXPECT_EQ(limiter.Admit("a", t0 + 30s + 500ms).retry_after, 30s);
  EXPECT_EQ(limiter.Admit("a", t0 + 59s).retry_after, 1s);
  // ...and never 0 while refused.
  const RateLimiter::Decision last = limiter.Admit("a", t0 + 59s + 999ms);
  EXPECT_FALSE(last.allowed);
  EXPECT_EQ(last.retry_after, 1s);
  // Exactly when retry_after said.
  EXPECT_TRUE(limiter.Admit("a", t0 + 60s).allowed);
}

TEST(RateLimiterTest, AdmitsAgainAfterTheWindowPasses) {
  RateLimiter limiter(3, 60s);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Admit("a", t0).allowed);
  ASSERT_FALSE(limiter.Admit("a", t0 + 59s).allowed);
  // A whole new allowance, and no more.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("a", t0 + 60s).allowed) << i;
  EXPECT_FALSE(limiter.Admit("a", t0 + 60s).allowed);
}

TEST(RateLimiterTest, WindowSlidesInsteadOfResettingOnBoundaries) {
  // A counter reset every 60 s would admit t0+61s too (its second window starts at t0+60s); a
  // sliding window never admits more than 2 in any 60 s.
  RateLimiter limiter(2, 60s);
  ASSERT_TRUE(limiter.Admit("a", t0).allowed);
  ASSERT_TRUE(limiter.Admit("a", t0 + 30s).allowed);
  EXPECT_TRUE(limiter.Admit("a", t0 + 60s).allowed);  // t0 has left the window
  const RateLimiter::Decision d = limiter.Admit("a", t0 + 61s);
  EXPECT_FALSE(d.allowed);  // t0+30s and t0+60s are still in it
  EXPECT_EQ(d.retry_after, 29s);
  EXPECT_TRUE(limiter.Admit("a", t0 + 90s).allowed);
}

TEST(RateLimiterTest, RefusedEventsAreNotCounted) {
  RateLimiter limiter(1, 60s);
  ASSERT_TRUE(limiter.Admit("a", t0).allowed);
  for (int s = 1; s < 60; ++s)
    ASSERT_FALSE(limiter.Admit("a", t0 + std::chrono::seconds(s)).allowed);
  EXPECT_TRUE(limiter.Admit("a", t0 + 60s).allowed);
}

TEST(RateLimiterTest, KeysAreIndependent) {
  RateLimiter limiter(2, 60s);
  ASSERT_TRUE(limiter.Admit("10.0.0.1", t0).allowed);
  ASSERT_TRUE(limiter.Admit("10.0.0.1", t0).allowed);
  ASSERT_FALSE(limiter.Admit("10.0.0.1", t0).allowed);
  EXPECT_TRUE(limiter.Admit("10.0.0.2", t0).allowed);
  EXPECT_TRUE(limiter.Admit("10.0.0.2", t0).allowed);
  EXPECT_FALSE(limiter.Admit("10.0.0.2", t0).allowed);
  EXPECT_TRUE(limiter.Admit("alice", t0).allowed);
}

TEST(RateLimiterTest, DropsKeysWhoseWindowHasPassed) {
  RateLimiter limiter(5, 60s);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.Admit(std::to_string(i), t0).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 100u);
  ASSERT_TRUE(limiter.Admit("late", t0 + 30s).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 101u);
  ASSERT_TRUE(limiter.Admit("later", t0 + 60s).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 2u);  // "late" is still in its window
}

TEST(RateLimiterTest, RefusesNewKeysWhenFullOfLiveKeys) {
  RateLimiter limiter(1, 60s, /*max_keys=*/2);
  ASSERT_TRUE(limiter.Admit("a", t0).allowed);
  ASSERT_TRUE(limiter.Admit("b", t0 + 30s).allowed);
  const RateLimiter::Decision d = limiter.Admit("c", t0 + 31s);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 60s);
  EXPECT_EQ(limiter.tracked_keys(), 2u);
  // Tracked keys keep their counts: flooding the table does not reset them.
  EXPECT_EQ(limiter.Admit("a", t0 + 31s).retry_after, 29s);
  EXPECT_EQ(limiter.Admit("b", t0 + 31s).retry_after, 59s);
  // Once "a" expires it is pruned to make room.
  EXPECT_TRUE(limiter.Admit("c", t0 + 60s).allowed);
  EXPECT_EQ(limiter.tracked_keys(), 2u);
  EXPECT_FALSE(limiter.Admit("d", t0 + 61s).allowed);
  EXPECT_LE(limiter.tracked_keys(), 2u);
}

TEST(RateLimiterTest, ZeroOrNegativeMaxEventsMeansUnlimited) {
  for (int max_events : {0, -1}) {
    RateLimiter limiter(max_events, 60s, /*max_keys=*/1);
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(limiter.Admit(std::to_string(i % 3), t0).allowed) << max_events;
    }
    EXPECT_EQ(limiter.tracked_keys(), 0u);
  }
}

TEST(RateLimiterTest, ConcurrentCallersShareOneAllowance) {
  RateLimiter limiter(100, 60s);
  std::atomic<int> admitted = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter.Admit("a", t0).allowed) ++admitted;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 100);
}

}  // namespace
}  // namespace civharm::api
