#pragma once
// Numbers the app measures about itself for --print-stats and the status bar.
#include <cstddef>
#include <string>
#include <vector>

namespace app {

struct RunStats {
  std::vector<double> cursor_decode_ms;  // each decode of the image under the cursor
  double manifold_ms_last = 0;           // the last background manifold decode
  size_t history_bytes = 0;              // the timeline's frames, at the last frame drawn
  // Codes the maps drew in their last frame, by arm (the sum is --print-stats' points_drawn),
  // and the longest UI-thread upload of a map's codes.
  std::vector<size_t> points_drawn;
  double codes_upload_ms_max = 0, codes_upload_cpu_ms_max = 0;  // wall; the UI thread's CPU
  std::vector<unsigned long long> points_redraws;  // by arm: GlPointsLayer::redraws()
  std::string plane = "slice";  // what the maps showed last: slice | pca (MapPlane::shown)
  unsigned long long plane_changes = 0;  // MapPlane::changes(): new planes over the run, all arms
  size_t points_total() const {
    size_t n = 0;
    for (size_t k : points_drawn) n += k;
    return n;
  }
  // Training throughput over the time the trainer was running, seen from the UI:
  // samples_seen at the first and last running snapshots and the wall time between.
  long long first_samples = -1, last_samples = 0;
  double first_t = 0, last_t = 0;
  double train_samples_per_s() const {
    return last_t > first_t ? double(last_samples - first_samples) / (last_t - first_t) : 0;
  }
};

}  // namespace app
