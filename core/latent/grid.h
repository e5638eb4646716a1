#pragma once
// Latent points for the views: manifold grids and interpolation paths. Shared by the GUI's
// latent map and the CLI's exports, so both show the same points.
#include <vector>

namespace ll {

// The standard normal's inverse CDF (Acklam's rational approximation refined by one Halley
// step: |error| < 1e-12 over (0, 1)).
double inverse_normal_cdf(double p);

// The paper's figure: a cols×rows grid over the unit square (cell centres), each coordinate
// mapped through the inverse normal CDF, so the grid covers the prior with equal mass per
// cell. Rows go top (high z₂) to bottom. Returns (rows·cols, latent) points: dimensions
// dim_x/dim_y set, the others taken from `base` (or 0 when base is empty).
std::vector<float> prior_grid(int cols, int rows, int latent, int dim_x, int dim_y,
                              const std::vector<float>& base = {});

// A uniform grid over the latent box [x0,x1]×[y0,y1] (cell centres), same layout as above.
std::vector<float> box_grid(int cols, int rows, int latent, int dim_x, int dim_y, float x0,
                            float x1, float y0, float y1, const std::vector<float>& base = {});

enum class PathKind { Linear, Spherical };

// `steps` points from a to b inclusive: (steps, latent). Spherical interpolates on the great
// circle between the two directions with a linearly interpolated radius (slerp), the better
// path under a Gaussian prior, where most mass lies on a shell.
std::vector<float> interpolate(const std::vector<float>& a, const std::vector<float>& b,
                               int steps, PathKind kind);

// log N(z; 0, I), nats.
double log_prior(const float* z, int latent);

}  // namespace ll
