#pragma once
// Fully connected layer over flat buffers, in PyTorch's nn.Linear layout so checkpoints map
// one to one: weight (out, in) row-major, bias (out).

namespace ll {

// inp: (B, in) -> out: (B, out);  out = inp · Wᵀ + b.  out is overwritten.
void dense_forward(const float* inp, int B, int in, int out_dim, const float* w, const float* b,
                   float* out);

// dout: (B, out), inp: (B, in) -> dw: (out, in), db: (out) overwritten (each parameter is used
// once per step, so there is nothing to accumulate); dinp: (B, in) overwritten, or skipped
// when null (the first layer needs no input gradient).
void dense_backward(const float* dout, const float* inp, int B, int in, int out_dim,
                    const float* w, float* dw, float* db, float* dinp);

}  // namespace ll
