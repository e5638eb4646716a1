#pragma once
// The image in focus: the one image that panels showing "this image" (a posterior overlay,
// traversals) look at, chosen the same way for all of them — the test dot under the mouse;
// else, while the Draw tab is open, the canvas; else interpolation end A.
// Written by the app alone, once a frame, with resolve_focus(); read by panels.
#include "app/state/interp_ends.h"
#include "app/state/linked_hover.h"

namespace app {

struct Focus {
  enum class Source { HoveredDot, Canvas, EndA };
  Source source = Source::EndA;
  int arm = -1;      // HoveredDot: the map the dot is on
  Endpoint end;      // HoveredDot and an image end A: the image (row of code_index); a point end A: its slice point
};

// From last frame's hover (the maps post it while they are drawn) and whether the Draw tab
// was open.
inline Focus resolve_focus(const LinkedHover& hover, bool canvas_open, const InterpEnds& ends) {
  if (hover.image() >= 0) return Focus{Focus::Source::HoveredDot, hover.arm(), Endpoint{true, hover.image()}};
  if (canvas_open) return Focus{Focus::Source::Canvas, -1, Endpoint{}};
  return Focus{Focus::Source::EndA, -1, ends.a};
}

}  // namespace app
