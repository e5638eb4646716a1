#pragma once
// Learning curves: the loss (−ELBO, or ELBO with its sign shown), reconstruction and KL, per
// sample in nats, train (smoothed) and test (per epoch), every model in the same plots.
#include <vector>

#include "app/events.h"
#include "app/widgets/plot.h"
#include "core/train/snapshot.h"

namespace app {

class CurvesPanel {
 public:
  // marker_step/marker_epoch ≥ 0: a line at the step the timeline shows.
  void draw(const ll::Snapshot& s, Events& events, int64_t marker_step = -1, double marker_epoch = -1);

 private:
  struct Xy {
    double x, y;
  };
  // Fills buf with (x, metric) of pts, exponentially smoothed with weight `smooth` (0: raw).
  void series(const std::vector<ll::MetricPoint>& pts, int metric, double sign, double smooth,
              std::vector<Xy>& buf) const;
  widgets::Plot plots_[3];
  std::vector<Xy> buf_;
  bool log_y_ = true;
  bool elbo_ = false;      // plot ELBO (higher is better) instead of −ELBO
  bool x_epochs_ = false;
  float smoothing_ = 0.6f;
};

}  // namespace app
