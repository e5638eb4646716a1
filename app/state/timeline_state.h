#pragma once
// Which step of training the views show, and whether the timeline is replaying.
// Written by the Timeline panel only (its slider and buttons, playback, and go_live(), which
// the app calls for a Reset and when the Controls start training again). Read by the app
// (frame pacing while playing).
#include <cstdint>

namespace app {

struct TimelineState {
  int64_t time_step = -1;  // −1 shows the present; otherwise the step of the history frame shown
  bool playing = false;
};

}  // namespace app
