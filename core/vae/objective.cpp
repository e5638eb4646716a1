#include "core/vae/objective.h"

// GCC 12 flags the deliberate self-initialisation in _mm512_undefined_ps() once Eigen's
// vectorized log is inlined here: a false positive in a system header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <vector>

namespace ll {

namespace {
constexpr double kLog2Pi = 1.8378770664093453;

// Both layouts below compute each pixel's terms with these, so they agree by construction.
// BCE from logits, stable for any l: max(l,0) − l·x + log(1 + e^{−|l|}), given e = e^{−|l|}
// (an Eigen array expression, summed or stored by the caller).
template <class L, class X, class E>
auto bce_nats(const L& l, const X& x, const E& e) {
  return l.max(0.f) - l * x + (1.f + e).log();
}
// scale · ∂BCE/∂l = scale · (σ(l) − x), with σ(l) = 1/(1+e) for l ≥ 0 and e/(1+e) otherwise.
inline float bce_grad(float l, float e, float x, float scale) {
  return scale * ((l >= 0.f ? 1.f : e) / (1.f + e) - x);
}
// −log N(x; mean, σ²) for one pixel, diff = mean − x: ½ (log 2π + log σ² + diff² / σ²).
inline double gaussian_nats(float diff, float lv, float inv_var) {
  return 0.5 * (kLog2Pi + lv + diff * diff * inv_var);
}
// scale · ∂/∂log σ² of the same.
inline float gaussian_dlogvar(float diff, float inv_var, float scale) {
  return scale * 0.5f * (1.f - diff * diff * inv_var);
}

// reconstruction_loss over feature-major x, logits: (D, B), a pixel row of the whole batch at
// a time; each sample's sum runs down its column in pixel order, in double as the batch-major
// Gaussian sum does.
double reconstruction_loss_fm(const Model& m, const float* x, const float* logits, int B,
                              Workspace& ws, float* dlogits, float scale, float* dlogvar_px) {
  const ModelConfig& cfg = m.config();
  const int D = cfg.input_dim;
  thread_local std::vector<double> per_sample;
  // Aligned (FloatBuffer) for the bits' sake: Eigen peels a row's head off by the
  // destination's alignment, and a thread's own vector would make the loss depend on which
  // thread computed it.
  thread_local FloatBuffer e_row, term_row;
  per_sample.assign(size_t(B), 0.0);
  e_row.resize(size_t(B));
  term_row.resize(size_t(B));
  using Arr = Eigen::Map<Eigen::ArrayXf>;
  using ConstArr = Eigen::Map<const Eigen::ArrayXf>;
  const float* plv = cfg.learn_variance ? m.params().data() + m.layout().dec_logvar : nullptr;
  for (int i = 0; i < D; ++i) {
    const float* xi = x + size_t(i) * B;
    const float* li = logits + size_t(i) * B;
    float* gi = dlogits ? dlogits + size_t(i) * B : nullptr;
    const ConstArr l(li, B), xa(xi, B);
    if (cfg.likelihood == Likelihood::Bernoulli) {
      // One e^{−|l|} per pixel serves the loss and σ(l), as in the batch-major form.
      Arr e(gi ? gi : e_row.data(), B);
      e = (-l.abs()).exp();
      Arr term(term_row.data(), B);
      term = bce_nats(l, xa, e);
      for (int b = 0; b < B; ++b) per_sample[b] += term[b];
      if (gi)
        for (int b = 0; b < B; ++b) gi[b] = bce_grad(li[b], gi[b], xi[b], scale);
    } else {
      const float lv = plv ? plv[i] : cfg.gaussian_logvar;
      const float inv_var = std::exp(-lv);
      for (int b = 0; b < B; ++b) {
        const float diff = li[b] - xi[b];
        per_sample[b] += gaussian_nats(diff, lv, inv_var);
        if (gi) gi[b] = scale * diff * inv_var;
        if (gi && plv) dlogvar_px[i] += gaussian_dlogvar(diff, inv_var, scale);
      }
    }
  }
  double total = 0;
  for (int b = 0; b < B; ++b) {
    ws.rec[b] = float(per_sample[b]);
    total += per_sample[b];
  }
  return total;
}
}  // namespace

double reconstruction_loss(const Model& m, const float* x, const float* logits, int B,
                           Workspace& ws, float* dlogits, float scale, float* dlogvar_px,
                           Layout layout) {
  if (layout == Layout::FeatureMajor)
    return reconstruction_loss_fm(m, x, logits, B, ws, dlogits, scale, dlogvar_px);
  const ModelConfig& cfg = m.config();
  const int D = cfg.input_dim;
  double total = 0;
  if (cfg.likelihood == Likelihood::Bernoulli) {
    // BCE from logits, stable for any l: max(l,0) − l·x + log(1 + e^{−|l|}), and its gradient
    // σ(l) − x with σ(l) = 1/(1+e^{−|l|}) for l ≥ 0, e^{−|l|}/(1+e^{−|l|}) otherwise: one
    // e^{−|l|} per pixel serves both. Eigen's array exp and log are vectorized (libm's are
    // not), and e^{−|l|} is kept in the gradient's own row until the gradient overwrites it.
    // log(1 + e) rather than log1p(e): e ≤ 1, so rounding 1 + e costs at most 6e-8 nats per
    // pixel — no more than rounding each summand of the row's float sum already does.
    using ConstArr = Eigen::Map<const Eigen::ArrayXf>;
    for (int b = 0; b < B; ++b) {
      const float* xb = x + size_t(b) * D;
      const float* lb = logits + size_t(b) * D;
      const ConstArr l(lb, D), xa(xb, D);
      float sum;
      if (dlogits) {
        float* gb = dlogits + size_t(b) * D;
        Eigen::Map<Eigen::ArrayXf> e(gb, D);
        e = (-l.abs()).exp();
        sum = bce_nats(l, xa, e).sum();
        for (int i = 0; i < D; ++i) gb[i] = bce_grad(lb[i], gb[i], xb[i], scale);
      } else {
        sum = bce_nats(l, xa, (-l.abs()).exp()).sum();
      }
      ws.rec[b] = sum;
      total += sum;
    }
    return total;
  }
  // Gaussian: −log N(x; mean, σ²) per pixel = ½ (log 2π + log σ² + (x − mean)² / σ²).
  const float* plv = cfg.learn_variance ? m.params().data() + m.layout().dec_logvar : nullptr;
  // 1/σ² per pixel, once per batch rather than once per sample and pixel (the same values:
  // exp of the same argument). Grows only when D does.
  thread_local std::vector<float> inv_var_px;
  inv_var_px.resize(size_t(D));
  for (int i = 0; i < D; ++i) inv_var_px[i] = std::exp(-(plv ? plv[i] : cfg.gaussian_logvar));
  for (int b = 0; b < B; ++b) {
    const float* xb = x + size_t(b) * D;
    const float* mb = logits + size_t(b) * D;
    double sum = 0;
    for (int i = 0; i < D; ++i) {
      const float lv = plv ? plv[i] : cfg.gaussian_logvar;
      const float inv_var = inv_var_px[i];
      const float diff = mb[i] - xb[i];
      sum += gaussian_nats(diff, lv, inv_var);
      if (dlogits) dlogits[size_t(b) * D + i] = scale * diff * inv_var;
      if (dlogits && plv) dlogvar_px[i] += gaussian_dlogvar(diff, inv_var, scale);
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
  return kl_backward(mu, logvar, B, B, L, obj, kl_dim_sum, dmu, dlogvar);
}

double kl_backward(const float* mu, const float* logvar, int rows, int B, int L,
                   const ObjectiveParams& obj, const double* kl_dim_sum, float* dmu,
                   float* dlogvar) {
  double term = 0;
  const float scale = obj.beta / float(B);
  for (int j = 0; j < L; ++j) {
    const double mean_kl = kl_dim_sum[j] / B;
    const bool floored = mean_kl < obj.free_bits;
    term += obj.beta * (floored ? obj.free_bits : mean_kl);
    if (floored) continue;
    for (int b = 0; b < rows; ++b) {
      const size_t k = size_t(b) * L + j;
      dmu[k] += scale * mu[k];
      dlogvar[k] += scale * 0.5f * (std::exp(logvar[k]) - 1.f);
    }
  }
  return term;
}

}  // namespace ll
