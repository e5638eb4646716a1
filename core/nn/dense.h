#pragma once
// Fully connected layer over flat buffers, in PyTorch's nn.Linear layout so checkpoints map
// one to one: weight (out, in) row-major, bias (out).
//
// Activations are stored one of two ways. Batch-major (B, n) is what the rest of the code
// reads: a row per image (batch-first, docs/architecture.md). Feature-major (n, B) is the
// transpose, a row per unit; encode() and decode() keep their hidden layers that way
// (hidden_layout in core/vae/forward.h) because OpenBLAS computes W · Xᵀ into (out, B) faster
// than X · Wᵀ into (B, out): the weight is then packed by its faster copy routine, with the
// same bits (docs/performance.md). Inputs, codes and outputs stay batch-major, except in a
// training step where gemm() has tile_gemm (core/vae/gradients.cpp).

namespace ll {

enum class Layout { BatchMajor, FeatureMajor };

// inp: (B, in) -> out: (B, out);  out = inp · Wᵀ + b.  out is overwritten.
void dense_forward(const float* inp, int B, int in, int out_dim, const float* w, const float* b,
                   float* out);
// The same with each side in its layout: inp (B, in) or (in, B) -> out (B, out) or (out, B).
void dense_forward(const float* inp, Layout inp_layout, int B, int in, int out_dim,
                   const float* w, const float* b, float* out, Layout out_layout);

// dout: (B, out), inp: (B, in) -> dw: (out, in), db: (out) overwritten (each parameter is used
// once per step, so there is nothing to accumulate); dinp: (B, in) overwritten, or skipped
// when null (the first layer needs no input gradient).
void dense_backward(const float* dout, const float* inp, int B, int in, int out_dim,
                    const float* w, float* dw, float* db, float* dinp);
// The same with dout (B, out) or (out, B) and inp (B, in) or (in, B), each in its layout;
// dinp comes out in inp's.
void dense_backward(const float* dout, Layout dout_layout, const float* inp, Layout inp_layout,
                    int B, int in, int out_dim, const float* w, float* dw, float* db,
                    float* dinp);

// src: (rows, cols) -> dst: (cols, rows), its transpose: from one layout to the other.
void transpose(const float* src, int rows, int cols, float* dst);

}  // namespace ll
