#include "core/data/pixels.h"

#include <algorithm>
#include <cmath>

namespace ll::data {
namespace {

// The taps of a 1-D box filter from n_src to n_dst samples.  Positions are kept in units of
// 1/n_dst source pixel (output o spans [o*n_src, (o+1)*n_src)), so every overlap is an exact
// integer and the weights of one output sum to 1 up to float rounding.
struct Taps {
  std::vector<int> first, count;  // per output: first source index, number of taps
  std::vector<float> weight;      // all taps, output after output
  std::vector<size_t> offset;     // per output: where its taps start in `weight`
};

Taps box_taps(int n_src, int n_dst) {
  Taps t;
  for (int o = 0; o < n_dst; ++o) {
    int64_t lo = int64_t(o) * n_src, hi = lo + n_src;
    int i0 = int(lo / n_dst), i1 = int((hi - 1) / n_dst);
    t.first.push_back(i0);
    t.count.push_back(i1 - i0 + 1);
    t.offset.push_back(t.weight.size());
    for (int i = i0; i <= i1; ++i) {
      int64_t a = std::max(lo, int64_t(i) * n_dst), b = std::min(hi, int64_t(i + 1) * n_dst);
      t.weight.push_back(float(double(b - a) / double(n_src)));
    }
  }
  return t;
}

}  // namespace

std::vector<uint8_t> to_rgba(const uint8_t* src, size_t pixels, int comp) {
  std::vector<uint8_t> out(pixels * 4);
  for (size_t i = 0; i < pixels; ++i) {
    const uint8_t* p = src + i * size_t(comp);
    uint8_t* q = &out[4 * i];
    const bool color = comp >= 3;
    q[0] = p[0];
    q[1] = color ? p[1] : p[0];
    q[2] = color ? p[2] : p[0];
    q[3] = comp == 2 ? p[1] : comp == 4 ? p[3] : 255;
  }
  return out;
}

std::vector<float> rgba_on_black(const uint8_t* rgba, size_t pixels, bool rgb) {
  std::vector<float> out(pixels * (rgb ? 3 : 1));
  for (size_t i = 0; i < pixels; ++i) {
    const uint8_t* p = rgba + 4 * i;
    float a = p[3] * (1.0f / 255.0f);
    float r = p[0] * a, g = p[1] * a, b = p[2] * a;
    if (rgb) {
      out[3 * i] = r;
      out[3 * i + 1] = g;
      out[3 * i + 2] = b;
    } else {
      out[i] = 0.299f * r + 0.587f * g + 0.114f * b;
    }
  }
  return out;
}

void resize_area(const float* src, int sw, int sh, int c, uint8_t* dst, int dw, int dh) {
  Taps tx = box_taps(sw, dw), ty = box_taps(sh, dh);
  // Horizontal pass into (sh, dw, c), then vertical into the output.
  std::vector<float> mid(size_t(sh) * dw * c, 0.0f);
  for (int y = 0; y < sh; ++y)
    for (int x = 0; x < dw; ++x) {
      float* m = &mid[(size_t(y) * dw + x) * c];
      const float* w = &tx.weight[tx.offset[x]];
      for (int k = 0; k < tx.count[x]; ++k) {
        const float* s = src + (size_t(y) * sw + tx.first[x] + k) * c;
        for (int ch = 0; ch < c; ++ch) m[ch] += w[k] * s[ch];
      }
    }
  std::vector<float> acc(static_cast<size_t>(c));
  for (int y = 0; y < dh; ++y)
    for (int x = 0; x < dw; ++x) {
      std::fill(acc.begin(), acc.end(), 0.0f);
      const float* w = &ty.weight[ty.offset[y]];
      for (int k = 0; k < ty.count[y]; ++k) {
        const float* m = &mid[(size_t(ty.first[y] + k) * dw + x) * c];
        for (int ch = 0; ch < c; ++ch) acc[ch] += w[k] * m[ch];
      }
      for (int ch = 0; ch < c; ++ch)
        dst[(size_t(y) * dw + x) * c + ch] = uint8_t(std::lround(std::clamp(acc[ch], 0.0f, 255.0f)));
    }
}

}  // namespace ll::data
