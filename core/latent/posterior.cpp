#include "core/latent/posterior.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/error.h"
#include "core/latent/grid.h"

namespace ll {

namespace {
constexpr double kLog2Pi = 1.8378770664093453;

double log_sum_exp(const std::vector<double>& v) {
  double mx = -std::numeric_limits<double>::infinity();
  for (double x : v) mx = std::max(mx, x);
  if (!std::isfinite(mx)) return mx;
  double s = 0;
  for (double x : v) s += std::exp(x - mx);
  return mx + std::log(s);
}


// The coarse cells of one pass: lattice indices [k0, k1) per dimension (a single cell in the
// unused second dimension of a 1-D model), row-major with the last dimension fastest.
struct CoarsePass {
  std::array<int, 2> k0{0, 0}, k1{1, 1};
  std::vector<float> z;
  std::vector<double> loglik, joint;  // log p(x|z), ℓ = log p(x|z) + log p(z)
  int nx() const { return k1[0] - k0[0]; }
  int ny() const { return k1[1] - k0[1]; }
  int count() const { return nx() * ny(); }
};

// Evaluates the pass's cells, taking those `prev` (an earlier, smaller box) already has from it.
// Returns how many it evaluated.
int evaluate_coarse(const LogLikFn& f, int dim, const Lattice& lat, CoarsePass& c,
                    const CoarsePass* prev) {
  const int n = c.count();
  c.z.assign(size_t(n) * dim, 0.f);
  c.loglik.assign(n, 0.0);
  std::vector<float> todo;
  std::vector<int> where;
  for (int i = 0; i < c.nx(); ++i)
    for (int j = 0; j < c.ny(); ++j) {
      const int k = i * c.ny() + j, ki = c.k0[0] + i, kj = c.k0[1] + j;
      float* z = c.z.data() + size_t(k) * dim;
      z[0] = float(lat.centre(ki));
      if (dim == 2) z[1] = float(lat.centre(kj));
      if (prev && ki >= prev->k0[0] && ki < prev->k1[0] && kj >= prev->k0[1] && kj < prev->k1[1]) {
        c.loglik[k] = prev->loglik[size_t((ki - prev->k0[0]) * prev->ny() + (kj - prev->k0[1]))];
      } else {
        todo.insert(todo.end(), z, z + dim);
        where.push_back(k);
      }
    }
  std::vector<double> ll(where.size());
  if (!where.empty()) f(todo.data(), int(where.size()), ll.data());
  for (size_t i = 0; i < where.size(); ++i) c.loglik[where[i]] = ll[i];
  c.joint.resize(n);
  for (int i = 0; i < n; ++i)
    c.joint[i] = c.loglik[i] + log_prior(c.z.data() + size_t(i) * dim, dim);
  return int(where.size());
}

// Posterior mass share of the cells on each side of the box's boundary (equal areas: areas
// cancel), in the order low x, high x, low y, high y.
std::array<double, 4> edge_shares(const CoarsePass& c, int dim) {
  std::array<std::vector<double>, 4> side;
  for (int i = 0; i < c.nx(); ++i)
    for (int j = 0; j < c.ny(); ++j) {
      const double v = c.joint[size_t(i * c.ny() + j)];
      if (i == 0) side[0].push_back(v);
      if (i == c.nx() - 1) side[1].push_back(v);
      if (dim == 2 && j == 0) side[2].push_back(v);
      if (dim == 2 && j == c.ny() - 1) side[3].push_back(v);
    }
  const double total = log_sum_exp(c.joint);
  std::array<double, 4> out{0, 0, 0, 0};
  for (int k = 0; k < 2 * dim; ++k) out[k] = std::exp(log_sum_exp(side[k]) - total);
  return out;
}

// Marks cells within mass_nats of the largest value of `score` (per cell, equal areas), then
// their neighbours.
void mark(const CoarsePass& c, const std::vector<double>& score, double nats,
          std::vector<char>& marked) {
  const double mx = *std::max_element(score.begin(), score.end());
  const int nx = c.nx(), ny = c.ny();
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j) {
      if (score[size_t(i * ny + j)] < mx - nats) continue;
      for (int a = std::max(0, i - 1); a <= std::min(nx - 1, i + 1); ++a)
        for (int b = std::max(0, j - 1); b <= std::min(ny - 1, j + 1); ++b)
          marked[size_t(a * ny + b)] = 1;
    }
}
}  // namespace

double DiagGaussian::sigma(int d) const { return std::exp(0.5 * logvar[d]); }

double DiagGaussian::log_density(const float* z) const {
  double s = 0;
  for (int d = 0; d < dim; ++d) {
    const double u = double(z[d]) - mu[d];
    s += kLog2Pi + logvar[d] + u * u * std::exp(-logvar[d]);
  }
  return -0.5 * s;
}

double kl_to_prior(const DiagGaussian& q) {
  double kl = 0;
  for (int d = 0; d < q.dim; ++d)
    kl += -0.5 * (1.0 + q.logvar[d] - q.mu[d] * q.mu[d] - std::exp(q.logvar[d]));
  return kl;
}

Lattice coarse_lattice(int dim, const GridOptions& opt) {
  Lattice lat;
  lat.cells = opt.coarse_cells > 0 ? opt.coarse_cells : (dim == 1 ? 256 : 32);
  lat.origin = -opt.prior_half_width;
  lat.h = 2 * opt.prior_half_width / lat.cells;
  return lat;
}

Posterior grid_posterior(const LogLikFn& f, const DiagGaussian& q, const GridOptions& opt) {
  const int dim = q.dim;
  if (dim != 1 && dim != 2)
    throw Error("the exact posterior needs a latent size of 1 or 2 (a grid over z), got " +
                std::to_string(dim));
  const Lattice lat = coarse_lattice(dim, opt);
  const int budget = opt.fine_budget > 0 ? opt.fine_budget : (dim == 1 ? 1500 : 2800);
  const int max_sub = opt.max_subdivision > 0 ? opt.max_subdivision : (dim == 1 ? 64 : 24);
  Posterior p;
  p.dim = dim;

  CoarsePass c;
  for (int d = 0; d < dim; ++d) {
    const double s = q.sigma(d);
    const double lo = std::min(-opt.prior_half_width, q.mu[d] - opt.q_sigmas * s);
    const double hi = std::max(opt.prior_half_width, q.mu[d] + opt.q_sigmas * s);
    c.k0[d] = int(std::floor((lo - lat.origin) / lat.h));
    c.k1[d] = int(std::ceil((hi - lat.origin) / lat.h));
  }
  CoarsePass prev;
  for (int pass = 0;; ++pass) {
    p.evaluations += evaluate_coarse(f, dim, lat, c, pass ? &prev : nullptr);
    p.coarse_cells = c.count();
    const std::array<double, 4> edge = edge_shares(c, dim);
    p.edge_mass = 0;
    for (double e : edge) p.edge_mass = std::max(p.edge_mass, e);
    if (!(p.edge_mass > opt.edge_tolerance) || pass == 2) break;
    prev = c;
    // Only the sides holding mass grow, each by a quarter of the box's width.
    for (int d = 0; d < dim; ++d) {
      const int grow = (c.k1[d] - c.k0[d] + 3) / 4;
      if (edge[2 * d] > opt.edge_tolerance) c.k0[d] -= grow;
      if (edge[2 * d + 1] > opt.edge_tolerance) c.k1[d] += grow;
    }
  }
  if (!std::isfinite(*std::max_element(c.joint.begin(), c.joint.end())))
    throw Error("the exact posterior: log p(x|z) is not finite anywhere on the coarse grid");
  for (int d = 0; d < dim; ++d) {
    p.box_lo[d] = lat.origin + c.k0[d] * lat.h;
    p.box_hi[d] = lat.origin + c.k1[d] * lat.h;
  }

  const int n = c.count();
  // Posterior cells: found from the coarse values, so with their neighbours. q's cells: those
  // meeting q's box of ±√(2·mass_nats) σ (q's density is known, nothing hides between centres),
  // cut at least so finely that a sub-cell is no wider than q_cell_sigmas σ: the midpoint rule's
  // error on a Gaussian falls like exp(−2π² σ²/h²), negligible at that width and visible at 2σ.
  std::vector<char> post_marked(n, 0);
  mark(c, c.joint, opt.mass_nats, post_marked);
  // cuts_q: the sub-cells per side q's cells (and those of the other Gaussians asked for) need.
  std::vector<int> cuts_q(n, 0);
  std::vector<DiagGaussian> resolve{q};
  resolve.insert(resolve.end(), opt.resolve.begin(), opt.resolve.end());
  int s_q = 1;
  for (const DiagGaussian& g : resolve) {
    if (g.dim != dim) throw Error("the exact posterior: a Gaussian to resolve has another dim");
    std::array<int, 2> q0{0, 0}, q1{1, 1};
    double sigma_min = g.sigma(0);
    for (int d = 0; d < dim; ++d) {
      const double r = std::sqrt(2 * opt.mass_nats) * g.sigma(d);
      q0[d] = std::max(0, int(std::floor((g.mu[d] - r - lat.origin) / lat.h)) - c.k0[d]);
      q1[d] = std::min(d ? c.ny() : c.nx(),
                       int(std::floor((g.mu[d] + r - lat.origin) / lat.h)) + 1 - c.k0[d]);
      sigma_min = std::min(sigma_min, g.sigma(d));
    }
    const int sg = std::clamp(int(std::ceil(lat.h / (opt.q_cell_sigmas * sigma_min))), 1, max_sub);
    s_q = std::max(s_q, sg);
    for (int i = q0[0]; i < q1[0]; ++i)
      for (int j = q0[1]; j < q1[1]; ++j)
        cuts_q[i * c.ny() + j] = std::max(cuts_q[i * c.ny() + j], sg);
  }
  int marked = 0;
  for (int k = 0; k < n; ++k) marked += post_marked[k] || cuts_q[k] > 0;
  int s = opt.subdivision;
  if (s <= 0) {
    const double per_cell = double(budget) / std::max(1, marked);
    s = std::clamp(int(std::floor(std::pow(per_cell, 1.0 / dim) + 1e-9)), 1, max_sub);
  }
  std::vector<int> cuts(n, 1);  // sub-cells per side of each coarse cell
  for (int k = 0; k < n; ++k) {
    if (post_marked[k] || cuts_q[k] > 0) cuts[k] = s;
    cuts[k] = std::max(cuts[k], cuts_q[k]);
  }
  p.subdivision = s;
  p.q_subdivision = s_q;
  p.refined_cells = int(std::count_if(cuts.begin(), cuts.end(), [](int v) { return v > 1; }));

  const double coarse_log_area = dim * std::log(lat.h);
  const float coarse_half = float(0.5 * lat.h);
  auto add_cell = [&](const float* z, float half, double log_area, double ll) {
    for (int d = 0; d < dim; ++d) {
      p.z.push_back(z[d]);
      p.half_width.push_back(half);
    }
    p.log_area.push_back(log_area);
    p.loglik.push_back(ll);
  };
  for (int i = 0; i < n; ++i)
    if (cuts[i] == 1)
      add_cell(c.z.data() + size_t(i) * dim, coarse_half, coarse_log_area, c.loglik[i]);

  if (p.refined_cells > 0) {
    std::vector<float> fz, half;
    std::vector<double> log_area;
    for (int i = 0; i < n; ++i) {
      const int k = cuts[i];
      if (k == 1) continue;
      const double hs = lat.h / k;
      const float* zc = c.z.data() + size_t(i) * dim;
      for (int a = 0; a < k; ++a)
        for (int b = 0; b < (dim == 2 ? k : 1); ++b) {
          fz.push_back(float(zc[0] - 0.5 * lat.h + (a + 0.5) * hs));
          if (dim == 2) fz.push_back(float(zc[1] - 0.5 * lat.h + (b + 0.5) * hs));
          half.push_back(float(0.5 * hs));
          log_area.push_back(dim * std::log(hs));
        }
    }
    const int count = int(fz.size() / dim);
    std::vector<double> ll(count);
    f(fz.data(), count, ll.data());
    p.evaluations += count;
    for (int i = 0; i < count; ++i)
      add_cell(fz.data() + size_t(i) * dim, half[i], log_area[i], ll[i]);
  }

  const size_t m = p.size();
  std::vector<double> w(m);
  for (size_t i = 0; i < m; ++i)
    w[i] = p.loglik[i] + log_prior(p.z.data() + i * dim, dim) + p.log_area[i];
  p.log_px = log_sum_exp(w);
  p.log_mass.resize(m);
  for (size_t i = 0; i < m; ++i) p.log_mass[i] = w[i] - p.log_px;

  // Moments about a provisional centre, in double (the cells' masses sum to 1).
  std::array<double, 2> m1{0, 0};
  std::array<std::array<double, 2>, 2> m2{};
  for (size_t i = 0; i < m; ++i) {
    const double pm = std::exp(p.log_mass[i]);
    for (int a = 0; a < dim; ++a) {
      m1[a] += pm * p.z[i * dim + a];
      for (int b = 0; b < dim; ++b) m2[a][b] += pm * double(p.z[i * dim + a]) * p.z[i * dim + b];
    }
  }
  p.mean = m1;
  for (int a = 0; a < dim; ++a)
    for (int b = 0; b < dim; ++b) p.cov[a][b] = m2[a][b] - m1[a] * m1[b];
  return p;
}

double kl_to_posterior(const Posterior& p, const DiagGaussian& q) {
  const size_t m = p.size();
  std::vector<double> a(m);
  for (size_t i = 0; i < m; ++i) a[i] = q.log_density(p.z.data() + i * p.dim) + p.log_area[i];
  const double lse = log_sum_exp(a);
  double kl = 0;
  for (size_t i = 0; i < m; ++i) {
    const double lq = a[i] - lse;
    if (lq < -745) continue;  // exp underflows to 0: the term is 0·(finite)
    kl += std::exp(lq) * (lq - p.log_mass[i]);
  }
  return std::max(0.0, kl);
}

double hpd_log_density(const Posterior& p, double mass) {
  if (!(mass > 0 && mass < 1))
    throw Error("an HPD level needs a mass in (0, 1), got " + std::to_string(mass));
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return p.log_density(a) > p.log_density(b); });
  double acc = 0;
  for (size_t i : order) {
    acc += std::exp(p.log_mass[i]);
    if (acc >= mass) return p.log_density(i);
  }
  return p.log_density(order.back());
}

}  // namespace ll
