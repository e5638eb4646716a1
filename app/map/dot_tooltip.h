#pragma once
// The test dot under the mouse on a latent map: ringed, posted to the linked maps, and its
// image, class and code in every model shown in a tooltip. Any of the test codes the GPU
// layer draws (every test image) can be hovered: the search goes through that layer's
// spatial grid, not a pass over 10,000 codes a frame. An image outside the snapshot's small
// subset has no row there, so its thumbnail and its codes in the other models are made here
// when the mouse reaches it (one upload, one encode per model: well under a millisecond).
#include <cstdint>
#include <vector>

#include "app/events.h"
#include "app/gfx/texture.h"
#include "app/map/gl_points_layer.h"
#include "app/map/view_transform.h"
#include "app/state/linked_hover.h"
#include "app/state/pick.h"
#include "app/state/map_plane.h"
#include "app/test_images.h"
#include "core/vae/workspace.h"

namespace app {

class DotTooltip {
 public:
  // Call right after the map's canvas item; does nothing unless it is hovered. Says HOVER
  // when the mouse reaches another image.
  void draw(const ll::Snapshot& s, size_t arm, const MapPlane& plane, const Xform& xf, GlPointsLayer& codes,
            const TestImages& thumbs, Pick armed, int next_pin, LinkedHover& hover, Events& events);

 private:
  // The image's row in the snapshot's code_index, −1 when it is not in that subset.
  int subset_row(const ll::Snapshot& s, uint32_t image);
  // Model k's μ and log σ² of a test image outside the subset (encoded once per snapshot).
  const float* encoded(const ll::Snapshot& s, size_t k, uint32_t image, const float** logvar);
  void tooltip(const ll::Snapshot& s, const MapPlane& plane, const TestImages& thumbs, uint32_t image, int row,
               Pick armed, int next_pin);

  std::vector<int32_t> row_of_;  // (test count): row in code_index, −1 when absent
  const void* row_data_ = nullptr;
  size_t row_count_ = 0;
  uint32_t row_front_ = 0, row_back_ = 0;
  Texture thumb_;  // the hovered image when the subset's atlas does not hold it
  uint32_t thumb_image_ = UINT32_MAX;
  const void* thumb_data_ = nullptr;
  ll::Workspace ws_;
  std::vector<float> mu_, logvar_;  // (arms, L) of encoded_image_ under encoded_snapshot_
  uint32_t encoded_image_ = UINT32_MAX;
  int64_t said_image_ = -1;  // the last image HOVER named
  uint64_t encoded_snapshot_ = 0;
  std::vector<bool> encoded_arm_;
};

}  // namespace app
