#include "core/features/code_samplers.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/features/cancel.h"

namespace ll {

namespace {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Eigen::MatrixXd to_double(const float* x, size_t n, int L) {
  return Eigen::Map<const RowMat>(x, Eigen::Index(n), L).cast<double>();
}

double floor_of(const Eigen::MatrixXd& X, double rel) {
  const Eigen::MatrixXd c = X.rowwise() - X.colwise().mean();
  const double mean_var = c.squaredNorm() / double(std::max<Eigen::Index>(1, X.rows() - 1) * X.cols());
  return rel * mean_var + 1e-12;
}

// Lower Cholesky factor; the floor keeps every covariance here positive definite.
Eigen::MatrixXd cholesky(const Eigen::MatrixXd& cov) {
  Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success) throw Error("gmm: a covariance is not positive definite");
  return llt.matrixL();
}

void draw(const Eigen::VectorXd& mean, const Eigen::MatrixXd& chol, Rng& rng, float* z) {
  const int L = int(mean.size());
  Eigen::VectorXd e(L);
  for (int j = 0; j < L; ++j) e[j] = rng.normal();
  const Eigen::VectorXd v = mean + chol * e;
  for (int j = 0; j < L; ++j) z[j] = float(v[j]);
}

// Seeded k-means++ centres (Arthur & Vassilvitskii): each next centre drawn with probability
// proportional to the squared distance to the nearest centre so far.
std::vector<Eigen::Index> kmeanspp(const Eigen::MatrixXd& X, int K, Rng& rng) {
  const Eigen::Index n = X.rows();
  std::vector<Eigen::Index> centres{Eigen::Index(rng.below(uint64_t(n)))};
  Eigen::VectorXd d2 = (X.rowwise() - X.row(centres[0])).rowwise().squaredNorm();
  while (int(centres.size()) < K) {
    const double total = d2.sum();
    Eigen::Index pick = 0;
    if (total > 0) {
      double u = rng.uniform_open() * total, acc = 0;
      for (pick = 0; pick + 1 < n; ++pick)
        if ((acc += d2[pick]) >= u) break;
    } else {
      pick = Eigen::Index(rng.below(uint64_t(n)));  // every point is a centre already
    }
    centres.push_back(pick);
    d2 = d2.cwiseMin((X.rowwise() - X.row(pick)).rowwise().squaredNorm());
  }
  return centres;
}

// A seeded subset of at most `cap` rows of x: (n, L), in their original order (0: all).
std::vector<float> row_subset(const float* x, size_t n, int L, size_t cap, uint64_t seed) {
  const std::vector<size_t> rows = seeded_subset(n, cap, seed ^ 0x5ab5e7ull);
  std::vector<float> out(rows.size() * size_t(L));
  for (size_t i = 0; i < rows.size(); ++i) std::copy_n(x + rows[i] * L, L, &out[i * L]);
  return out;
}

}  // namespace

std::vector<size_t> seeded_subset(size_t n, size_t cap, uint64_t seed) {
  std::vector<size_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = i;
  if (cap == 0 || n <= cap) return rows;
  Rng rng(seed);
  for (size_t i = 0; i < cap; ++i) std::swap(rows[i], rows[i + rng.below(n - i)]);
  rows.resize(cap);
  std::sort(rows.begin(), rows.end());
  return rows;
}

GaussianFit fit_gaussian(const float* codes, size_t n, int L, double variance_floor) {
  if (n < 2) throw Error("gaussian fit: needs at least 2 codes, got " + std::to_string(n));
  const Eigen::MatrixXd X = to_double(codes, n, L);
  GaussianFit g;
  g.mean = X.colwise().mean().transpose();
  const Eigen::MatrixXd c = X.rowwise() - g.mean.transpose();
  g.cov = c.transpose() * c / double(n - 1);
  g.cov.diagonal().array() += floor_of(X, variance_floor);
  return g;
}

Gmm fit_gmm(const float* all_codes, size_t all_n, int L, const GmmOptions& opt) {
  if (all_n < 2) throw Error("gmm: needs at least 2 codes, got " + std::to_string(all_n));
  const std::vector<float> subset = row_subset(all_codes, all_n, L, opt.max_points, opt.seed);
  const float* codes = subset.data();
  const size_t n = subset.size() / size_t(L);
  const Eigen::MatrixXd X = to_double(codes, n, L);
  const Eigen::Index N = X.rows();
  const int K = int(std::min<size_t>(size_t(std::max(1, opt.components)), n));
  const double floor = floor_of(X, opt.variance_floor);
  const double log2pi = std::log(2 * 3.141592653589793);
  Rng rng(opt.seed);
  // Start: each point wholly in its nearest k-means++ centre's component.
  Eigen::MatrixXd resp = Eigen::MatrixXd::Zero(N, K);
  {
    const auto c = kmeanspp(X, K, rng);
    Eigen::MatrixXd d(N, K);
    for (int k = 0; k < K; ++k) d.col(k) = (X.rowwise() - X.row(c[k])).rowwise().squaredNorm();
    for (Eigen::Index i = 0; i < N; ++i) {
      Eigen::Index best;
      d.row(i).minCoeff(&best);
      resp(i, best) = 1;
    }
  }
  Gmm g;
  g.points = n;
  g.weight.resize(K);
  g.mean.resize(K);
  g.cov.resize(K);
  const Eigen::MatrixXd global = fit_gaussian(codes, n, L, opt.variance_floor).cov;
  double previous = -std::numeric_limits<double>::infinity();
  Eigen::MatrixXd logp(N, K);
  // Points as columns, and scratch of that size allocated once: EM runs up to
  // max_iterations passes over every training code, and fresh N×L temporaries per component
  // and pass made the allocator, not the arithmetic, the cost.
  const Eigen::MatrixXd XT = X.transpose();
  Eigen::MatrixXd W(L, N);
  for (int it = 1; it <= opt.max_iterations; ++it) {
    check_cancel(opt.cancel, "gmm");
    // M step: Σ_k = Σ_i r_ik x_i x_iᵀ / n_k − μ_k μ_kᵀ, the sum as one (L, N)·(N, L) product.
    for (int k = 0; k < K; ++k) {
      const double nk = resp.col(k).sum();
      if (nk < 1e-9) {  // an empty component: park it on the whole data, with no weight
        g.weight[k] = 0;
        g.mean[k] = X.colwise().mean().transpose();
        g.cov[k] = global;
        continue;
      }
      g.weight[k] = nk / double(N);
      g.mean[k].noalias() = (XT * resp.col(k)) / nk;
      W = XT.array().rowwise() * resp.col(k).transpose().array();
      Eigen::MatrixXd cov = (W * XT.transpose()) / nk - g.mean[k] * g.mean[k].transpose();
      g.cov[k] = 0.5 * (cov + cov.transpose());
      g.cov[k].diagonal().array() += floor;
    }
    // E step, in logs so that far points do not underflow to a 0/0.
    for (int k = 0; k < K; ++k) {
      if (g.weight[k] == 0) {
        logp.col(k).setConstant(-std::numeric_limits<double>::infinity());
        continue;
      }
      const Eigen::MatrixXd chol = cholesky(g.cov[k]);
      const double logdet = 2 * chol.diagonal().array().log().sum();
      W = XT.colwise() - g.mean[k];
      chol.triangularView<Eigen::Lower>().solveInPlace(W);
      logp.col(k) = (-0.5 * (W.colwise().squaredNorm().array() + L * log2pi + logdet) +
                     std::log(g.weight[k])).transpose();
    }
    const Eigen::VectorXd mx = logp.rowwise().maxCoeff();
    const Eigen::VectorXd lse =
        mx.array() + (logp.colwise() - mx).array().exp().rowwise().sum().log();
    resp = (logp.colwise() - lse).array().exp();
    g.log_likelihood = lse.mean();
    g.iterations = it;
    if (g.log_likelihood - previous < opt.tolerance) break;
    previous = g.log_likelihood;
  }
  return g;
}

void sample_prior(int L, size_t count, Rng& rng, float* z) {
  for (size_t i = 0; i < count * size_t(L); ++i) z[i] = rng.normal();
}

void sample_gaussian(const GaussianFit& g, size_t count, Rng& rng, float* z) {
  const Eigen::MatrixXd chol = cholesky(g.cov);
  const int L = int(g.mean.size());
  for (size_t i = 0; i < count; ++i) draw(g.mean, chol, rng, z + i * L);
}

void sample_gmm(const Gmm& g, size_t count, Rng& rng, float* z) {
  const int K = int(g.weight.size()), L = int(g.mean.front().size());
  std::vector<Eigen::MatrixXd> chol(K);
  for (int k = 0; k < K; ++k) chol[k] = cholesky(g.cov[k]);
  for (size_t i = 0; i < count; ++i) {
    const double u = rng.uniform_open();
    double acc = 0;
    int k = 0;
    while (k + 1 < K && (acc += g.weight[k]) < u) ++k;
    draw(g.mean[k], chol[k], rng, z + i * L);
  }
}

const char* to_string(Sampler k) {
  switch (k) {
    case Sampler::Gaussian: return "gaussian";
    case Sampler::Gmm: return "gmm";
    default: return "prior";
  }
}

FittedSampler fit_sampler(Sampler kind, const float* codes, size_t n, int L, const GmmOptions& opt) {
  FittedSampler f;
  f.kind = kind;
  f.latent = L;
  if (kind == Sampler::Gaussian) f.gaussian = fit_gaussian(codes, n, L, opt.variance_floor);
  if (kind == Sampler::Gmm) f.gmm = fit_gmm(codes, n, L, opt);
  return f;
}

void sample_codes(const FittedSampler& f, size_t count, Rng& rng, float* z) {
  switch (f.kind) {
    case Sampler::Gaussian: sample_gaussian(f.gaussian, count, rng, z); break;
    case Sampler::Gmm: sample_gmm(f.gmm, count, rng, z); break;
    default: sample_prior(f.latent, count, rng, z); break;
  }
}

}  // namespace ll
