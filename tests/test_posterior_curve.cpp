// The 1-D posterior as a curve: on a Gaussian likelihood the posterior is N(m, s²) in closed
// form, so the curve's peak is 1/(s√2π) at m and the HPD intervals holding 68% and 95% are
// m ± s and m ± 1.96 s; a two-bump likelihood gives two intervals.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/latent/posterior.h"
#include "core/latent/posterior_curve.h"

namespace ll {
namespace {

DiagGaussian q1(double mu, double var) {
  DiagGaussian q;
  q.dim = 1;
  q.mu = {mu, 0};
  q.logvar = {std::log(var), 0};
  return q;
}

TEST(PosteriorCurve, GaussianPosteriorsPeakAndHpdIntervals) {
  // p(x|z) ∝ N(a; z, v), p(z) = N(0, 1): the posterior is N(a/(1+v), v/(1+v)).
  for (const double v : {0.5, 0.01, 0.0004}) {
    const double a = 1.3;
    const LogLikFn fn = [&](const float* z, int count, double* out) {
      for (int i = 0; i < count; ++i) out[i] = -(z[i] - a) * (z[i] - a) / (2 * v);
    };
    const Posterior p = grid_posterior(fn, q1(a, v));
    const double m = a / (1 + v), s = std::sqrt(v / (1 + v));
    const DensityCurve c = posterior_curve(p);
    ASSERT_GT(c.z.size(), 20u) << v;
    for (size_t i = 1; i < c.z.size(); ++i) ASSERT_LT(c.z[i - 1], c.z[i]);
    EXPECT_NEAR(c.peak * s * std::sqrt(2 * M_PI), 1.0, 0.01) << v;
    EXPECT_LT(c.lo, m - 4 * s);
    EXPECT_GT(c.hi, m + 4 * s);
    for (const auto& [mass, k] : {std::pair{0.6827, 1.0}, std::pair{0.9545, 2.0}}) {
      const std::vector<Interval> in = level_intervals(c, hpd_log_density(p, mass));
      ASSERT_EQ(in.size(), 1u) << v << " " << mass;
      EXPECT_NEAR(in[0].lo, m - k * s, 0.03 * s) << v << " " << mass;
      EXPECT_NEAR(in[0].hi, m + k * s, 0.03 * s) << v << " " << mass;
    }
  }
}

TEST(PosteriorCurve, TwoBumpsGiveTwoIntervals) {
  // Two equal narrow likelihood bumps at ±1 (symmetric under the prior): two modes.
  const LogLikFn fn = [](const float* z, int count, double* out) {
    for (int i = 0; i < count; ++i) {
      const double a = -(z[i] - 1) * (z[i] - 1) / 0.02, b = -(z[i] + 1) * (z[i] + 1) / 0.02;
      out[i] = std::max(a, b) + std::log1p(std::exp(std::min(a, b) - std::max(a, b)));
    }
  };
  const Posterior p = grid_posterior(fn, q1(0, 1));
  const DensityCurve c = posterior_curve(p);
  const std::vector<Interval> in = level_intervals(c, hpd_log_density(p, 0.68));
  ASSERT_EQ(in.size(), 2u);
  EXPECT_LT(in[0].hi, 0);
  EXPECT_GT(in[1].lo, 0);
  EXPECT_NEAR(in[0].lo + in[1].hi, 0, 0.02);  // symmetric
}

TEST(PosteriorCurve, TwoDimensionalPosteriorIsRefused) {
  Posterior p;
  p.dim = 2;
  EXPECT_THROW(posterior_curve(p), Error);
}

}  // namespace
}  // namespace ll
