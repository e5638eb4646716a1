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
  std::vector<FloatBuffer> enc_h;  // per encoder hidden layer: (B, H_i), post-activation
  FloatBuffer mu, logvar, eps, z;  // (B, L)
  std::vector<FloatBuffer> dec_h;  // per decoder hidden layer: (B, H_i)
  FloatBuffer logits;              // (B, D): Bernoulli logits or Gaussian means
  // backward
  FloatBuffer dlogits;             // (B, D)
  std::vector<FloatBuffer> ddec_h, denc_h;
  FloatBuffer dz, dmu, dlogvar;    // (B, L)
  FloatBuffer dh_top;              // (B, H_last): gradient from the log σ² head
  FloatBuffer rec;                 // (B): per-sample reconstruction nats

  // Grows the buffers to hold `batch` rows of this model shape (never shrinks).
  void reserve(const ModelConfig& cfg, int batch);
};

}  // namespace ll
