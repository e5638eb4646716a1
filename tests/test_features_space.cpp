// The feature space: the classifier learns, the cache round-trips and survives corruption,
// unlabelled data gets PCA, and data too small for either gets a clear error.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/data/synthetic.h"
#include "core/error.h"
#include "core/features/classifier.h"
#include "core/features/feature_reference.h"
#include "core/features/feature_space.h"
#include "core/features/softmax_xent.h"
#include "core/nn/rng.h"
#include "temp_dir.h"

namespace ll {
namespace {

// Two classes of 16-pixel images: class 0 bright in the left half, class 1 in the right.
void separable(size_t n, uint64_t seed, std::vector<uint8_t>& px, std::vector<int32_t>& y) {
  Rng rng(seed);
  px.resize(n * 16);
  y.resize(n);
  for (size_t i = 0; i < n; ++i) {
    y[i] = int32_t(rng.below(2));
    for (int j = 0; j < 16; ++j) {
      const bool lit = (j < 8) == (y[i] == 0);
      px[i * 16 + j] = uint8_t((lit ? 140 : 0) + rng.below(110));
    }
  }
}

TEST(FeaturesClassifier, SoftmaxXentGradientMatchesFiniteDifferences) {
  std::vector<float> logits = {0.3f, -1.2f, 2.0f, 0.5f, 0.1f, -0.4f};
  const std::vector<int32_t> y = {2, 0};
  std::vector<float> d(6);
  softmax_xent(logits.data(), y.data(), 2, 3, d.data());
  for (int i = 0; i < 6; ++i) {
    std::vector<float> p = logits, m = logits;
    p[i] += 1e-3f;
    m[i] -= 1e-3f;
    const double fd = (softmax_xent(p.data(), y.data(), 2, 3, nullptr) -
                       softmax_xent(m.data(), y.data(), 2, 3, nullptr)) / 2e-3;
    EXPECT_NEAR(d[i], fd, 1e-4) << i;
  }
}

TEST(FeaturesClassifier, LearnsASeparableSet) {
  std::vector<uint8_t> train, test;
  std::vector<int32_t> ytrain, ytest;
  separable(2000, 1, train, ytrain);
  separable(500, 2, test, ytest);
  ClassifierConfig cfg;
  cfg.hidden = {16, 8};
  cfg.epochs = 3;
  Classifier c = make_classifier(cfg, 16, 2);
  const double before = classifier_accuracy(c, test.data(), ytest.data(), 500);
  train_classifier(c, train.data(), ytrain.data(), 2000);
  const double after = classifier_accuracy(c, test.data(), ytest.data(), 500);
  EXPECT_GT(after, 0.98) << "before training: " << before;
}

FeatureOptions small_options(const std::string& cache) {
  FeatureOptions o;
  o.classifier.hidden = {32, 16};
  o.classifier.epochs = 1;
  o.cache_dir = cache;
  return o;
}

TEST(FeaturesSpace, CacheRoundTripsAndACorruptFileIsRetrained) {
  testing::TempDir dir;
  const Dataset d = data::make_synthetic(600, 100, 3);
  const FeatureOptions o = small_options(dir.path.string());
  const FeatureBuild first = feature_space(d, o);
  EXPECT_FALSE(first.from_cache);
  EXPECT_TRUE(first.notes.empty());
  ASSERT_EQ(first.space.kind, FeatureKind::Classifier);
  EXPECT_TRUE(std::filesystem::exists(first.cache_path));
  const FeatureBuild second = feature_space(d, o);
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.cache_path, first.cache_path);
  EXPECT_EQ(second.space.classifier.params, first.space.classifier.params);
  EXPECT_EQ(second.space.test_accuracy, first.space.test_accuracy);
  // Another config is another file.
  FeatureOptions other = o;
  other.classifier.seed = 2;
  EXPECT_NE(feature_space(d, other).cache_path, first.cache_path);

  { std::ofstream(first.cache_path, std::ios::binary | std::ios::trunc) << "not a safetensors file"; }
  const FeatureBuild third = feature_space(d, o);
  EXPECT_FALSE(third.from_cache);
  ASSERT_EQ(third.notes.size(), 1u);
  EXPECT_NE(third.notes[0].find(first.cache_path), std::string::npos) << third.notes[0];
  EXPECT_NE(third.notes[0].find("retraining"), std::string::npos) << third.notes[0];
  EXPECT_EQ(third.space.classifier.params, first.space.classifier.params);  // seeded: the same
  EXPECT_TRUE(feature_space(d, o).from_cache);  // and the file was rewritten
}

TEST(FeaturesSpace, UnlabelledDataGetsPrincipalComponents) {
  testing::TempDir dir;
  Dataset d = data::make_synthetic(300, 60, 4);
  d.train.labels.clear();
  d.test.labels.clear();
  d.class_names.clear();
  FeatureOptions o = small_options(dir.path.string());
  o.pca_components = 8;
  const FeatureBuild b = feature_space(d, o);
  ASSERT_EQ(b.space.kind, FeatureKind::Pca);
  EXPECT_EQ(b.space.dim(), 8);
  EXPECT_TRUE(std::isnan(b.space.test_accuracy));
  const FeatureBuild again = feature_space(d, o);
  EXPECT_TRUE(again.from_cache);
  EXPECT_EQ(again.space.pca.basis, b.space.pca.basis);
  // The basis is orthonormal.
  const int D = b.space.input_dim();
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) {
      double dot = 0;
      for (int k = 0; k < D; ++k) dot += double(b.space.pca.basis[i * D + k]) * b.space.pca.basis[j * D + k];
      EXPECT_NEAR(dot, i == j ? 1.0 : 0.0, 1e-4);
    }
}

TEST(FeaturesSpace, ATinyDatasetIsAClearError) {
  const Dataset d = data::make_synthetic(20, 5, 1);
  try {
    feature_space(d, small_options(""));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("20 training"), std::string::npos) << msg;
    EXPECT_NE(msg.find("at least 50"), std::string::npos) << msg;
  }
}

TEST(FeaturesSpace, ReferenceThresholdAndNearestFeature) {
  // Nearest rows by brute force against the GEMM route.
  Rng rng(5);
  std::vector<float> ref(300 * 8), q(20 * 8);
  for (float& v : ref) v = rng.normal();
  for (float& v : q) v = rng.normal();
  std::copy_n(&ref[17 * 8], 8, &q[3 * 8]);  // an exact copy reads 0
  std::vector<float> dist(20);
  std::vector<int32_t> idx(20);
  nearest_feature(q.data(), 20, ref.data(), 300, 8, dist.data(), idx.data());
  for (int i = 0; i < 20; ++i) {
    double best = 1e30;
    for (int r = 0; r < 300; ++r) {
      double s = 0;
      for (int j = 0; j < 8; ++j) s += std::pow(double(q[i * 8 + j]) - ref[r * 8 + j], 2);
      best = std::min(best, std::sqrt(s));
    }
    EXPECT_NEAR(dist[i], best, 1e-5) << i;
  }
  EXPECT_EQ(idx[3], 17);
  EXPECT_EQ(dist[3], 0.f);
}

}  // namespace
}  // namespace ll
