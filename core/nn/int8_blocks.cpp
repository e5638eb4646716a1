#include "core/nn/int8_blocks.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ll {

Int8Blocks Int8Blocks::encode(const float* x, size_t count) {
  Int8Blocks b;
  b.count = count;
  b.q.resize(count);
  b.scale.resize((count + kBlock - 1) / kBlock);
  for (size_t k = 0; k < b.scale.size(); ++k) {
    const size_t i0 = k * kBlock, i1 = std::min(count, i0 + kBlock);
    float top = 0;
    bool finite = true;
    for (size_t i = i0; i < i1; ++i) {
      finite = finite && std::isfinite(x[i]);
      top = std::max(top, std::fabs(x[i]));
    }
    const float s = !finite ? std::numeric_limits<float>::quiet_NaN() : top / 127.f;
    b.scale[k] = s;
    const float inv = s > 0 ? 1.f / s : 0.f;
    for (size_t i = i0; i < i1; ++i)
      b.q[i] = finite ? int8_t(std::lround(std::clamp(x[i] * inv, -127.f, 127.f))) : int8_t(0);
  }
  return b;
}

void Int8Blocks::decode(float* out) const {
  for (size_t k = 0; k < scale.size(); ++k) {
    const size_t i0 = k * kBlock, i1 = std::min(count, i0 + kBlock);
    for (size_t i = i0; i < i1; ++i) out[i] = float(q[i]) * scale[k];
  }
}

}  // namespace ll
