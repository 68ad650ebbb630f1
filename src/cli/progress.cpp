#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

namespace civharm::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() {
  if (drawn_) fmt::print(stderr, "\n");
}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  const double share = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const int filled = static_cast<int>(share * kWidth);
  fmt::print(stderr, "\r{} [{}{}] {:3.0f}% {:.1f}/{:.1f} MB", label_, std::string(filled, '#'),
             std::string(kWidth - filled, ' '), share * 100, done / 1e6, total / 1e6);
  std::fflush(stderr);
}

}  // namespace civharm::cli
