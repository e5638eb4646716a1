#pragma once
// Where new latent points come from: the prior N(0, I), a Gaussian fitted to a model's
// training codes, and a mixture of Gaussians fitted to them by EM. The KL term makes the first
// a good sampler for a VAE; an AE has only the fitted ones (Ghosh et al. 2020, "From
// Variational to Deterministic Autoencoders"), so both are measured for both.
#include <Eigen/Dense>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/nn/rng.h"

namespace ll {

struct GaussianFit {
  Eigen::VectorXd mean;  // (L)
  Eigen::MatrixXd cov;   // (L, L), with the variance floor on the diagonal
};

struct Gmm {
  std::vector<double> weight;         // (K), sums to 1
  std::vector<Eigen::VectorXd> mean;  // K × (L)
  std::vector<Eigen::MatrixXd> cov;   // K × (L, L), full, each with the variance floor
  double log_likelihood = 0;          // mean per point at the last iteration, nats
  int iterations = 0;
  size_t points = 0;  // codes it was fitted to (GmmOptions::max_points)
};

struct GmmOptions {
  int components = 10;
  int max_iterations = 200;
  double tolerance = 1e-6;  // stop when the mean log-likelihood gains less than this
  // EM is fitted to a seeded subset of at most this many codes (0: all of them). Every
  // iteration is a pass over the points: on all 60,000 codes of Fashion-MNIST a fit took
  // most of a minute under load, and a 10-component mixture in at most 8 dimensions has
  // a few hundred parameters, which 10,000 points pin down as well.
  size_t max_points = 10000;
  // Added to every covariance's diagonal, relative to the data's mean per-dimension variance:
  // an AE's codes can pile a component onto a few points, and a singular covariance would
  // make the likelihood infinite.
  double variance_floor = 1e-3;
  uint64_t seed = 1;  // k-means++ initialisation
  const std::atomic<bool>* cancel = nullptr;  // when set, stops EM between iterations (ll::Error)
};

// A seeded choice of min(n, cap) of the rows 0..n−1, in increasing order (cap 0: all rows).
std::vector<size_t> seeded_subset(size_t n, size_t cap, uint64_t seed);

// codes: (n, L) -> their mean and covariance (n − 1), plus variance_floor (relative, as in
// GmmOptions) on the diagonal. Throws ll::Error when n < 2.
GaussianFit fit_gaussian(const float* codes, size_t n, int L, double variance_floor = 1e-3);

// codes: (n, L) -> a min(K, n)-component mixture by EM from a seeded k-means++ start, fitted
// to a seeded subset of min(n, max_points) of them. Deterministic for a seed. Throws
// ll::Error when n < 2.
Gmm fit_gmm(const float* codes, size_t n, int L, const GmmOptions& opt = {});

// Each: count points -> z: (count, L).
void sample_prior(int L, size_t count, Rng& rng, float* z);
void sample_gaussian(const GaussianFit& g, size_t count, Rng& rng, float* z);
void sample_gmm(const Gmm& g, size_t count, Rng& rng, float* z);

// The three samplers behind one name, for front ends that let a person choose.
enum class Sampler { Prior, Gaussian, Gmm };
inline constexpr Sampler kSamplers[] = {Sampler::Prior, Sampler::Gaussian, Sampler::Gmm};
const char* to_string(Sampler k);  // "prior", "gaussian", "gmm"

struct FittedSampler {
  Sampler kind = Sampler::Prior;
  int latent = 0;
  GaussianFit gaussian;  // kind Gaussian
  Gmm gmm;               // kind Gmm
};
// codes: (n, L) -> the sampler fitted to them (the prior fits nothing and reads no codes).
// Throws ll::Error when a fitted sampler gets n < 2.
FittedSampler fit_sampler(Sampler kind, const float* codes, size_t n, int L, const GmmOptions& opt = {});
void sample_codes(const FittedSampler& f, size_t count, Rng& rng, float* z);

}  // namespace ll
