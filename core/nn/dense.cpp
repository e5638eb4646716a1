#include "core/nn/dense.h"

#include "core/nn/eigen_maps.h"

namespace ll {

void dense_forward(const float* inp, int B, int in, int out_dim, const float* w, const float* b,
                   float* out) {
  ConstMatMap X(inp, B, in);
  ConstMatMap W(w, out_dim, in);
  ConstVecMap bias(b, out_dim);
  MatMap Y(out, B, out_dim);
  Y.noalias() = X * W.transpose();
  Y.rowwise() += bias;
}

void dense_backward(const float* dout, const float* inp, int B, int in, int out_dim,
                    const float* w, float* dw, float* db, float* dinp) {
  ConstMatMap dY(dout, B, out_dim);
  ConstMatMap X(inp, B, in);
  MatMap dW(dw, out_dim, in);
  dW.noalias() = dY.transpose() * X;
  VecMap(db, out_dim).noalias() = dY.colwise().sum();
  if (dinp) {
    ConstMatMap W(w, out_dim, in);
    MatMap(dinp, B, in).noalias() = dY * W;
  }
}

}  // namespace ll
