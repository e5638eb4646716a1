#pragma once
// View settings shared by the latent maps (one per model), the interpolation strip and the
// controls: one cursor for all maps, so both models are asked about the same latent point.
#include <vector>

#include "core/train/snapshot.h"

namespace app {

// One end of an interpolation: a test image (each model then uses its own code of it), or a
// point clicked on a map (slice coordinates).
struct Endpoint {
  bool is_image = true;
  int image = 0;     // index into Snapshot::code_index
  float x = 0, y = 0;
};

// What the next click on a map picks.
enum class Pick { None, InterpA, InterpB, SliceBase, Canvas };

struct LatentView {
  // The cursor in slice coordinates: values of latent dimensions dims[0] and dims[1].
  float cursor[2] = {0.f, 0.f};
  int dims[2] = {0, 1};
  bool auto_dims = true;        // follow the two dimensions with the largest KL
  bool base_from_image = false; // other dimensions: false = 0, true = the code of base_image
  int base_image = 0;           // index into Snapshot::code_index

  bool show_manifold = true, show_points = true, show_ellipses = false, show_prior = true;
  int highlight_class = -1;     // the legend item under the mouse (−1: none)
  Pick pick = Pick::None;

  Endpoint a{true, 0}, b{true, 1};
  bool spherical = false;
  int steps = 10;

  bool dragging = false;        // a map is being dragged this frame (frame pacing)

  // Linked maps: the test image (row of code_index) under the mouse on one map is ringed on
  // the others. Written by the hovered map (hover_next), read the next frame (hover_image),
  // since the maps are drawn one after the other.
  int hover_image = -1, hover_arm = -1;
  int hover_next = -1, hover_next_arm = -1;
  int next_pin = 0;             // a click on a dot pins interpolation end A (0) or B (1), in turn

  bool show_holes = false;      // the maps show the measured hole tiles, holes tinted red

  // The timeline: −1 shows the present; otherwise the step of the history frame shown.
  int64_t time_step = -1;
  bool playing = false;

  int canvas_request = -1;      // a test image (test split index) a map click sends to the canvas

  // Keeps everything valid for this snapshot (latent size, subset size) and, with
  // auto_dims, picks the two dimensions with the largest KL (AE only: largest variance).
  void sync(const ll::Snapshot& s);

  // The full latent vector (L) of `arm` at slice coordinates (x, y).
  void slice_point(const ll::Snapshot& s, size_t arm, float x, float y, std::vector<float>& z) const;
  // The full latent vector (L) of `arm` for an interpolation end.
  void endpoint(const ll::Snapshot& s, size_t arm, const Endpoint& e, std::vector<float>& z) const;
};

// Row i of an arm's posterior means (null when the views are not ready).
const float* code_of(const ll::Snapshot& s, size_t arm, int i);
int class_of(const ll::Snapshot& s, int code_i);  // −1 when unlabelled

}  // namespace app
