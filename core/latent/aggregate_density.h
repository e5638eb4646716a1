#pragma once
// The density of a model's codes on a grid over a 2-D box, for the latent map's density
// layer: for a VAE the aggregate posterior q(z) = (1/n) Σ_x q(z|x), each q(z|x) the diagonal
// Gaussian N(μ_x, σ_x²) marginalised onto the two dimensions shown; for an AE (no σ) a kernel
// density of the codes with a Gaussian kernel of Silverman's bandwidth per dimension. Both are
// densities in latent units (they integrate to 1 over the plane), so a VAE whose q(z) fills
// the prior N(0, I) peaks near 1/(2π) ≈ 0.16.
#include <cstddef>
#include <vector>

#include "core/latent/view.h"

namespace ll {

// Silverman's rule of thumb, 1.06 · sd · n^(−1/5), along dimension d of codes (n, L).
float silverman_bandwidth(const float* codes, size_t n, int latent, int d);

// mu, logvar: (n, L) row-major; logvar null for a kernel density of mu with bandwidths
// (hx, hy) -> out: (grid, grid) row-major, row 0 at box.y1 (the top, as the map draws it),
// cell centres. Separable Gaussians, so the sum is one matrix product per block of codes.
void aggregate_density(const float* mu, const float* logvar, size_t n, int latent, int dx, int dy, float hx,
                       float hy, const LatentBox& box, int grid, std::vector<float>& out);

// The aggregate posterior on a plane whose projections of q(z|x) are correlated Gaussians
// (a principal plane: core/latent/latent_plane.h, project_covariance): xy (n, 2) means, cov
// (n, 3) var_x, var_y, cov_xy -> out as aggregate_density's. Not separable, so each code is
// added over the cells within 4σ of its mean along each axis (what lies beyond holds < 1e-3
// of its mass) instead of one matrix product.
void aggregate_density_2d(const float* xy, const float* cov, size_t n, const LatentBox& box, int grid,
                          std::vector<float>& out);

}  // namespace ll
