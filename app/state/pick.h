#pragma once
// Clicks on a latent map that another panel asked for, and what the maps took.
//
// `armed` is set by the panel that wants a point (Controls: the slice's base image; the
// Interpolation panel: its ends; the Draw tab: a test image for the canvas) and cleared by the
// map that takes the click (taking end A arms end B). What the map took waits here for the
// panel that owns it: the app hands a, b and pin to the Interpolation panel and slice_base to
// the Controls right after each map is drawn (the next map draws with them); `canvas` waits
// until the Draw tab is next drawn.
// Written by those panels and the maps as said; nobody else reads it.
#include <optional>

#include "app/state/interp_ends.h"

namespace app {

// What the next click on a map picks.
enum class Pick { None, InterpA, InterpB, SliceBase, Canvas };

struct MapPicks {
  Pick armed = Pick::None;
  std::optional<Endpoint> a, b;  // interpolation ends picked with InterpA / InterpB
  int pin = -1;                  // a click on a dot with nothing armed: its image pins the next end
  int slice_base = -1;           // row of code_index whose code the other dimensions take
  int canvas = -1;               // a test image (test split index) for the canvas
};

}  // namespace app
