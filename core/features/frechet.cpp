#include "core/features/frechet.h"

#include <algorithm>

#include "core/error.h"

namespace ll {

namespace {

Eigen::MatrixXd sqrt_psd(const Eigen::MatrixXd& m) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(m);
  const Eigen::VectorXd r = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return es.eigenvectors() * r.asDiagonal() * es.eigenvectors().transpose();
}

}  // namespace

Moments moments(const float* x, size_t n, int d) {
  if (n < 2) throw Error("moments: needs at least 2 samples, got " + std::to_string(n));
  using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::MatrixXd X = Eigen::Map<const RowMat>(x, Eigen::Index(n), d).cast<double>();
  Moments m;
  m.count = n;
  m.mean = X.colwise().mean().transpose();
  const Eigen::MatrixXd c = X.rowwise() - m.mean.transpose();
  m.cov = (c.transpose() * c) / double(n - 1);
  return m;
}

double frechet_distance(const Moments& a, const Moments& b) {
  if (a.mean.size() != b.mean.size())
    throw Error("frechet distance: feature sizes differ, " + std::to_string(a.mean.size()) + " and " +
                std::to_string(b.mean.size()));
  const Eigen::MatrixXd s1 = sqrt_psd(a.cov);
  const Eigen::MatrixXd inner = s1 * b.cov * s1;
  // Tr of the root is the sum of the roots of the (clamped) eigenvalues: no need to rebuild it.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(0.5 * (inner + inner.transpose()), Eigen::EigenvaluesOnly);
  const double tr_root = es.eigenvalues().cwiseMax(0.0).cwiseSqrt().sum();
  const double fd = (a.mean - b.mean).squaredNorm() + a.cov.trace() + b.cov.trace() - 2 * tr_root;
  return std::max(0.0, fd);
}

}  // namespace ll
