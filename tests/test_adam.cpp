// Adam against a double-precision reference of PyTorch's update, over lengths that exercise
// the vector loop and its scalar tail, plus the divergence check the trainer relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/nn/adam.h"
#include "core/nn/rng.h"

namespace {

struct Reference {
  std::vector<double> p, m, v, g_max;  // g_max: largest |g| seen, the scale of m's rounding
  int t = 0;
  void step(const ll::AdamConfig& c, const std::vector<float>& g) {
    ++t;
    g_max.resize(p.size());
    for (size_t i = 0; i < p.size(); ++i) {
      g_max[i] = std::max(g_max[i], std::abs(double(g[i])));
      m[i] = c.beta1 * m[i] + (1 - c.beta1) * g[i];
      v[i] = c.beta2 * v[i] + (1 - c.beta2) * double(g[i]) * g[i];
      const double mh = m[i] / (1 - std::pow(double(c.beta1), t));
      const double vh = v[i] / (1 - std::pow(double(c.beta2), t));
      p[i] -= c.lr * mh / (std::sqrt(vh) + c.eps);
    }
  }
};

TEST(Adam, MatchesPyTorchsUpdateOverManyStepsAndLengths) {
  for (size_t n : {1u, 15u, 16u, 17u, 1000u, 4099u}) {
    ll::AdamConfig cfg;
    cfg.lr = 3e-3f;
    ll::Rng rng(n);
    ll::FloatBuffer p(n);
    for (float& x : p) x = float(rng.normal());
    Reference ref{std::vector<double>(p.begin(), p.end()), std::vector<double>(n, 0), std::vector<double>(n, 0), {}};
    ll::AdamState s;
    s.reset(n);
    std::vector<float> g(n);
    for (int step = 0; step < 50; ++step) {
      // Gradients over several orders of magnitude, some exactly zero (v stays 0: ε matters).
      for (size_t i = 0; i < n; ++i) g[i] = i % 7 == 3 ? 0.f : float(rng.normal() * std::pow(10.0, int(i % 5) - 3));
      ASSERT_TRUE(ll::adam_update(cfg, s, p.data(), g.data(), n));
      ref.step(cfg, g);
    }
    EXPECT_EQ(s.t, 50);
    for (size_t i = 0; i < n; ++i) {
      // Float moving averages drift from the double ones by ~1e-6 relative over 50 steps; a
      // wrong update (no bias correction, ε in the wrong place) is off by ~lr = 3e-3.
      ASSERT_NEAR(p[i], ref.p[i], 1e-5) << "n=" << n << " i=" << i;
      ASSERT_NEAR(s.m[i], ref.m[i], 1e-6 * ref.g_max[i] + 1e-12);
      ASSERT_NEAR(s.v[i], ref.v[i], 1e-5 * std::abs(ref.v[i]) + 1e-20);
    }
  }
}

TEST(Adam, EachStepIsTheExactUpdateToAFewUlp) {
  // One step from a state deep into training (t = 1000, random m and v): the change of each
  // parameter against the double formula, relative to its size. A cheaper but coarser
  // division (a bare reciprocal estimate is within 2⁻¹⁴) would show here.
  const size_t n = 1000 + 13;
  ll::AdamConfig cfg;
  ll::Rng rng(7);
  ll::AdamState s;
  s.reset(n);
  s.t = 999;
  ll::FloatBuffer p(n, 0.f);
  std::vector<float> g(n);
  for (size_t i = 0; i < n; ++i) {
    g[i] = float(rng.normal() * 1e-2);
    s.m[i] = float(rng.normal() * 1e-2);
    s.v[i] = float(std::pow(10.0, -8 + 4 * rng.uniform()));  // √v from 1e-4 to 1e-2, and near ε
  }
  const ll::FloatBuffer m0 = s.m, v0 = s.v;
  ASSERT_TRUE(ll::adam_update(cfg, s, p.data(), g.data(), n));
  for (size_t i = 0; i < n; ++i) {
    const double m = cfg.beta1 * double(m0[i]) + (1 - cfg.beta1) * double(g[i]);
    const double v = cfg.beta2 * double(v0[i]) + (1 - cfg.beta2) * double(g[i]) * g[i];
    const double mh = m / (1 - std::pow(double(cfg.beta1), 1000.0));
    const double vh = v / (1 - std::pow(double(cfg.beta2), 1000.0));
    const double denom = std::sqrt(vh) + cfg.eps;
    const double dp = -cfg.lr * mh / denom;
    // Relative to the terms m is summed from: where they cancel, m's own float rounding
    // (exact in any implementation) dominates the relative error of dp.
    const double scale = cfg.lr * (cfg.beta1 * std::abs(m0[i]) + (1 - cfg.beta1) * std::abs(g[i])) /
                         (1 - std::pow(double(cfg.beta1), 1000.0)) / denom;
    ASSERT_NEAR(p[i], dp, 2e-6 * scale) << i;
  }
}

TEST(Adam, FirstStepMovesEachParameterByTheLearningRateAgainstItsGradient) {
  // t = 1: m̂ = g and v̂ = g², so the step is lr · g / (|g| + ε) ≈ lr · sign(g).
  const size_t n = 40;
  ll::AdamConfig cfg;
  ll::FloatBuffer p(n, 1.f);
  std::vector<float> g(n);
  for (size_t i = 0; i < n; ++i) g[i] = (i % 2 ? -1.f : 1.f) * float(i + 1) * 0.25f;
  ll::AdamState s;
  s.reset(n);
  ASSERT_TRUE(ll::adam_update(cfg, s, p.data(), g.data(), n));
  for (size_t i = 0; i < n; ++i) EXPECT_NEAR(p[i], 1.f - (g[i] > 0 ? 1e-3f : -1e-3f), 1e-7f) << i;
}

TEST(Adam, ReportsANonFiniteParameterWhereverItIs) {
  for (size_t n : {5u, 16u, 33u}) {
    for (size_t bad = 0; bad < n; bad += 3) {
      ll::FloatBuffer p(n, 0.5f);
      std::vector<float> g(n, 0.1f);
      g[bad] = std::numeric_limits<float>::quiet_NaN();
      ll::AdamState s;
      s.reset(n);
      EXPECT_FALSE(ll::adam_update(ll::AdamConfig{}, s, p.data(), g.data(), n)) << n << " " << bad;
      p.assign(n, 0.5f);
      p[bad] = std::numeric_limits<float>::infinity();
      g.assign(n, 0.1f);
      s.reset(n);
      EXPECT_FALSE(ll::adam_update(ll::AdamConfig{}, s, p.data(), g.data(), n)) << n << " " << bad;
    }
  }
  ll::FloatBuffer p(20, 0.5f);
  std::vector<float> g(20, 0.1f);
  ll::AdamState s;
  s.reset(20);
  EXPECT_TRUE(ll::adam_update(ll::AdamConfig{}, s, p.data(), g.data(), 20));
}

}  // namespace
