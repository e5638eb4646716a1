#pragma once
// Where the codes are dense: the test codes' density from the map's CodeWorker (for a VAE the
// aggregate posterior q(z), for an AE a kernel density), colour-mapped with viridis into a
// texture over the box it was computed on, with a legend in the canvas's corner. Beside the
// prior's rings it shows where the prior is filled and where it is not. One per map.
#include <imgui.h>

#include <cstdint>
#include <vector>

#include "app/gfx/texture.h"
#include "app/map/view_transform.h"
#include "app/workers/code_worker.h"

namespace app {

class DensityLayer {
 public:
  // codes_id: increases whenever `codes` is a new result (the texture is rebuilt then).
  // plane_id, family: the map's MapPlane::projection_id and ::family. Draws nothing when the
  // density was made for another family, and says "earlier fit" when for another fit of it.
  // legend_down: the legend goes a line lower (the axis name is in the corner).
  void draw(ImDrawList* dl, const MapCodes& codes, uint64_t codes_id, bool vae, uint64_t plane_id, uint64_t family,
            const Xform& xf, bool legend_down);
  // The legend of what draw() drew this frame, over the points (call after them).
  void draw_legend(ImDrawList* dl);

 private:
  Texture texture_;
  uint64_t built_id_ = 0;
  float max_ = 0;
  bool legend_due_ = false;
  ImVec2 legend_pos_;
  const char* legend_title_ = "";
  std::vector<uint8_t> rgba_;
};

}  // namespace app
