#pragma once
// Every activation and gradient buffer one forward/backward pass needs, sized once for a
// batch capacity so the hot loop never allocates. Each thread that runs a model (trainer,
// UI decoding under the cursor, evaluation) owns its own Workspace; the Model stays const.
#include <vector>

#include "core/nn/buffer.h"

#include "core/vae/model_config.h"

namespace ll {

struct Workspace {
  int capacity = 0;
  // per encoder hidden layer, post-activation: (H_i, B) feature-major (see hidden_layout)
  std::vector<FloatBuffer> enc_h;
  FloatBuffer mu, logvar, eps, z;  // (B, L)
  FloatBuffer heads;               // (B, 2L): the VAE's μ and log σ² side by side
  std::vector<FloatBuffer> dec_h;  // per decoder hidden layer: as enc_h
  FloatBuffer logits;              // (B, D): Bernoulli logits or Gaussian means; (D, B) in a
                                   // training step that keeps its batch feature-major (gradients.cpp)
  FloatBuffer xt;                  // (D, B): the training batch feature-major (compute_gradients)
  // backward
  FloatBuffer dlogits;             // as logits
  std::vector<FloatBuffer> ddec_h, denc_h;  // as dec_h and enc_h
  FloatBuffer dz, dmu, dlogvar;    // (B, L)
  FloatBuffer dheads;              // (B, 2L): dmu and dlogvar side by side, as heads
  FloatBuffer rec;                 // (B): per-sample reconstruction nats
  bool backward = false;           // the backward buffers and xt are sized too

  // Grows the buffers to hold `batch` rows of this model shape (never shrinks). Without
  // `with_backward` only what a forward pass needs (encode, decode, the likelihood): less
  // than half the bytes, and the explorer keeps a workspace in each of its half-dozen workers.
  void reserve(const ModelConfig& cfg, int batch, bool with_backward = true);
};

}  // namespace ll
