#pragma once
// Frame pacing and frame-time statistics. Under Xvfb/llvmpipe vsync does nothing and an
// uncapped loop burns a core the trainer needs, so frames are capped here: at `active_fps`
// while something moves (training, dragging, a worker finishing), and when nothing does the
// loop blocks in glfwWaitEventsTimeout until an input event or `idle_timeout_s`.
#include <chrono>
#include <vector>

namespace app {

class Window;

class FramePacer {
 public:
  using Clock = std::chrono::steady_clock;

  explicit FramePacer(double active_fps = 60.0, double idle_timeout_s = 0.5);

  // Call before a frame. `active`: the picture will change without input (training runs, a
  // drag is in progress, a background decode is pending). Input always gets a few frames.
  void wait(Window& w, bool active);
  // Call after the frame was presented: records its work time (from the end of wait()).
  void frame_done();

  void set_active_fps(double fps) { period_ = 1.0 / fps; }
  double last_frame_ms() const { return last_ms_; }
  size_t frames() const { return times_ms_.size(); }
  // Percentile (0..100) of recorded work times; 0 with no frames.
  double percentile_ms(double p) const;
  double seconds_since_start() const;

 private:
  double period_, idle_timeout_;
  Clock::time_point start_, frame_start_, next_deadline_;
  int linger_ = 0;  // frames still drawn at the active rate after the last activity
  double last_ms_ = 0;
  std::vector<double> times_ms_;
};

// Where a frame's time goes: building the UI (ImGui + panels), rendering the draw lists
// (GL commands), and presenting (llvmpipe rasterises and copies to the X server here).
struct PhaseTimes {
  using TP = std::chrono::steady_clock::time_point;
  std::vector<double> ms[3];
  void add(TP build, TP render, TP swap, TP done);
  double p50(int phase) const;
};

}  // namespace app
