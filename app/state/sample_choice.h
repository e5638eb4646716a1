#pragma once
// The Samples tab's choices: which sampler its grids and FDs use, and the sample under the
// mouse, whose code the maps mark. Written by the Samples panel alone (it draws after the
// maps, so the maps read last frame's hover, as with LinkedHover); the app clears the hover
// while the tab is closed. Read by the maps (the mark) and the app (the sample worker's job).
#include <vector>

#include "core/features/code_samplers.h"

namespace app {

struct SampleChoice {
  ll::Sampler sampler = ll::Sampler::Prior;
  int hover_arm = -1;         // the model whose sample is hovered (−1: none)
  bool hover_same_z = false;  // every model decoded the same code (the prior's draws)
  std::vector<float> hover_z; // (L) its code
  void clear_hover() { hover_arm = -1, hover_same_z = false, hover_z.clear(); }
};

}  // namespace app
