#include "core/latent/code_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ll {

int CodeGrid::cell_of(float v, float lo, float width, int cells) {
  return std::clamp(int(std::floor((v - lo) / width)), 0, cells - 1);
}

void CodeGrid::build(const float* codes, size_t n, int latent, int dx, int dy) {
  rows_.clear();
  start_.clear();
  xy_.assign(n * 2, std::numeric_limits<float>::quiet_NaN());
  cols_ = rows_n_ = 0;
  if (!codes || latent <= 0 || n == 0) return;
  float lo_x = INFINITY, lo_y = INFINITY, hi_x = -INFINITY, hi_y = -INFINITY;
  size_t finite = 0;
  for (size_t i = 0; i < n; ++i) {
    const float x = codes[i * latent + dx], y = codes[i * latent + dy];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    xy_[2 * i] = x, xy_[2 * i + 1] = y;
    lo_x = std::min(lo_x, x), hi_x = std::max(hi_x, x);
    lo_y = std::min(lo_y, y), hi_y = std::max(hi_y, y);
    ++finite;
  }
  if (!finite) return;
  const int side = std::clamp(int(std::sqrt(double(finite) / 4)), 1, 512);
  cols_ = rows_n_ = side;
  x0_ = lo_x, y0_ = lo_y;
  // A degenerate box (every code on one line) still gets cells of positive size.
  cell_w_ = std::max((hi_x - lo_x) / side, 1e-6f);
  cell_h_ = std::max((hi_y - lo_y) / side, 1e-6f);
  // Counting sort by cell: rows stay ascending within each cell.
  std::vector<uint32_t> cell(n, UINT32_MAX);
  start_.assign(size_t(side) * side + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    if (std::isnan(xy_[2 * i])) continue;
    cell[i] = uint32_t(cell_of(xy_[2 * i + 1], y0_, cell_h_, rows_n_) * cols_ + cell_of(xy_[2 * i], x0_, cell_w_, cols_));
    ++start_[cell[i] + 1];
  }
  for (size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
  rows_.resize(finite);
  std::vector<uint32_t> fill(start_.begin(), start_.end() - 1);
  for (size_t i = 0; i < n; ++i)
    if (cell[i] != UINT32_MAX) rows_[fill[cell[i]]++] = uint32_t(i);
}

Nearest CodeGrid::nearest(float x, float y, float radius) const {
  Nearest best{-1, std::numeric_limits<float>::infinity()};
  if (rows_.empty() || !(radius >= 0) || !std::isfinite(x) || !std::isfinite(y)) return best;
  // Cells wholly outside the box hold nothing: clamp the searched range to the grid.
  const float gx = (x - x0_) / cell_w_, gy = (y - y0_) / cell_h_;
  const float rx = radius / cell_w_, ry = radius / cell_h_;
  if (gx + rx < 0 || gy + ry < 0 || gx - rx > cols_ || gy - ry > rows_n_) return best;
  const int cx0 = std::max(0, int(std::floor(gx - rx))), cx1 = std::min(cols_ - 1, int(std::floor(gx + rx)));
  const int cy0 = std::max(0, int(std::floor(gy - ry))), cy1 = std::min(rows_n_ - 1, int(std::floor(gy + ry)));
  float best_d2 = radius * radius;
  for (int cy = cy0; cy <= cy1; ++cy)
    for (int cx = cx0; cx <= cx1; ++cx) {
      const size_t c = size_t(cy) * cols_ + cx;
      for (uint32_t k = start_[c]; k < start_[c + 1]; ++k) {
        const uint32_t i = rows_[k];
        const float ex = xy_[2 * i] - x, ey = xy_[2 * i + 1] - y;
        const float d2 = ex * ex + ey * ey;
        if (d2 < best_d2 || (d2 == best_d2 && (best.index < 0 || int(i) < best.index))) {
          best_d2 = d2;
          best.index = int(i);
        }
      }
    }
  if (best.index >= 0) best.distance = std::sqrt(best_d2);
  return best;
}

}  // namespace ll
