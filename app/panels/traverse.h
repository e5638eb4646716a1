#pragma once
// Latent traversals, for latent sizes above 2 (a 2-D map already shows every traversal): one
// row per latent dimension, most used first, seven columns from −3 to +3 units away from the
// code of the image in focus along that dimension alone, both models side by side. A VAE's
// unit is the prior's standard deviation and its rows go by KL; an AE has no prior, so its
// unit is that dimension's spread over the encoded test images and its rows go by variance
// (core/latent/traversal.h). A row that decodes the same image in every column is a dimension
// the model does not use. The grids are decoded off the UI thread (TraverseWorker).
#include <cstdint>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/focus.h"
#include "app/gfx/image_atlas.h"
#include "app/state/interp_ends.h"
#include "app/state/map_plane.h"
#include "app/workers/traverse_worker.h"
#include "core/latent/traversal.h"
#include "core/train/snapshot.h"

namespace app {

class TraversePanel {
 public:
  // `s`: the snapshot the views show (a timeline frame traverses that step's models).
  void draw(const ll::Snapshot& s, const Focus& focus, const MapPlane& plane, const InterpEnds& ends, Events& events);
  bool busy() const { return worker_.busy(); }
  bool has_result() const { return worker_.has_result(); }

  static constexpr int kCols = 7;
  static constexpr float kSpan = 3.f;

 private:
  // What to traverse for this frame: each arm's axes and base code, and what the base is.
  void plan(const ll::Snapshot& s, const Focus& focus, const MapPlane& plane, const InterpEnds& ends);
  void request(const ll::Snapshot& s);
  void take(const ll::Snapshot& s, Events& events);
  void draw_side(const ll::Snapshot& s, size_t arm, float label_w, float tile);

  bool from_mean_ = false;  // the checkbox: traverse from the mean code whatever is in focus
  std::vector<float> offsets_ = ll::traversal_offsets(kCols, kSpan);
  // This frame's plan, per arm.
  std::vector<ll::TraversalAxes> axes_;
  std::vector<std::vector<float>> base_;
  std::string source_, source_event_;  // for people, and for the TRAVERSE event
  // The grids on screen: their atlases, the axes and base they were made from.
  std::vector<ImageAtlas> atlases_;
  std::vector<ll::TraversalAxes> shown_axes_;
  std::string shown_source_;
  std::string error_;
  // The request last sent: a new one goes out only when one of these changes.
  std::vector<const ll::Model*> sent_models_;
  std::vector<float> sent_key_;
  uint64_t stamp_ = 0;  // of the request last sent; an older result is dropped (a newer comes)
  std::vector<ll::TraversalAxes> sent_axes_;
  std::string sent_source_, sent_event_;
  TraverseWorker worker_;
};

}  // namespace app
