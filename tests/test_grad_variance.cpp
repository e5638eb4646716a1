// The three encoder-gradient estimators: their variances in a 1-D Gaussian case known in closed
// form, and on a small trained VAE, where the reparameterized one must be training's gradient.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/error.h"
#include "core/latent/grad_variance.h"
#include "core/nn/rng.h"
#include "core/vae/gradients.h"
#include "tests/small_vae.h"

namespace ll {
namespace {

// Polynomials in ε ~ N(0, 1), coefficients lowest first, and their exact expectations.
using Poly = std::vector<double>;
Poly operator*(const Poly& a, const Poly& b) {
  Poly c(a.size() + b.size() - 1, 0.0);
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < b.size(); ++j) c[i + j] += a[i] * b[j];
  return c;
}
Poly operator+(Poly a, double k) {
  a[0] += k;
  return a;
}
double expect(const Poly& p) {
  double e = 0, moment = 1;  // E[ε^k] = (k − 1)!! for even k, 0 for odd k
  for (size_t k = 0; k < p.size(); k += 2) {
    e += p[k] * moment;
    moment *= double(k + 1);
  }
  return e;
}
double variance(const Poly& g) { return expect(g * g) - expect(g) * expect(g); }

// Sample variance of xs and its standard error, (m4 − v²)/n, from the sample's own moments.
struct SampleVar {
  double var, se;
};
SampleVar sample_variance(const std::vector<double>& xs) {
  const double n = double(xs.size());
  double mean = 0;
  for (double x : xs) mean += x / n;
  double m2 = 0, m4 = 0;
  for (double x : xs) {
    const double d2 = (x - mean) * (x - mean);
    m2 += d2 / n;
    m4 += d2 * d2 / n;
  }
  return {m2 * n / (n - 1), std::sqrt((m4 - m2 * m2) / n)};
}

// One latent dimension, q = N(μ, σ²), p(x|z) = N(x; z, s²): rec(z) = (z − x)²/(2s²) + ½ log 2πs².
// With u = μ − x + σε, each estimator of ∂E_q[rec]/∂(μ, log σ²) is a polynomial in ε:
//   reparameterized: u/s² and (u/s²)·½σε;  score: rec·ε/σ and rec·½(ε² − 1).
// The leave-one-out baseline r̄ (mean of B − 1 other samples' rec, independent of ε) gives
//   Var[(rec − r̄) h] = E[rec² h²] − 2 E[rec h²] E[rec] + E[h²] (Var[rec]/(B − 1) + E[rec]²) − E[rec
//   h]².
TEST(GradVariance, OneDimensionalGaussianMatchesClosedForm) {
  const double mu = 0.3, logvar = std::log(0.5), x = 1.1, s = 0.8, sigma = std::exp(0.5 * logvar);
  const double s2 = s * s, c = 0.5 * std::log(2 * M_PI * s2);
  const int B = 4;
  const Poly u{mu - x, sigma}, eps{0, 1}, half_e2m1{-0.5, 0, 0.5};
  const Poly rec = u * u * Poly{1 / (2 * s2)} + c;
  const Poly exact_mu[2] = {u * Poly{1 / s2}, rec * eps * Poly{1 / sigma}};
  const Poly exact_lv[2] = {u * Poly{1 / s2} * eps * Poly{0.5 * sigma}, rec * half_e2m1};
  auto baseline_var = [&](const Poly& h) {
    const double er = expect(rec), vr = variance(rec);
    return expect(rec * rec * h * h) - 2 * expect(rec * h * h) * er +
           expect(h * h) * (vr / (B - 1) + er * er) - expect(rec * h) * expect(rec * h);
  };
  const double want_mu[3] = {variance(exact_mu[0]), variance(exact_mu[1]),
                             baseline_var(eps * Poly{1 / sigma})};
  const double want_lv[3] = {variance(exact_lv[0]), variance(exact_lv[1]), baseline_var(half_e2m1)};
  EXPECT_GT(want_mu[1], 10 * want_mu[0]);  // the score function's price, here
  EXPECT_LT(want_mu[2], want_mu[1]);

  // Monte Carlo through the estimators' code, sample 0 of each draw (independent draws).
  const int N = 200000;
  const GradEstimator kinds[3] = {GradEstimator::Reparameterized, GradEstimator::Score,
                                  GradEstimator::ScoreBaseline};
  std::vector<double> g_mu[3], g_lv[3];
  Rng rng(21);
  std::vector<float> e(B), lv(B, float(logvar)), r(B), dz(B), dmu(B), dlv(B);
  for (int t = 0; t < N; ++t) {
    for (int b = 0; b < B; ++b) {
      e[b] = rng.normal();
      const double z = mu + sigma * e[b];
      r[b] = float((z - x) * (z - x) / (2 * s2) + c);
      dz[b] = float((z - x) / s2);
    }
    for (int k = 0; k < 3; ++k) {
      reconstruction_head_gradients(kinds[k], e.data(), lv.data(), r.data(), dz.data(), B, 1, 1.f,
                                    dmu.data(), dlv.data());
      g_mu[k].push_back(dmu[0]);
      g_lv[k].push_back(dlv[0]);
    }
  }
  // All three are unbiased: their mean is ∂E_q[rec]/∂(μ, log σ²) = ((μ − x)/s², σ²/(2s²)).
  // Tolerance: 4 standard errors of the mean.
  const double grad_mu = (mu - x) / s2, grad_lv = sigma * sigma / (2 * s2);
  EXPECT_NEAR(expect(exact_mu[1]), grad_mu, 1e-12);
  EXPECT_NEAR(expect(exact_lv[1]), grad_lv, 1e-12);
  for (int k = 0; k < 3; ++k) {
    double m_mu = 0, m_lv = 0;
    for (int t = 0; t < N; ++t) {
      m_mu += g_mu[k][t] / N;
      m_lv += g_lv[k][t] / N;
    }
    EXPECT_NEAR(m_mu, grad_mu, 4 * std::sqrt(want_mu[k] / N)) << "estimator " << k << ", mu";
    EXPECT_NEAR(m_lv, grad_lv, 4 * std::sqrt(want_lv[k] / N)) << "estimator " << k << ", logvar";
  }
  // Tolerance: 4 standard errors of the sample variance (from the sample's fourth moment),
  // plus float rounding of the estimates.
  for (int k = 0; k < 3; ++k) {
    const SampleVar a = sample_variance(g_mu[k]), b = sample_variance(g_lv[k]);
    EXPECT_NEAR(a.var, want_mu[k], 4 * a.se + 1e-6 * want_mu[k]) << "estimator " << k << ", mu";
    EXPECT_NEAR(b.var, want_lv[k], 4 * b.se + 1e-6 * want_lv[k]) << "estimator " << k << ", logvar";
    EXPECT_LT(a.se, 0.05 * want_mu[k]);  // the check has teeth: 4 SE is under 20%
    EXPECT_LT(b.se, 0.05 * want_lv[k]);
  }
}

TEST(GradVariance, ReparameterizedDrawIsTrainingsGradient) {
  // With the same ε, estimate (a) is compute_gradients' encoder gradient.
  const Dataset ds = testing::small_synthetic();
  const Model m = testing::train_small_vae(ds, 2, 48, 150, 8);
  const int B = 16, D = int(ds.image_size()), L = 2;
  FloatBuffer x(size_t(B) * D);
  pixels_to_floats(ds.test_image(0), x.size(), x.data());
  Rng r1(5), r2(5);
  Workspace ws;
  ws.reserve(m.config(), B);
  FloatBuffer grads(m.params().size());
  compute_gradients(m, x.data(), B, r1, ObjectiveParams{}, ws, grads.data(), nullptr);
  std::vector<float> eps(size_t(B) * L);
  for (float& v : eps) v = r2.normal();
  EncoderGradientDraws g(m, B);
  g.set_batch(x.data());
  std::vector<float> a(g.encoder_size()), b(g.encoder_size()), c(g.encoder_size());
  g.draw(eps.data(), a.data(), b.data(), c.data());
  double scale = 0, worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    scale = std::max(scale, double(std::fabs(grads[i])));
    worst = std::max(worst, double(std::fabs(grads[i] - a[i])));
  }
  EXPECT_GT(scale, 0.0);
  EXPECT_LT(worst, 1e-4 * scale) << "largest |Δ| " << worst << " of " << scale;
  // The KL part is shared: with ε = 0 the score estimates carry the KL gradient only.
  std::fill(eps.begin(), eps.end(), 0.f);
  g.draw(eps.data(), nullptr, b.data(), nullptr);
  EXPECT_NE(b, a);
}

TEST(GradVariance, VariancesOfATrainedModel) {
  const Dataset ds = testing::small_synthetic();
  const Model m = testing::train_small_vae(ds, 2, 48, 300, 9);
  const int B = 32, M = 64;  // the app's draws (app/workers/theory_measure.h)
  const GradVariance v = gradient_variance(m, ds.test_image(0), B, M, 3);
  EXPECT_EQ(v.draws, M);
  EXPECT_EQ(v.batch, B);
  EXPECT_GT(v.reparam, 0.0);
  EXPECT_GT(v.score_ratio(), 10.0);
  EXPECT_LT(v.score_baseline, v.score);
  // The same seed, the same numbers.
  const GradVariance again = gradient_variance(m, ds.test_image(0), B, M, 3);
  EXPECT_EQ(again.reparam, v.reparam);
  EXPECT_EQ(again.score, v.score);
  EXPECT_EQ(again.score_baseline, v.score_baseline);

  // Against a two-pass variance in double of the same draws (ε from one stream, B·L values a
  // draw), for each estimator: the accumulators are float (updated in double), so the two agree
  // to well within 1e-5 relatively, not to the last bit, and to every digit the app shows (%.3g).
  FloatBuffer x(size_t(B) * ds.image_size());
  pixels_to_floats(ds.test_image(0), x.size(), x.data());
  EncoderGradientDraws g(m, B);
  g.set_batch(x.data());
  const size_t P = g.encoder_size();
  EXPECT_EQ(v.parameters, P);
  std::vector<std::vector<float>> draws[3];
  for (auto& d : draws) d.assign(M, std::vector<float>(P));
  std::vector<float> eps(size_t(B) * 2);
  Rng rng(3);
  for (int t = 0; t < M; ++t) {
    for (float& e : eps) e = rng.normal();
    g.draw(eps.data(), draws[0][t].data(), draws[1][t].data(), draws[2][t].data());
  }
  const double got[3] = {v.reparam, v.score, v.score_baseline};
  for (int k = 0; k < 3; ++k) {
    double total = 0;
    for (size_t i = 0; i < P; ++i) {
      double mean = 0, ss = 0;
      for (int t = 0; t < M; ++t) mean += draws[k][t][i] / double(M);
      for (int t = 0; t < M; ++t) ss += (draws[k][t][i] - mean) * (draws[k][t][i] - mean);
      total += ss / (M - 1);
    }
    const double want = total / double(P);
    EXPECT_NEAR(got[k], want, 1e-5 * want) << "estimator " << k;
    char a[32], b[32];
    std::snprintf(a, sizeof a, "%.3g", got[k]);
    std::snprintf(b, sizeof b, "%.3g", want);
    EXPECT_STREQ(a, b) << "estimator " << k;
  }
}

TEST(GradVariance, RefusesAnAeAndABatchOfOne) {
  ModelConfig cfg;
  cfg.input_dim = 16;
  cfg.hidden = {8};
  cfg.latent = 2;
  std::vector<float> x(32, 0.5f);
  EXPECT_THROW(gradient_variance(Model(cfg), x.data(), 1), Error);
  EXPECT_THROW(gradient_variance(Model(cfg), x.data(), 2, 1), Error);
  cfg.kind = ModelKind::Ae;
  try {
    gradient_variance(Model(cfg), x.data(), 2);
    FAIL() << "an AE was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("needs a VAE"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ll
