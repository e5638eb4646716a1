#pragma once
// Posterior collapse, live, per model: the KL of each latent dimension as bars, the active
// units, the mutual information I(x; z), and the IWAE bound on held-out images plotted with
// the ELBO so the gap between them is visible. The trainer measures these every few seconds
// (core/latent/diagnostics.h); this panel only draws them. For a VAE of latent size 1 or 2,
// beside them: exact log p(x), IWAE and ELBO on the same 100 held-out images over training
// (TheoryMeasure's history, measured off the trainer's thread). Every number explains itself
// on hover.
#include "app/events.h"
#include "app/widgets/plot.h"
#include "app/workers/theory_measure.h"
#include "core/train/snapshot.h"

namespace app {

class CollapsePanel {
 public:
  // `shown`: the snapshot the views show (a timeline frame's carries the diagnostics the
  // trainer had then); `live`: the run's, whose IWAE/ELBO history is plotted, with a marker
  // at `marker_step` when ≥ 0.
  void draw(const ll::Snapshot& shown, const ll::Snapshot& live, int64_t marker_step,
            const TheoryMeasure& theory, Events& events);

 private:
  void arm_row(const ll::Snapshot& s, size_t arm, bool past, float width, float height);
  void exact_column(const ll::Snapshot& live, int64_t marker_step, const TheoryMeasure& theory, ImVec2 size);
  widgets::Plot bounds_, gap_, exact_;
  std::vector<TheoryPoint> exact_points_;  // the history's exact rounds, refilled each frame
  struct Xy {
    double x, y;
  };
};

}  // namespace app
