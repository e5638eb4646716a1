#pragma once
// The Samples tab: what each model makes of new codes. Per model a grid of decodings from the
// chosen sampler (the prior N(0, I), a Gaussian fitted to its codes, a 10-component GMM fitted
// to them), the Fréchet distance of that sampler's decodings to real test images in the data's
// feature space beside the floor (two halves of real data), and the FD over training where it
// was measured. Hovering a sample shows it larger with its code and marks the code on the
// model's map. SampleWorker measures off the UI thread; this panel only draws and chooses.
#include <cstdint>
#include <string>
#include <vector>

#include "app/events.h"
#include "app/state/sample_choice.h"
#include "app/widgets/plot.h"
#include "app/workers/feature_worker.h"
#include "app/workers/sample_worker.h"
#include "core/train/snapshot.h"

namespace app {

class SamplesPanel {
 public:
  // `marker_step` ≥ 0: the timeline shows that step (marked on the FD plot).
  void draw(const ll::Snapshot& s, const FeatureSource& features, const SampleWorker& samples, int64_t marker_step,
            SampleChoice& choice, Events& events);

 private:
  struct GridFit {
    float cell = 16;
    int cols = 8, rows = 8;
  };
  static GridFit fit_grid(float width, float height);
  void top_bar(const FeatureSource& features, SampleChoice& choice, Events& events);
  // One model's column: its label and FD, then the grid of `fit.cell`-pixel tiles.
  void arm_column(const ll::Snapshot& s, size_t arm, const SampleArmView* v, const GridFit& fit, SampleChoice& choice,
                  Events& events);
  void history_plot(const ll::Snapshot& s, const SampleWorker& samples, ll::Sampler kind, int64_t marker_step,
                    ImVec2 size);
  widgets::Plot plot_;
  std::vector<FdPoint> floor_;  // the plot's floor series, refilled each frame
};

}  // namespace app
