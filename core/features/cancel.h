#pragma once
// A caller's stop request for the feature-space work that can take seconds (training the
// classifier, embedding every image, EM): the explorer's workers set it when the window closes,
// so quitting does not wait for a job nobody will see. Checked between chunks, never inside one.
#include <atomic>
#include <string>

#include "core/error.h"

namespace ll {

inline void check_cancel(const std::atomic<bool>* cancel, const char* what) {
  if (cancel && cancel->load(std::memory_order_relaxed)) throw Error(std::string(what) + ": cancelled");
}

}  // namespace ll
