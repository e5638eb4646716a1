#include "core/latent/holes.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/latent/grid.h"
#include "core/latent/nearest.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"

namespace ll {

namespace {
void check_fits(const Model& m, const Dataset& d) {
  if (size_t(m.config().input_dim) != d.image_size())
    throw Error("hole map: the model takes " + std::to_string(m.config().input_dim) +
                " inputs but " + d.spec + " images have " + std::to_string(d.image_size()));
  if (d.train.count == 0) throw Error("hole map: " + d.spec + " has no training images");
}

// The q-quantile of v by linear interpolation between order statistics (numpy's default).
double quantile_of(std::vector<float> v, double q) {
  const double pos = std::clamp(q, 0.0, 1.0) * double(v.size() - 1);
  const size_t k = size_t(pos);
  std::nth_element(v.begin(), v.begin() + k, v.end());
  const double a = v[k];
  if (k + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + k + 1, v.end());
  return a + (pos - double(k)) * (b - a);
}
}  // namespace

HoleThreshold hole_threshold(const Dataset& d, size_t max_test, uint64_t seed, double quantile) {
  if (d.test.count == 0) throw Error("hole threshold: " + d.spec + " has no test images");
  if (d.train.count == 0) throw Error("hole threshold: " + d.spec + " has no training images");
  if (max_test == 0) throw Error("hole threshold: needs at least one test image");
  const size_t D = d.image_size();
  // A seeded subset without replacement (partial Fisher–Yates), in ascending order.
  std::vector<size_t> rows(d.test.count);
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const size_t n = std::min(max_test, d.test.count);
  Rng rng(seed);
  for (size_t i = 0; i < n && n < rows.size(); ++i)
    std::swap(rows[i], rows[i + rng.below(rows.size() - i)]);
  rows.resize(n);
  std::sort(rows.begin(), rows.end());
  std::vector<float> x(n * D), mse(n);
  for (size_t i = 0; i < n; ++i) pixels_to_floats(d.test_image(rows[i]), D, &x[i * D]);
  nearest_mse(x.data(), n, d.train.pixels.data(), d.train.count, d.height, d.width, d.channels,
              mse.data(), nullptr);
  return {quantile_of(std::move(mse), quantile), quantile, n};
}

LatentRange code_range(const float* codes, size_t n, int latent, double q) {
  LatentRange r;
  r.lo.assign(latent, -3.f);
  r.hi.assign(latent, 3.f);
  std::vector<float> col;
  col.reserve(n);
  for (int j = 0; j < latent; ++j) {
    col.clear();
    for (size_t i = 0; i < n; ++i)
      if (std::isfinite(codes[i * latent + j])) col.push_back(codes[i * latent + j]);
    if (col.empty()) continue;
    r.lo[j] = float(quantile_of(col, q));
    r.hi[j] = float(quantile_of(col, 1 - q));
  }
  return r;
}

std::vector<float> hole_points(int L, const LatentRange& box, const HoleOptions& opt) {
  if (box.lo.size() != size_t(L) || box.hi.size() != size_t(L))
    throw Error("hole map: the box has " + std::to_string(box.lo.size()) + " dimensions, the model " +
                std::to_string(L));
  if (L == 2) {
    if (opt.grid < 1 || opt.grid > 1000) throw Error("hole map: grid must be 1..1000, got " + std::to_string(opt.grid));
    return box_grid(opt.grid, opt.grid, 2, 0, 1, box.lo[0], box.hi[0], box.lo[1], box.hi[1]);
  }
  if (opt.samples < 1 || opt.samples > 1000000)
    throw Error("hole map: samples must be 1..1000000, got " + std::to_string(opt.samples));
  std::vector<float> z(size_t(opt.samples) * L);
  Rng rng(opt.seed);
  for (int i = 0; i < opt.samples; ++i)
    for (int j = 0; j < L; ++j) z[size_t(i) * L + j] = box.lo[j] + rng.uniform() * (box.hi[j] - box.lo[j]);
  return z;
}

HoleMap hole_map(const Model& m, const Dataset& d, double threshold, const LatentRange& box,
                 const HoleOptions& opt) {
  check_fits(m, d);
  const int L = m.config().latent, D = m.config().input_dim;
  HoleMap h;
  h.latent = L;
  h.box = box;
  h.threshold = threshold;
  h.z = hole_points(L, box, opt);
  h.grid = L == 2 ? opt.grid : 0;
  const size_t P = h.z.size() / L;
  h.images.resize(P * D);
  h.min_mse.resize(P);
  h.nearest.resize(P);
  h.hole.resize(P);
  Workspace ws;
  decode_images(m, h.z.data(), int(P), ws, h.images.data());
  nearest_mse(h.images.data(), P, d.train.pixels.data(), d.train.count, d.height, d.width,
              d.channels, h.min_mse.data(), h.nearest.data());
  size_t holes = 0;
  for (size_t i = 0; i < P; ++i) {
    // A NaN image (a diverged decoder) resembles no training image: a hole, not a pass.
    h.hole[i] = !(double(h.min_mse[i]) <= threshold);
    holes += h.hole[i];
  }
  h.rate = double(holes) / double(P);
  return h;
}

HoleMap hole_map(const Model& m, const Dataset& d, const HoleThreshold& threshold,
                 const HoleOptions& opt) {
  check_fits(m, d);
  const Split& s = d.test.count ? d.test : d.train;
  const size_t n = std::min(opt.box_images, s.count);
  if (n == 0) throw Error("hole map: no images to place the box with");
  const int L = m.config().latent;
  std::vector<float> mu(n * L);
  Workspace ws;
  encode_images(m, s.pixels.data(), int(n), ws, mu.data(), nullptr);
  return hole_map(m, d, threshold.mse, code_range(mu.data(), n, L), opt);
}

}  // namespace ll
