// The Fréchet distance against answers known in closed form, and the samplers' moments.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <vector>

#include "core/features/code_samplers.h"
#include "core/features/frechet.h"
#include "core/nn/rng.h"

namespace ll {
namespace {

Moments exact(const Eigen::VectorXd& mean, const Eigen::MatrixXd& cov) {
  Moments m;
  m.mean = mean;
  m.cov = cov;
  m.count = 0;
  return m;
}

// Σ = Q diag(λ) Qᵀ with Q a rotation in the (0, 1) plane: not diagonal, so the formula's
// matrix roots are exercised, but with a root of known trace.
Eigen::MatrixXd rotated(const Eigen::Vector3d& lambda, double angle) {
  Eigen::Matrix3d q = Eigen::Matrix3d::Identity();
  q(0, 0) = q(1, 1) = std::cos(angle);
  q(0, 1) = -std::sin(angle);
  q(1, 0) = std::sin(angle);
  return q * lambda.asDiagonal() * q.transpose();
}

TEST(FeaturesFrechet, IdenticalSetsGiveZero) {
  Rng rng(3);
  std::vector<float> x(500 * 16);
  for (float& v : x) v = 3 * rng.normal() + 1;
  const Moments m = moments(x.data(), 500, 16);
  EXPECT_NEAR(frechet_distance(m, m), 0.0, 1e-9);
}

TEST(FeaturesFrechet, MatchesTheClosedFormForGaussians) {
  // Σ₁ = I: FD = ‖Δμ‖² + Σ (1 + λ − 2√λ) = ‖Δμ‖² + Σ (1 − √λ)².
  const Eigen::Vector3d lambda(4.0, 0.25, 9.0);
  const Eigen::Vector3d mu1(0, 0, 0), mu2(1, -2, 0.5);
  const double expect = (mu1 - mu2).squaredNorm() + (1 - 2.0) * (1 - 2.0) + (1 - 0.5) * (1 - 0.5) +
                        (1 - 3.0) * (1 - 3.0);
  const Moments a = exact(mu1, Eigen::Matrix3d::Identity()), b = exact(mu2, rotated(lambda, 0.7));
  EXPECT_NEAR(frechet_distance(a, b), expect, 1e-9);
  EXPECT_NEAR(frechet_distance(b, a), expect, 1e-9);  // symmetric
  // Commuting diagonal covariances: Σ (σ₁ − σ₂)².
  Eigen::Matrix3d c1 = Eigen::Vector3d(1, 4, 9).asDiagonal(), c2 = Eigen::Vector3d(4, 4, 1).asDiagonal();
  EXPECT_NEAR(frechet_distance(exact(mu1, c1), exact(mu1, c2)), 1.0 + 0.0 + 4.0, 1e-9);
}

TEST(FeaturesFrechet, SamplesComeWithinToleranceOfTheClosedForm) {
  const Eigen::Vector3d lambda(4.0, 0.25, 9.0);
  const Eigen::Vector3d mu2(1, -2, 0.5);
  GaussianFit g1{Eigen::Vector3d::Zero(), Eigen::Matrix3d::Identity()}, g2{mu2, rotated(lambda, 0.7)};
  const double expect = mu2.squaredNorm() + 1.0 + 0.25 + 4.0;
  const size_t n = 200000;
  std::vector<float> x(n * 3), y(n * 3);
  Rng rng(11);
  sample_gaussian(g1, n, rng, x.data());
  sample_gaussian(g2, n, rng, y.data());
  // The estimate's error at n = 200k is ~0.02 here (a few standard errors of the moments).
  EXPECT_NEAR(frechet_distance(moments(x.data(), n, 3), moments(y.data(), n, 3)), expect, 0.1);
}

TEST(FeaturesFrechet, RankDeficientCovariancesStayFinite) {
  // 3 samples of 8 features: a covariance of rank 2.
  std::vector<float> x = {0, 1, 2, 3, 4, 5, 6, 7, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 2, 0, 2, 0, 2, 0};
  const Moments m = moments(x.data(), 3, 8);
  Moments z = m;
  z.cov.setZero();
  const double fd = frechet_distance(m, z);
  EXPECT_TRUE(std::isfinite(fd));
  EXPECT_NEAR(fd, m.cov.trace(), 1e-9);  // against a point mass at the same mean: Tr Σ
}

TEST(FeaturesFrechet, TooFewSamplesIsAnError) {
  std::vector<float> x(4);
  EXPECT_THROW(moments(x.data(), 1, 4), std::runtime_error);
}

}  // namespace
}  // namespace ll
