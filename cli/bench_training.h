#pragma once
// The timed training runs of bench: the trainer's speed in windows, each against the GEMM
// ceiling measured around it, and which of its products go to the library.
#include <memory>
#include <utility>
#include <vector>

#include "core/data/dataset.h"
#include "core/nn/gemm.h"
#include "core/train/trainer.h"

namespace ll::cli {

// Training: `steps` steps after a warm-up, timed by the trainer's own clock (step() only), in
// windows of ~100 steps with the trainer paused between them for a 1024³ ceiling measurement
// at the window's thread count. A shared host's speed drifts over seconds, and the trainer
// (which streams ~28 MB per step) slows more than the cache-resident square product does; each
// window's fraction is against the ceiling measured just before and after it, under the same
// conditions. The headline fraction stays the whole run's mean against the best ceiling.
//
// With a second thread count, `steps` more steps run at it on the same trainer (SetThreads,
// which leaves the numbers as they are), its windows alternating with the first count's: the
// two meet the same conditions, where one run after the other met whatever the host did then
// (2 threads measured 0.94x of 1 that way, from minutes of drift, while slicing only runs when
// its probes find it faster).
struct TrainingRun {
  int threads = 1;
  double flops_per_sample = 0;  // every arm's
  double samples_per_s = 0, gflops = 0, samples_per_cpu_s = 0;
  double ceiling = 0;                   // the best measured at this thread count
  std::vector<double> window_fraction;  // sorted
  double fraction_beside = 0;           // their median
  std::vector<double> window_samples_per_s;  // in the order run
};

// runs[i].threads says each count, runs[i].ceiling comes in with the best measured so far.
// Returns the last snapshot: the models as the runs left them.
std::shared_ptr<const Snapshot> time_training(const std::shared_ptr<const Dataset>& data,
                                              TrainConfig cfg, int steps,
                                              std::vector<TrainingRun>& runs);

// The products one shard of a training step runs (kBatchShards: each shard's products are
// computed whole on one thread; recorded from a real pass, so the list follows the layer
// code), and those of them gemm() sends to the library rather than to tile_gemm.
struct StepProducts {
  std::vector<GemmShape> all, library;
};
StepProducts step_products(const Model& m, int batch);

}  // namespace ll::cli
