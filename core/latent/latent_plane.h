#pragma once
// The plane a latent map shows, as one affine map between the latent space and the map's
// (x, y): an axis-aligned slice (two latent dimensions, the others fixed) or a model's
// principal plane (core/latent/principal_plane.h). Every layer that puts a code on a map or
// decodes a map point goes through the same LatentPlane, so they cannot disagree on where a
// code is drawn or which code a point means.
//
//   project(z) = ((z − origin)·u, (z − origin)·v)      lift(x, y) = origin + x·u + y·v
//
// u and v are orthonormal, and origin lies on the plane at (0, 0). A slice along dims (dx, dy)
// is u = e_dx, v = e_dy with origin the fixed values of the other dimensions (0 at dx, dy), so
// project(z) = (z[dx], z[dy]) exactly, as the maps have always drawn it.
#include <cstddef>
#include <vector>

#include "core/latent/principal_plane.h"
#include "core/latent/view.h"

namespace ll {

struct LatentPlane {
  int latent = 0;
  std::vector<float> origin, u, v;  // (L) each
  // A slice with one dimension on both axes (a 1-D latent space, or the same dimension picked
  // for x and y): u = v, the codes lie on the diagonal, as before, and a point lifts from x.
  bool one_dim = false;

  // The slice along dims dx, dy of an L-D space, the other dimensions at `base` (L values;
  // null: 0). Throws ll::Error for a dimension out of range.
  static LatentPlane slice(int latent, int dx, int dy, const float* base);
  // The principal plane, or (through non-null) its parallel through that code: the plane of
  // the same directions that holds the code, as a slice's "other dimensions at an image's
  // code" does. Coordinates stay those of principal_plane's project().
  static LatentPlane principal(const PrincipalPlane& p, const float* through);

  bool valid() const { return latent > 0 && origin.size() == size_t(latent); }
  void project(const float* z, float& x, float& y) const;
  void lift(float x, float y, float* z) const;  // z: (L)
  void lift(float x, float y, std::vector<float>& z) const;
  // codes (n, L) -> xy (n, 2): every code's map coordinates, so the 2-D searches, boxes and
  // densities of core/latent run on (xy, latent 2, dims 0 and 1) for either kind of plane.
  void project_all(const float* codes, size_t n, std::vector<float>& xy) const;
  // logvar (n, L) of diagonal Gaussians -> (n, 2): the log variance of each one's projection
  // on u and on v, log Σᵢ uᵢ² σᵢ². (The projection's covariance also has an off-diagonal term
  // Σᵢ uᵢvᵢσᵢ², which a slice never has and this leaves out; see max_correlation.)
  void project_logvar(const float* logvar, size_t n, std::vector<float>& out) const;
  // The largest |correlation| among those projections: how much project_logvar leaves out.
  double max_correlation(const float* logvar, size_t n) const;
  // The whole covariance of each projection -> (n, 3): var along u, var along v, their
  // covariance Σᵢ uᵢvᵢσᵢ² (for aggregate_density_2d).
  void project_covariance(const float* logvar, size_t n, std::vector<float>& out) const;
  // A cols×rows grid of cell centres over `box` (rows top, high y, to bottom), lifted:
  // (rows·cols, L), the layout of box_grid().
  std::vector<float> grid(int cols, int rows, const LatentBox& box) const;
  // Where the prior N(0, I)'s centre falls on the map: the projection of z = 0. Its marginal
  // on the plane is N(that point, I₂), since u and v are orthonormal.
  void prior_center(float& x, float& y) const;

  bool operator==(const LatentPlane&) const = default;
};

}  // namespace ll
