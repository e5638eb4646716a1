#include "core/vae/objective.h"

#include <algorithm>
#include <cmath>

namespace ll {

namespace {
constexpr double kLog2Pi = 1.8378770664093453;
}

double reconstruction_loss(const Model& m, const float* x, const float* logits, int B,
                           Workspace& ws, float* dlogits, float scale, float* dlogvar_px) {
  const ModelConfig& cfg = m.config();
  const int D = cfg.input_dim;
  double total = 0;
  if (cfg.likelihood == Likelihood::Bernoulli) {
    for (int b = 0; b < B; ++b) {
      const float* xb = x + size_t(b) * D;
      const float* lb = logits + size_t(b) * D;
      float sum = 0.f;
      // BCE from logits, stable for any l: max(l,0) − l·x + log(1 + e^{−|l|}).
      for (int i = 0; i < D; ++i) {
        const float l = lb[i];
        sum += std::max(l, 0.f) - l * xb[i] + std::log1p(std::exp(-std::fabs(l)));
      }
      ws.rec[b] = sum;
      total += sum;
      if (dlogits) {
        float* gb = dlogits + size_t(b) * D;
        for (int i = 0; i < D; ++i) gb[i] = scale * (1.f / (1.f + std::exp(-lb[i])) - xb[i]);
      }
    }
    return total;
  }
  // Gaussian: −log N(x; mean, σ²) per pixel = ½ (log 2π + log σ² + (x − mean)² / σ²).
  const float* plv = cfg.learn_variance ? m.params().data() + m.layout().dec_logvar : nullptr;
  for (int b = 0; b < B; ++b) {
    const float* xb = x + size_t(b) * D;
    const float* mb = logits + size_t(b) * D;
    double sum = 0;
    for (int i = 0; i < D; ++i) {
      const float lv = plv ? plv[i] : cfg.gaussian_logvar;
      const float inv_var = std::exp(-lv);
      const float diff = mb[i] - xb[i];
      sum += 0.5 * (kLog2Pi + lv + diff * diff * inv_var);
      if (dlogits) dlogits[size_t(b) * D + i] = scale * diff * inv_var;
      if (dlogits && plv) dlogvar_px[i] += scale * 0.5f * (1.f - diff * diff * inv_var);
    }
    ws.rec[b] = float(sum);
    total += sum;
  }
  return total;
}

void kl_per_dimension(const float* mu, const float* logvar, int B, int L, double* kl_dim_sum) {
  for (int b = 0; b < B; ++b) {
    const float* mb = mu + size_t(b) * L;
    const float* lb = logvar + size_t(b) * L;
    for (int j = 0; j < L; ++j)
      kl_dim_sum[j] += -0.5 * (1.0 + lb[j] - double(mb[j]) * mb[j] - std::exp(double(lb[j])));
  }
}

double kl_backward(const float* mu, const float* logvar, int B, int L,
                   const ObjectiveParams& obj, const double* kl_dim_sum, float* dmu,
                   float* dlogvar) {
  double term = 0;
  const float scale = obj.beta / float(B);
  for (int j = 0; j < L; ++j) {
    const double mean_kl = kl_dim_sum[j] / B;
    const bool floored = mean_kl < obj.free_bits;
    term += obj.beta * (floored ? obj.free_bits : mean_kl);
    if (floored) continue;
    for (int b = 0; b < B; ++b) {
      const size_t k = size_t(b) * L + j;
      dmu[k] += scale * mu[k];
      dlogvar[k] += scale * 0.5f * (std::exp(logvar[k]) - 1.f);
    }
  }
  return term;
}

}  // namespace ll
