#pragma once
// Every activation and gradient buffer one forward/backward pass needs, sized once for a
// batch capacity so the hot loop never allocates. Each thread that runs a model (trainer,
// UI decoding under the cursor, evaluation) owns its own Workspace; the Model stays const.
#include <vector>

#include "core/vae/model_config.h"

namespace ll {

struct Workspace {
  int capacity = 0;
  std::vector<std::vector<float>> enc_h;  // per encoder hidden layer: (B, H_i), post-activation
  std::vector<float> mu, logvar, eps, z;  // (B, L)
  std::vector<std::vector<float>> dec_h;  // per decoder hidden layer: (B, H_i)
  std::vector<float> logits;              // (B, D): Bernoulli logits or Gaussian means
  // backward
  std::vector<float> dlogits;             // (B, D)
  std::vector<std::vector<float>> ddec_h, denc_h;
  std::vector<float> dz, dmu, dlogvar;    // (B, L)
  std::vector<float> dh_top;              // (B, H_last): gradient from the log σ² head
  std::vector<float> rec;                 // (B): per-sample reconstruction nats

  // Grows the buffers to hold `batch` rows of this model shape (never shrinks).
  void reserve(const ModelConfig& cfg, int batch);
};

}  // namespace ll
