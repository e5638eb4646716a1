#pragma once
// The cursor on the latent maps and the settings of the axis-aligned slice: one of each for
// all maps, so every model is asked about the same map point.
//
//   Cursor: written by the latent maps (a left-drag moves it). Read by the maps (the cross
//           and the decode beside each map) and the app (the CURSOR event).
//   Slice:  written by the Controls panel (the dimension combos, "other dims at", and a base
//           image picked on a map, which it applies right after that map is drawn).
//           sync() keeps it valid for each snapshot. Read by MapPlane (app/state/map_plane.h),
//           which turns it, or the codes' principal plane, into the plane every layer uses.
#include "core/train/snapshot.h"

namespace app {

struct Cursor {
  float xy[2] = {0.f, 0.f};  // map coordinates (MapPlane): a slice's dims[0], dims[1], or PC1, PC2
};

struct Slice {
  int dims[2] = {0, 1};
  bool auto_dims = true;        // follow the two dimensions with the largest KL
  bool base_from_image = false; // other dimensions: false = 0, true = the code of base_image
  int base_image = 0;           // index into Snapshot::code_index

  // Keeps the slice valid for this snapshot (latent size, subset size) and, with auto_dims,
  // picks the two dimensions with the largest KL (AE only: largest variance).
  void sync(const ll::Snapshot& s);
};

}  // namespace app
