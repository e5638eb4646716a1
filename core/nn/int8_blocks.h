#pragma once
// Floats stored as int8 in blocks of 64, each block with one float scale (its largest
// magnitude / 127): 1.06 bytes a value instead of bfloat16's 2. For the timeline's past
// models (core/train/history.h), which are visual copies: the error of one value is at most
// half a step, scale / 2, i.e. 0.4% of the largest magnitude in its block; a 784-400-2 VAE's
// decodings move by well under a grey level (tests/test_history.cpp). A block of zeros has
// scale 0; a NaN or an infinity in a block makes its scale NaN, so a broken model stays visibly
// broken rather than quietly finite.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ll {

struct Int8Blocks {
  static constexpr size_t kBlock = 64;
  size_t count = 0;
  std::vector<int8_t> q;     // (count)
  std::vector<float> scale;  // (ceil(count / kBlock))

  static Int8Blocks encode(const float* x, size_t count);
  void decode(float* out) const;  // (count)
  size_t bytes() const { return q.size() + scale.size() * sizeof(float); }
};

}  // namespace ll
