#pragma once
// Drawing a 2-D posterior: its grid (posterior.h: cells of several sizes) resampled onto a
// regular raster over the region holding its mass, and the level sets of that raster as line
// segments (marching squares), for the highest-density contours hpd_log_density() gives.
// Plain numbers, no GL: the GUI colours the raster and strokes the segments.
#include <vector>

#include "core/latent/posterior.h"

namespace ll {

// Values at pixel centres: pixel (i, j) (column i, row j) is centred at
// (x0 + (i + ½)·(x1 − x0)/w, y0 + (j + ½)·(y1 − y0)/h); row 0 is the bottom (y0).
struct Raster {
  int w = 0, h = 0;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  std::vector<float> v;  // (h, w), row-major
  double x(int i) const { return x0 + (i + 0.5) * (x1 - x0) / w; }
  double y(int j) const { return y0 + (j + 0.5) * (y1 - y0) / h; }
  float at(int i, int j) const { return v[size_t(j) * w + i]; }
};

// The log density of p(z|x) (2-D) at each pixel centre, interpolated linearly between the
// centres of the grid's cells (each cell's midpoint value is what the grid's sums use). The
// raster covers the cells whose mass is within mass_nats of the largest cell's (all the mass
// a contour at ≤ 99% can enclose), plus a tenth of that box on each side; its longer side has
// `pixels` pixels, the other as many as keep them square. Throws ll::Error unless p is 2-D.
Raster posterior_raster(const Posterior& p, int pixels = 128, double mass_nats = 16);

struct Segment {
  float x0, y0, x1, y1;  // the raster's coordinates (latent units)
};

// The level set {v = level} of the raster as segments between pixel centres, each end placed
// by linear interpolation along a pixel edge; the two saddle cases are split by the four
// corners' mean. Together the segments bound the region v ≥ level inside the raster.
std::vector<Segment> contour_segments(const Raster& r, float level);

}  // namespace ll
