#include "core/nn/adam.h"

#include <cmath>

namespace ll {

bool adam_update(const AdamConfig& cfg, AdamState& s, float* params, const float* grads,
                 size_t n) {
  s.t += 1;
  // Folding both bias corrections into the step size keeps the loop to one pass (as PyTorch's
  // foreach Adam does): lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t), eps scaled to match.
  const double bc1 = 1.0 - std::pow(double(cfg.beta1), double(s.t));
  const double bc2 = 1.0 - std::pow(double(cfg.beta2), double(s.t));
  const float step = float(cfg.lr / bc1);
  const float inv_sqrt_bc2 = float(1.0 / std::sqrt(bc2));
  const float b1 = cfg.beta1, b2 = cfg.beta2, eps = cfg.eps;
  float* m = s.m.data();
  float* v = s.v.data();
  // One pass over 7 streams of n floats: memory-bound, so the finiteness check the trainer
  // needs rides along (p − p is 0 for a finite p, NaN otherwise) instead of a second pass.
  // Vectorizes because the build has -fno-math-errno (sqrt need not set errno).
  int not_finite = 0;
  for (size_t i = 0; i < n; ++i) {
    const float g = grads[i];
    m[i] = b1 * m[i] + (1.f - b1) * g;
    v[i] = b2 * v[i] + (1.f - b2) * g * g;
    const float p = params[i] - step * m[i] / (std::sqrt(v[i]) * inv_sqrt_bc2 + eps);
    params[i] = p;
    not_finite |= !(p - p == 0.f);
  }
  return not_finite == 0;
}

}  // namespace ll
