#pragma once
// What a latent map draws over or instead of its own layers, each a free function of the
// frame's transform: the measured hole tiles, the prior's contours, the interpolation path,
// the dot hovered on another map, the drawing's code, the cursor and the pick prompt.
#include <imgui.h>

#include <vector>

#include "app/map/view_transform.h"
#include "app/state/canvas_code.h"
#include "app/state/interp_ends.h"
#include "app/state/linked_hover.h"
#include "app/state/pick.h"
#include "app/workers/hole_measure.h"
#include "core/latent/latent_plane.h"

namespace app {

// The measured tiles, holes tinted red, over the region the rate was measured on.
void draw_hole_tiles(ImDrawList* dl, const Xform& xf, const HoleArmView& holes);
// The prior N(0, I): on any plane of orthonormal axes its marginal is N(c, I₂), c where z = 0
// projects (the origin for a slice), circles of radius k about c.
void draw_prior_rings(ImDrawList* dl, const Xform& xf, const ll::LatentPlane& plane);
// Arm `arm`'s interpolation path projected on the map's plane, ends labelled A and B.
void draw_path(ImDrawList* dl, const Xform& xf, const InterpPaths& paths, size_t arm, const ll::LatentPlane& plane);
struct MapCodes;
// The test image hovered on another map, ringed here at this model's code: the snapshot's,
// or for an image outside its subset the one among `codes` (this map's drawn codes, or null).
// Returns the test image ringed, −1 for none.
int draw_linked_ring(ImDrawList* dl, const Xform& xf, const ll::Snapshot& s, size_t arm, const LinkedHover& hover,
                      const ll::LatentPlane& plane, const MapCodes* codes);
// Where this model puts what was drawn on the canvas (the VAE with its 1σ ellipse along the
// map's axes).
void draw_canvas_code(ImDrawList* dl, const Xform& xf, const CanvasCode& c, const ll::LatentPlane& plane);
// The code of the sample hovered in the Samples tab, projected on the map's plane.
void draw_sample_mark(ImDrawList* dl, const Xform& xf, const std::vector<float>& z, const ll::LatentPlane& plane);
void draw_cursor(ImDrawList* dl, const Xform& xf, const Cursor& cursor);
// What a click will pick, as a banner across the top of the canvas.
void draw_pick_prompt(ImDrawList* dl, const Xform& xf, Pick armed);

}  // namespace app
