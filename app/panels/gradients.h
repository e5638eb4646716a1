#pragma once
// Why the reparameterization trick, measured, live: the variances of the three estimators of
// the encoder's gradient (pathwise, score function, score function with a baseline) over
// training on a log axis with their ratios (TheoryMeasure measures them off the UI thread),
// and the trick drawn for the image in focus with its own μ, σ, a drawn ε, z and log p(x|z).
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/focus.h"
#include "app/panels/trick_diagram.h"
#include "app/widgets/plot.h"
#include "app/workers/theory_measure.h"
#include "core/train/snapshot.h"
#include "core/vae/workspace.h"

namespace app {

class GradientsPanel {
 public:
  // `shown`: the snapshot the views show (its VAE's codes and decoder feed the diagram);
  // the variance history is the run's, with a marker at `marker_step` when ≥ 0.
  void draw(const ll::Snapshot& shown, const TheoryMeasure& theory, int64_t marker_step, const Focus& focus,
            Events& events);

 private:
  void plot_and_ratios(const ll::Snapshot& s, const TheoryMeasure& theory, int64_t marker_step, ImVec2 size);
  // The diagram's numbers for the image in focus on the shown VAE; decodes only on a change.
  void numbers_for(const ll::Snapshot& s, int arm, const Focus& focus);

  widgets::Plot plot_;
  std::vector<TheoryPoint> grad_points_;  // the history's gradient rounds, refilled each frame
  TrickNumbers nums_;
  std::string source_;
  std::vector<float> eps_;
  std::mt19937 rng_{15};
  // The decode behind log p(x|z), redone only when these change.
  const ll::Model* model_ = nullptr;
  int image_ = -1;
  uint64_t eps_version_ = 0, used_eps_version_ = ~0ull;
  ll::Workspace ws_;
  std::vector<float> x_;
};

}  // namespace app
