#pragma once
// The theory measurements over training, for the Collapse and Gradients tabs: on the run's
// first VAE, (1) exact log p(x), the IWAE bound and the ELBO on the same first 100 held-out
// images (core/latent/exact_eval.h; latent size 1 or 2 only), (2) the variances of the three
// encoder-gradient estimators on the first 128 held-out images over M = 64 draws of ε
// (core/latent/grad_variance.h). A background thread (LatestJobWorker, low priority) measures
// the live snapshot's model; the trainer's thread and the UI thread never run it.
//
// The history (step -> values) is owned here. Written by update() alone, on the UI thread,
// from the worker's results; read by the Collapse and Gradients panels through history().
// The timeline's past steps read the same history: a panel marks the shown step on it.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/workers/latest_job_worker.h"
#include "core/train/snapshot.h"

namespace app {

struct TheoryPoint {
  int64_t step = 0;
  double epoch = 0;
  // A round measures one of the two parts, in turn (the gradients first: they are cheaper).
  // Means per image over the same held-out images, nats (higher is better); exact only
  // for latent size 1 or 2.
  bool exact = false;
  size_t exact_images = 0;
  int iwae_k = 0;
  double log_px = 0, iwae = 0, elbo = 0;
  double identity_error = 0;  // the largest identity residual over the images (the error bar)
  // Mean per-parameter variance of each estimator of ∂objective/∂φ.
  bool grad = false;
  int draws = 0, batch = 0;
  double reparam = 0, score = 0, baseline = 0;
  double exact_ms = 0, grad_ms = 0;  // what the round took on the worker, wall clock
  double cpu_ms = 0;                 // ... and in CPU time of its thread (the budget's measure)
};

class TheoryMeasure {
 public:
  static constexpr int kExactImages = 100;
  static constexpr int kGradImages = 128;
  static constexpr int kDraws = 64;
  // A round may use at most 1/kDutyFactor of one core on average: the next waits for the
  // collapse cadence or kDutyFactor times the last round's CPU time, whichever is longer (a
  // 2-core machine shares its second core between the UI and this worker). CPU time, not
  // wall time: on a loaded machine the low-priority thread waits long without costing more.
  static constexpr double kDutyFactor = 4.0;

  TheoryMeasure();
  ~TheoryMeasure() { cancel_ = true; }  // a running exact pass stops at its next image
  TheoryMeasure(const TheoryMeasure&) = delete;
  TheoryMeasure& operator=(const TheoryMeasure&) = delete;

  // Once a frame with the run's live snapshot: takes a finished round into the history (and
  // prints GRADVAR), and submits the next when it is due and `wanted` (training, or a tab
  // that shows the measurements is open).
  void update(const ll::Snapshot& live, double now_s, Events& events, bool wanted);

  const std::vector<TheoryPoint>& history() const { return history_; }
  int arm() const { return arm_; }  // the arm measured; −1: the run has no VAE
  bool measuring() const { return worker_.busy(); }
  bool has_result() const { return worker_.has_result(); }
  double interval_s() const { return interval_s_; }  // the cadence now
  const std::string& error() const { return error_; }

 private:
  struct Job {
    std::shared_ptr<const ll::Model> model;
    std::shared_ptr<const ll::Dataset> data;
    int64_t step = 0;
    double epoch = 0;
    int iwae_k = 0;
    bool exact = false;  // this round's part: exact bounds, else the gradient variances
    uint64_t generation = 0;
  };
  struct Result {
    TheoryPoint point;
    uint64_t generation = 0;
    std::string error;
  };
  std::optional<Result> measure(Job& job);  // on the worker thread

  // UI thread
  std::vector<TheoryPoint> history_;
  std::string key_;         // the models the history belongs to
  uint64_t generation_ = 0; // bumped with key_: a round of older models is dropped
  int arm_ = -1;
  int64_t submitted_step_ = -1;
  bool next_exact_ = false;
  double submitted_at_ = -1e9, interval_s_ = 3.0;
  std::string error_;
  std::atomic<bool> cancel_{false};  // read by the worker
  // Last: its thread runs measure(), which reads only cancel_ of the members above.
  LatestJobWorker<Job, Result> worker_;
};

}  // namespace app
