// The samplers behind one name, EM on a seeded subset of the codes, and the Samples tab's
// sampler FD: it agrees with the CLI's sample_quality, so the two front ends cannot disagree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/features/code_samplers.h"
#include "core/features/feature_reference.h"
#include "core/features/feature_space.h"
#include "core/features/sample_quality.h"
#include "core/nn/rng.h"
#include "small_vae.h"

namespace ll {
namespace {

TEST(FeaturesSampler, SeededSubsetIsSortedDistinctAndRepeatable) {
  const std::vector<size_t> a = seeded_subset(1000, 100, 3), b = seeded_subset(1000, 100, 3);
  ASSERT_EQ(a.size(), 100u);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());
  EXPECT_LT(a.back(), 1000u);
  EXPECT_NE(seeded_subset(1000, 100, 4), a);
  EXPECT_EQ(seeded_subset(50, 100, 3).size(), 50u);  // fewer rows than the cap: all of them
  EXPECT_EQ(seeded_subset(50, 0, 3).size(), 50u);    // no cap
}

TEST(FeaturesSampler, EmOnASubsetFindsTheSameMixture) {
  // Two well-separated clusters of 40,000 points: the capped fit (10,000) and the full one
  // agree on the means to well under the clusters' spread.
  const size_t n = 40000;
  std::vector<float> x(n * 2);
  Rng rng(11);
  for (size_t i = 0; i < n; ++i) {
    const bool left = i % 4 != 0;  // weights 0.75 / 0.25
    x[2 * i] = (left ? -3.f : 4.f) + 0.5f * rng.normal();
    x[2 * i + 1] = (left ? 1.f : -2.f) + 0.3f * rng.normal();
  }
  GmmOptions opt;
  opt.components = 2;
  const Gmm capped = fit_gmm(x.data(), n, 2, opt);
  opt.max_points = 0;
  const Gmm full = fit_gmm(x.data(), n, 2, opt);
  EXPECT_EQ(capped.points, 10000u);
  EXPECT_EQ(full.points, n);
  for (int k = 0; k < 2; ++k) {
    const int j = (capped.mean[k] - full.mean[0]).norm() < (capped.mean[k] - full.mean[1]).norm() ? 0 : 1;
    EXPECT_LT((capped.mean[k] - full.mean[j]).norm(), 0.03) << k;
    EXPECT_NEAR(capped.weight[k], full.weight[j], 0.015) << k;
  }
}

TEST(FeaturesSampler, FittedSamplersDrawFromTheirFit) {
  std::vector<float> codes(5000 * 2);
  Rng rng(2);
  for (size_t i = 0; i < 5000; ++i) codes[2 * i] = 6 + rng.normal(), codes[2 * i + 1] = -2 + 0.5f * rng.normal();
  for (Sampler k : kSamplers) {
    const FittedSampler f = fit_sampler(k, codes.data(), 5000, 2);
    std::vector<float> z(4000 * 2);
    Rng draw(9);
    sample_codes(f, 4000, draw, z.data());
    double m0 = 0;
    for (size_t i = 0; i < 4000; ++i) m0 += z[2 * i] / 4000;
    // The prior ignores the codes (mean 0); the fitted ones follow them (mean 6).
    EXPECT_NEAR(m0, k == Sampler::Prior ? 0.0 : 6.0, 0.1) << to_string(k);
  }
  EXPECT_THROW(fit_sampler(Sampler::Gmm, codes.data(), 1, 2), Error);
}

TEST(FeaturesSampler, SamplerFdAgreesWithSampleQuality) {
  const Dataset d = data::make_synthetic(1200, 300, 3);
  const Model m = testing::train_small_vae(d, 2, 64, 60, 1);
  FeatureOptions fo;
  fo.use_cache = false;
  fo.classifier.epochs = 1;
  fo.classifier.hidden = {32, 16};
  const FeatureSpace s = feature_space(d, fo).space;
  const FeatureReference r = feature_reference(s, d);
  SampleQualityOptions q;
  q.samples = 200;
  q.path_pairs = 4;
  const SampleQuality all = sample_quality(m, d, s, r, q);
  SamplerFdOptions o;
  o.samples = 200;
  o.keep_images = 24;
  o.fit_codes = 500;
  for (Sampler k : kSamplers) {
    const SamplerFd f = sampler_fd(m, d, s, r, k, o);
    EXPECT_TRUE(std::isfinite(f.fd) && f.fd >= 0) << to_string(k) << " " << f.fd;
    EXPECT_EQ(f.floor, all.fd_floor) << "the same real images at the same N and seed";
    EXPECT_EQ(f.z.size(), 200u * 2);
    EXPECT_EQ(f.images.size(), 24u * d.image_size());
    EXPECT_EQ(f.fit_codes, k == Sampler::Prior ? 0u : 500u);
    // The prior reads no codes: the same draws as sample_quality's, so the same distance.
    if (k == Sampler::Prior) {
      EXPECT_EQ(f.fd, all.fd_prior);
    }
  }
  // Sixty steps of training do not make samples as close to the data as real images are.
  EXPECT_GT(sampler_fd(m, d, s, r, Sampler::Prior, o).fd, all.fd_floor);
}

}  // namespace
}  // namespace ll
