#pragma once
// The test dot under the mouse on a latent map: ringed, posted to the linked maps, and its
// image, class and code in every model shown in a tooltip.
#include "app/map/view_transform.h"
#include "app/state/linked_hover.h"
#include "app/state/pick.h"
#include "app/state/slice.h"
#include "app/test_images.h"

namespace app {

// Call right after the map's canvas item; does nothing unless it is hovered.
void dot_tooltip(const ll::Snapshot& s, size_t arm, const Slice& slice, const Xform& xf, const TestImages& thumbs,
                 Pick armed, int next_pin, LinkedHover& hover);

}  // namespace app
