#pragma once
// The hole rule of holes.h on a 2-D slice of the latent space, for tinting the tiles a latent
// map shows: a G×G grid of cell centres over `box` in dimensions dx, dy (the other dimensions
// from `base`, or 0), decoded and compared with every training image. A tile is a hole when
// its image is farther (MSE) from every training image than the threshold, exactly as
// hole_map() decides. For a 2-D latent space with dx = 0, dy = 1 and the box of
// code_range() this is hole_map() itself; for larger latents hole_map() measures the rate on
// random points of the whole box, and this shows where the slice on screen has its holes.
#include <vector>

#include "core/data/dataset.h"
#include "core/latent/holes.h"
#include "core/latent/latent_plane.h"
#include "core/latent/view.h"
#include "core/vae/model.h"

namespace ll {

// The slice of `range` along dx, dy as a box for the map.
LatentBox slice_box(const LatentRange& range, int dx, int dy);

// Reads only the decoder, so a decoder-only model (a timeline frame's) works. Throws
// ll::Error when the model does not fit the data, a dimension is out of range, or grid is
// not in 1..200.
HoleMap slice_hole_map(const Model& m, const Dataset& d, double threshold, const LatentBox& box, int dx,
                       int dy, const std::vector<float>& base, int grid);
// The same on any map plane (a principal plane, core/latent/latent_plane.h): the grid over
// `box` in the plane's coordinates, lifted. HoleMap::box is left empty: a plane's box is not
// one range per dimension.
HoleMap plane_hole_map(const Model& m, const Dataset& d, double threshold, const LatentPlane& plane,
                       const LatentBox& box, int grid);

}  // namespace ll
