// The map's plane (core/latent/latent_plane.h) and the codes' principal plane
// (core/latent/principal_plane.h): a known plane recovered from synthetic codes with its
// variances, lift and project inverse to each other on the plane, a sign that does not depend
// on the codes' order, the refusals; a slice that draws and decodes exactly what the maps did
// before planes (z[dx], z[dy], box_grid).
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/latent/grid.h"
#include "core/latent/latent_plane.h"
#include "core/latent/principal_plane.h"
#include "core/nn/rng.h"

namespace ll {
namespace {

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += double(a[i]) * b[i];
  return s;
}

// n codes in L dims: mean m + a·w1 + b·w2 + noise, sd(a) = 3, sd(b) = 2, noise sd 0.05,
// w1 and w2 orthonormal and not along any axis.
struct Synthetic {
  int L = 6;
  std::vector<float> m, w1, w2, codes;
  explicit Synthetic(size_t n, uint64_t seed = 7) {
    Rng rng(seed);
    m = {0.5f, -1.f, 2.f, 0.f, 0.25f, -0.5f};
    w1 = {0.5f, 0.5f, 0.5f, 0.5f, 0.f, 0.f};
    w2 = {0.f, 0.f, 0.5f, -0.5f, 0.5f, -0.5f};  // ⊥ w1: 0.25 − 0.25
    codes.resize(n * L);
    for (size_t r = 0; r < n; ++r) {
      const float a = 3.f * rng.normal(), b = 2.f * rng.normal();
      for (int i = 0; i < L; ++i) codes[r * L + i] = m[i] + a * w1[i] + b * w2[i] + 0.05f * rng.normal();
    }
  }
};

TEST(PrincipalPlane, RecoversAKnownPlaneAndItsVariances) {
  const Synthetic s(4000);
  const PrincipalPlane p = principal_plane(s.codes.data(), 4000, s.L);
  EXPECT_EQ(p.latent, 6);
  EXPECT_EQ(p.codes, 4000u);
  EXPECT_GT(std::abs(dot(p.axis[0], s.w1)), 0.999);
  EXPECT_GT(std::abs(dot(p.axis[1], s.w2)), 0.999);
  EXPECT_NEAR(dot(p.axis[0], p.axis[0]), 1.0, 1e-6);
  EXPECT_NEAR(dot(p.axis[0], p.axis[1]), 0.0, 1e-6);
  for (int i = 0; i < s.L; ++i) EXPECT_NEAR(p.mean[i], s.m[i], 0.12) << "dimension " << i;
  EXPECT_NEAR(p.variance[0], 9.0, 0.6);
  EXPECT_NEAR(p.variance[1], 4.0, 0.3);
}

TEST(PrincipalPlane, ExplainedFractionsAreTheTopEigenvaluesOverTheTrace) {
  const Synthetic s(2000, 11);
  const size_t n = 2000;
  const PrincipalPlane p = principal_plane(s.codes.data(), n, s.L);
  // The covariance computed here independently, in the most direct way.
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(s.L, s.L);
  std::vector<double> mean(s.L, 0.0);
  for (size_t r = 0; r < n; ++r)
    for (int i = 0; i < s.L; ++i) mean[i] += s.codes[r * s.L + i] / double(n);
  for (size_t r = 0; r < n; ++r)
    for (int i = 0; i < s.L; ++i)
      for (int j = 0; j < s.L; ++j)
        cov(i, j) += (s.codes[r * s.L + i] - mean[i]) * (s.codes[r * s.L + j] - mean[j]) / double(n - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  EXPECT_NEAR(p.variance[0], eig.eigenvalues()[s.L - 1], 1e-6 * p.variance[0]);
  EXPECT_NEAR(p.variance[1], eig.eigenvalues()[s.L - 2], 1e-6 * p.variance[0]);
  EXPECT_NEAR(p.total_variance, cov.trace(), 1e-6 * cov.trace());
  EXPECT_NEAR(p.explained(0), p.variance[0] / cov.trace(), 1e-9);
  EXPECT_GT(p.explained(0), p.explained(1));
  EXPECT_LE(p.explained(0) + p.explained(1), 1.0);
  EXPECT_GT(p.explained(0) + p.explained(1), 0.99);  // the noise holds the rest
}

TEST(PrincipalPlane, LiftThenProjectIsTheIdentityOnThePlane) {
  const Synthetic s(500);
  const PrincipalPlane p = principal_plane(s.codes.data(), 500, s.L);
  std::vector<float> z;
  for (float x : {-4.f, -0.5f, 0.f, 2.5f})
    for (float y : {-3.f, 0.f, 1.25f}) {
      p.lift(x, y, z);
      float px, py;
      p.project(z.data(), px, py);
      EXPECT_NEAR(px, x, 1e-5);
      EXPECT_NEAR(py, y, 1e-5);
    }
}

TEST(PrincipalPlane, SignDoesNotDependOnTheCodesOrder) {
  const Synthetic s(1000, 3);
  const PrincipalPlane a = principal_plane(s.codes.data(), 1000, s.L);
  std::vector<float> reversed(s.codes.size());
  for (size_t r = 0; r < 1000; ++r)
    std::copy_n(s.codes.data() + (999 - r) * s.L, s.L, reversed.data() + r * s.L);
  const PrincipalPlane b = principal_plane(reversed.data(), 1000, s.L);
  for (int k = 0; k < 2; ++k) {
    EXPECT_GT(dot(a.axis[k], b.axis[k]), 0.9999) << "axis " << k;
    // The convention itself: the largest-magnitude component is positive.
    size_t big = 0;
    for (size_t i = 1; i < a.axis[k].size(); ++i)
      if (std::abs(a.axis[k][i]) > std::abs(a.axis[k][big])) big = i;
    EXPECT_GT(a.axis[k][big], 0.f);
  }
  // orient_like turns an axis that points the other way, and leaves one that agrees.
  PrincipalPlane c = a;
  for (float& v : c.axis[1]) v = -v;
  c.orient_like(a);
  EXPECT_GT(dot(c.axis[0], a.axis[0]), 0.9999);
  EXPECT_GT(dot(c.axis[1], a.axis[1]), 0.9999);
}

TEST(PrincipalPlane, NearTellsASmallTurnFromALargeOne) {
  const Synthetic s(1000, 5);
  const PrincipalPlane a = principal_plane(s.codes.data(), 1000, s.L);
  EXPECT_TRUE(a.near(a, 5, 0.05));
  // Turn PC1 by 3° and by 10° towards a direction off the plane.
  auto turned = [&](double deg) {
    PrincipalPlane b = a;
    std::vector<float> off(s.L, 0.f);
    off[4] = 1.f;  // e4 minus its part along PC1 and PC2: a unit vector ⊥ both
    for (int k = 0; k < 2; ++k) {
      const double d = dot(off, a.axis[k]);
      for (int i = 0; i < s.L; ++i) off[i] -= float(d) * a.axis[k][i];
    }
    const double norm = std::sqrt(dot(off, off));
    const double t = deg * M_PI / 180;
    for (int i = 0; i < s.L; ++i) b.axis[0][i] = float(std::cos(t) * a.axis[0][i] + std::sin(t) * off[i] / norm);
    return b;
  };
  EXPECT_TRUE(turned(3).near(a, 5, 0.05));
  EXPECT_FALSE(turned(10).near(a, 5, 0.05));
  PrincipalPlane flipped = a;  // an axis is a direction up to sign
  for (float& v : flipped.axis[0]) v = -v;
  EXPECT_TRUE(flipped.near(a, 5, 0.05));
  PrincipalPlane moved = a;  // the mean moved by 10% of the codes' spread
  moved.mean[0] += float(0.1 * std::sqrt(a.total_variance));
  EXPECT_FALSE(moved.near(a, 5, 0.05));
}

TEST(PrincipalPlane, RefusesWhatItCannotFitWithAMessage) {
  const Synthetic s(10);
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([&] { principal_plane(s.codes.data(), 2, s.L); }), "PCA plane: needs at least 3 codes, got 2");
  EXPECT_EQ(message([&] { principal_plane(s.codes.data(), 10, 1); }),
            "PCA plane: needs a latent size of at least 2, got 1");
  std::vector<float> wide(3 * 200, 0.f);
  EXPECT_EQ(message([&] { principal_plane(wide.data(), 3, 200); }),
            "PCA plane: latent size 200 is above the 128 it is fitted for");
  std::vector<float> bad = s.codes;
  bad[4 * s.L + 2] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(message([&] { principal_plane(bad.data(), 10, s.L); }), "PCA plane: code 4 dimension 2 is not finite");
}

TEST(LatentPlane, SliceDrawsAndDecodesAsTheMapsDidBefore) {
  const int L = 5;
  const std::vector<float> base{0.5f, -1.f, 2.f, 3.f, -0.25f};
  const LatentPlane p = LatentPlane::slice(L, 3, 1, base.data());
  const std::vector<float> z{1.5f, -2.25f, 7.f, 0.125f, 9.f};
  float x, y;
  p.project(z.data(), x, y);
  EXPECT_EQ(x, 0.125f);  // exactly z[dx], z[dy]
  EXPECT_EQ(y, -2.25f);
  std::vector<float> lifted;
  p.lift(0.75f, -1.5f, lifted);
  EXPECT_EQ(lifted, (std::vector<float>{0.5f, -1.5f, 2.f, 0.75f, -0.25f}));
  const LatentBox box{-1.3f, 2.1f, -0.7f, 3.3f};
  EXPECT_EQ(p.grid(7, 5, box), box_grid(7, 5, L, 3, 1, box.x0, box.x1, box.y0, box.y1, base));
  // Variances along a slice's axes are the dimensions' own.
  const std::vector<float> lv{0.1f, -2.f, 0.3f, -0.7f, 1.f};
  std::vector<float> out;
  p.project_logvar(lv.data(), 1, out);
  EXPECT_NEAR(out[0], -0.7f, 1e-6);
  EXPECT_NEAR(out[1], -2.f, 1e-6);
  EXPECT_EQ(p.max_correlation(lv.data(), 1), 0.0);
  float cx, cy;
  p.prior_center(cx, cy);
  EXPECT_EQ(cx, 0.f);
  EXPECT_EQ(cy, 0.f);
  EXPECT_THROW(LatentPlane::slice(L, 5, 1, nullptr), Error);
}

TEST(LatentPlane, PrincipalPlaneThroughACodeKeepsItsCoordinates) {
  const Synthetic s(800);
  const PrincipalPlane pp = principal_plane(s.codes.data(), 800, s.L);
  const float* c = s.codes.data() + 17 * s.L;
  const LatentPlane through = LatentPlane::principal(pp, c);
  const LatentPlane centred = LatentPlane::principal(pp, nullptr);
  float x0, y0, x1, y1, x2, y2;
  pp.project(c, x0, y0);
  through.project(c, x1, y1);
  centred.project(c, x2, y2);
  EXPECT_NEAR(x1, x0, 1e-5);
  EXPECT_NEAR(y1, y0, 1e-5);
  EXPECT_NEAR(x2, x0, 1e-5);
  EXPECT_NEAR(y2, y0, 1e-5);
  // The parallel plane holds the code itself; the centred one its foot on the plane.
  std::vector<float> z;
  through.lift(x1, y1, z);
  for (int i = 0; i < s.L; ++i) EXPECT_NEAR(z[i], c[i], 1e-5) << "dimension " << i;
  // The prior's centre: where z = 0 projects, −mean along each axis.
  float px, py;
  centred.prior_center(px, py);
  EXPECT_NEAR(px, -dot(pp.mean, pp.axis[0]), 1e-5);
  EXPECT_NEAR(py, -dot(pp.mean, pp.axis[1]), 1e-5);
}

TEST(LatentPlane, ProjectedVarianceOfARotatedPlane) {
  // u = (e0 + e1)/√2, v = (e0 − e1)/√2 with σ² = (1, 4): var_u = var_v = 2.5 and the
  // correlation (1 − 4)/2 / 2.5 = −0.6.
  PrincipalPlane pp;
  pp.latent = 2;
  pp.mean = {0.f, 0.f};
  const float r = float(M_SQRT1_2);
  pp.axis[0] = {r, r};
  pp.axis[1] = {r, -r};
  const LatentPlane p = LatentPlane::principal(pp, nullptr);
  const std::vector<float> lv{0.f, std::log(4.f)};
  std::vector<float> out;
  p.project_logvar(lv.data(), 1, out);
  EXPECT_NEAR(std::exp(out[0]), 2.5, 1e-5);
  EXPECT_NEAR(std::exp(out[1]), 2.5, 1e-5);
  EXPECT_NEAR(p.max_correlation(lv.data(), 1), 0.6, 1e-6);
  std::vector<float> cov;
  p.project_covariance(lv.data(), 1, cov);
  EXPECT_NEAR(cov[0], 2.5, 1e-5);
  EXPECT_NEAR(cov[1], 2.5, 1e-5);
  EXPECT_NEAR(cov[2], -1.5, 1e-5);  // (1 − 4)/2
}

}  // namespace
}  // namespace ll
