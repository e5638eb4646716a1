#pragma once
// Adam (Kingma & Ba) over one model's flat parameter buffer. The step count t belongs to the
// whole model: bias correction with one t per tensor is a known bug in small NN libraries.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/nn/buffer.h"

namespace ll {

struct AdamConfig {
  float lr = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
};

struct AdamState {
  FloatBuffer m, v;  // same length as the parameters
  int64_t t = 0;            // steps taken
  void reset(size_t n) {
    m.assign(n, 0.f);
    v.assign(n, 0.f);
    t = 0;
  }
};

// params, grads: (n); increments state.t, then updates params in place. Returns whether every
// updated parameter is finite (false: the step diverged).
bool adam_update(const AdamConfig& cfg, AdamState& state, float* params, const float* grads,
                 size_t n);
// The same with the gradient given as two parts added element by element, grads + grads_b
// (the two shards of a batch, core/vae/gradients.h): the sum rides along in the update's one
// pass, which is bound by the divider, not by memory, instead of costing a pass of its own.
bool adam_update(const AdamConfig& cfg, AdamState& state, float* params, const float* grads,
                 const float* grads_b, size_t n);

}  // namespace ll
