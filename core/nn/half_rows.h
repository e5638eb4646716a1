#pragma once
// Rows of floats stored as IEEE binary16 (half precision): 2 bytes a number instead of 4, for
// large tables that are only read, such as the 60,000 training images' features the nearest-
// image searches run over (core/features/feature_reference.h: 30 -> 15 MB for 128 features).
// Half keeps 11 significant bits, a relative error of at most 2^-11 = 0.05% per number: a row
// moves by at most 2^-11 of its norm, and a distance to it by no more than that.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ll {

// Round to nearest, ties to even (as the F16C instructions do); back is exact. Beyond 65504
// a finite float becomes an infinity; a NaN stays a NaN.
uint16_t float_to_half(float x);
float half_to_float(uint16_t h);

struct HalfRows {
  int dim = 0;
  size_t rows = 0;
  std::vector<uint16_t> bits;  // (rows, dim)

  // x: (count, dim) appended. Throws ll::Error naming `what` when a finite value is beyond
  // half's range (it would become an infinity and every distance to its row with it).
  void append(const float* x, size_t count, const std::string& what);
  // Rows [first, first + count) as floats -> out: (count, dim).
  void decode(size_t first, size_t count, float* out) const;
  size_t bytes() const { return bits.size() * sizeof(uint16_t); }
};

}  // namespace ll
