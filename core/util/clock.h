#pragma once
// Seconds on the steady clock since a time point: what progress lines and JSON timings report.
#include <chrono>

namespace ll {

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace ll
