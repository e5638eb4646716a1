#pragma once
// The dataset's side of every feature-space measurement, computed once per dataset and
// feature space: the features of all training images (for nearest-image searches) and of the
// test images (the real set samples are compared with), and the feature hole threshold.
//
// The training images' features are kept in half precision (core/nn/half_rows.h): 60,000 × 128
// of them took 30 MB as floats, the largest single part of the explorer's heap after the
// pixels, and a nearest-image distance needs no more than half's 0.05%. The test images'
// stay float (5 MB): the Fréchet distances come from their moments, and stay what they were
// to the last digit.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/features/feature_space.h"
#include "core/nn/half_rows.h"

namespace ll {

struct FeatureReference {
  int dim = 0;
  HalfRows train;            // (train count, dim), half precision
  std::vector<float> test;   // (test count, dim)
  size_t train_count = 0, test_count = 0;
  // The hole threshold in feature space: the 95th percentile, over a seeded subset of (at
  // most 1000) test images, of each one's Euclidean feature distance to its nearest training
  // image (core/latent/holes.h's rule with features instead of pixels).
  double hole_threshold = 0;
  size_t threshold_count = 0;
};

// `cancel`, when set, stops it between chunks with an ll::Error (core/features/cancel.h).
FeatureReference feature_reference(const FeatureSpace& s, const Dataset& d, size_t max_threshold_test = 1000,
                                   uint64_t seed = 1, double quantile = 0.95,
                                   const std::atomic<bool>* cancel = nullptr);

// query: (q, dim), ref: (n, dim) -> dist: (q) the Euclidean distance of each query to its
// nearest ref row, by blocks of one GEMM each (‖a‖² + ‖b‖² − 2 a·b); index: (q) that row
// (may be null). Throws ll::Error when n is 0 and q is not.
void nearest_feature(const float* query, size_t q, const float* ref, size_t n, int dim, float* dist,
                     int32_t* index);
// The same over rows kept in half precision (ref.dim wide), converted a block at a time.
void nearest_feature(const float* query, size_t q, const HalfRows& ref, float* dist, int32_t* index);

// uint8 images -> their features: (n, s.dim()), in chunks (nothing of n × D floats is held).
std::vector<float> embed_pixels(const FeatureSpace& s, const uint8_t* pixels, size_t n,
                                const std::atomic<bool>* cancel = nullptr);

}  // namespace ll
