#include "core/latent/best_gaussian.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"

namespace ll {

namespace {
// θ = (μ_0, [μ_1,] s_0, [s_1]), s = log σ².
DiagGaussian from_theta(int dim, const double* t) {
  DiagGaussian q;
  q.dim = dim;
  for (int d = 0; d < dim; ++d) {
    q.mu[d] = t[d];
    q.logvar[d] = t[dim + d];
  }
  return q;
}

// The discrete KL Σ q̂_i (log q̂_i − log p̂_i), q̂ = softmax(a), a_i = log q(z_i) + log ΔA_i, and
// its gradient: with g_i = ∂a_i/∂θ and ḡ = Σ q̂_i g_i, ∂KL/∂θ = Σ q̂_i (g_i − ḡ)(log q̂_i − log p̂_i)
// (the normaliser's derivative cancels because g − ḡ has mean 0 under q̂).
double kl_and_gradient(const Posterior& p, const double* t, double* grad) {
  const int dim = p.dim, np = 2 * dim;
  const size_t m = p.size();
  thread_local std::vector<double> a;
  a.resize(m);
  const DiagGaussian q = from_theta(dim, t);
  double mx = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < m; ++i) {
    a[i] = q.log_density(p.z.data() + i * dim) + p.log_area[i];
    mx = std::max(mx, a[i]);
  }
  if (!std::isfinite(mx)) return std::numeric_limits<double>::infinity();
  double z = 0;
  for (size_t i = 0; i < m; ++i) z += std::exp(a[i] - mx);
  const double lse = mx + std::log(z);
  double kl = 0, gbar[4] = {0, 0, 0, 0}, gd[4] = {0, 0, 0, 0};
  double inv_var[2];
  for (int d = 0; d < dim; ++d) inv_var[d] = std::exp(-t[dim + d]);
  for (size_t i = 0; i < m; ++i) {
    const double lq = a[i] - lse;
    if (lq < -700) continue;
    const double w = std::exp(lq), diff = lq - p.log_mass[i];
    kl += w * diff;
    for (int d = 0; d < dim; ++d) {
      const double u = p.z[i * dim + d] - t[d];
      const double g_mu = u * inv_var[d], g_s = 0.5 * (u * u * inv_var[d] - 1.0);
      gbar[d] += w * g_mu;
      gbar[dim + d] += w * g_s;
      gd[d] += w * g_mu * diff;
      gd[dim + d] += w * g_s * diff;
    }
  }
  // Σ q̂ (g − ḡ) diff = Σ q̂ g diff − ḡ · KL.
  for (int k = 0; k < np; ++k) grad[k] = gd[k] - gbar[k] * kl;
  return kl;
}

BestGaussian fit_from(const Posterior& p, const DiagGaussian& start, int max_iterations) {
  const int dim = p.dim, np = 2 * dim;
  double t[4], g[4];
  for (int d = 0; d < dim; ++d) {
    t[d] = start.mu[d];
    t[dim + d] = start.logvar[d];
  }
  double f = kl_and_gradient(p, t, g);
  if (!std::isfinite(f))
    throw Error("q*: KL(q ‖ p(z|x)) of the encoder's q is not finite on the grid");
  // Inverse-Hessian start: the KL's curvature is ~1/σ² in μ and ~1/2 in log σ².
  double H[4][4] = {};
  for (int d = 0; d < dim; ++d) {
    H[d][d] = std::exp(t[dim + d]);
    H[dim + d][dim + d] = 2.0;
  }
  BestGaussian out;
  for (int it = 0; it < max_iterations; ++it) {
    double dir[4] = {}, slope = 0;
    for (int a = 0; a < np; ++a) {
      for (int b = 0; b < np; ++b) dir[a] -= H[a][b] * g[b];
      slope += dir[a] * g[a];
    }
    if (slope >= 0) {  // not a descent direction: restart from steepest descent
      for (int a = 0; a < np; ++a)
        for (int b = 0; b < np; ++b) H[a][b] = a == b ? (a < dim ? std::exp(t[dim + a]) : 2.0) : 0;
      slope = 0;
      for (int a = 0; a < np; ++a) {
        dir[a] = -H[a][a] * g[a];
        slope += dir[a] * g[a];
      }
    }
    if (-slope < 1e-13) {
      out.converged = true;
      break;
    }
    // A step never moves log σ² by more than 2 (σ by e): the grid can only judge q's it resolves.
    double step = 1.0;
    for (int d = 0; d < dim; ++d)
      step = std::min(step, 2.0 / std::max(1e-12, std::fabs(dir[dim + d])));
    double tn[4], gn[4], fn = f;
    bool moved = false;
    for (int tries = 0; tries < 40; ++tries, step *= 0.5) {
      for (int a = 0; a < np; ++a) tn[a] = t[a] + step * dir[a];
      fn = kl_and_gradient(p, tn, gn);
      if (std::isfinite(fn) && fn <= f + 1e-4 * step * slope) {
        moved = true;
        break;
      }
    }
    out.iterations = it + 1;
    if (!moved) {
      out.converged = true;  // no decrease is possible along the direction at float precision
      break;
    }
    // BFGS update of the inverse Hessian with s = Δθ, y = Δg.
    double s[4], y[4], sy = 0;
    for (int a = 0; a < np; ++a) {
      s[a] = tn[a] - t[a];
      y[a] = gn[a] - g[a];
      sy += s[a] * y[a];
    }
    const double f_old = f;
    std::copy(tn, tn + np, t);
    std::copy(gn, gn + np, g);
    f = fn;
    if (sy > 1e-300) {
      double Hy[4] = {}, yHy = 0;
      for (int a = 0; a < np; ++a) {
        for (int b = 0; b < np; ++b) Hy[a] += H[a][b] * y[b];
        yHy += y[a] * Hy[a];
      }
      const double r = 1.0 / sy;
      for (int a = 0; a < np; ++a)
        for (int b = 0; b < np; ++b)
          H[a][b] += (1 + yHy * r) * r * s[a] * s[b] - r * (Hy[a] * s[b] + s[a] * Hy[b]);
    }
    if (f_old - f < 1e-12 * std::max(1.0, f)) {
      out.converged = true;
      break;
    }
  }
  out.q = from_theta(dim, t);
  out.kl = f;
  return out;
}
}  // namespace

BestGaussian fit_best_gaussian(const Posterior& p, const DiagGaussian& start, int max_iterations) {
  if (start.dim != p.dim) throw Error("q* needs a start of the posterior's dimension");
  // The KL to a multimodal or skewed posterior has local minima, and the encoder's q can sit
  // in the wrong basin: BFGS starts from it and from two Gaussians the grid suggests (the
  // posterior's moments; its densest cell with those variances), and the lowest KL wins.
  std::vector<DiagGaussian> starts{start};
  DiagGaussian moments, mode;
  moments.dim = mode.dim = p.dim;
  size_t best = 0;
  for (size_t i = 1; i < p.size(); ++i)
    if (p.log_density(i) > p.log_density(best)) best = i;
  for (int d = 0; d < p.dim; ++d) {
    moments.mu[d] = p.mean[d];
    mode.mu[d] = p.z[best * p.dim + d];
    moments.logvar[d] = mode.logvar[d] = std::log(std::max(p.cov[d][d], 1e-12));
  }
  starts.push_back(moments);
  starts.push_back(mode);
  BestGaussian out;
  out.kl = std::numeric_limits<double>::infinity();
  for (const DiagGaussian& q0 : starts) {
    const BestGaussian fit = fit_from(p, q0, max_iterations);
    if (fit.kl < out.kl)
      out = BestGaussian{fit.q, fit.kl, out.iterations + fit.iterations, fit.converged};
    else
      out.iterations += fit.iterations;
  }
  return out;
}

}  // namespace ll
