// EM on a mixture made for the test, and the fitted samplers' output.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <vector>

#include "core/features/code_samplers.h"
#include "core/nn/rng.h"

namespace ll {
namespace {

TEST(FeaturesGmm, EmRecoversAMadeMixture) {
  const std::vector<Eigen::Vector2d> means = {{-4, 0}, {3, 3}, {2, -5}};
  const std::vector<double> weights = {0.5, 0.3, 0.2};
  const std::vector<Eigen::Matrix2d> covs = {
      (Eigen::Matrix2d() << 1.0, 0.5, 0.5, 1.0).finished(),
      (Eigen::Matrix2d() << 0.3, 0.0, 0.0, 0.1).finished(),
      (Eigen::Matrix2d() << 0.5, -0.2, -0.2, 0.5).finished()};
  Gmm truth;
  truth.weight = weights;
  for (int k = 0; k < 3; ++k) {
    truth.mean.push_back(means[k]);
    truth.cov.push_back(covs[k]);
  }
  const size_t n = 30000;
  std::vector<float> x(n * 2);
  Rng rng(7);
  sample_gmm(truth, n, rng, x.data());
  GmmOptions opt;
  opt.components = 3;
  opt.variance_floor = 1e-6;
  const Gmm fit = fit_gmm(x.data(), n, 2, opt);
  ASSERT_EQ(fit.weight.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    int best = 0;
    for (int j = 1; j < 3; ++j)
      if ((fit.mean[j] - means[k]).norm() < (fit.mean[best] - means[k]).norm()) best = j;
    EXPECT_LT((fit.mean[best] - means[k]).norm(), 0.05) << "component " << k;
    EXPECT_NEAR(fit.weight[best], weights[k], 0.02) << "component " << k;
    EXPECT_LT((fit.cov[best] - covs[k]).cwiseAbs().maxCoeff(), 0.06) << "component " << k;
  }
  // Seeded: the same fit twice.
  const Gmm again = fit_gmm(x.data(), n, 2, opt);
  EXPECT_EQ(again.log_likelihood, fit.log_likelihood);
}

TEST(FeaturesGmm, CollapsedCodesStayFiniteThroughTheFloor) {
  // An AE's codes can sit on a handful of points: more components than distinct points.
  std::vector<float> x;
  for (int i = 0; i < 300; ++i) {
    x.push_back(float(i % 3));
    x.push_back(float(i % 3) * 2);
  }
  const Gmm g = fit_gmm(x.data(), 300, 2, {});
  EXPECT_TRUE(std::isfinite(g.log_likelihood));
  std::vector<float> z(100 * 2);
  Rng rng(1);
  sample_gmm(g, 100, rng, z.data());
  for (float v : z) EXPECT_TRUE(std::isfinite(v));
}

TEST(FeaturesGmm, FittedGaussianHasTheCodesMoments) {
  std::vector<float> x(20000 * 2);
  Rng rng(2);
  for (size_t i = 0; i < 20000; ++i) {
    x[2 * i] = 5 + 2 * rng.normal();
    x[2 * i + 1] = -1 + 0.5f * rng.normal();
  }
  const GaussianFit g = fit_gaussian(x.data(), 20000, 2, 0);
  EXPECT_NEAR(g.mean[0], 5, 0.05);
  EXPECT_NEAR(g.mean[1], -1, 0.02);
  EXPECT_NEAR(g.cov(0, 0), 4, 0.15);
  EXPECT_NEAR(g.cov(1, 1), 0.25, 0.01);
}

}  // namespace
}  // namespace ll
