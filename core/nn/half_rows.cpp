#include "core/nn/half_rows.h"

#include <cmath>
#include <cstring>

#include "core/error.h"

namespace ll {

uint16_t float_to_half(float x) {
  uint32_t f;
  std::memcpy(&f, &x, 4);
  const uint16_t sign = uint16_t((f >> 16) & 0x8000u);
  const uint32_t a = f & 0x7fffffffu;
  if (a > 0x7f800000u) return uint16_t(sign | 0x7e00u);  // NaN, kept a (quiet) NaN
  if (a >= 0x477ff000u) return uint16_t(sign | 0x7c00u);  // rounds above 65504: infinity
  if (a < 0x38800000u) {
    // Below half's smallest normal (2^-14): a subnormal, in units of 2^-24, rounded to even.
    if (a < 0x33000000u) return sign;  // below 2^-25, half a unit: rounds to zero
    const uint32_t mant = (a & 0x7fffffu) | 0x800000u;
    const int shift = 126 - int(a >> 23);  // 14..24
    const uint32_t q = mant >> shift, rest = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
    return uint16_t(sign | (q + (rest > half || (rest == half && (q & 1u)))));
  }
  // Normal: rebias the exponent (127 -> 15), keep 10 of 23 mantissa bits, round to even; a carry
  // out of the mantissa bumps the exponent, as it should.
  const uint32_t r = a - 0x38000000u;
  const uint32_t q = r >> 13, rest = r & 0x1fffu;
  return uint16_t(sign | (q + (rest > 0x1000u || (rest == 0x1000u && (q & 1u)))));
}

float half_to_float(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16;
  const uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 0) return std::copysign(std::ldexp(float(m), -24), sign ? -1.f : 1.f);  // 0, subnormal
  const uint32_t f = sign | (e == 0x1f ? 0x7f800000u | (m << 13) : ((e + 112) << 23) | (m << 13));
  float x;
  std::memcpy(&x, &f, 4);
  return x;
}

void HalfRows::append(const float* x, size_t count, const std::string& what) {
  const size_t n = count * size_t(dim), at = bits.size();
  bits.resize(at + n);
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(x[i]) && std::fabs(x[i]) >= 65520.f)
      throw Error(what + ": value " + std::to_string(x[i]) + " (row " + std::to_string(rows + i / size_t(dim)) +
                  ") is beyond half precision's range, 65504");
    bits[at + i] = float_to_half(x[i]);
  }
  rows += count;
}

void HalfRows::decode(size_t first, size_t count, float* out) const {
  const uint16_t* in = bits.data() + first * size_t(dim);
  const size_t n = count * size_t(dim);
  for (size_t i = 0; i < n; ++i) out[i] = half_to_float(in[i]);
}

}  // namespace ll
