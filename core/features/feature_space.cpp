#include "core/features/feature_space.h"

#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/features/feature_cache.h"

namespace ll {

void FeatureSpace::embed(const float* images, size_t n, float* features, float* probs) const {
  if (kind == FeatureKind::Classifier)
    classify(classifier, images, n, features, probs);
  else if (features)
    pca_project(pca, images, n, features);
}

namespace {

bool use_classifier(const Dataset& d) {
  if (!d.labelled() || d.test.labels.size() != d.test.count) return false;
  std::set<int32_t> classes(d.train.labels.begin(), d.train.labels.end());
  return classes.size() >= 2;
}

int class_count(const Dataset& d) {
  int32_t mx = 0;
  for (int32_t y : d.train.labels) mx = std::max(mx, y);
  for (int32_t y : d.test.labels) mx = std::max(mx, y);
  return std::max<int>(int(d.class_names.size()), mx + 1);
}

FeatureSpace train_space(const Dataset& d, const FeatureOptions& opt) {
  FeatureSpace s;
  const int D = int(d.image_size());
  if (use_classifier(d)) {
    s.kind = FeatureKind::Classifier;
    s.classifier = make_classifier(opt.classifier, D, class_count(d));
    train_classifier(s.classifier, d.train.pixels.data(), d.train.labels.data(), d.train.count, opt.progress);
    s.test_accuracy = classifier_accuracy(s.classifier, d.test.pixels.data(), d.test.labels.data(), d.test.count);
  } else {
    s.kind = FeatureKind::Pca;
    s.pca = fit_pca(d.train.pixels.data(), d.train.count, D, opt.pca_components);
  }
  return s;
}

}  // namespace

FeatureBuild feature_space(const Dataset& d, const FeatureOptions& opt) {
  if (d.train.count < kMinFeatureTrain || d.test.count < kMinFeatureTest)
    throw Error("features: " + d.spec + " has " + std::to_string(d.train.count) + " training and " +
                std::to_string(d.test.count) + " test images; a feature space (classifier or PCA) needs at least " +
                std::to_string(kMinFeatureTrain) + " and " + std::to_string(kMinFeatureTest));
  FeatureBuild b;
  const std::string config = use_classifier(d) ? "classifier " + opt.classifier.key()
                                               : "pca " + std::to_string(opt.pca_components);
  const std::string dir = opt.cache_dir.empty() ? feature_cache_dir() : opt.cache_dir;
  const bool cached = opt.use_cache && !dir.empty();
  const uint64_t key = feature_key(d, config);
  if (cached) {
    b.cache_path = feature_cache_path(dir, key);
    std::error_code ec;
    if (std::filesystem::exists(b.cache_path, ec)) {
      try {
        b.space = load_feature_space(b.cache_path, key, int(d.image_size()));
        b.from_cache = true;
        return b;
      } catch (const Error& e) {
        b.notes.push_back(std::string("feature cache unreadable, retraining: ") + e.what());
      }
    }
  }
  b.space = train_space(d, opt);
  if (cached) {
    try {
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) throw Error(dir + ": cannot create the cache folder: " + ec.message());
      save_feature_space(b.cache_path, b.space, key);
    } catch (const Error& e) {
      b.notes.push_back(std::string("feature cache not written: ") + e.what());
    }
  }
  return b;
}

}  // namespace ll
