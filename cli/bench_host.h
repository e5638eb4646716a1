#pragma once
// What bench measures with, besides the work itself: clocks, this process's CPU time and
// memory, and what the machine is (its CPU, how busy it is).
#include <algorithm>
#include <chrono>
#include <string>

#include "core/util/clock.h"

namespace ll::cli {

using Clock = std::chrono::steady_clock;

// Best of 5 means, each over enough repetitions of fn to take ~40 ms: the least disturbed
// figure on a machine whose cores are shared.
template <class F>
double time_ms(F&& fn) {
  fn();
  double best = 1e30;
  for (int round = 0; round < 5; ++round) {
    int reps = 0;
    const auto t0 = Clock::now();
    do {
      fn();
      ++reps;
    } while (seconds_since(t0) < 0.04);
    best = std::min(best, seconds_since(t0) * 1000.0 / reps);
  }
  return best;
}

// CPU seconds this process has used, all threads, user + system.
double process_cpu_seconds();
std::string cpu_model();
// The 1-minute load average: > cores means others compete for the CPU and the figures drop.
double load_average();

}  // namespace ll::cli
