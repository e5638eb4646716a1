#pragma once
// Beside each latent map: the image its model decodes at the shared cursor, decoded on the
// UI thread (one sample is microseconds) whenever the cursor, the plane or the model changes,
// with the cursor's coordinates, log p(z) and the distance to the nearest code.
#include <imgui.h>

#include <memory>
#include <vector>

#include "app/events.h"
#include "app/gfx/texture.h"
#include "app/run_stats.h"
#include "app/state/map_plane.h"
#include "app/workers/model_refs.h"
#include "core/latent/view.h"
#include "core/vae/workspace.h"

namespace app {

class CursorDecode {
 public:
  // Fills `size` (image left and text right when wide, else text under the image).
  void draw(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Cursor& cursor, ImVec2 size, Events& events,
            RunStats& stats);

 private:
  void decode(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Cursor& cursor, Events& events,
              RunStats& stats);
  ll::Workspace ws_;
  std::vector<float> z_, pixels_;
  std::vector<uint8_t> bytes_;
  Texture tex_;
  ModelRef model_;  // what tex_ was decoded with (weak: compared, not kept), and where
  std::vector<float> decoded_z_;
  ll::Nearest nearest_;
};

}  // namespace app
