#pragma once
// Posterior-collapse diagnostics: how much of the latent space a model actually uses. Shared
// by the GUI's diagnostics panel and `latentlab-cli eval`. The pure functions take codes
// (μ, log σ² of n images, row-major (n, L)); collapse_stats() encodes images and runs them all.
// Everything here reads a const Model and owns its scratch, so a background thread may call it
// on a snapshot's model while the trainer runs.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/vae/model.h"

namespace ll {

// mu, logvar: (n, L) -> (L): the mean over the n rows of KL(N(μ_j, σ²_j) ‖ N(0, 1)), nats.
// A dimension the model ignores has q(z_j|x) = N(0, 1) for every x, hence KL_j = 0.
std::vector<double> mean_kl_per_dim(const float* mu, const float* logvar, size_t n, int latent);

// Burda et al. (2016): unit u is active when Cov_x(E_q[z_u | x]) > 0.01, i.e. the
// posterior mean moves with the input. mu_variance: (L) from code_variance() (view.h).
constexpr double kActiveUnitThreshold = 0.01;
int active_units(const std::vector<double>& mu_variance, double threshold = kActiveUnitThreshold);

// I(x; z) under the aggregate posterior of these n images, nats (Hoffman & Johnson 2016; the
// estimator of He et al. 2019, "Lagging inference networks"):
//   I = E_x E_q(z|x)[log q(z|x)] − E_z[log q(z)],   q(z) ≈ (1/n) Σ_m q(z | x_m),
// one z_i ~ q(z | x_i) per image (seeded), log q(z_i) by log-sum-exp over all n posteriors.
// He et al. take the first term's analytic value (minus the entropy); we evaluate both terms
// at the same z_i: same expectation, but the ε noise cancels between them, so when μ and σ
// do not depend on x the estimate is exactly 0. It can never exceed log n (q(z_i) is at
// least q(z_i|x_i)/n), so n must be large compared with e^I. Cost O(n² L); NaN when n = 0.
// mu, logvar: (n, L).
double mutual_information(const float* mu, const float* logvar, size_t n, int latent,
                          uint64_t seed);

struct CollapseOptions {
  size_t mi_images = 2000;  // MI's aggregate posterior: a seeded subset this large (O(n²))
  int iwae_k = 0;           // > 0: also the k-sample IWAE bound (VAE only) ...
  size_t iwae_images = 500; // ... and the ELBO, on the first this many images
};

struct CollapseStats {
  size_t count = 0;                 // images encoded
  std::vector<double> kl_per_dim;   // (L) nats, mean over the images; NaN for the AE
  std::vector<double> mu_variance;  // (L) Var_x of μ_j(x) (the AE's code itself)
  int active_units = 0;             // dimensions with mu_variance > kActiveUnitThreshold
  double kl_total = 0;              // Σ_j kl_per_dim, nats; NaN for the AE
  double mutual_info = 0;           // I(x; z), nats, on mi_count images; NaN for the AE
  size_t mi_count = 0;
  // IWAE bound and ELBO (per image, nats, higher is better) on the same iwae_count images:
  // the gap between them is how far q(z|x) is from the true posterior. NaN unless asked
  // (iwae_k > 0) and the model is a VAE.
  double iwae = 0, elbo = 0;
  int iwae_k = 0;
  size_t iwae_count = 0;
};

// pixels: (count, D) uint8 held-out images. The AE has no q(z|x): its KL and MI are NaN, its
// active units count the variance of its code. Throws ll::Error when count is 0.
CollapseStats collapse_stats(const Model& m, const uint8_t* pixels, size_t count, uint64_t seed,
                             const CollapseOptions& opt = {});

}  // namespace ll
