#pragma once
// The data's feature space for the explorer (core/features): loaded from the cache or trained
// (the classifier; PCA for unlabelled data) on a background thread when the dataset changes,
// then the reference every feature-space view compares with (the features of every training
// and test image, the feature hole threshold). The Samples tab, the feature hole rates and the
// interpolation plots read the one result through features(); none of it runs on the UI thread.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/workers/latest_job_worker.h"
#include "core/features/feature_reference.h"
#include "core/features/feature_space.h"
#include "core/train/snapshot.h"

namespace app {

// Immutable once built; shared with every worker that measures in it.
struct Features {
  std::shared_ptr<const ll::Dataset> data;  // what it was built for
  ll::FeatureSpace space;
  ll::FeatureReference ref;
  bool from_cache = false;
  double seconds = 0;  // load or training, plus the reference
  std::vector<std::string> notes;
};

class FeatureSource {
 public:
  FeatureSource();
  ~FeatureSource() { cancel_ = true; }  // a running build stops at its next chunk
  FeatureSource(const FeatureSource&) = delete;
  FeatureSource& operator=(const FeatureSource&) = delete;

  // Once a frame: takes a finished build (prints FEATURES), and starts one for a new dataset
  // when `wanted`. The app wants it once the models train (or trained) or a tab that shows
  // feature numbers is open: an idle window that was only opened must not spend seconds of
  // CPU training a classifier; until then the views fall back to pixels.
  void update(const ll::Snapshot& s, Events& events, bool wanted);
  // Null until the space of the snapshot's dataset is ready (or when it cannot be built).
  const std::shared_ptr<const Features>& features() const { return features_; }
  bool building() const { return worker_.busy(); }
  bool has_result() const { return worker_.has_result(); }
  // How far the classifier's training is, in [0, 1]; −1 when not training (loading, PCA).
  double progress() const;
  // Why there is no feature space for this dataset (too small, ...); empty otherwise.
  const std::string& error() const { return error_; }
  // One line for a panel: what is being built, or what was built.
  std::string status() const;

 private:
  struct Job {
    std::shared_ptr<const ll::Dataset> data;
  };
  struct Result {
    std::shared_ptr<const ll::Dataset> data;
    std::shared_ptr<const Features> features;
    std::string error;
  };
  std::optional<Result> build(Job& job);  // on the worker thread

  // UI thread
  std::shared_ptr<const Features> features_;
  std::weak_ptr<const ll::Dataset> requested_;  // weak: a freed set's address may come back
  std::string error_;
  // Written by the worker while a classifier trains, read by the UI.
  std::atomic<size_t> done_{0}, total_{0};
  std::atomic<bool> cancel_{false};  // read by the worker
  // Last: its thread uses the members above, so it must stop before they go.
  LatestJobWorker<Job, Result> worker_;
};

}  // namespace app
