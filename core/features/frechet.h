#pragma once
// The Fréchet distance between two sets of feature vectors, each summarised by its mean and
// covariance (the FID's formula, here in the data's own feature space), in double precision:
//   ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
// Both square roots of symmetric matrices come from Eigen's SelfAdjointEigenSolver with the
// eigenvalues clamped at 0, so a rank-deficient covariance (fewer samples than features, or
// a collapsed decoder) gives a finite number rather than a NaN.
#include <Eigen/Dense>
#include <cstddef>

namespace ll {

struct Moments {
  Eigen::VectorXd mean;  // (d)
  Eigen::MatrixXd cov;   // (d, d), the unbiased estimate (n − 1 in the denominator)
  size_t count = 0;
};

// x: (n, d) row-major floats -> their moments. Throws ll::Error when n < 2.
Moments moments(const float* x, size_t n, int d);

// Throws ll::Error when the two dimensions differ. Never negative (rounding is clamped).
double frechet_distance(const Moments& a, const Moments& b);

}  // namespace ll
