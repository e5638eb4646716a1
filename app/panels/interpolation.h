#pragma once
// The strip of images each model decodes along a path between two latent points (two test
// images, or two clicks on a map), linear or spherical, and under it the path quantified for
// both models: log p(z) under the prior at each point, and the pixel change (mean squared
// difference) between neighbouring images — "smooth" as a curve. Computes the paths first
// (update) so the maps can draw them in the same frame.
#include <memory>
#include <vector>

#include "app/events.h"
#include "app/gfx/image_atlas.h"
#include "app/state/interp_ends.h"
#include "app/state/pick.h"
#include "app/state/slice.h"
#include "app/widgets/plot.h"
#include "core/latent/path_quality.h"
#include "core/vae/workspace.h"

namespace app {

class TestImages;

class InterpolationPanel {
 public:
  // Recomputes paths and strips when the models, ends or settings changed (and chooses
  // default ends for new data).
  void update(const ll::Snapshot& s, const Slice& slice, InterpEnds& ends);
  // The ends and pins the maps took this frame (called right after each map is drawn).
  void take_picks(MapPicks& picks, InterpEnds& ends, Events& events);
  void draw(const ll::Snapshot& s, InterpEnds& ends, MapPicks& picks, const TestImages& thumbs, Events& events);
  const InterpPaths& paths() const { return paths_; }

 private:
  struct Strip {
    ImageAtlas atlas;
    std::shared_ptr<const ll::Model> model;
    std::vector<float> key;  // the path it was decoded for
    ll::Workspace ws;
    ll::PathQuality quality;
  };
  void quality_plots(const ll::Snapshot& s, float height);
  void endpoint_editor(const char* name, Endpoint& e, const ll::Snapshot& s, MapPicks& picks, Pick pick);
  InterpPaths paths_;
  widgets::Plot prior_plot_, change_plot_;
  std::vector<Strip> strips_;
  std::vector<float> images_;
  bool chose_default_b_ = false;
  const ll::Dataset* chose_for_ = nullptr;
};

}  // namespace app
