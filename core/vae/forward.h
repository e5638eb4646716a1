#pragma once
// Inference passes of a Model, shared by training, evaluation and the views. All outputs go
// to the caller's Workspace; the Model is only read, so a snapshot's model can be used from
// the UI thread while the trainer works on its own copy.
#include <cstddef>
#include <cstdint>

#include "core/nn/dense.h"
#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace ll {

// x: (B, D), or (D, B) when x_layout is feature-major -> ws.mu, ws.logvar: (B, L). The AE
// has no log σ² head: logvar is left as is.
void encode(const Model& m, const float* x, int B, Workspace& ws,
            Layout x_layout = Layout::BatchMajor);

// How encode() and decode() store the hidden layers of a batch of B (see dense.h):
// feature-major, except a single row, where both layouts are the same memory and OpenBLAS
// runs the batch-major products faster (the cursor decodes one point every frame).
Layout hidden_layout(int B);

// ws.mu, ws.logvar, ws.eps: (B, L) -> ws.z: (B, L). VAE: z = μ + exp(½ log σ²) ⊙ ε; AE: z = μ.
void reparameterize(const Model& m, int B, Workspace& ws);

// z: (B, L) -> ws.logits: (B, D), or (D, B) when logits_layout is feature-major. z may be
// ws.z or any caller buffer.
void decode(const Model& m, const float* z, int B, Workspace& ws,
            Layout logits_layout = Layout::BatchMajor);

// logits: (B, D) -> out: (B, D) the likelihood's mean image: sigmoid for Bernoulli, the mean
// clamped to [0, 1] for Gaussian.
void output_mean(const Model& m, const float* logits, int B, float* out);

// Convenience for views: decode `count` latent points z: (count, L) -> images (count, D) in
// [0,1], in chunks of the workspace's capacity.
void decode_images(const Model& m, const float* z, int count, Workspace& ws, float* images);

// Convenience for views: encode `count` uint8 images -> mu, logvar: (count, L) each (logvar
// may be null; for the AE it is filled with zeros).
void encode_images(const Model& m, const unsigned char* pixels, int count, Workspace& ws,
                   float* mu, float* logvar);

// uint8 pixels (B, D) -> x: (B, D) floats in [0, 1].
void pixels_to_floats(const unsigned char* pixels, size_t n, float* x);

// A shuffled batch: images index[0..count) of `pixels` (D bytes each) -> x: (count, D)
// floats in [0, 1]. Every image is asked of memory before the first is converted, so the
// scattered cache misses overlap rather than come one image at a time (measured faster, see
// docs/performance.md).
void gather_images(const unsigned char* pixels, size_t D, const uint32_t* index, int count,
                   float* x);

}  // namespace ll
