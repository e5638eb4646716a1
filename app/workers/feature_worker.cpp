#include "app/workers/feature_worker.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace app {

FeatureSource::FeatureSource() : worker_("ll-features", [this](Job& job) { return build(job); }) {}

double FeatureSource::progress() const {
  const size_t total = total_.load(), done = done_.load();
  return building() && total ? double(done) / double(total) : -1.0;
}

std::string FeatureSource::status() const {
  char buf[160];
  if (building()) {
    const double p = progress();
    if (p >= 0) {
      std::snprintf(buf, sizeof buf, "training the feature classifier: %.0f%%", 100 * p);
      return buf;
    }
    return "loading the feature space (cache, or PCA) and embedding the data…";
  }
  if (!error_.empty()) {
    const std::string why = error_.starts_with("features: ") ? error_.substr(10) : error_;
    return "No feature space, so no sample quality, and the holes are judged by pixels: " + why;
  }
  if (!features_) return "feature space: not built yet";
  const ll::FeatureSpace& s = features_->space;
  if (s.kind == ll::FeatureKind::Classifier)
    std::snprintf(buf, sizeof buf, "features: classifier, %.1f%% test accuracy", 100 * s.test_accuracy);
  else
    std::snprintf(buf, sizeof buf, "features: top %d principal components", s.dim());
  return buf;
}

void FeatureSource::update(const ll::Snapshot& s, Events& events, bool wanted) {
  if (std::optional<Result> r = worker_.take(); r && r->data == s.data) {
    features_ = r->features;
    error_ = r->error;
    if (features_) {
      const ll::FeatureSpace& sp = features_->space;
      events.say("FEATURES kind=%s dim=%d accuracy=%.4f cached=%d s=%.2f threshold=%.4f",
                 sp.kind == ll::FeatureKind::Classifier ? "classifier" : "pca", sp.dim(),
                 std::isfinite(sp.test_accuracy) ? sp.test_accuracy : -1.0, features_->from_cache ? 1 : 0,
                 features_->seconds, features_->ref.hole_threshold);
      for (const std::string& n : features_->notes) events.say("MESSAGE %s", n.c_str());
    } else {
      events.say("FEATURES unavailable: %s", error_.c_str());
    }
  }
  if (!s.data || requested_.lock() == s.data) return;
  if (!wanted) {  // what was built belongs to other data, and nothing is built yet
    features_.reset();
    error_.clear();
    return;
  }
  // New data: what was built belongs to the old set.
  requested_ = s.data;
  features_.reset();
  error_.clear();
  done_ = 0;
  total_ = 0;
  worker_.submit(Job{s.data});
}

std::optional<FeatureSource::Result> FeatureSource::build(Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  Result r;
  r.data = job.data;
  try {
    ll::FeatureOptions opt;
    opt.progress = [this](size_t done, size_t total) {
      total_ = total;
      done_ = done;
      return !cancel_.load();
    };
    ll::FeatureBuild b = ll::feature_space(*job.data, opt);
    total_ = 0;  // the reference is not the classifier's progress
    auto f = std::make_shared<Features>();
    f->data = job.data;
    f->ref = ll::feature_reference(b.space, *job.data, 1000, 1, 0.95, &cancel_);
    f->space = std::move(b.space);
    f->from_cache = b.from_cache;
    f->notes = std::move(b.notes);
    f->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.features = std::move(f);
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

}  // namespace app
