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
  // `shown`: the snapshot the views show (a timeline frame's carries the diagnostics the
  // trainer had then); `live`: the run's, whose IWAE/ELBO history is plotted, with a marker
  // at `marker_step` when ≥ 0.
  void draw(const ll::Snapshot& shown, const ll::Snapshot& live, int64_t marker_step, Events& events);

 private:
  void arm_row(const ll::Snapshot& s, size_t arm, bool past, float width, float height);
  widgets::Plot bounds_, gap_;
  struct Xy {
    double x, y;
  };
};

}  // namespace app
