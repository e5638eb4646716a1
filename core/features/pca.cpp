#include "core/features/pca.h"

#include <Eigen/Dense>
#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/nn/rng.h"

namespace ll {

Pca fit_pca(const uint8_t* pixels, size_t n, int D, int components, size_t max_images,
            uint64_t seed) {
  if (n < 2) throw Error("pca: needs at least 2 images, got " + std::to_string(n));
  std::vector<size_t> rows(n);
  std::iota(rows.begin(), rows.end(), size_t(0));
  const size_t m = std::min(n, std::max<size_t>(max_images, 2));
  Rng rng(seed);
  for (size_t i = 0; i < m && m < n; ++i) std::swap(rows[i], rows[i + rng.below(n - i)]);
  rows.resize(m);
  std::sort(rows.begin(), rows.end());
  Eigen::MatrixXd X(m, D);
  for (size_t i = 0; i < m; ++i)
    for (int j = 0; j < D; ++j) X(i, j) = pixels[rows[i] * D + j] / 255.0;
  const Eigen::RowVectorXd mu = X.colwise().mean();
  X.rowwise() -= mu;
  const int k = std::max(1, std::min({components, D, int(m) - 1}));
  Pca p;
  p.input_dim = D;
  p.components = k;
  p.mean.assign(mu.data(), mu.data() + D);
  p.basis.resize(size_t(k) * D);
  Eigen::MatrixXd dirs(D, k);
  if (size_t(D) <= m) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(X.transpose() * X);
    for (int c = 0; c < k; ++c) dirs.col(c) = es.eigenvectors().col(D - 1 - c);
  } else {
    // Few images of many pixels: the Gram matrix's eigenvectors u give the directions Xᵀu.
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(X * X.transpose());
    for (int c = 0; c < k; ++c) {
      Eigen::VectorXd v = X.transpose() * es.eigenvectors().col(int(m) - 1 - c);
      const double norm = v.norm();
      dirs.col(c) = norm > 0 ? Eigen::VectorXd(v / norm) : Eigen::VectorXd::Zero(D);
    }
  }
  for (int c = 0; c < k; ++c)
    for (int j = 0; j < D; ++j) p.basis[size_t(c) * D + j] = float(dirs(j, c));
  return p;
}

void pca_project(const Pca& p, const float* images, size_t n, float* out) {
  const int D = p.input_dim, k = p.components;
  using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMat> X(images, Eigen::Index(n), D);
  Eigen::Map<const RowMat> W(p.basis.data(), k, D);
  Eigen::Map<const Eigen::RowVectorXf> mu(p.mean.data(), D);
  Eigen::Map<RowMat> Y(out, Eigen::Index(n), k);
  Y.noalias() = (X.rowwise() - mu) * W.transpose();
}

}  // namespace ll
