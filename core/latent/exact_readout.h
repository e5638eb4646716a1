#pragma once
// One image's exact readout (Cremer, Li & Duvenaud 2018, "Inference Suboptimality in
// Variational Autoencoders"): log p(x) on the grid, the ELBO of the encoder's q and of q*, the
// best diagonal Gaussian for this x, and the split of log p(x) − ELBO(q) into
//   approximation gap = log p(x) − ELBO(q*)   (the Gaussian family's price)
//   amortization gap  = ELBO(q*) − ELBO(q)    (the price of one encoder for all x).
// The identity log p(x) = ELBO(q) + KL(q ‖ p(z|x)) is exact algebra; here the left side comes
// from the grid, the ELBO from Gauss–Hermite and the KL from the grid again, so its residual
// says how well the two quadratures agree: the readout's own error bar.
#include <cstdint>

#include "core/latent/best_gaussian.h"
#include "core/latent/posterior.h"

namespace ll {

struct ExactOptions {
  GridOptions grid;
  int gauss_hermite_nodes = 0;  // per dimension; 0: default_gauss_hermite_nodes(dim)
  // An ELBO further than this from the grid's log p(x) − KL is computed again with twice the
  // nodes per dimension, and a residual still above it rebuilds the grid finer around q and q*
  // (exact_readout.cpp says why); 0: never.
  double escalate_nats = 0.004;
  int max_q_star_iterations = 100;
};

struct ExactReadout {
  Posterior posterior;  // the grid, for drawing (and HPD levels)
  DiagGaussian q, q_star;
  double log_px = 0;             // nats
  double elbo = 0;               // ELBO(q), Gauss–Hermite
  double kl = 0;                 // KL(q ‖ p(z|x)), grid
  double elbo_q_star = 0;        // ELBO(q*), Gauss–Hermite
  double kl_q_star = 0;          // KL(q* ‖ p(z|x)), grid
  double approximation_gap = 0;  // log p(x) − ELBO(q*), nats
  double amortization_gap = 0;   // ELBO(q*) − ELBO(q), nats, ≥ 0
  // max over q and q* of |log p(x) − ELBO − KL(· ‖ p(z|x))|, nats
  double identity_residual = 0;
  int q_star_iterations = 0;
  bool q_star_improved = false;  // false: the fit did not raise the ELBO, and q* = q
  int evaluations = 0;           // log-likelihood evaluations (decodes) in all
};

// From any log-likelihood: q is the encoder's (or any) diagonal Gaussian, of dim 1 or 2.
ExactReadout exact_readout(const LogLikFn& loglik, const DiagGaussian& q,
                           const ExactOptions& opt = {});

}  // namespace ll
