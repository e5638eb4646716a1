#include "core/latent/contours.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace ll {

namespace {

// Convolves each row (axis 0) or column (axis 1) with a box `width` pixels wide (fractional
// widths weight the two end pixels by their overlap), clamping at the edges.
void box_blur(Raster& r, int axis, double width) {
  if (width <= 1) return;
  const int R = int(std::ceil(width / 2 - 0.5));
  std::vector<double> k(size_t(2 * R + 1));
  double sum = 0;
  for (int o = -R; o <= R; ++o) {
    const double lo = std::max(o - 0.5, -width / 2), hi = std::min(o + 0.5, width / 2);
    sum += k[size_t(o + R)] = std::max(0.0, hi - lo);
  }
  const int n = axis == 0 ? r.w : r.h, lines = axis == 0 ? r.h : r.w;
  const size_t step = axis == 0 ? 1 : size_t(r.w), line_step = axis == 0 ? size_t(r.w) : 1;
  std::vector<float> line(static_cast<size_t>(n));
  for (int l = 0; l < lines; ++l) {
    float* v = r.v.data() + size_t(l) * line_step;
    for (int i = 0; i < n; ++i) line[size_t(i)] = v[size_t(i) * step];
    for (int i = 0; i < n; ++i) {
      double acc = 0;
      for (int o = -R; o <= R; ++o) acc += k[size_t(o + R)] * line[size_t(std::clamp(i + o, 0, n - 1))];
      v[size_t(i) * step] = float(acc / sum);
    }
  }
}

}  // namespace

Raster posterior_raster(const Posterior& p, int pixels, double mass_nats) {
  if (p.dim != 2) throw Error("posterior_raster: a 2-D posterior expected, got dim " + std::to_string(p.dim));
  if (pixels < 2) throw Error("posterior_raster: at least 2 pixels expected, got " + std::to_string(pixels));
  Raster r;
  const size_t n = p.size();
  if (n == 0) return r;
  const double top = *std::max_element(p.log_mass.begin(), p.log_mass.end());
  double lo[2] = {1e300, 1e300}, hi[2] = {-1e300, -1e300};
  for (size_t c = 0; c < n; ++c) {
    if (p.log_mass[c] < top - mass_nats) continue;
    for (int d = 0; d < 2; ++d) {
      lo[d] = std::min(lo[d], double(p.z[2 * c + d] - p.half_width[2 * c + d]));
      hi[d] = std::max(hi[d], double(p.z[2 * c + d] + p.half_width[2 * c + d]));
    }
  }
  for (int d = 0; d < 2; ++d) {
    const double pad = 0.1 * (hi[d] - lo[d]);
    lo[d] -= pad;
    hi[d] += pad;
  }
  const double wx = hi[0] - lo[0], wy = hi[1] - lo[1];
  r.w = wx >= wy ? pixels : std::max(2, int(std::lround(pixels * wx / wy)));
  r.h = wy >= wx ? pixels : std::max(2, int(std::lround(pixels * wy / wx)));
  r.x0 = lo[0], r.x1 = hi[0], r.y0 = lo[1], r.y1 = hi[1];
  r.v.assign(size_t(r.w) * r.h, -std::numeric_limits<float>::infinity());
  const double dx = wx / r.w, dy = wy / r.h;
  // Pixel i's centre is inside [a, b) when a ≤ x0 + (i + ½)dx < b.
  auto first = [](double a, double origin, double step) { return int(std::ceil((a - origin) / step - 0.5)); };
  for (size_t c = 0; c < n; ++c) {
    const double ax = p.z[2 * c] - p.half_width[2 * c], bx = p.z[2 * c] + p.half_width[2 * c];
    const double ay = p.z[2 * c + 1] - p.half_width[2 * c + 1], by = p.z[2 * c + 1] + p.half_width[2 * c + 1];
    const int i0 = std::max(0, first(ax, r.x0, dx)), i1 = std::min(r.w, first(bx, r.x0, dx));
    const int j0 = std::max(0, first(ay, r.y0, dy)), j1 = std::min(r.h, first(by, r.y0, dy));
    const float v = float(p.log_density(c));
    for (int j = j0; j < j1; ++j)
      for (int i = i0; i < i1; ++i) r.v[size_t(j) * r.w + i] = v;
  }
  // Cell values are constant over each cell, a staircase the contours would follow. A box one
  // cell wide turns a staircase of equal cells into the linear interpolation between their
  // centres; the cell holding the most mass sets the width, as its neighbours are cut alike.
  // Pixels outside every cell (the raster's margin past the grid's box) join at the lowest value.
  float lowest = 0;
  bool any = false;
  for (float v : r.v)
    if (std::isfinite(v)) lowest = any ? std::min(lowest, v) : v, any = true;
  for (float& v : r.v)
    if (!std::isfinite(v)) v = lowest;
  const size_t peak = size_t(std::max_element(p.log_mass.begin(), p.log_mass.end()) - p.log_mass.begin());
  box_blur(r, 0, 2 * p.half_width[2 * peak] / dx);
  box_blur(r, 1, 2 * p.half_width[2 * peak + 1] / dy);
  return r;
}

std::vector<Segment> contour_segments(const Raster& r, float level) {
  std::vector<Segment> out;
  if (r.w < 2 || r.h < 2) return out;
  // −∞ (outside the grid) would make the interpolation NaN; any value well below the level
  // puts the crossing next to the pixel inside, as it should be.
  const float floor = level - 64.f;
  auto val = [&](int i, int j) { return std::max(r.at(i, j), floor); };
  for (int j = 0; j + 1 < r.h; ++j) {
    for (int i = 0; i + 1 < r.w; ++i) {
      // Corners counter-clockwise from the bottom left: (i,j), (i+1,j), (i+1,j+1), (i,j+1).
      const float v[4] = {val(i, j), val(i + 1, j), val(i + 1, j + 1), val(i, j + 1)};
      const double cx[4] = {r.x(i), r.x(i + 1), r.x(i + 1), r.x(i)};
      const double cy[4] = {r.y(j), r.y(j), r.y(j + 1), r.y(j + 1)};
      int code = 0;
      for (int k = 0; k < 4; ++k)
        if (v[k] >= level) code |= 1 << k;
      if (code == 0 || code == 15) continue;
      // The crossing on edge e (from corner e to corner e+1).
      auto cross = [&](int e, float& x, float& y) {
        const int a = e, b = (e + 1) % 4;
        const double t = (level - v[a]) / (v[b] - v[a]);
        x = float(cx[a] + t * (cx[b] - cx[a]));
        y = float(cy[a] + t * (cy[b] - cy[a]));
      };
      auto emit = [&](int e0, int e1) {
        Segment s;
        cross(e0, s.x0, s.y0);
        cross(e1, s.x1, s.y1);
        out.push_back(s);
      };
      // An edge is crossed when its two corners differ; a square has two or four such edges.
      int edges[4], m = 0;
      for (int e = 0; e < 4; ++e)
        if (((code >> e) & 1) != ((code >> ((e + 1) % 4)) & 1)) edges[m++] = e;
      if (m == 2) {
        emit(edges[0], edges[1]);
      } else {
        // A saddle (corners 0 and 2 on one side, 1 and 3 on the other): the centre's mean says
        // whether the inside corners join across the square or are cut off.
        const bool centre_in = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        const bool zero_in = code & 1;
        if (centre_in == zero_in) {  // corners 0 and 2 join: cut off corners 1 and 3
          emit(0, 1);
          emit(2, 3);
        } else {  // cut off corners 0 and 2
          emit(3, 0);
          emit(1, 2);
        }
      }
    }
  }
  return out;
}

}  // namespace ll
