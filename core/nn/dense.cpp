#include "core/nn/dense.h"

#include <algorithm>

#include "core/nn/gemm.h"

namespace ll {

void dense_forward(const float* inp, int B, int in, int out_dim, const float* w, const float* b,
                   float* out) {
  // out starts as the bias in every row and the product is added to it (beta = 1): the bias
  // costs one write of out, where adding it afterwards would be another read and write.
  for (int r = 0; r < B; ++r) std::copy_n(b, out_dim, out + size_t(r) * out_dim);
  // (B, in) · (out, in)ᵀ -> (B, out)
  gemm(false, true, B, out_dim, in, inp, w, 1.f, out);
}

void dense_backward(const float* dout, const float* inp, int B, int in, int out_dim,
                    const float* w, float* dw, float* db, float* dinp) {
  // dW = dYᵀ · X: (B, out)ᵀ · (B, in) -> (out, in)
  gemm(true, false, out_dim, in, B, dout, inp, 0.f, dw);
  // db = Σ_rows dY, row by row so the loop runs along contiguous memory
  std::copy_n(dout, out_dim, db);
  for (int r = 1; r < B; ++r) {
    const float* row = dout + size_t(r) * out_dim;
    for (int j = 0; j < out_dim; ++j) db[j] += row[j];
  }
  // dX = dY · W: (B, out) · (out, in) -> (B, in)
  if (dinp) gemm(false, false, B, in, out_dim, dout, w, 0.f, dinp);
}

}  // namespace ll
