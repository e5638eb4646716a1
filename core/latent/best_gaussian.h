#pragma once
// q*(z|x): the best diagonal Gaussian for one x — the encoder's own family, so the gap between
// ELBO(q*) and ELBO(q) is the price of one encoder for all x and nothing else (Cremer, Li &
// Duvenaud 2018's amortization gap).
//
// Maximising ELBO(q) = log p(x) − KL(q ‖ p(z|x)) over q is minimising that KL, and on the
// posterior's grid the KL costs no decodes: q* minimises the grid's discrete KL
// (kl_to_posterior) over (μ_d, log σ²_d), by BFGS with its analytic gradient and a
// backtracking line search, from the encoder's q and from two starts the grid suggests. The caller
// checks the result with Gauss–Hermite (exact_readout), which decides whether q* improved on q.
#include "core/latent/posterior.h"

namespace ll {

struct BestGaussian {
  DiagGaussian q;
  double kl = 0;       // KL(q* ‖ p(z|x)) on the grid, nats
  int iterations = 0;  // BFGS steps taken, over all starts
  bool converged = false;
};

// start: the encoder's q (its dim must be p.dim). The KL never ends above start's.
BestGaussian fit_best_gaussian(const Posterior& p, const DiagGaussian& start,
                               int max_iterations = 100);

}  // namespace ll
