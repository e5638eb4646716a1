#pragma once
// The exact posterior p(z|x) of a model with a 1- or 2-dimensional latent space, by quadrature
// on a grid, and the evidence log p(x) it normalises by. The code sees the model only through
// a log-likelihood callback, so a decoder that ModelConfig would not build (a linear-Gaussian
// one with closed-form answers, in the tests) goes through the same code as a trained VAE.
//
// The grid. A coarse lattice of square cells covers the prior's ±5 box (mass outside it under
// N(0, 1): 6e-7 per dimension) and q(z|x)'s ±6σ box, so the mass is found wherever the prior
// or the encoder puts it. Every coarse cell whose posterior mass is within `mass_nats` of the
// largest cell's is marked, with its neighbours (a narrow peak may sit between two centres),
// and cut into s×s sub-cells (s in 1-D), s chosen so the sub-cells use the budget. So are the
// cells holding q's mass, since KL(q ‖ p(z|x)) needs q resolved too; these are cut at least so
// finely that a sub-cell is at most 0.8 (q_cell_sigmas) of q's smallest σ (an encoder's q can be
// far narrower than the posterior). The result mixes cells of several sizes: sums over it weight
// each cell by its own area ΔA_i. A cell is summed by its centre (midpoint rule); for a smooth peak
// several cells wide that rule converges faster than any power of the cell size, so the
// residual of the ELBO identity (exact_readout.h) measures how well the peak is resolved.
// Budget: ~1,000 coarse cells, ~2,800 sub-cells, 2 × 576 Gauss–Hermite nodes (2-D).
//
// The box is checked, not assumed: `edge_mass` is the largest posterior mass in one side of
// the box's outermost ring of coarse cells; each side holding more than edge_tolerance moves
// out by a quarter of the box's width (at most twice; only new cells are evaluated) and the
// rest is redone. (A trained decoder can put a posterior's mean near ±4, where the prior's box
// cuts its tail.)
#include <array>
#include <functional>
#include <vector>

namespace ll {

// z: (count, dim) -> loglik: (count) = log p(x | z_i), nats, for the one x in question. Called
// with many points at once so an adapter can decode them in one product.
using LogLikFn = std::function<void(const float* z, int count, double* loglik)>;

// A diagonal Gaussian over z in R^dim (dim 1 or 2): the encoder's q(z|x) family.
struct DiagGaussian {
  int dim = 2;
  std::array<double, 2> mu{0, 0}, logvar{0, 0};
  double sigma(int d) const;
  // log N(z; μ, diag σ²), nats.
  double log_density(const float* z) const;
};

// KL(q ‖ N(0, I)), analytic, nats.
double kl_to_prior(const DiagGaussian& q);

struct GridOptions {
  double prior_half_width = 5;   // the prior's box: [−5, 5] per dimension
  double q_sigmas = 6;           // and q's: μ ± 6σ
  int coarse_cells = 0;          // lattice cells across the prior's box; 0: 32 (2-D), 256 (1-D)
  int fine_budget = 0;           // evaluations for the sub-cells; 0: 2800 (2-D), 1500 (1-D)
  int max_subdivision = 0;       // cap on s; 0: 24 (2-D), 64 (1-D)
  int subdivision = 0;           // > 0: this s, whatever the budget (refinement studies)
  double mass_nats = 20;         // coarse cells this close to the largest one are refined
  double edge_tolerance = 1e-6;  // posterior mass allowed in one side of the box's outer ring
  double q_cell_sigmas = 0.8;    // q's sub-cells are at most this many of its smallest σ wide
  std::vector<DiagGaussian> resolve;  // more Gaussians whose cells are cut as q's (q*, say)
};

// The coarse lattice: cell k (any integer) of dimension d covers
// [−prior_half_width + k·h, −prior_half_width + (k+1)·h]; cells 0..cells-1 tile the prior's box.
struct Lattice {
  double origin = -5, h = 10.0 / 32;
  int cells = 32;
  double centre(int k) const { return origin + (k + 0.5) * h; }
};
Lattice coarse_lattice(int dim, const GridOptions& opt);

struct Posterior {
  int dim = 2;
  // One entry per cell: centre z: (n, dim), half-widths: (n, dim), log ΔA_i, log p(x | z_i),
  // and log_mass: the log of the cell's share of the posterior, ℓ_i + log ΔA_i − log p(x),
  // with ℓ(z) = log p(x|z) + log p(z). The log density of p(z|x) at the centre is
  // log_mass − log_area.
  std::vector<float> z, half_width;
  std::vector<double> log_area, loglik, log_mass;
  double log_px = 0;  // log p(x) = logsumexp_i(ℓ_i + log ΔA_i)
  std::array<double, 2> mean{0, 0};
  std::array<std::array<double, 2>, 2> cov{};  // [0][0] only in 1-D
  double edge_mass = 0;  // largest posterior mass in one side of the box's outer ring
  std::array<double, 2> box_lo{0, 0}, box_hi{0, 0};  // the box the cells cover
  int coarse_cells = 0;                              // coarse cells in the final box
  int refined_cells = 0;                             // coarse cells cut into sub-cells
  int subdivision = 1;                               // s of the posterior's cells
  int q_subdivision = 1;  // s of q's cells, when q alone asks for finer ones
  int evaluations = 0;    // log-likelihood evaluations in all

  size_t size() const { return log_area.size(); }
  double log_density(size_t i) const { return log_mass[i] - log_area[i]; }
};

// Throws ll::Error unless dim is 1 or 2 and q has that dim.
Posterior grid_posterior(const LogLikFn& loglik, const DiagGaussian& q,
                         const GridOptions& opt = {});

// KL(q ‖ p(z|x)) on the grid, nats: the discrete KL between q's cell masses q(z_i)ΔA_i
// (normalised) and the posterior's, so it is ≥ 0 whatever the grid.
double kl_to_posterior(const Posterior& p, const DiagGaussian& q);

// The highest-posterior-density level holding `mass` (in (0, 1)) of the posterior: the log
// density t such that the cells with log_density ≥ t hold that mass. For contours: 39% and
// 86% are the 1σ and 2σ ellipses of a 2-D Gaussian, 68% and 95% those of a 1-D one.
double hpd_log_density(const Posterior& p, double mass);

}  // namespace ll
