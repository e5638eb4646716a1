#include "core/latent/posterior_curve.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace ll {

DensityCurve posterior_curve(const Posterior& p, double nats) {
  if (p.dim != 1) throw Error("posterior_curve: a 1-D posterior expected, got dim " + std::to_string(p.dim));
  DensityCurve c;
  const size_t n = p.size();
  if (n == 0) return c;
  double top = p.log_density(0);
  for (size_t i = 1; i < n; ++i) top = std::max(top, p.log_density(i));
  std::vector<size_t> keep;
  for (size_t i = 0; i < n; ++i)
    if (p.log_density(i) >= top - nats) keep.push_back(i);
  std::sort(keep.begin(), keep.end(), [&](size_t a, size_t b) { return p.z[a] < p.z[b]; });
  for (size_t i : keep) {
    c.z.push_back(p.z[i]);
    c.density.push_back(std::exp(p.log_density(i)));
  }
  c.peak = std::exp(top);
  // The kept cells' outer edges, so a single refined peak still spans its cells.
  const double lo = p.z[keep.front()] - p.half_width[keep.front()];
  const double hi = p.z[keep.back()] + p.half_width[keep.back()];
  c.lo = lo - 0.1 * (hi - lo);
  c.hi = hi + 0.1 * (hi - lo);
  return c;
}

std::vector<Interval> level_intervals(const DensityCurve& c, double log_level) {
  std::vector<Interval> out;
  const double level = std::exp(log_level);
  const size_t n = c.z.size();
  // Where the segment from point a to b crosses the level.
  auto cross = [&](size_t a, size_t b) {
    const double t = (level - c.density[a]) / (c.density[b] - c.density[a]);
    return c.z[a] + t * (c.z[b] - c.z[a]);
  };
  for (size_t i = 0; i < n; ++i) {
    if (c.density[i] < level) continue;
    const double lo = i == 0 ? c.z[0] : cross(i - 1, i);
    size_t j = i;
    while (j + 1 < n && c.density[j + 1] >= level) ++j;
    const double hi = j + 1 == n ? c.z[j] : cross(j, j + 1);
    out.push_back({lo, hi});
    i = j;
  }
  return out;
}

}  // namespace ll
