#include "core/latent/gauss_hermite.h"

#include <Eigen/Eigenvalues>
#include <string>

#include "core/error.h"

namespace ll {

void gauss_hermite_normal(int n, std::vector<double>& nodes, std::vector<double>& weights) {
  if (n < 1 || n > 200) throw Error("Gauss-Hermite needs 1..200 nodes, got " + std::to_string(n));
  Eigen::MatrixXd J = Eigen::MatrixXd::Zero(n, n);
  for (int k = 1; k < n; ++k) J(k - 1, k) = J(k, k - 1) = std::sqrt(double(k));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(J);
  nodes.resize(n);
  weights.resize(n);
  for (int i = 0; i < n; ++i) {
    const double v = eig.eigenvectors()(0, i);
    nodes[i] = eig.eigenvalues()[i];  // ascending
    weights[i] = v * v;  // the weight function N(0, 1) has total mass 1
  }
  // The rule is symmetric about 0; making it so exactly keeps odd moments at 0 to rounding.
  for (int i = 0; i < n / 2; ++i) {
    const int j = n - 1 - i;
    const double x = 0.5 * (nodes[j] - nodes[i]), w = 0.5 * (weights[i] + weights[j]);
    nodes[i] = -x;
    nodes[j] = x;
    weights[i] = weights[j] = w;
  }
  if (n % 2) nodes[n / 2] = 0;
}

int default_gauss_hermite_nodes(int dim) { return dim == 1 ? 48 : 24; }

double expected_loglik(const LogLikFn& f, const DiagGaussian& q, int n) {
  if (n <= 0) n = default_gauss_hermite_nodes(q.dim);
  std::vector<double> x, w;
  gauss_hermite_normal(n, x, w);
  const int count = q.dim == 1 ? n : n * n;
  std::vector<float> z(size_t(count) * q.dim);
  std::vector<double> weight(count);
  const double s0 = q.sigma(0), s1 = q.dim == 2 ? q.sigma(1) : 0;
  for (int a = 0, k = 0; a < n; ++a)
    for (int b = 0; b < (q.dim == 2 ? n : 1); ++b, ++k) {
      z[size_t(k) * q.dim] = float(q.mu[0] + s0 * x[a]);
      if (q.dim == 2) z[size_t(k) * 2 + 1] = float(q.mu[1] + s1 * x[b]);
      weight[k] = q.dim == 2 ? w[a] * w[b] : w[a];
    }
  std::vector<double> ll(count);
  f(z.data(), count, ll.data());
  double e = 0;
  for (int k = 0; k < count; ++k) e += weight[k] * ll[k];
  return e;
}

double elbo_gauss_hermite(const LogLikFn& f, const DiagGaussian& q, int n) {
  return expected_loglik(f, q, n) - kl_to_prior(q);
}

}  // namespace ll
