#include "core/nn/dense.h"

#include <algorithm>

#include "core/nn/gemm.h"

namespace ll {

namespace {
constexpr bool feature_major(Layout l) { return l == Layout::FeatureMajor; }
}  // namespace

void dense_forward(const float* inp, int B, int in, int out_dim, const float* w, const float* b,
                   float* out) {
  dense_forward(inp, Layout::BatchMajor, B, in, out_dim, w, b, out, Layout::BatchMajor);
}

void dense_forward(const float* inp, Layout inp_layout, int B, int in, int out_dim,
                   const float* w, const float* b, float* out, Layout out_layout) {
  // out starts as the bias and the product is added to it (beta = 1): the bias costs one
  // write of out, where adding it afterwards would be another read and write.
  const bool x_fm = feature_major(inp_layout);
  if (feature_major(out_layout)) {
    for (int j = 0; j < out_dim; ++j) std::fill_n(out + size_t(j) * B, B, b[j]);
    // (out, in) · (B, in)ᵀ or · (in, B) -> (out, B)
    gemm(false, !x_fm, out_dim, B, in, w, inp, 1.f, out);
  } else {
    for (int r = 0; r < B; ++r) std::copy_n(b, out_dim, out + size_t(r) * out_dim);
    // (B, in) · (out, in)ᵀ, or (in, B)ᵀ · (out, in)ᵀ -> (B, out)
    gemm(x_fm, true, B, out_dim, in, inp, w, 1.f, out);
  }
}

void dense_backward(const float* dout, const float* inp, int B, int in, int out_dim,
                    const float* w, float* dw, float* db, float* dinp) {
  dense_backward(dout, Layout::BatchMajor, inp, Layout::BatchMajor, B, in, out_dim, w, dw, db,
                 dinp);
}

void dense_backward(const float* dout, Layout dout_layout, const float* inp, Layout inp_layout,
                    int B, int in, int out_dim, const float* w, float* dw, float* db,
                    float* dinp) {
  const bool dy_fm = feature_major(dout_layout), x_fm = feature_major(inp_layout);
  // dW = dYᵀ · X -> (out, in); dY is (B, out) or (out, B), X is (B, in) or (in, B)
  gemm(!dy_fm, x_fm, out_dim, in, B, dout, inp, 0.f, dw);
  // db = Σ over the batch, along contiguous memory either way
  if (dy_fm) {
    // A row's sum in 16 running lanes, then the lanes in order: a fixed order (so the same
    // bits every run) that the compiler can vectorize, where one running sum cannot be.
    constexpr int kLanes = 16;
    for (int j = 0; j < out_dim; ++j) {
      const float* row = dout + size_t(j) * B;
      float lane[kLanes] = {};
      int r = 0;
      for (; r + kLanes <= B; r += kLanes)
        for (int k = 0; k < kLanes; ++k) lane[k] += row[r + k];
      for (int k = 0; r < B; ++r, ++k) lane[k] += row[r];
      float s = 0.f;
      for (float v : lane) s += v;
      db[j] = s;
    }
  } else {
    std::copy_n(dout, out_dim, db);
    for (int r = 1; r < B; ++r) {
      const float* row = dout + size_t(r) * out_dim;
      for (int j = 0; j < out_dim; ++j) db[j] += row[j];
    }
  }
  if (!dinp) return;
  if (x_fm)  // dXᵀ = Wᵀ · dYᵀ: (out, in)ᵀ · (B, out)ᵀ or · (out, B) -> (in, B)
    gemm(true, !dy_fm, in, B, out_dim, w, dout, 0.f, dinp);
  else  // dX = dY · W: (B, out) or (out, B)ᵀ, · (out, in) -> (B, in)
    gemm(dy_fm, false, B, in, out_dim, dout, w, 0.f, dinp);
}

void transpose(const float* src, int rows, int cols, float* dst) {
  // 16 × 16 blocks: a block's reads and writes each touch 16 cache lines, which stay in L1,
  // so neither side strides through memory a float at a time.
  constexpr int kBlock = 16;
  for (int r0 = 0; r0 < rows; r0 += kBlock)
    for (int c0 = 0; c0 < cols; c0 += kBlock) {
      const int r1 = std::min(rows, r0 + kBlock), c1 = std::min(cols, c0 + kBlock);
      for (int c = c0; c < c1; ++c)
        for (int r = r0; r < r1; ++r) dst[size_t(c) * rows + r] = src[size_t(r) * cols + c];
    }
}

}  // namespace ll
