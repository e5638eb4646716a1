#pragma once
// The decoded manifold under a latent map: a grid of images over the visible latent box,
// decoded off the UI thread (ManifoldWorker) and shown as one texture. One per map.
#include <imgui.h>

#include <chrono>
#include <vector>

#include "app/events.h"
#include "app/gfx/texture.h"
#include "app/map/view_transform.h"
#include "app/run_stats.h"
#include "app/state/map_plane.h"
#include "app/workers/manifold_worker.h"

namespace app {

class ManifoldLayer {
 public:
  // Takes a finished picture, then asks for a new one when the view, the plane or the model
  // changed (`wanted`: the layer is shown at all).
  void update(const ll::Snapshot& s, size_t arm, const MapPlane& plane, bool wanted, const Xform& xf, Events& events,
              RunStats& stats);
  void draw(ImDrawList* dl, const Xform& xf) const;
  bool valid() const { return tex_.valid(); }
  // Background work pending (frame pacing: keep drawing until it lands).
  bool busy() const { return worker_.busy(); }
  bool result_ready() const { return worker_.has_result(); }

 private:
  ManifoldWorker worker_;
  Texture tex_;
  ll::LatentBox box_;                     // what the texture shows
  const ll::Model* req_model_ = nullptr;  // the model of the last request
  ll::LatentBox req_box_;
  uint64_t req_plane_ = 0;
  std::chrono::steady_clock::time_point req_time_;
};

}  // namespace app
