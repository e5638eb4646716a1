#pragma once
// A latent map's mouse input, read from the canvas's InvisibleButton (the last item): wheel
// zooms and right-drag pans the map's camera, double-click fits it, a left-drag moves the
// shared cursor, a click takes what another panel armed (MapPicks) and a click on a dot with
// nothing armed posts it as the next interpolation end.
#include <imgui.h>

#include "app/map/view_transform.h"
#include "app/state/pick.h"
#include "app/state/map_plane.h"
#include "core/train/snapshot.h"

namespace app {

constexpr float kPickRadius = 7.f;  // pixels: how close a click must be to take a point

class MapInput {
 public:
  void handle(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Xform& xf, MapCamera& camera,
              Cursor& cursor, MapPicks& picks);
  // The cursor is being dragged on this map.
  bool dragging() const { return dragging_; }
  // This map was dragged (cursor or pan) in its last draw: frame pacing.
  bool dragged() const { return dragged_; }
  void new_frame() { dragged_ = false; }

 private:
  bool dragging_ = false, dragged_ = false;
  // A press on a dot that is let go where it began pins that image as an interpolation end.
  int press_image_ = -1;
  ImVec2 press_pos_;
};

}  // namespace app
