#include "app/platform/frame_pacer.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "app/platform/window.h"
#include "core/util/stats.h"

namespace app {

// ImGui needs a couple of frames after an event for hover and focus states to settle.
constexpr int kLingerFrames = 4;

FramePacer::FramePacer(double active_fps, double idle_timeout_s)
    : period_(1.0 / active_fps), idle_timeout_(idle_timeout_s), start_(Clock::now()),
      frame_start_(start_), next_deadline_(start_) {
  times_ms_.reserve(1 << 16);
}

void FramePacer::wait(Window& w, bool active) {
  if (active) linger_ = kLingerFrames;
  if (linger_ > 0) {
    --linger_;
    // Sleep to the deadline, then take whatever input arrived: input cannot raise the rate.
    const auto now = Clock::now();
    if (next_deadline_ > now) std::this_thread::sleep_until(next_deadline_);
    w.poll_events();
  } else {
    // One frame for whatever woke us; if it was input, the app reports activity and the
    // next frames come at the active rate.
    w.wait_events(idle_timeout_);
  }
  frame_start_ = Clock::now();
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(period_));
  next_deadline_ = std::max(next_deadline_ + period, frame_start_);
  if (next_deadline_ > frame_start_ + period) next_deadline_ = frame_start_ + period;
}

void FramePacer::frame_done() {
  last_ms_ = std::chrono::duration<double, std::milli>(Clock::now() - frame_start_).count();
  times_ms_.push_back(last_ms_);
}

double FramePacer::percentile_ms(double p) const { return ll::percentile(times_ms_, p); }

double FramePacer::seconds_since_start() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void PhaseTimes::add(TP build, TP render, TP swap, TP done) {
  auto ms_between = [](TP a, TP b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  ms[0].push_back(ms_between(build, render));
  ms[1].push_back(ms_between(render, swap));
  ms[2].push_back(ms_between(swap, done));
}

double PhaseTimes::p50(int phase) const { return ll::percentile(ms[phase], 50); }

}  // namespace app
