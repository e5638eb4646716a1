#pragma once
// One model's latent space: the encoded test subset as a scatter coloured by class (with
// the VAE's posterior σ as ellipses on request), the decoded manifold tiled under it, the
// prior's 1σ/2σ/3σ contours, the shared cursor and the interpolation path, and beside it
// the image this model decodes at the cursor. One instance per model: each owns its camera
// (pan and zoom), its input state, its layers (the manifold's worker and texture, the
// scatter's texture) and the decode at the cursor. The layers are drawn in draw_layers(),
// in order, each by its own object or function in app/map/.
#include <vector>

#include "app/events.h"
#include "app/gfx/map_programs.h"
#include "app/map/brush.h"
#include "app/map/cursor_decode.h"
#include "app/map/density_layer.h"
#include "app/map/dot_tooltip.h"
#include "app/map/gl_points_layer.h"
#include "app/map/manifold_layer.h"
#include "app/map/map_axes.h"
#include "app/map/map_input.h"
#include "app/map/points_layer.h"
#include "app/map/posterior_layer.h"
#include "app/map/view_transform.h"
#include "app/run_stats.h"
#include "app/state/canvas_code.h"
#include "app/state/interp_ends.h"
#include "app/state/linked_hover.h"
#include "app/state/map_display.h"
#include "app/state/pick.h"
#include "app/state/sample_choice.h"
#include "app/state/selection.h"
#include "app/state/map_plane.h"
#include "app/test_images.h"
#include "app/workers/hole_measure.h"

namespace app {

// What a map reads besides its own model's codes and manifold (all shared by the maps).
struct MapContext {
  const MapPlane* plane = nullptr;
  const MapDisplay* display = nullptr;
  const InterpEnds* ends = nullptr;
  const InterpPaths* paths = nullptr;
  const TestImages* thumbs = nullptr;
  const std::vector<CanvasCode>* canvas = nullptr;  // the drawing's code in each model (by arm)
  const HoleMeasure* holes = nullptr;
  const SampleChoice* sample = nullptr;              // the Samples tab's hovered sample
  const gfx::MapPrograms* gl = nullptr;              // null or failed: ImGui draws the points
  int highlight_class = -1;                          // the legend item under the mouse (−1: none)
  bool past = false;                                 // a timeline frame is shown, not the present
  const Focus* focus = nullptr;                      // the image in focus (the posterior overlay's)
  const ll::Canvas* drawing = nullptr;               // the Draw tab's canvas while it is shown
};

// The shared state a map writes: the cursor (drag), the picks it takes, the dot it hovers,
// the images its brush selects.
struct MapWrites {
  Cursor& cursor;
  MapPicks& picks;
  LinkedHover& hover;
  Selection& selection;
};

class LatentMapPanel {
 public:
  // Draws into the current ImGui window's remaining content region.
  void draw(const ll::Snapshot& s, size_t arm, const MapContext& ctx, MapWrites out, Events& events, RunStats& stats);
  // Background work pending (frame pacing: keep drawing until it lands).
  bool busy() const { return manifold_.busy() || gl_points_.busy() || posterior_.busy(); }
  bool result_ready() const {
    return manifold_.result_ready() || gl_points_.result_ready() || posterior_.result_ready();
  }
  // The view is still gliding towards the fitted box, the points wait for it to keep still,
  // or a newer model waits for its codes.
  bool animating() const { return camera_.animating() || gl_points_.stale() || gl_points_.waiting(); }
  // The cursor or the view was dragged in the last draw (frame pacing); new_frame() forgets it.
  bool dragged() const { return input_.dragged() || brush_.active(); }
  void new_frame() { input_.new_frame(); }
  // Fits the view to the codes again (also on double-click).
  void fit() { camera_.fit(); }

 private:
  void header(const ll::Snapshot& s, size_t arm, const MapContext& ctx);
  void hole_rate_tooltip(const ll::Snapshot& s, size_t arm, const MapContext& ctx, const HoleArmView* h);
  // The canvas's layers, bottom to top: hole tiles or manifold, grid, prior rings, points,
  // path, marks, cursor, pick prompt; then the frame and the axis labels outside it.
  void draw_layers(const ll::Snapshot& s, size_t arm, const MapContext& ctx, const MapWrites& out, const Xform& xf,
                   RunStats& stats);
  // Every code on the GPU when the programs built and the codes are in; false: not drawn.
  bool draw_gl_points(ImDrawList* dl, const ll::Snapshot& s, size_t arm, const MapContext& ctx,
                      const Selection& selection, const Xform& xf, RunStats& stats);
  // The hole measurement of this arm when the map should show its tiles (else null).
  const HoleArmView* hole_tiles(const MapContext& ctx, size_t arm) const;

  MapCamera camera_;
  MapInput input_;
  ManifoldLayer manifold_;
  PointsLayer points_;      // the fallback, and σ ellipses (of the snapshot's subset)
  GlPointsLayer gl_points_;
  int ringed_ = -1, said_ringed_ = -1;  // the test image ringed for another map's hover (LINKED)
  DensityLayer density_;
  PosteriorLayer posterior_;
  MapAxes axes_;
  CursorDecode decoded_;
  Brush brush_;
  DotTooltip tooltip_;
};

}  // namespace app
