// The exact readout (posterior grid, Gauss–Hermite ELBO, q*, both gaps) against answers known in
// closed form, and on a trained model: the ELBO identity's residual and grid refinement.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/data/fashion_mnist.h"
#include "core/error.h"
#include "core/latent/best_gaussian.h"
#include "core/latent/exact_eval.h"
#include "core/latent/exact_readout.h"
#include "core/latent/gauss_hermite.h"
#include "core/latent/model_likelihood.h"
#include "core/latent/posterior.h"
#include "core/nn/rng.h"
#include "core/vae/iwae.h"
#include "tests/small_vae.h"

namespace ll {
namespace {

constexpr double kLog2Pi = 1.8378770664093453;

TEST(GaussHermite, IntegratesNormalMomentsExactly) {
  std::vector<double> x, w;
  gauss_hermite_normal(16, x, w);
  // E[ε^k] = (k−1)!! for even k, 0 for odd: exact up to degree 31.
  double expect = 1;
  for (int k = 0; k <= 30; ++k) {
    double s = 0, scale = 0;  // scale: Σ w|x|^k, what rounding is relative to
    for (int i = 0; i < 16; ++i) {
      s += w[i] * std::pow(x[i], k);
      scale += w[i] * std::pow(std::fabs(x[i]), k);
    }
    const double want = k % 2 ? 0.0 : expect;
    EXPECT_NEAR(s, want, 1e-11 * scale) << "moment " << k;
    if (k % 2 == 1) expect *= k;  // after odd k: (k)!! for the next even k+1
  }
  EXPECT_THROW(gauss_hermite_normal(0, x, w), Error);
}

// x = W z + b + noise, noise ~ N(0, s² I), z ~ N(0, I): everything is Gaussian.
struct LinearGaussian {
  Eigen::MatrixXd W;
  Eigen::VectorXd b, x;
  double s2 = 0;
  int dim() const { return int(W.cols()); }
  LogLikFn fn() const {
    return [this](const float* z, int count, double* out) {
      const int D = int(W.rows()), d = dim();
      for (int i = 0; i < count; ++i) {
        Eigen::VectorXd zi(d);
        for (int j = 0; j < d; ++j) zi[j] = z[i * d + j];
        const Eigen::VectorXd r = x - W * zi - b;
        out[i] = -0.5 * (D * (kLog2Pi + std::log(s2)) + r.squaredNorm() / s2);
      }
    };
  }
  Eigen::MatrixXd precision() const {
    return Eigen::MatrixXd::Identity(dim(), dim()) + W.transpose() * W / s2;
  }
  Eigen::MatrixXd cov() const { return precision().inverse(); }
  Eigen::VectorXd mean() const { return cov() * W.transpose() * (x - b) / s2; }
  double log_px() const {
    const int D = int(W.rows());
    const Eigen::MatrixXd C = W * W.transpose() + s2 * Eigen::MatrixXd::Identity(D, D);
    const Eigen::VectorXd r = x - b;
    return -0.5 * (D * kLog2Pi + std::log(C.determinant()) + r.dot(C.ldlt().solve(r)));
  }
  // KL(q ‖ N(m, S)) for a diagonal q.
  double kl(const DiagGaussian& q) const {
    const Eigen::MatrixXd P = precision();
    const Eigen::VectorXd m = mean();
    Eigen::VectorXd mu(dim());
    double tr = 0, logdet_q = 0;
    for (int j = 0; j < dim(); ++j) {
      mu[j] = q.mu[j];
      tr += P(j, j) * std::exp(q.logvar[j]);
      logdet_q += q.logvar[j];
    }
    const Eigen::VectorXd u = mu - m;
    return 0.5 * (tr + u.dot(P * u) - dim() - std::log(P.determinant()) - logdet_q);
  }
};

LinearGaussian make_linear_gaussian(int D, int d, double s, uint64_t seed) {
  Rng rng(seed);
  LinearGaussian g;
  g.W.resize(D, d);
  g.b.resize(D);
  g.x.resize(D);
  for (int i = 0; i < D; ++i) {
    const double a = rng.normal(), c = rng.normal();
    g.W(i, 0) = a;
    if (d == 2) g.W(i, 1) = 0.8 * a + 0.6 * c;  // correlated columns: a tilted posterior
    g.b[i] = 0.1 * rng.normal();
  }
  Eigen::VectorXd z(d);
  for (int j = 0; j < d; ++j) z[j] = 1.2 * rng.normal();
  g.s2 = s * s;
  for (int i = 0; i < D; ++i) g.x[i] = (g.W * z)[i] + g.b[i] + s * rng.normal();
  return g;
}

// An encoder-like q: off the posterior's mean and wider than q*.
DiagGaussian offset_q(const LinearGaussian& g) {
  const Eigen::MatrixXd P = g.precision();
  const Eigen::VectorXd m = g.mean();
  DiagGaussian q;
  q.dim = g.dim();
  for (int j = 0; j < q.dim; ++j) {
    q.mu[j] = m[j] + (j ? -0.5 : 0.7) / std::sqrt(P(j, j));
    q.logvar[j] = -std::log(P(j, j)) + 0.4;
  }
  return q;
}

void expect_linear_gaussian_answers(const LinearGaussian& g) {
  const DiagGaussian q = offset_q(g);
  const ExactReadout r = exact_readout(g.fn(), q);
  const int d = g.dim();
  const Eigen::MatrixXd S = g.cov(), P = g.precision();
  const Eigen::VectorXd m = g.mean();
  EXPECT_NEAR(r.log_px, g.log_px(), 1e-3);
  for (int a = 0; a < d; ++a) {
    EXPECT_NEAR(r.posterior.mean[a], m[a], 1e-3 * std::sqrt(S(a, a))) << "mean " << a;
    for (int b = 0; b < d; ++b)
      EXPECT_NEAR(r.posterior.cov[a][b], S(a, b), 1e-3 * S(a, a)) << "cov " << a << b;
  }
  EXPECT_NEAR(r.kl, g.kl(q), 1e-3);
  EXPECT_NEAR(r.elbo, g.log_px() - g.kl(q), 1e-3);
  // q*: mean m, precisions diag(S⁻¹) = diag(P).
  ASSERT_TRUE(r.q_star_improved);
  for (int j = 0; j < d; ++j) {
    EXPECT_NEAR(r.q_star.mu[j], m[j], 1e-3 * std::sqrt(S(j, j))) << "q* mean " << j;
    EXPECT_NEAR(std::exp(-r.q_star.logvar[j]), P(j, j), 1e-3 * P(j, j)) << "q* precision " << j;
  }
  // KL(q* ‖ p) = ½ (Σ log P_jj − log det P); the amortization gap is the rest of q's KL.
  const double approx = 0.5 * (P.diagonal().array().log().sum() - std::log(P.determinant()));
  EXPECT_NEAR(r.approximation_gap, approx, 1e-3);
  EXPECT_NEAR(r.amortization_gap, g.kl(q) - approx, 1e-3);
  EXPECT_LE(r.identity_residual, 1e-3);
  EXPECT_LT(r.posterior.edge_mass, 1e-6);
  EXPECT_LE(r.evaluations, 5200);
  // HPD: the level holding 39% (2-D) / 68% (1-D) of a Gaussian is its density at 1σ.
  const double one_sigma = -0.5 * (d * kLog2Pi + std::log(S.determinant())) - 0.5;
  // Cells are ranked by their centre's density, so the level is good to the cells' resolution:
  // 0.05 in log density moves the 1σ contour by 5% of σ, well within what a contour needs.
  EXPECT_NEAR(hpd_log_density(r.posterior, d == 2 ? 0.3935 : 0.6827), one_sigma, 0.05);
}

TEST(ExactPosterior, LinearGaussianTwoDimensionsMatchesClosedForm) {
  expect_linear_gaussian_answers(make_linear_gaussian(6, 2, 0.3, 3));
  expect_linear_gaussian_answers(make_linear_gaussian(40, 2, 0.5, 4));  // a narrow posterior
}

TEST(ExactPosterior, LinearGaussianOneDimensionMatchesClosedForm) {
  expect_linear_gaussian_answers(make_linear_gaussian(5, 1, 0.3, 7));
}

TEST(ExactPosterior, BestGaussianNeverLowersTheElbo) {
  // Starting at q* itself the fit has nothing to gain: the readout keeps q (gap 0, not < 0).
  const LinearGaussian g = make_linear_gaussian(6, 2, 0.3, 3);
  DiagGaussian qs;
  const Eigen::MatrixXd P = g.precision();
  for (int j = 0; j < 2; ++j) {
    qs.mu[j] = g.mean()[j];
    qs.logvar[j] = -std::log(P(j, j));
  }
  const ExactReadout r = exact_readout(g.fn(), qs);
  EXPECT_GE(r.amortization_gap, 0.0);
  EXPECT_LT(r.amortization_gap, 1e-6);
}

TEST(ExactPosterior, BestGaussianFindsTheLargerMode) {
  // Two modes, at z₀ = −2 and +2, the right one holding ~4/5 of the mass; the encoder's q sits
  // on the left one. Reverse KL from there alone stops in the left basin (KL ≈ log 5); q* is
  // the Gaussian on the right one (KL ≈ log 5/4).
  const LogLikFn f = [](const float* z, int n, double* out) {
    for (int i = 0; i < n; ++i) {
      const double a = z[2 * i] + 2.0, b = z[2 * i] - 2.0, y = z[2 * i + 1];
      const double l = -0.5 * (a * a + y * y) / 0.0025, r = -0.5 * (b * b + y * y) / 0.0025;
      out[i] = std::max(l, r) + std::log(std::exp(l - std::max(l, r)) +
                                         4.0 * std::exp(r - std::max(l, r)));
    }
  };
  DiagGaussian q;
  q.mu = {-2.0, 0.0};
  q.logvar = {std::log(0.0025), std::log(0.0025)};
  const ExactReadout r = exact_readout(f, q);
  EXPECT_GT(r.q_star.mu[0], 1.9);
  EXPECT_NEAR(r.kl_q_star, std::log(1.25), 0.01);
  EXPECT_NEAR(r.kl, std::log(5.0), 0.01);
  EXPECT_LE(r.identity_residual, 0.01);
}

TEST(ExactPosterior, GridFindsAPosteriorFarOutsideThePriorBox) {
  // A likelihood peaked at z = (7, −6) with q there: the box covers q's ±6σ, and a box whose
  // outer ring still held mass would be grown (edge_mass says how much is left there).
  const LogLikFn f = [](const float* z, int n, double* out) {
    for (int i = 0; i < n; ++i) {
      const double u = z[2 * i] - 7.0, v = z[2 * i + 1] + 6.0;
      out[i] = -0.5 * (u * u + v * v) / 0.01;
    }
  };
  DiagGaussian q;
  q.mu = {7.0, -6.0};
  q.logvar = {std::log(0.01), std::log(0.01)};
  const Posterior p = grid_posterior(f, q);
  EXPECT_LT(p.edge_mass, 1e-6);
  EXPECT_GT(p.box_hi[0], 7.5);
  EXPECT_LT(p.box_lo[1], -6.5);
  // Posterior: precision 1 + 100 per dimension, mean 100/101 of the peak.
  EXPECT_NEAR(p.mean[0], 7.0 * 100 / 101, 1e-3);
  EXPECT_NEAR(p.cov[1][1], 1.0 / 101, 1e-5);
}

TEST(ExactPosterior, BoxGrowsWhereTheMassIs) {
  // Likelihood N(z₀; 8, 0.25) and a narrow q at the origin: the posterior N(6.4, 0.2) lies past
  // the prior's box, which only its mass in the box's outer ring reveals. The low-z₀ side,
  // with no mass, stays.
  const LogLikFn f = [](const float* z, int n, double* out) {
    for (int i = 0; i < n; ++i) out[i] = -0.5 * (z[2 * i] - 8.0) * (z[2 * i] - 8.0) / 0.25;
  };
  DiagGaussian q;
  q.logvar = {std::log(0.01), std::log(0.01)};
  const Posterior p = grid_posterior(f, q);
  EXPECT_LT(p.edge_mass, 1e-6);
  EXPECT_GT(p.box_hi[0], 8.5);
  EXPECT_DOUBLE_EQ(p.box_lo[0], -5.0);
  EXPECT_NEAR(p.mean[0], 6.4, 1e-4);
  EXPECT_NEAR(p.cov[0][0], 0.2, 1e-4);
  EXPECT_NEAR(p.cov[1][1], 1.0, 1e-3);
  GridOptions fixed;
  fixed.edge_tolerance = 1;  // never grows: the box cuts the posterior
  EXPECT_LT(grid_posterior(f, q, fixed).mean[0], 6.0);
}

TEST(ExactPosterior, KinkedLikelihoodGetsFinerQuadratures) {
  // log p(x|z) with a kink across q's mass, as a ReLU decoder's has: the default rule's ELBO
  // misses the grid's log p(x) − KL by more than escalate_nats, so the readout's ELBO is the
  // rule with twice the nodes per dimension (576 -> 2,304 evaluations).
  const LogLikFn f = [](const float* z, int n, double* out) {
    for (int i = 0; i < n; ++i)
      out[i] = -30.0 * std::fabs(z[2 * i] - 0.13) - 2.0 * z[2 * i + 1] * z[2 * i + 1];
  };
  DiagGaussian q;
  q.logvar = {std::log(0.04), std::log(0.2)};
  ExactOptions plain;
  plain.escalate_nats = 0;
  const ExactReadout a = exact_readout(f, q, plain), b = exact_readout(f, q);
  EXPECT_GT(std::fabs(a.log_px - a.kl - a.elbo), plain.escalate_nats + 0.004);
  EXPECT_DOUBLE_EQ(a.elbo, elbo_gauss_hermite(f, q, 24));
  EXPECT_DOUBLE_EQ(b.elbo, elbo_gauss_hermite(f, q, 48));
  EXPECT_GE(b.evaluations - a.evaluations, 48 * 48);
  // The residual left after that makes the grid the suspect: it is rebuilt finer around q
  // and q* (this cusp of a posterior is beyond both rules' 0.01 nats: the residual says so).
  EXPECT_NE(a.log_px, b.log_px);
  EXPECT_LT(b.identity_residual, a.identity_residual);
}

TEST(ExactPosterior, RefusesAnAeAndLatentThree) {
  ModelConfig cfg;
  cfg.input_dim = 16;
  cfg.hidden = {8};
  cfg.latent = 2;
  cfg.kind = ModelKind::Ae;
  std::vector<uint8_t> px(16, 100);
  try {
    exact_readout(Model(cfg), px.data());
    FAIL() << "an AE was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("needs a VAE"), std::string::npos) << e.what();
  }
  cfg.kind = ModelKind::Vae;
  cfg.latent = 3;
  try {
    exact_eval(Model(cfg), px.data(), 1);
    FAIL() << "latent 3 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("latent size of 1 or 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("has 3"), std::string::npos) << e.what();
  }
  DiagGaussian q3;
  q3.dim = 3;
  EXPECT_THROW(grid_posterior([](const float*, int, double*) {}, q3), Error);
}

// log p(x) on the default grid against a grid 4× finer in both passes, and the identity's
// residual, over a few test images of a trained model.
void expect_refinement_agrees(const Model& m, const Dataset& ds, size_t images) {
  for (size_t n = 0; n < images; ++n) {
    const uint8_t* px = ds.test_image(n);
    const ExactReadout r = exact_readout(m, px);
    EXPECT_LE(r.identity_residual, 0.01) << "image " << n;
    EXPECT_LT(r.posterior.edge_mass, 1e-6) << "image " << n;
    EXPECT_GE(r.amortization_gap, 0.0);
    EXPECT_GE(r.approximation_gap, -0.01);
    ExactOptions fine;
    fine.grid.coarse_cells = 4 * coarse_lattice(m.config().latent, {}).cells;
    fine.grid.subdivision = r.posterior.subdivision;
    fine.gauss_hermite_nodes = 2 * default_gauss_hermite_nodes(m.config().latent);
    const ExactReadout f = exact_readout(m, px, fine);
    EXPECT_NEAR(r.log_px, f.log_px, 0.01) << "image " << n;
    EXPECT_NEAR(r.elbo, f.elbo, 0.01) << "image " << n;
  }
}

TEST(ExactPosterior, TrainedModelIdentityAndRefinement) {
  const Dataset ds = testing::small_synthetic();
  const Model m = testing::train_small_vae(ds, 2, 64, 600, 3);
  expect_refinement_agrees(m, ds, 4);
}

TEST(ExactPosterior, TrainedOneDimensionalModel) {
  const Dataset ds = testing::small_synthetic();
  const Model m = testing::train_small_vae(ds, 1, 64, 400, 4);
  expect_refinement_agrees(m, ds, 3);
}

TEST(ExactEval, DatasetMeansMatchPerImageReadouts) {
  // The shared lattice decodes must give the same numbers as decoding per image.
  const Dataset ds = testing::small_synthetic();
  const Model m = testing::train_small_vae(ds, 2, 32, 300, 6);
  const size_t N = 5;
  size_t calls = 0;
  const ExactEvalStats s =
      exact_eval(m, ds.test_image(0), N, {}, 20, 9, [&](size_t done, size_t total) {
        ++calls;
        EXPECT_EQ(total, N);
        EXPECT_EQ(done, calls);
      });
  EXPECT_EQ(calls, N);
  double nll = 0, neg_elbo = 0, approx = 0, amort = 0, worst = 0;
  for (size_t n = 0; n < N; ++n) {
    const ExactReadout r = exact_readout(m, ds.test_image(n));
    nll -= r.log_px;
    neg_elbo -= r.elbo;
    approx += r.approximation_gap;
    amort += r.amortization_gap;
    worst = std::max(worst, r.identity_residual);
  }
  EXPECT_NEAR(s.nll_exact, nll / N, 1e-4);
  EXPECT_NEAR(s.neg_elbo, neg_elbo / N, 1e-4);
  EXPECT_NEAR(s.approximation_gap, approx / N, 1e-4);
  EXPECT_NEAR(s.amortization_gap, amort / N, 1e-4);
  EXPECT_NEAR(s.identity_error, worst, 1e-4);
  EXPECT_LE(s.identity_error, 0.01);
  EXPECT_DOUBLE_EQ(s.nll_iwae, -iwae_bound(m, ds.test_image(0), N, 20, 9));
  // The bounds in order: −log p(x) ≤ −IWAE ≤ −ELBO (IWAE up to its sampling noise).
  EXPECT_LE(s.nll_exact, s.nll_iwae + 0.05);
  EXPECT_LE(s.nll_iwae, s.neg_elbo + 0.05);
  EXPECT_NEAR(s.neg_elbo - s.nll_exact, s.approximation_gap + s.amortization_gap, 1e-9);
}

// The check on a model trained on Fashion-MNIST (784-400-2, two epochs), and the
// identity over 1,000 test images: a minute or two on a loaded machine, so it runs only with
// LATENTLAB_SLOW_TESTS=1 and the dataset installed.
TEST(ExactPosterior, FashionMnistRefinement) {
  if (!std::getenv("LATENTLAB_SLOW_TESTS")) GTEST_SKIP() << "set LATENTLAB_SLOW_TESTS=1";
  Dataset ds;
  try {
    ds = data::load_fashion_mnist(1);
  } catch (const Error& e) {
    GTEST_SKIP() << e.what();
  }
  const Model m = testing::train_small_vae(ds, 2, 400, 2 * 60000 / 64, 1);
  expect_refinement_agrees(m, ds, 5);
  const ExactEvalStats s = exact_eval(m, ds.test_image(0), 1000);
  EXPECT_LE(s.identity_error, 0.01);
  EXPECT_LT(s.max_edge_mass, 1e-5);
  EXPECT_GE(s.neg_elbo, s.nll_exact);
}

}  // namespace
}  // namespace ll
