#pragma once
// A built-in dataset drawn in memory: ten classes of white shapes on black, 28x28x1, so the
// program runs (and its tests run) with no dataset installed.
#include <cstddef>
#include <cstdint>

#include "core/data/dataset.h"

namespace ll::data {

inline constexpr size_t kSyntheticTrain = 12000, kSyntheticTest = 2000;

// Image i of a split has class i % 10 (exactly balanced) and a random position, size,
// rotation and brightness (170..255), drawn with anti-aliased edges from a signed distance.
// Each image has its own random stream derived from (seed, split, i): the same seed gives
// the same pixels, and the test images never repeat train images.
Dataset make_synthetic(size_t train_count, size_t test_count, uint64_t seed);

}  // namespace ll::data
