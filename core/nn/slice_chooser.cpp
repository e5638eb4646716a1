#include "core/nn/slice_chooser.h"

#include <algorithm>
#include <vector>

#include "core/util/stats.h"

namespace ll {

int SliceChooser::next(double step_ms, int threads) {
  if (threads != threads_) {
    *this = SliceChooser{};
    threads_ = threads;
  }
  const int64_t pos = pos_++;
  if (pos < 2 * kProbeSteps) probe_ms_[pos] = step_ms;
  if (pos == 2 * kProbeSteps - 1) {
    const double one = median({probe_ms_, probe_ms_ + kProbeSteps});
    const double all = median({probe_ms_ + kProbeSteps, probe_ms_ + 2 * kProbeSteps});
    slice_ = all < 0.9 * one;
    cycle_ = slice_ ? kMinCycleSteps : std::min(2 * cycle_, kMaxCycleSteps);
  }
  if (pos_ >= cycle_) pos_ = 0;
  if (pos_ < kProbeSteps) return 1;
  if (pos_ < 2 * kProbeSteps) return threads;
  return slice_ ? threads : 1;
}

}  // namespace ll
