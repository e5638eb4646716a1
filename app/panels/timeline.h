#pragma once
// Travel back in training: a slider under the maps over the snapshot's history (thinned past
// frames, see core/train/history.h), with play/pause and a way back to the present. While a
// past frame is chosen the views show a copy of the live snapshot with that frame's models,
// latent codes and reconstructions, so the maps, manifolds, cursor decodes, interpolation,
// reconstructions and the drawing's code all show the step as it was. The trainer is never
// asked anything: training goes on underneath.
#include <memory>

#include "app/events.h"
#include "app/state/timeline_state.h"
#include "core/train/snapshot.h"

namespace app {

class TimelinePanel {
 public:
  // What the views show this frame: `live`, or the past frame state.time_step names (the
  // nearest frame still kept, if thinning dropped it). Advances playback.
  std::shared_ptr<const ll::Snapshot> resolve(const std::shared_ptr<const ll::Snapshot>& live, TimelineState& state,
                                              double now_s, Events& events);
  // The slider row: play/pause, the track, the frame's step and epoch, Live.
  void draw(const ll::Snapshot& live, TimelineState& state, Events& events);
  // Back to the present and stop playing (also for a Reset, and when training starts again).
  void go_live(TimelineState& state);

 private:
  std::shared_ptr<const ll::HistoryFrame> frame_;  // the frame past_ was built from
  std::shared_ptr<const ll::Snapshot> past_;
  const ll::Dataset* past_data_ = nullptr;
  double next_advance_ = 0;
  int64_t announced_ = -2;  // the step last printed as a TIMELINE event (−1 live)
};

}  // namespace app
