#include "core/latent/traversal.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/latent/view.h"

namespace ll {

TraversalAxes traversal_axes(bool vae, const std::vector<double>& kl_per_dim, const float* codes, size_t n,
                             int latent) {
  if (latent < 1) throw Error("traversal: latent size must be at least 1, got " + std::to_string(latent));
  TraversalAxes a;
  if (vae) {
    if (kl_per_dim.size() != size_t(latent))
      throw Error("traversal: KL per dimension has " + std::to_string(kl_per_dim.size()) + " values, expected " +
                  std::to_string(latent));
    a.score = kl_per_dim;
    a.unit.assign(size_t(latent), 1.f);
  } else {
    a.score = code_variance(codes, n, latent);
    a.unit.resize(size_t(latent));
    for (int j = 0; j < latent; ++j) a.unit[size_t(j)] = float(std::sqrt(a.score[size_t(j)]));
  }
  a.dims = dims_by_score(a.score);
  return a;
}

std::vector<float> traversal_offsets(int cols, float span) {
  if (cols < 2 || !(span > 0))
    throw Error("traversal: expected at least 2 columns and a positive span, got " + std::to_string(cols) +
                " columns, span " + std::to_string(span));
  std::vector<float> o(static_cast<size_t>(cols));
  for (int c = 0; c < cols; ++c) o[size_t(c)] = -span + 2 * span * float(c) / float(cols - 1);
  return o;
}

std::vector<float> traversal_codes(const std::vector<float>& base, const std::vector<int>& dims,
                                   const std::vector<float>& unit, const std::vector<float>& offsets) {
  const size_t L = base.size();
  if (unit.size() != L)
    throw Error("traversal: " + std::to_string(unit.size()) + " units for a code of length " + std::to_string(L));
  std::vector<float> z;
  z.reserve(dims.size() * offsets.size() * L);
  for (int d : dims) {
    if (d < 0 || size_t(d) >= L)
      throw Error("traversal: dimension " + std::to_string(d) + " outside a code of length " + std::to_string(L));
    for (float off : offsets) {
      z.insert(z.end(), base.begin(), base.end());
      z[z.size() - L + size_t(d)] += off * unit[size_t(d)];
    }
  }
  return z;
}

std::vector<float> mean_code(const float* codes, size_t n, int latent) {
  std::vector<double> sum(size_t(latent), 0.0);
  for (size_t i = 0; i < n; ++i)
    for (int j = 0; j < latent; ++j) sum[size_t(j)] += codes[i * size_t(latent) + size_t(j)];
  std::vector<float> m(size_t(latent), 0.f);
  if (n)
    for (int j = 0; j < latent; ++j) m[size_t(j)] = float(sum[size_t(j)] / double(n));
  return m;
}

}  // namespace ll
