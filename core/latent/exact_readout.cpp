#include "core/latent/exact_readout.h"

#include <algorithm>
#include <cmath>

#include "core/latent/gauss_hermite.h"

namespace ll {

ExactReadout exact_readout(const LogLikFn& f, const DiagGaussian& q, const ExactOptions& opt) {
  ExactReadout r;
  r.posterior = grid_posterior(f, q, opt.grid);
  const Posterior& p = r.posterior;
  const int nodes = opt.gauss_hermite_nodes > 0 ? opt.gauss_hermite_nodes
                                                : default_gauss_hermite_nodes(q.dim);
  const int per_elbo = q.dim == 1 ? nodes : nodes * nodes;
  r.q = q;
  r.log_px = p.log_px;
  r.elbo = elbo_gauss_hermite(f, q, nodes);
  r.kl = kl_to_posterior(p, q);
  r.evaluations = p.evaluations + per_elbo;

  const BestGaussian fit = fit_best_gaussian(p, q, opt.max_q_star_iterations);
  r.q_star_iterations = fit.iterations;
  const double elbo_fit = elbo_gauss_hermite(f, fit.q, nodes);
  r.evaluations += per_elbo;
  // The Gauss–Hermite ELBO has the last word: q* is never worse than the encoder's q.
  r.q_star_improved = elbo_fit > r.elbo;
  r.q_star = r.q_star_improved ? fit.q : q;
  r.elbo_q_star = r.q_star_improved ? elbo_fit : r.elbo;
  r.kl_q_star = r.q_star_improved ? fit.kl : r.kl;

  r.approximation_gap = r.log_px - r.elbo_q_star;
  r.amortization_gap = r.elbo_q_star - r.elbo;
  r.identity_residual = std::max(std::fabs(r.log_px - r.elbo - r.kl),
                                 std::fabs(r.log_px - r.elbo_q_star - r.kl_q_star));
  return r;
}

}  // namespace ll
