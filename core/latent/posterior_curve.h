#pragma once
// Drawing a 1-D posterior, the counterpart of contours.h's raster for a latent size of 1: the
// density of p(z|x) at the grid's cell centres (posterior.h: cells of several widths) over the
// region holding its mass, in ascending z, and the highest-density set {p(z|x) ≥ level} as
// intervals, so a view can fill the curve and mark the intervals holding 68% and 95%.
// Plain numbers, no GL.
#include <vector>

#include "core/latent/posterior.h"

namespace ll {

struct DensityCurve {
  std::vector<double> z;        // ascending cell centres
  std::vector<double> density;  // p(z|x) there (not log), per unit of z
  double lo = 0, hi = 0;        // the span to draw: the points' range plus a tenth each side
  double peak = 0;              // the largest density
};

// The cells whose density is within `nats` of the peak's (beyond that the curve is invisible
// at any height a view draws it), in order of z. Throws ll::Error unless p is 1-D.
DensityCurve posterior_curve(const Posterior& p, double nats = 12);

struct Interval {
  double lo, hi;
};

// The set {density ≥ exp(log_level)} of the curve as intervals, in order, each end placed by
// linear interpolation between the two centres it lies between (the curve's own shape); a
// multimodal posterior gives several. log_level: hpd_log_density(p, mass).
std::vector<Interval> level_intervals(const DensityCurve& c, double log_level);

}  // namespace ll
