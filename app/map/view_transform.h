#pragma once
// A latent map's view: which latent box the square canvas shows. MapCamera is the state one
// map owns (centre and zoom, following the codes until the person pans or zooms); Xform is
// this frame's mapping between latent and screen coordinates, fixed once input is handled.
#include <imgui.h>

#include "app/state/map_plane.h"
#include "core/train/snapshot.h"

namespace app {

struct Xform {
  ImVec2 c0;                  // the canvas's top-left corner on screen
  float side, cx, cy, scale;  // scale: pixels per latent unit
  ImVec2 to_screen(float x, float y) const {
    return ImVec2(c0.x + side / 2 + (x - cx) * scale, c0.y + side / 2 - (y - cy) * scale);
  }
  float to_x(float sx) const { return cx + (sx - c0.x - side / 2) / scale; }
  float to_y(float sy) const { return cy - (sy - c0.y - side / 2) / scale; }
};

class MapCamera {
 public:
  // Follows the codes of `arm` on its plane while auto-fitting: keeps still while they stay
  // in view, glides to the fitted box otherwise.
  void follow(const ll::Snapshot& s, size_t arm, const MapPlane& plane, float side);
  Xform xform(ImVec2 c0, float side) const { return Xform{c0, side, cx_, cy_, scale_}; }
  // The wheel at screen point m: zooms about the latent point under it.
  void zoom(const Xform& xf, ImVec2 m, float wheel);
  void pan(ImVec2 delta_px);
  // Fits the view to the codes again (also on double-click).
  void fit() {
    auto_fit_ = true;
    animating_ = true;  // glide to the fitted box even if the codes are already in view
  }
  // The view is still gliding towards the fitted box.
  bool animating() const { return animating_; }

 private:
  float cx_ = 0, cy_ = 0, scale_ = 40;
  bool auto_fit_ = true, have_view_ = false, animating_ = false;
};

}  // namespace app
