#pragma once
// The data's own feature space, where sample quality, holes and paths are measured: a small
// classifier's penultimate activations (labelled data) or the top principal components
// (unlabelled data). Built once per dataset and cached on disk (feature_cache.h); read-only
// afterwards, so any thread may embed with it.
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/features/classifier.h"
#include "core/features/pca.h"

namespace ll {

enum class FeatureKind { Classifier, Pca };

struct FeatureSpace {
  FeatureKind kind = FeatureKind::Pca;
  Classifier classifier;  // kind Classifier
  Pca pca;                // kind Pca
  double test_accuracy = NAN;  // the classifier's on the test split; NaN for PCA

  int dim() const { return kind == FeatureKind::Classifier ? classifier.feature_dim() : pca.components; }
  int input_dim() const { return kind == FeatureKind::Classifier ? classifier.input_dim : pca.input_dim; }
  int classes() const { return kind == FeatureKind::Classifier ? classifier.classes : 0; }
  // images: (n, D) floats in [0, 1] -> features: (n, dim()); probs: (n, classes()) when the
  // space has a classifier and probs is not null.
  void embed(const float* images, size_t n, float* features, float* probs = nullptr) const;
};

struct FeatureOptions {
  ClassifierConfig classifier;
  int pca_components = 32;
  std::string cache_dir;  // empty: feature_cache_dir()
  bool use_cache = true;
  // Called on the building thread while a classifier trains (train_classifier's), so a
  // front end can show how far it is (and stop it: false); not called for a cache hit or PCA.
  std::function<bool(size_t, size_t)> progress;
};

// The fewest images a feature space is built from: below this a classifier or a covariance
// says nothing, and the distances would be noise (or NaN).
inline constexpr size_t kMinFeatureTrain = 50, kMinFeatureTest = 10;

struct FeatureBuild {
  FeatureSpace space;
  bool from_cache = false;
  std::string cache_path;          // "" when caching is off
  std::vector<std::string> notes;  // what a front end should tell the user (a retrain, ...)
};

// The feature space of d: loaded from the cache when a file with d's key is there and
// readable, else trained (classifier when d is labelled with >= 2 classes, else PCA) on the
// calling thread and saved. A cache file that cannot be read becomes a note and a retrain.
// Throws ll::Error naming d when it has fewer than kMinFeatureTrain training or
// kMinFeatureTest test images.
FeatureBuild feature_space(const Dataset& d, const FeatureOptions& opt = {});

}  // namespace ll
