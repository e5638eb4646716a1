#pragma once
// What a model's decodings look like in the data's feature space: Fréchet distances of its
// samples (three samplers), reconstructions and interpolation midpoints to real test images;
// the feature-space hole rule; and how confident the classifier stays along interpolations.
// Reads a const Model, Dataset, FeatureSpace and FeatureReference and owns its scratch, so it
// may run on any thread; products use the calling thread's GemmThreads budget.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/data/dataset.h"
#include "core/features/code_samplers.h"
#include "core/features/feature_reference.h"
#include "core/features/feature_space.h"
#include "core/vae/model.h"

namespace ll {

struct SampleQualityOptions {
  size_t samples = 5000;  // N decodings per Fréchet distance, against min(N, test count) real images
  int gmm_components = 10;
  int path_pairs = 100;
  int path_steps = 10;
  uint64_t seed = 1;
};

struct SampleQuality {
  double fd_prior = NAN;     // z ~ N(0, I)
  double fd_gaussian = NAN;  // z ~ a Gaussian fitted to the training codes (μ of q(z|x) for the VAE)
  double fd_gmm = NAN;       // z ~ a GMM fitted to them
  double fd_recon = NAN;     // reconstructions (decoded μ) of the real test images compared
  double fd_midpoint = NAN;  // decoded midpoints of μ of random test pairs
  // Two disjoint halves of the test set, min(N, test count / 2) each: what a perfect sampler
  // would score at this N (the distance is biased upwards by small N).
  double fd_floor = NAN;
  double path_realism = NAN;  // NaN without a classifier (PCA features)
  size_t samples = 0, reference = 0;
  int gmm_iterations = 0;
};

SampleQuality sample_quality(const Model& m, const Dataset& d, const FeatureSpace& s,
                             const FeatureReference& r, const SampleQualityOptions& opt = {});

// One sampler for the explorer's Samples tab: N codes drawn from it (fitted, unless it is the
// prior, to a seeded subset of the training codes), decoded, and their Fréchet distance to N
// real test images beside the floor at the same N (sample_quality's definitions).
struct SamplerFdOptions {
  size_t samples = 2000;
  size_t fit_codes = 10000;  // training images encoded for the fit (0: all)
  size_t keep_images = 64;   // decodings of the first draws handed back to be shown
  int gmm_components = 10;
  uint64_t seed = 1;
  const std::atomic<bool>* cancel = nullptr;  // stops it between steps and EM iterations (ll::Error)
};
struct SamplerFd {
  Sampler kind = Sampler::Prior;
  std::vector<float> z;       // (samples, L) every draw
  std::vector<float> images;  // (min(keep_images, samples), D) the first draws decoded
  double fd = NAN, floor = NAN;
  size_t samples = 0, reference = 0, fit_codes = 0;
  int gmm_iterations = 0;
};
SamplerFd sampler_fd(const Model& m, const Dataset& d, const FeatureSpace& s, const FeatureReference& r,
                     Sampler kind, const SamplerFdOptions& opt = {});

// The feature hole rule over caller-given latent points z: (P, L).
struct FeatureHoles {
  std::vector<float> images;    // (P, D) the decodings
  std::vector<float> distance;  // (P) Euclidean feature distance to the nearest training image
  std::vector<uint8_t> hole;    // (P) 1: distance > threshold (or not finite)
  double threshold = 0, rate = 0;
};
FeatureHoles feature_holes(const Model& m, const FeatureSpace& s, const FeatureReference& r,
                           const float* z, size_t P);

// count draws of N(0, I) in L dimensions, seeded: where a person samples.
std::vector<float> prior_points(int L, size_t count, uint64_t seed);

// Along one decoded path images: (steps, D).
struct PathFeatures {
  std::vector<double> step_distance;  // (steps − 1) Euclidean feature distance between frames
  std::vector<double> confidence;     // (steps) the classifier's largest class probability; empty for PCA
  double min_confidence = NAN;
};
PathFeatures path_features(const FeatureSpace& s, const float* images, int steps);

// The mean over `pairs` random test pairs of the lowest confidence along a linear path of
// `steps` frames between their μ; NaN for a space without a classifier.
double path_realism(const Model& m, const Dataset& d, const FeatureSpace& s, int pairs, int steps,
                    uint64_t seed);

}  // namespace ll
