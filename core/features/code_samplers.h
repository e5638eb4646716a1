#pragma once
// Where new latent points come from: the prior N(0, I), a Gaussian fitted to a model's
// training codes, and a mixture of Gaussians fitted to them by EM. The KL term makes the first
// a good sampler for a VAE; an AE has only the fitted ones (Ghosh et al. 2020, "From
// Variational to Deterministic Autoencoders"), so both are measured for both.
#include <Eigen/Dense>
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
};

struct GmmOptions {
  int components = 10;
  int max_iterations = 200;
  double tolerance = 1e-6;  // stop when the mean log-likelihood gains less than this
  // Added to every covariance's diagonal, relative to the data's mean per-dimension variance:
  // an AE's codes can pile a component onto a few points, and a singular covariance would
  // make the likelihood infinite.
  double variance_floor = 1e-3;
  uint64_t seed = 1;  // k-means++ initialisation
};

// codes: (n, L) -> their mean and covariance (n − 1), plus variance_floor (relative, as in
// GmmOptions) on the diagonal. Throws ll::Error when n < 2.
GaussianFit fit_gaussian(const float* codes, size_t n, int L, double variance_floor = 1e-3);

// codes: (n, L) -> a min(K, n)-component mixture by EM from a seeded k-means++ start.
// Deterministic for a seed. Throws ll::Error when n < 2.
Gmm fit_gmm(const float* codes, size_t n, int L, const GmmOptions& opt = {});

// Each: count points -> z: (count, L).
void sample_prior(int L, size_t count, Rng& rng, float* z);
void sample_gaussian(const GaussianFit& g, size_t count, Rng& rng, float* z);
void sample_gmm(const Gmm& g, size_t count, Rng& rng, float* z);

}  // namespace ll
