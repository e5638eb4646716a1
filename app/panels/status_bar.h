#pragma once
// The bottom line: trainer state (or the followed folder and checkpoint), step, epoch,
// samples/s, frame time, dataset, and the last message (errors in red).
#include "app/events.h"
#include "app/notices.h"
#include "core/train/snapshot.h"

namespace app {

class StatusBar {
 public:
  void draw(const ll::Snapshot& s, const Notices& notices, double frame_ms, Events& events);

 private:
  double frame_ms_avg_ = 0;  // smoothed, so the number is readable
};

}  // namespace app
