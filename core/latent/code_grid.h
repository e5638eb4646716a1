#pragma once
// The code nearest to a point among many (every test code a map draws, 10,000 and more),
// without a pass over all of them: the codes' two map dimensions binned into a uniform grid
// over their bounding box, built once when the codes or the dimensions change, and a query
// that looks only at the cells within the search radius. The hover tooltip asks it every
// frame the mouse is over a map.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/latent/view.h"

namespace ll {

class CodeGrid {
 public:
  // codes: (n, latent) row-major; dx, dy: the dimensions searched. Non-finite codes are left
  // out. About 4 codes a cell on average, at most 512 × 512 cells.
  void build(const float* codes, size_t n, int latent, int dx, int dy);
  // The row nearest to (x, y) within `radius` (latent units), ties to the lower row, as
  // nearest_code would find it among the codes that near; {-1, inf} when none is that close.
  Nearest nearest(float x, float y, float radius) const;
  size_t size() const { return xy_.size() / 2; }
  bool empty() const { return rows_.empty(); }

 private:
  static int cell_of(float v, float lo, float width, int cells);
  float x0_ = 0, y0_ = 0, cell_w_ = 1, cell_h_ = 1;
  int cols_ = 0, rows_n_ = 0;
  std::vector<uint32_t> start_;  // (cols × rows + 1): where each cell's rows begin in rows_
  std::vector<uint32_t> rows_;   // code rows, grouped by cell, ascending within a cell
  std::vector<float> xy_;        // (n, 2): each row's two coordinates
};

}  // namespace ll
