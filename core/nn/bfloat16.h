#pragma once
// bfloat16: float's sign and 8-bit exponent with 7 stored mantissa bits, 2 bytes a number.
// Float's whole range, so values spread over many orders of magnitude (Adam's second moment)
// neither overflow nor flush to zero, at a relative error of at most 2^-8 = 0.4%.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ll {

// Round to nearest, ties to even; a NaN stays a NaN (quiet).
inline uint16_t float_to_bf16(float x) {
  const uint32_t u = std::bit_cast<uint32_t>(x);
  if ((u & 0x7fffffffu) > 0x7f800000u) return uint16_t((u >> 16) | 0x40u);
  return uint16_t((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}
inline float bf16_to_float(uint16_t b) { return std::bit_cast<float>(uint32_t(b) << 16); }

// x: (n) -> out resized to (n); and back into x (of out's size).
inline void to_bf16(const float* x, size_t n, std::vector<uint16_t>& out) {
  out.resize(n);
  for (size_t i = 0; i < n; ++i) out[i] = float_to_bf16(x[i]);
}
inline void from_bf16(const std::vector<uint16_t>& in, float* x) {
  for (size_t i = 0; i < in.size(); ++i) x[i] = bf16_to_float(in[i]);
}

}  // namespace ll
