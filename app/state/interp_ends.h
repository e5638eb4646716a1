#pragma once
// The two ends of the interpolation and how the path between them is drawn.
//
// Written by the Interpolation panel only: its editors, its default ends for new data, and
// the ends and pins the maps post in MapPicks, which it applies right after each map is
// drawn. sync() keeps it valid for each snapshot (the app calls it once a frame). Read by the
// maps (which end a click on a dot pins next) and the image in focus (end A).
#include <cstddef>
#include <vector>

#include "app/state/map_plane.h"
#include "core/train/snapshot.h"

namespace app {

// One end of an interpolation: a test image (each model then uses its own code of it), or a
// point clicked on a map (slice coordinates).
struct Endpoint {
  bool is_image = true;
  int image = 0;     // index into Snapshot::code_index
  float x = 0, y = 0;
};

struct InterpEnds {
  Endpoint a{true, 0}, b{true, 1};
  bool spherical = false;
  int steps = 10;
  int next_pin = 0;  // a click on a dot pins end A (0) or B (1), in turn

  void sync(const ll::Snapshot& s);
};

// The path of each arm between the ends, in full latent coordinates (steps, L): computed by
// the Interpolation panel at the start of a frame (update), drawn by the maps.
struct InterpPaths {
  std::vector<std::vector<float>> z;  // per arm
  int steps = 0;
};

// The full latent vector (L) of `arm` for an interpolation end: its image's code in that
// model, or its point in the slice.
void end_point(const MapPlane& plane, const ll::Snapshot& s, size_t arm, const Endpoint& e, std::vector<float>& z);

}  // namespace app
