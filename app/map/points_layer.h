#pragma once
// The encoded test subset as a scatter coloured by class, with the VAE's posterior σ as
// ellipses on request, the selected images on top and the rest dimmed, drawn on the CPU into one texture (see ScatterLayer) and redrawn only
// when the codes or the view change. One per map.
#include <imgui.h>

#include "app/map/view_transform.h"
#include "app/state/selection.h"
#include "app/widgets/scatter_layer.h"
#include "core/latent/latent_plane.h"
#include "core/train/snapshot.h"

namespace app {

class PointsLayer {
 public:
  // highlight_class: the class drawn on top, the others dimmed (−1: none). xy: the subset's
  // codes on the map's plane (MapPlane::xy), plane_id its MapPlane::id.
  void draw(ImDrawList* dl, const ll::Snapshot& s, size_t arm, const ll::LatentPlane& plane, uint64_t plane_id,
            const std::vector<float>& xy, int highlight_class, bool ellipses, const Selection& selection,
            const Xform& xf);

 private:
  void splat(const ll::Snapshot& s, size_t arm, const ll::LatentPlane& plane, uint64_t plane_id,
             const std::vector<float>& xy, int highlight_class, bool ellipses, const Selection& selection,
             const Xform& xf);
  struct Key {
    const float* codes = nullptr;
    size_t count = 0;
    const void* data = nullptr;
    uint64_t selection = 0;
    float cx = 0, cy = 0, scale = 0, side = 0;
    uint64_t plane = 0;
    int highlight = -2;
    bool ellipses = false;
    bool operator==(const Key&) const = default;
  };
  widgets::ScatterLayer points_;
  Key key_;
  std::vector<float> logvar_xy_;  // the subset's log σ² along the plane's axes
};

}  // namespace app
