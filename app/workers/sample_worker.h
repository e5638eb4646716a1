#pragma once
// The Samples tab's measurements: per model, N codes drawn from the chosen sampler (the prior
// N(0, I), a Gaussian fitted to the codes, a GMM fitted to them), decoded, and their Fréchet
// distance in the data's feature space to N real test images, beside the floor at the same N
// (core/features/sample_quality.h, sampler_fd). A background thread (LatestJobWorker, low
// priority, latest request wins) measures the snapshot the views show; the UI uploads the
// first decodings as a grid. Measured only while the tab is open, at most every few seconds
// while training, so an idle window stays idle.
//
// The FD history (step -> value, per model and sampler) is owned here, written by update()
// from the results, read by the Samples panel: past values where they were measured.
#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/gfx/image_atlas.h"
#include "app/workers/feature_worker.h"
#include "app/workers/latest_job_worker.h"
#include "app/workers/model_refs.h"
#include "core/features/code_samplers.h"
#include "core/features/sample_quality.h"
#include "core/train/snapshot.h"

namespace app {

// One model's last measurement, ready to draw.
struct SampleArmView {
  bool valid = false;
  ll::Sampler kind = ll::Sampler::Prior;
  double fd = NAN, floor = NAN;
  size_t samples = 0, reference = 0, fit_codes = 0;
  int gmm_iterations = 0;
  ImageAtlas atlas;      // the first decodings, kGridCols per row
  std::vector<float> z;  // (atlas.count, latent) their codes
  int latent = 0;
  int64_t step = -1;     // the step of the model measured
  double ms = 0;         // the whole job's time on the worker
};

struct FdPoint {
  int64_t step = 0;
  double fd = NAN, floor = NAN;
};

class SampleWorker {
 public:
  static constexpr size_t kSamples = 2000;   // N per Fréchet distance (eval's default is 5,000)
  static constexpr size_t kFitCodes = 5000;  // training images encoded to fit a sampler
  static constexpr int kGridCols = 8, kGridCount = 64;

  SampleWorker();
  ~SampleWorker() { cancel_ = true; }  // a running round stops at its next step
  SampleWorker(const SampleWorker&) = delete;
  SampleWorker& operator=(const SampleWorker&) = delete;

  // Once a frame with the snapshot the views show and the live step (a smaller live step is
  // a reset: the history goes). Takes a finished result (uploads its grids, prints SAMPLES),
  // and submits a measurement when `wanted`, the features are ready and one is due: the
  // sampler or the models changed, and the last one is long enough ago.
  void update(const ll::Snapshot& s, int64_t live_step, const std::shared_ptr<const Features>& f,
              ll::Sampler kind, bool wanted, double interval_s, Events& events);
  const SampleArmView* arm(size_t i) const { return i < arms_.size() && arms_[i].valid ? &arms_[i] : nullptr; }
  // Every FD measured for the arm named `arm` with sampler k, by step.
  const std::vector<FdPoint>& history(const std::string& arm, ll::Sampler k) const;
  bool measuring() const { return worker_.busy(); }
  bool has_result() const { return worker_.has_result(); }
  bool due() const;  // a change waits for its interval: draw a frame then, even when idle
  const std::string& error() const { return error_; }

 private:
  struct Job {
    std::string key;
    std::shared_ptr<const Features> features;
    std::vector<std::shared_ptr<const ll::Model>> models;
    std::vector<std::string> names;
    ll::Sampler kind = ll::Sampler::Prior;
    int64_t step = 0;
  };
  struct ArmResult {
    ll::SamplerFd fd;
    ll::io::Image grid;
    int count = 0;
  };
  struct Result {
    std::string key;
    std::vector<std::string> names;
    std::vector<ArmResult> arms;
    ll::Sampler kind = ll::Sampler::Prior;
    int64_t step = 0;
    double ms = 0;
    std::string error;
  };
  std::optional<Result> measure(Job& job);  // on the worker thread

  // UI thread
  std::vector<SampleArmView> arms_;
  std::map<std::string, std::vector<FdPoint>> history_;  // "arm|sampler"
  std::string shown_key_;
  std::vector<ModelRef> submitted_models_;  // weak: compared, not kept (model_refs.h)
  ll::Sampler submitted_kind_ = ll::Sampler::Prior;
  double submitted_at_ = -1e9, last_ms_ = 0, due_at_ = -1;
  int64_t last_live_step_ = 0;
  std::string error_;
  std::atomic<bool> cancel_{false};  // read by the worker
  LatestJobWorker<Job, Result> worker_;  // last: its thread must stop before the members go
};

}  // namespace app
