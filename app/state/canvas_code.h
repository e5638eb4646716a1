#pragma once
// One model's encoding of the Draw tab's canvas, for its map's marker. Written by the Draw
// panel (DrawPanel::markers() hands them out while the tab is shown); read by the maps.
#include <vector>

namespace app {

struct CanvasCode {
  bool valid = false;
  bool vae = false;
  std::vector<float> mu, logvar;  // (L)
};

}  // namespace app
