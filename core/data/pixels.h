#pragma once
// Pixel conversions between what stb_image decodes and what a Dataset holds.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ll::data {

// Expands `comp` interleaved channels (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA) to RGBA, the
// way stb_image does for a requested count of 4; opaque where the source has no alpha.
std::vector<uint8_t> to_rgba(const uint8_t* src, size_t pixels, int comp);

// rgba: pixels * 4 bytes -> pixels * (rgb ? 3 : 1) floats in [0, 255].
// Alpha is composited on BLACK: MNIST-style data is white ink on a black background, so a
// transparent pixel must read as "no ink" (0), not as white paper.  Gray is Rec. 601 luma,
// 0.299 R + 0.587 G + 0.114 B, the weights MNIST-era tools used.
std::vector<float> rgba_on_black(const uint8_t* rgba, size_t pixels, bool rgb);

// Area-averaging (box filter) resize, exact fractional coverage: each output pixel is the
// mean of the source area it covers, partly covered source pixels weighted by the covered
// fraction.  Shrinking thus averages instead of aliasing; enlarging replicates pixels
// (blending where an output straddles two).  Rounds once, at the end, to uint8.
// src: (sh, sw, c) floats -> dst: (dh, dw, c) bytes
void resize_area(const float* src, int sw, int sh, int c, uint8_t* dst, int dw, int dh);

}  // namespace ll::data
