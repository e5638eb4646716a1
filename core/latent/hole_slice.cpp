#include "core/latent/hole_slice.h"

#include <string>

#include "core/error.h"
#include "core/latent/nearest.h"
#include "core/vae/forward.h"

namespace ll {

LatentBox slice_box(const LatentRange& range, int dx, int dy) {
  LatentBox b{-3, 3, -3, 3};
  if (dx >= 0 && size_t(dx) < range.lo.size()) b.x0 = range.lo[dx], b.x1 = range.hi[dx];
  if (dy >= 0 && size_t(dy) < range.lo.size()) b.y0 = range.lo[dy], b.y1 = range.hi[dy];
  return b;
}

HoleMap plane_hole_map(const Model& m, const Dataset& d, double threshold, const LatentPlane& plane,
                       const LatentBox& box, int grid) {
  const int L = m.config().latent, D = m.config().input_dim;
  if (size_t(D) != d.image_size())
    throw Error("hole slice: the model takes " + std::to_string(D) + " inputs but " + d.spec + " images have " +
                std::to_string(d.image_size()));
  if (d.train.count == 0) throw Error("hole slice: " + d.spec + " has no training images");
  if (plane.latent != L)
    throw Error("hole slice: a plane of a " + std::to_string(plane.latent) + "-D space for a " + std::to_string(L) +
                "-D model");
  if (grid < 1 || grid > 200) throw Error("hole slice: grid must be 1..200, got " + std::to_string(grid));
  HoleMap h;
  h.latent = L;
  h.grid = grid;
  h.threshold = threshold;
  h.z = plane.grid(grid, grid, box);
  const size_t P = size_t(grid) * grid;
  h.images.resize(P * D);
  h.min_mse.resize(P);
  h.nearest.resize(P);
  h.hole.resize(P);
  Workspace ws;
  ws.reserve(m.config(), std::min<int>(int(P), 128), false);
  decode_images(m, h.z.data(), int(P), ws, h.images.data());
  nearest_mse(h.images.data(), P, d.train.pixels.data(), d.train.count, d.height, d.width, d.channels,
              h.min_mse.data(), h.nearest.data());
  size_t holes = 0;
  for (size_t i = 0; i < P; ++i) {
    h.hole[i] = !(double(h.min_mse[i]) <= threshold);
    holes += h.hole[i];
  }
  h.rate = double(holes) / double(P);
  return h;
}

HoleMap slice_hole_map(const Model& m, const Dataset& d, double threshold, const LatentBox& box, int dx,
                       int dy, const std::vector<float>& base, int grid) {
  const int L = m.config().latent;
  if (dx < 0 || dx >= L || dy < 0 || dy >= L)
    throw Error("hole slice: dimensions " + std::to_string(dx) + ", " + std::to_string(dy) + " of a " +
                std::to_string(L) + "-D latent space");
  if (!base.empty() && int(base.size()) != L) throw Error("hole slice: base has the wrong size");
  HoleMap h = plane_hole_map(m, d, threshold, LatentPlane::slice(L, dx, dy, base.empty() ? nullptr : base.data()), box,
                             grid);
  h.box.lo.assign(size_t(L), 0.f);
  for (int j = 0; j < L && size_t(j) < base.size(); ++j) h.box.lo[j] = base[j];
  h.box.hi = h.box.lo;
  h.box.lo[dx] = box.x0, h.box.hi[dx] = box.x1;
  h.box.lo[dy] = box.y0, h.box.hi[dy] = box.y1;
  return h;
}

}  // namespace ll
