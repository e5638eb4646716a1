#pragma once
// The data loaders' own random numbers: SplitMix64 (core/nn/rng.h), so that a split or a
// synthetic set made from a seed is the same on every compiler and standard library
// (std::uniform_*_distribution is implementation-defined, and the design promises identical
// numbers for identical seeds).
#include <cstdint>

#include "core/nn/rng.h"

namespace ll::data {

struct SeededRng {
  SplitMix64 gen;

  // `stream` keeps the users of one seed apart: the split of idx:FILE and the shapes of
  // synthetic must not draw the same sequence just because the user passed the same --seed.
  // The stream is hashed, not added, so that nearby (seed, stream) pairs do not start on
  // overlapping stretches of the one SplitMix sequence.
  explicit SeededRng(uint64_t seed, uint64_t stream = 0)
      : gen{seed ^ SplitMix64::mix(stream + SplitMix64::kGamma)} {}

  uint64_t next() { return gen.next(); }

  // In [0, n). Lemire's multiply-shift without the rejection step: the bias is below 2^-32
  // for any n we use, and skipping rejection keeps the number of draws fixed.
  uint64_t below(uint64_t n) { return uint64_t((unsigned __int128)next() * n >> 64); }

  // In [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * double(next() >> 11) * 0x1.0p-53; }
};

}  // namespace ll::data
