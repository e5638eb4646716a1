#pragma once
// The importance-weighted bound (Burda et al. 2016): log p(x) ≥ E[log (1/k) Σ_i p(x, z_i) / q(z_i | x)],
// z_i ~ q(z | x). k = 1 is the ELBO; it tightens as k grows, so its gap to the ELBO shows how
// far the posterior approximation is from the true posterior.
#include <cstddef>
#include <cstdint>

#include "core/vae/model.h"

namespace ll {

// Mean over `count` images of the k-sample bound on log p(x), nats (higher is better).
// pixels: (count, D) uint8. Throws ll::Error for an AE (it has no q(z|x) to sample).
double iwae_bound(const Model& m, const uint8_t* pixels, size_t count, int k, uint64_t seed);

}  // namespace ll
