// Drawing a 2-D posterior: the raster resampled from the grid and its marching-squares contours,
// against a Gaussian whose highest-density regions are circles of known radius.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/latent/contours.h"
#include "core/latent/posterior.h"

namespace ll {
namespace {

double radius(float x, float y, double cx, double cy) { return std::hypot(x - cx, y - cy); }

TEST(Contours, LevelSetOfAParaboloidIsItsCircle) {
  Raster r;
  r.w = r.h = 81;
  r.x0 = r.y0 = -2, r.x1 = r.y1 = 2;
  r.v.resize(size_t(r.w) * r.h);
  for (int j = 0; j < r.h; ++j)
    for (int i = 0; i < r.w; ++i) r.v[size_t(j) * r.w + i] = float(-(r.x(i) * r.x(i) + r.y(j) * r.y(j)));
  const std::vector<Segment> seg = contour_segments(r, -1.f);
  ASSERT_GT(seg.size(), 40u);
  double len = 0;
  for (const Segment& s : seg) {
    EXPECT_NEAR(radius(s.x0, s.y0, 0, 0), 1.0, 2e-3);
    EXPECT_NEAR(radius(s.x1, s.y1, 0, 0), 1.0, 2e-3);
    len += std::hypot(s.x1 - s.x0, s.y1 - s.y0);
  }
  EXPECT_NEAR(len, 2 * M_PI, 0.01);  // one closed curve, no gaps or doubled pieces
  EXPECT_TRUE(contour_segments(r, 1.f).empty());  // above the peak: nothing
}

TEST(Contours, OutsideTheGridCountsAsBelowEveryLevel) {
  Raster r;
  r.w = r.h = 4;
  r.x1 = r.y1 = 4;
  r.v.assign(16, -INFINITY);
  r.v[1 * 4 + 1] = 0;  // one pixel inside: a small closed diamond around its centre
  const std::vector<Segment> seg = contour_segments(r, -1.f);
  ASSERT_EQ(seg.size(), 4u);
  for (const Segment& s : seg) {
    EXPECT_TRUE(std::isfinite(s.x0) && std::isfinite(s.y0) && std::isfinite(s.x1) && std::isfinite(s.y1));
    EXPECT_LT(radius(s.x0, s.y0, 1.5, 1.5), 0.1);
  }
}

// log p(x|z) = −|z − a|²/(2s²): the posterior is N(a/(1 + s²), s²/(1 + s²) I), so its HPD
// regions holding 39% and 86% of the mass are the circles of 1 and 2 σ about its mean.
TEST(Contours, HpdContoursOfAGaussianPosteriorAreItsSigmaCircles) {
  const double s2 = 0.09, a[2] = {1.2, -0.7};
  const LogLikFn fn = [&](const float* z, int count, double* out) {
    for (int i = 0; i < count; ++i) {
      const double dx = z[2 * i] - a[0], dy = z[2 * i + 1] - a[1];
      out[i] = -(dx * dx + dy * dy) / (2 * s2);
    }
  };
  DiagGaussian q;
  q.mu = {1.0, -0.6};
  q.logvar = {std::log(0.08), std::log(0.08)};
  const Posterior p = grid_posterior(fn, q);
  const double m[2] = {a[0] / (1 + s2), a[1] / (1 + s2)}, sigma = std::sqrt(s2 / (1 + s2));
  const Raster r = posterior_raster(p, 160);
  EXPECT_LT(r.x0, m[0] - 3 * sigma);
  EXPECT_GT(r.x1, m[0] + 3 * sigma);
  EXPECT_LT(r.y0, m[1] - 3 * sigma);
  EXPECT_GT(r.y1, m[1] + 3 * sigma);
  for (int k = 1; k <= 2; ++k) {
    const double mass = 1 - std::exp(-0.5 * k * k);  // 39%, 86%
    const std::vector<Segment> seg = contour_segments(r, float(hpd_log_density(p, mass)));
    ASSERT_GT(seg.size(), 20u);
    // The grid's cells here are σ/4 wide: followed as a staircase the contour strays by 0.18σ.
    double worst = 0;
    for (const Segment& s : seg) worst = std::max(worst, std::abs(radius(s.x0, s.y0, m[0], m[1]) - k * sigma));
    EXPECT_LT(worst, 0.06 * sigma) << k << "σ contour";
  }
  Posterior one = p;
  one.dim = 1;
  EXPECT_THROW(posterior_raster(one), Error);
}

}  // namespace
}  // namespace ll
