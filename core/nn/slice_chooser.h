#pragma once
// Whether one model's products are sliced across its threads (gemm.h), chosen by measuring.
// Slicing pays while the other cores are free, but when other programs take them a sliced step
// waits for its slices and can be slower than one thread's; so the choice is measured again and
// again rather than fixed. Slicing is bit-exact, so the choice never changes the numbers.
#include <cstdint>

namespace ll {

// A cycle starts with kProbeSteps steps on one thread and kProbeSteps on all, and runs the rest
// the faster way by the probes' medians (an epoch's end or a publish inside a probe does not
// sway a median), slicing only if it is at least 10% faster. While slicing loses, cycles double
// in length (probing a busy machine costs: its sliced steps are the slow ones), up to
// kMaxCycleSteps.
class SliceChooser {
 public:
  static constexpr int kProbeSteps = 15;
  static constexpr int64_t kMinCycleSteps = 256, kMaxCycleSteps = 8192;

  // The threads the next step's products use (threads > 1), given how long the step just taken
  // lasted. Probes of another count say nothing of this one: then it starts over.
  int next(double step_ms, int threads);

 private:
  int threads_ = 0;  // the count probed
  int64_t pos_ = 0, cycle_ = kMinCycleSteps;
  double probe_ms_[2 * kProbeSteps] = {};
  bool slice_ = false;
};

}  // namespace ll
