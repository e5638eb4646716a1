#pragma once
// The plane the latent maps show and the cursor in it: one of each for all maps, so every
// model is asked about the same latent point.
//
//   Cursor: written by the latent maps (a left-drag moves it). Read by the maps (the cross
//           and the decode beside each map) and the app (the CURSOR event).
//   Slice:  written by the Controls panel (the dimension combos, "other dims at", and a base
//           image picked on a map, which it applies right after that map is drawn).
//           sync() keeps it valid for each snapshot; the app calls it once a frame. Read by the maps,
//           the hole measurement, the interpolation and the Draw tab.
#include <cstddef>
#include <vector>

#include "core/train/snapshot.h"

namespace app {

struct Cursor {
  float xy[2] = {0.f, 0.f};  // slice coordinates: values of dimensions Slice::dims[0], dims[1]
};

struct Slice {
  int dims[2] = {0, 1};
  bool auto_dims = true;        // follow the two dimensions with the largest KL
  bool base_from_image = false; // other dimensions: false = 0, true = the code of base_image
  int base_image = 0;           // index into Snapshot::code_index

  // Keeps the slice valid for this snapshot (latent size, subset size) and, with auto_dims,
  // picks the two dimensions with the largest KL (AE only: largest variance).
  void sync(const ll::Snapshot& s);
  // The full latent vector (L) of `arm` at slice coordinates (x, y).
  void point(const ll::Snapshot& s, size_t arm, float x, float y, std::vector<float>& z) const;
};

}  // namespace app
