#pragma once
// Fully connected layer over flat buffers, in PyTorch's nn.Linear layout so checkpoints map
// one to one: weight (out, in) row-major, bias (out).
//
// Activations are stored one of two ways. Batch-major (B, n) is what the rest of the code
// reads: a row per image. Feature-major (n, B) is the transpose, a row per unit; the encoder
// keeps its hidden layers that way while training because OpenBLAS computes W · Xᵀ into
// (out, B) faster than X · Wᵀ into (B, out): the weight is then packed by its faster copy
// routine (784-400 layer on AVX-512: 420 against 455 µs, with the same bits there).

namespace ll {

enum class Layout { BatchMajor, FeatureMajor };

// inp: (B, in) -> out: (B, out);  out = inp · Wᵀ + b.  out is overwritten.
void dense_forward(const float* inp, int B, int in, int out_dim, const float* w, const float* b,
                   float* out);
// The same with each side in the given layout.
void dense_forward(const float* inp, Layout inp_layout, int B, int in, int out_dim,
                   const float* w, const float* b, float* out, Layout out_layout);

// dout: (B, out), inp: (B, in) -> dw: (out, in), db: (out) overwritten (each parameter is used
// once per step, so there is nothing to accumulate); dinp: (B, in) overwritten, or skipped
// when null (the first layer needs no input gradient).
void dense_backward(const float* dout, const float* inp, int B, int in, int out_dim,
                    const float* w, float* dw, float* db, float* dinp);
// The same with dout and inp in the given layouts; dinp comes out in inp's.
void dense_backward(const float* dout, Layout dout_layout, const float* inp, Layout inp_layout,
                    int B, int in, int out_dim, const float* w, float* dw, float* db,
                    float* dinp);

}  // namespace ll
