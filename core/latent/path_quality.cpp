#include "core/latent/path_quality.h"

#include <algorithm>

#include "core/latent/grid.h"

namespace ll {

PathQuality path_quality(const float* z, const float* images, int steps, int latent, int dim) {
  PathQuality q;
  if (steps <= 0) return q;
  q.log_prior.resize(size_t(steps));
  for (int i = 0; i < steps; ++i) q.log_prior[i] = log_prior(z + size_t(i) * latent, latent);
  q.min_log_prior = *std::min_element(q.log_prior.begin(), q.log_prior.end());
  if (steps < 2 || dim <= 0) return q;
  q.step_mse.resize(size_t(steps - 1));
  double sum = 0;
  for (int i = 0; i + 1 < steps; ++i) {
    const float* a = images + size_t(i) * dim;
    const float* b = a + dim;
    double s = 0;
    for (int k = 0; k < dim; ++k) {
      const double e = double(b[k]) - double(a[k]);
      s += e * e;
    }
    q.step_mse[i] = s / dim;
    sum += q.step_mse[i];
  }
  q.max_step_mse = *std::max_element(q.step_mse.begin(), q.step_mse.end());
  q.mean_step_mse = sum / double(steps - 1);
  q.unevenness = q.mean_step_mse > 0 ? q.max_step_mse / q.mean_step_mse : 0;
  return q;
}

}  // namespace ll
