#pragma once
// Dataset numbers of the exact readout, for `latentlab-cli eval --exact`: means over N
// held-out images of −log p(x), −ELBO and both gaps, the IWAE bound on the same images, and
// the largest identity residual (the numbers' error bar). One decode of the coarse lattice
// serves every image (model_likelihood.h's SharedDecodes).
#include <cstddef>
#include <cstdint>
#include <functional>

#include "core/latent/exact_readout.h"
#include "core/vae/model.h"

namespace ll {

struct ExactEvalStats {
  size_t count = 0;
  double nll_exact = 0;          // mean −log p(x), nats
  double neg_elbo = 0;           // mean −ELBO(q), Gauss–Hermite, nats
  double nll_iwae = 0;           // mean −(k-sample IWAE bound); NaN unless iwae_k > 0
  int iwae_k = 0;
  double approximation_gap = 0;  // mean log p(x) − ELBO(q*), nats
  double amortization_gap = 0;   // mean ELBO(q*) − ELBO(q), nats
  double identity_error = 0;     // the largest identity residual over the images, nats
  double max_edge_mass = 0;      // the largest posterior mass in a box's outer ring
  long decodes = 0;              // decoder evaluations in all (the shared lattice included)
};

// pixels: (count, D) uint8. iwae_k > 0 adds the IWAE bound (iwae.h) on the same images with
// that seed. progress(done, count), when given, is called after each image. Throws ll::Error
// for an AE, a latent size other than 1 or 2, or count 0.
ExactEvalStats exact_eval(const Model& m, const uint8_t* pixels, size_t count,
                          const ExactOptions& opt = {}, int iwae_k = 0, uint64_t seed = 1,
                          const std::function<void(size_t, size_t)>& progress = {});

}  // namespace ll
