#include "api/rate_limiter.h"

#include <algorithm>
#include <cstddef>

namespace civharm::api {

using std::chrono::seconds;

RateLimiter::RateLimiter(int max_events, seconds window, size_t max_keys)
    : max_events_(max_events),
      window_(std::max(window, seconds(1))),
      max_keys_(std::max<size_t>(max_keys, 1)) {}

RateLimiter::Decision RateLimiter::Admit(std::string_view key, Clock::time_point now) {
  if (max_events_ <= 0) return {};
  std::lock_guard lock(mutex_);
  // Without this, keys that fell silent would stay until the table fills; one scan per window
  // keeps memory to the keys seen lately.
  if (now - last_prune_ >= window_) Prune(now);

  auto it = keys_.find(key);
  if (it == keys_.end()) {
    if (keys_.size() >= max_keys_ && now >= earliest_expiry_) Prune(now);
    if (keys_.size() >= max_keys_) {
      // Forgetting a tracked key would reset its count, which is what someone flooding the table
      // with new keys wants; refusing newcomers until keys expire is the safe failure.
      return {.allowed = false, .retry_after = std::chrono::ceil<seconds>(window_)};
    }
    it = keys_.emplace(std::string(key), Events{}).first;
  }

  Events& events = it->second;
  // Time points read before the lock was taken can arrive slightly out of order; counting such an
  // event at the newest time keeps the ring sorted and holds the event a moment longer at most.
  if (events.count > 0) now = std::max(now, events.newest());
  Expire(events, now);
  if (events.count >= static_cast<size_t>(max_events_)) {
    // The next event is admitted once the oldest one leaves the window.
    const seconds wait = std::chrono::ceil<seconds>(events.oldest() + window_ - now);
    return {.allowed = false, .retry_after = std::max(wait, seconds(1))};
  }
  Push(events, now);
  return {};
}

size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

// An event admitted at t counts while now < t + window.
void RateLimiter::Expire(Events& events, Clock::time_point now) const {
  while (events.count > 0 && events.oldest() + window_ <= now) {
    events.first = (events.first + 1) % events.slots.size();
    --events.count;
  }
}

void RateLimiter::Push(Events& events, Clock::time_point now) const {
  if (events.count == events.slots.size()) {
    // Every slot is in use (Admit checked that fewer than max_events are): straighten the ring so
    // that the new slot goes at the end.
    std::rotate(events.slots.begin(),
                events.slots.begin() + static_cast<std::ptrdiff_t>(events.first),
                events.slots.end());
    events.first = 0;
    events.slots.push_back(now);
  } else {
    events.slots[(events.first + events.count) % events.slots.size()] = now;
  }
  ++events.count;
}

void RateLimiter::Prune(Clock::time_point now) {
  last_prune_ = now;
  earliest_expiry_ = now + window_;
  std::erase_if(keys_, [&](const auto& entry) {
    const Events& events = entry.second;
    if (events.count == 0 || events.newest() + window_ <= now) return true;
    earliest_expiry_ = std::min(earliest_expiry_, events.newest() + window_);
    return false;
  });
}

}  // namespace civharm::api
