#pragma once
// The strip of images each model decodes along a path between two latent points (two test
// images, or two clicks on a map), linear or spherical, and under it the path quantified for
// both models: log p(z) under the prior at each point; the change between neighbouring
// images, in the data's feature space (or as pixel MSE, on request) — "smooth" as a curve;
// and the classifier's confidence in each frame, which drops where a frame looks like no
// class. Computes the paths first (update) so the maps can draw them in the same frame; the
// feature numbers of a strip of ≤ 16 images take well under a millisecond, so they are
// computed here, on a change, from the one shared feature space.
#include <memory>
#include <vector>

#include "app/events.h"
#include "app/gfx/image_atlas.h"
#include "app/state/interp_ends.h"
#include "app/state/pick.h"
#include "app/state/map_plane.h"
#include "app/widgets/plot.h"
#include "app/workers/feature_worker.h"
#include "app/workers/model_refs.h"
#include "core/features/sample_quality.h"
#include "core/latent/path_quality.h"
#include "core/vae/workspace.h"

namespace app {

class TestImages;

class InterpolationPanel {
 public:
  // Recomputes paths and strips when the models, ends or settings changed (and chooses
  // default ends for new data).
  void update(const ll::Snapshot& s, const MapPlane& plane, InterpEnds& ends,
              const std::shared_ptr<const Features>& features);
  // The ends and pins the maps took this frame (called right after each map is drawn).
  void take_picks(MapPicks& picks, InterpEnds& ends, Events& events);
  void draw(const ll::Snapshot& s, InterpEnds& ends, MapPicks& picks, const TestImages& thumbs, Events& events);
  const InterpPaths& paths() const { return paths_; }

 private:
  struct Strip {
    ImageAtlas atlas;
    ModelRef model;  // what the strip was decoded with (weak: compared, not kept)
    std::vector<float> key;  // the path it was decoded for
    ll::Workspace ws;
    ll::PathQuality quality;
    std::vector<float> images;  // (steps, D) the decodings, kept for the feature numbers
    ll::PathFeatures features;
    const Features* features_for = nullptr;  // the space `features` was measured in
  };
  void quality_plots(const ll::Snapshot& s, float height);
  void endpoint_editor(const char* name, Endpoint& e, const ll::Snapshot& s, MapPicks& picks, Pick pick);
  InterpPaths paths_;
  widgets::Plot prior_plot_, change_plot_, confidence_plot_;
  bool pixel_change_ = false;  // the change plot in pixel MSE rather than feature distance
  std::shared_ptr<const Features> features_;  // the space the strips were measured in
  std::vector<Strip> strips_;
  bool chose_default_b_ = false;
  const ll::Dataset* chose_for_ = nullptr;
};

}  // namespace app
