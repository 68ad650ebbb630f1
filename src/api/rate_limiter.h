// Counting events per key (a client address, a user name) in a sliding window, to slow down
// password guessing and floods of public submissions.
//
//   RateLimiter sign_ins(10, std::chrono::minutes(1));
//   RateLimiter::Decision d = sign_ins.Admit(request.peer);
//   if (!d.allowed) return TooManyRequests(d.retry_after);  // 429 with Retry-After
//
// The window slides: an event counts for exactly `window` after it was admitted, so no stretch of
// `window` length ever holds more than `max_events` admitted events for one key. Refused events
// are not counted, so a client that keeps trying is admitted again as soon as its oldest event
// leaves the window.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace civharm::api {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // At most `max_events` per `window` for each key; `max_events` <= 0 means unlimited (nothing is
  // counted or stored). A window shorter than one second is taken as one second. At most
  // `max_keys` keys are tracked at once (at least 1); memory grows with the number of keys times
  // the events each holds in its window, so both stay bounded.
  RateLimiter(int max_events, std::chrono::seconds window, size_t max_keys = 100000);

  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  struct Decision {
    bool allowed = true;
    // When refused: how long until an event for this key would be admitted, rounded up to whole
    // seconds and at least 1 s (fit for a Retry-After header). 0 when allowed.
    std::chrono::seconds retry_after{0};
  };

  // Counts an event for `key` at `now` unless the key already holds `max_events` events in the
  // window ending at `now`. When `max_keys` keys are live, keys whose window has passed are
  // dropped first; if none has, a new key is refused (fail closed) with retry_after = the window,
  // while keys already tracked go on as before. Thread-safe.
  Decision Admit(std::string_view key, Clock::time_point now = Clock::now());

  // How many keys are tracked; for tests and metrics. Thread-safe.
  size_t tracked_keys() const;

 private:
  // The admitted events of one key still inside the window, oldest first, in a ring buffer that
  // grows up to max_events slots.
  struct Events {
    std::vector<Clock::time_point> slots;
    size_t first = 0;
    size_t count = 0;
    Clock::time_point oldest() const { return slots[first]; }
    Clock::time_point newest() const { return slots[(first + count - 1) % slots.size()]; }
  };

  // Lets the map be searched with a string_view without building a std::string.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  void Expire(Events& events, Clock::time_point now) const;
  void Push(Events& events, Clock::time_point now) const;
  // Drops every key whose events have all left the window.
  void Prune(Clock::time_point now);

  const int max_events_;
  const Clock::duration window_;
  const size_t max_keys_;

  mutable std::mutex mutex_;
  // All guarded by mutex_.
  std::unordered_map<std::string, Events, KeyHash, std::equal_to<>> keys_;
  Clock::time_point last_prune_{};
  // No key tracked at the last prune expires before this, so a full table is not scanned again
  // until then: a flood of new keys costs one scan per expiry, not one per request.
  Clock::time_point earliest_expiry_{};
};

}  // namespace civharm::api
