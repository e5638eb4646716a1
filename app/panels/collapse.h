#pragma once
// Posterior collapse, live, per model: the KL of each latent dimension as bars, the active
// units, the mutual information I(x; z), and the IWAE bound on held-out images plotted with
// the ELBO so the gap between them is visible. The trainer measures these every few seconds
// (core/latent/diagnostics.h); this panel only draws them. Every number explains itself on
// hover.
#include "app/events.h"
#include "app/widgets/plot.h"
#include "core/train/snapshot.h"

namespace app {

class CollapsePanel {
 public:
  // `live`: the run's snapshot; `marker_step` ≥ 0 marks a timeline step on the bounds plot.
  void draw(const ll::Snapshot& live, int64_t marker_step, Events& events);

 private:
  void arm_row(const ll::Snapshot& s, size_t arm, float width, float height);
  widgets::Plot bounds_, gap_;
  struct Xy {
    double x, y;
  };
};

}  // namespace app
