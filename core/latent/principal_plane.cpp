#include "core/latent/principal_plane.h"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <string>

#include "core/error.h"

namespace ll {

void PrincipalPlane::project(const float* z, float& x, float& y) const {
  double sx = 0, sy = 0;
  for (int i = 0; i < latent; ++i) {
    const double c = double(z[i]) - mean[size_t(i)];
    sx += c * axis[0][size_t(i)];
    sy += c * axis[1][size_t(i)];
  }
  x = float(sx);
  y = float(sy);
}

void PrincipalPlane::lift(float x, float y, std::vector<float>& z) const {
  z.resize(size_t(latent));
  for (size_t i = 0; i < size_t(latent); ++i) z[i] = mean[i] + x * axis[0][i] + y * axis[1][i];
}

void PrincipalPlane::orient_like(const PrincipalPlane& prev) {
  if (prev.latent != latent) return;
  for (int k = 0; k < 2; ++k) {
    double dot = 0;
    for (size_t i = 0; i < size_t(latent); ++i) dot += double(axis[k][i]) * prev.axis[k][i];
    if (dot < 0)
      for (float& v : axis[k]) v = -v;
  }
}

bool PrincipalPlane::near(const PrincipalPlane& o, double degrees, double shift) const {
  if (o.latent != latent) return false;
  const double min_cos = std::cos(degrees * M_PI / 180);
  double d2 = 0;
  for (size_t i = 0; i < size_t(latent); ++i) d2 += double(mean[i] - o.mean[i]) * (mean[i] - o.mean[i]);
  if (std::sqrt(d2) > shift * std::sqrt(std::max(total_variance, o.total_variance))) return false;
  for (int k = 0; k < 2; ++k) {
    double dot = 0;
    for (size_t i = 0; i < size_t(latent); ++i) dot += double(axis[k][i]) * o.axis[k][i];
    if (std::abs(dot) < min_cos) return false;
  }
  return true;
}

PrincipalPlane principal_plane(const float* codes, size_t n, int latent) {
  if (latent < 2)
    throw Error("PCA plane: needs a latent size of at least 2, got " + std::to_string(latent));
  if (latent > kPrincipalPlaneMaxLatent)
    throw Error("PCA plane: latent size " + std::to_string(latent) + " is above the " +
                std::to_string(kPrincipalPlaneMaxLatent) + " it is fitted for");
  if (n < 3) throw Error("PCA plane: needs at least 3 codes, got " + std::to_string(n));
  const Eigen::Index L = latent;
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(L);
  for (size_t r = 0; r < n; ++r)
    for (Eigen::Index i = 0; i < L; ++i) {
      const float v = codes[r * size_t(L) + size_t(i)];
      if (!std::isfinite(v))
        throw Error("PCA plane: code " + std::to_string(r) + " dimension " + std::to_string(i) + " is not finite");
      mean[i] += v;
    }
  mean /= double(n);
  // Unbiased covariance (1/(n−1)), the lower triangle is all the solver reads.
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(L, L);
  Eigen::VectorXd c(L);
  for (size_t r = 0; r < n; ++r) {
    for (Eigen::Index i = 0; i < L; ++i) c[i] = codes[r * size_t(L) + size_t(i)] - mean[i];
    cov.selfadjointView<Eigen::Lower>().rankUpdate(c);
  }
  cov /= double(n - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov.selfadjointView<Eigen::Lower>());
  if (eig.info() != Eigen::Success) throw Error("PCA plane: the eigen-decomposition did not converge");
  PrincipalPlane p;
  p.latent = latent;
  p.codes = n;
  p.mean.assign(mean.data(), mean.data() + L);
  p.total_variance = cov.diagonal().sum();
  for (int k = 0; k < 2; ++k) {
    // Eigenvalues ascending: the largest last.
    const Eigen::Index col = L - 1 - k;
    Eigen::VectorXd v = eig.eigenvectors().col(col);
    Eigen::Index big = 0;
    for (Eigen::Index i = 1; i < L; ++i)
      if (std::abs(v[i]) > std::abs(v[big]) * (1 + 1e-9)) big = i;
    if (v[big] < 0) v = -v;
    p.axis[k].assign(v.data(), v.data() + L);
    p.variance[k] = std::max(0.0, eig.eigenvalues()[col]);
  }
  return p;
}

}  // namespace ll
