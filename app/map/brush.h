#pragma once
// The brush of linked brushing on one latent map: Shift+drag draws a lasso (the path the
// mouse takes, closed on release), Shift+Alt+drag a rectangle. It owns the left button while
// it draws, so the map's cursor does not move; on release it takes every test code the map
// holds inside the shape (all test codes when the GPU layer has them, else the snapshot's
// subset) into the shared Selection and says SELECTED.
#include <imgui.h>

#include <vector>

#include "app/events.h"
#include "app/map/gl_points_layer.h"
#include "app/map/view_transform.h"
#include "app/state/map_plane.h"
#include "app/state/selection.h"
#include "core/latent/selection.h"
#include "core/train/snapshot.h"

namespace app {

class Brush {
 public:
  // Call right after the map's canvas item. Returns true while a brush is being drawn.
  // The shape is in the map's coordinates; the codes are taken on the map's plane.
  bool handle(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Xform& xf, GlPointsLayer& codes,
              Selection& selection, Events& events);
  // The shape being drawn, in the map's canvas (inside its clip rectangle).
  void draw(ImDrawList* dl, const Xform& xf) const;
  bool active() const { return active_; }

 private:
  void finish(const ll::Snapshot& s, size_t arm, const MapPlane& plane, GlPointsLayer& codes, Selection& selection,
              Events& events);
  bool active_ = false, rect_ = false;
  std::vector<ll::Point2> path_;  // latent units: the lasso's vertices, or the rectangle's two corners
  ImVec2 last_;                   // screen position of the last vertex taken
};

}  // namespace app
