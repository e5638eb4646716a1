#include "core/latent/grad_variance.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/nn/activation.h"
#include "core/nn/dense.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"
#include "core/vae/objective.h"

namespace ll {

void reconstruction_head_gradients(GradEstimator e, const float* eps, const float* logvar,
                                   const float* rec, const float* dz, int B, int L, float scale,
                                   float* dmu, float* dlogvar) {
  if (e == GradEstimator::Reparameterized) {
    // z = μ + exp(½ log σ²)·ε: ∂z/∂μ = 1, ∂z/∂log σ² = ½ σ ε.
    for (size_t k = 0; k < size_t(B) * L; ++k) {
      dmu[k] = dz[k];
      dlogvar[k] = dz[k] * 0.5f * std::exp(0.5f * logvar[k]) * eps[k];
    }
    return;
  }
  // ∇ log N(z; μ, σ²) at z = μ + σε: ∂/∂μ = ε/σ, ∂/∂log σ² = ½(ε² − 1).
  double total = 0;
  for (int b = 0; b < B; ++b) total += rec[b];
  for (int b = 0; b < B; ++b) {
    double f = rec[b];
    if (e == GradEstimator::ScoreBaseline) f -= (total - rec[b]) / (B - 1);
    for (int j = 0; j < L; ++j) {
      const size_t k = size_t(b) * L + j;
      const double ek = eps[k];
      dmu[k] = float(scale * f * ek * std::exp(-0.5 * double(logvar[k])));
      dlogvar[k] = float(scale * f * 0.5 * (ek * ek - 1.0));
    }
  }
}

EncoderGradientDraws::EncoderGradientDraws(const Model& m, int B) : m_(m), B_(B) {
  const ModelConfig& cfg = m.config();
  if (cfg.kind != ModelKind::Vae)
    throw Error("gradient variance needs a VAE: an AE has no q(z|x) to sample");
  if (B < 2)
    throw Error("gradient variance needs a batch of at least 2 images (the baseline leaves one "
                "out), got " + std::to_string(B));
  const DenseSlot& heads = m.layout().enc_heads;
  enc_size_ = heads.b + size_t(heads.out);
  ws_.reserve(cfg, B);
  const size_t n = size_t(B) * cfg.latent;
  x_.assign(size_t(B) * cfg.input_dim, 0.f);
  grads_.assign(m.params().size(), 0.f);
  dlogvar_px_.assign(cfg.input_dim, 0.f);
  rec_.assign(B, 0.f);
  for (auto* v : {&dz_, &kl_dmu_, &kl_dlogvar_}) v->assign(n, 0.f);
}

void EncoderGradientDraws::set_batch(const float* x) {
  const ModelConfig& cfg = m_.config();
  std::copy_n(x, x_.size(), x_.data());
  encode(m_, x_.data(), B_, ws_);
  // The analytic KL's gradient is the same for every draw and estimator.
  std::vector<double> kl_dim(cfg.latent, 0.0);
  kl_per_dimension(ws_.mu.data(), ws_.logvar.data(), B_, cfg.latent, kl_dim.data());
  std::fill(kl_dmu_.begin(), kl_dmu_.end(), 0.f);
  std::fill(kl_dlogvar_.begin(), kl_dlogvar_.end(), 0.f);
  kl_backward(ws_.mu.data(), ws_.logvar.data(), B_, cfg.latent, ObjectiveParams{}, kl_dim.data(),
              kl_dmu_.data(), kl_dlogvar_.data());
}

// ws_.dmu, ws_.dlogvar: (B, L) ∂objective/∂(μ, log σ²) -> out: (encoder_size()). As
// compute_gradients' encoder half (gradients.cpp), with the hidden layers as encode() left them.
void EncoderGradientDraws::encoder_backward(float* out) {
  const ModelLayout& lay = m_.layout();
  const float* p = m_.params().data();
  const int L = m_.config().latent, B = B_;
  const Layout hid = hidden_layout(B);
  for (int r = 0; r < B; ++r) {
    std::copy_n(ws_.dmu.data() + size_t(r) * L, L, ws_.dheads.data() + size_t(r) * 2 * L);
    std::copy_n(ws_.dlogvar.data() + size_t(r) * L, L, ws_.dheads.data() + size_t(r) * 2 * L + L);
  }
  const size_t nh = lay.enc_hidden.size();
  const DenseSlot& heads = lay.enc_heads;
  dense_backward(ws_.dheads.data(), Layout::BatchMajor, ws_.enc_h[nh - 1].data(), hid, B, heads.in,
                 heads.out, p + heads.w, out + heads.w, out + heads.b, ws_.denc_h[nh - 1].data());
  for (size_t i = nh; i-- > 0;) {
    const DenseSlot& s = lay.enc_hidden[i];
    activation_backward(m_.config().activation, ws_.enc_h[i].data(), ws_.denc_h[i].data(),
                        size_t(B) * s.out);
    const float* inp = i == 0 ? x_.data() : ws_.enc_h[i - 1].data();
    float* dinp = i == 0 ? nullptr : ws_.denc_h[i - 1].data();
    dense_backward(ws_.denc_h[i].data(), hid, inp, i == 0 ? Layout::BatchMajor : hid, B, s.in,
                   s.out, p + s.w, out + s.w, out + s.b, dinp);
  }
}

void EncoderGradientDraws::draw(const float* eps, float* reparam, float* score, float* baseline) {
  const ModelConfig& cfg = m_.config();
  const ModelLayout& lay = m_.layout();
  const float* p = m_.params().data();
  const int L = cfg.latent, B = B_;
  const size_t n = size_t(B) * L;
  const Layout hid = hidden_layout(B);
  std::copy_n(eps, n, ws_.eps.data());
  reparameterize(m_, B, ws_);
  decode(m_, ws_.z.data(), B, ws_);
  const float scale = 1.f / float(B);
  reconstruction_loss(m_, x_.data(), ws_.logits.data(), B, ws_, ws_.dlogits.data(), scale,
                      dlogvar_px_.data());
  std::copy_n(ws_.rec.data(), B, rec_.data());
  if (reparam) {
    // Decoder backward to dz; its parameter gradients land in grads_ and are not used.
    const float* dout = ws_.dlogits.data();
    for (size_t i = lay.dec_hidden.size() + 1; i-- > 0;) {
      const bool is_out = i == lay.dec_hidden.size();
      const DenseSlot& s = is_out ? lay.dec_out : lay.dec_hidden[i];
      const float* inp = i == 0 ? ws_.z.data() : ws_.dec_h[i - 1].data();
      float* dinp = i == 0 ? dz_.data() : ws_.ddec_h[i - 1].data();
      dense_backward(dout, is_out ? Layout::BatchMajor : hid, inp,
                     i == 0 ? Layout::BatchMajor : hid, B, s.in, s.out, p + s.w,
                     grads_.data() + s.w, grads_.data() + s.b, dinp);
      if (i > 0)
        activation_backward(cfg.activation, ws_.dec_h[i - 1].data(), dinp, size_t(B) * s.in);
      dout = dinp;
    }
  }
  const GradEstimator kinds[3] = {GradEstimator::Reparameterized, GradEstimator::Score,
                                  GradEstimator::ScoreBaseline};
  float* outs[3] = {reparam, score, baseline};
  for (int k = 0; k < 3; ++k) {
    if (!outs[k]) continue;
    reconstruction_head_gradients(kinds[k], ws_.eps.data(), ws_.logvar.data(), rec_.data(),
                                  dz_.data(), B, L, scale, ws_.dmu.data(), ws_.dlogvar.data());
    for (size_t i = 0; i < n; ++i) {
      ws_.dmu[i] += kl_dmu_[i];
      ws_.dlogvar[i] += kl_dlogvar_[i];
    }
    encoder_backward(outs[k]);
  }
}

GradVariance gradient_variance(const Model& m, const float* x, int B, int draws, uint64_t seed) {
  if (draws < 2)
    throw Error("gradient variance needs at least 2 draws, got " + std::to_string(draws));
  EncoderGradientDraws g(m, B);
  g.set_batch(x);
  const size_t P = g.encoder_size();
  const int L = m.config().latent;
  // Welford's mean and M2 per parameter are stored in float and updated in double: for a
  // 784-400-2 VAE (316k encoder parameters, 3 estimators) they took 15 MB as doubles, the theory
  // worker's largest allocation, and 7.6 MB now. Each update's arithmetic is double, so what
  // float costs is one rounding per stored value per draw: over 64 draws the variances move by
  // about 1e-6 relatively (tests/test_grad_variance.cpp), far below the 3 digits shown.
  FloatBuffer est[3], eps(size_t(B) * L), mean[3], m2[3];
  for (int k = 0; k < 3; ++k) {
    est[k].assign(P, 0.f);
    mean[k].assign(P, 0.f);
    m2[k].assign(P, 0.f);
  }
  Rng rng(seed);
  for (int t = 0; t < draws; ++t) {
    for (float& e : eps) e = rng.normal();
    g.draw(eps.data(), est[0].data(), est[1].data(), est[2].data());
    // Welford: the reparameterized estimate's mean can be large against its spread.
    const double inv = 1.0 / (t + 1);
    for (int k = 0; k < 3; ++k) {
      float* mk = mean[k].data();
      float* sk = m2[k].data();
      const float* ek = est[k].data();
      for (size_t i = 0; i < P; ++i) {
        const double x = ek[i], d = x - mk[i], next = mk[i] + d * inv;
        sk[i] = float(sk[i] + d * (x - next));
        mk[i] = float(next);
      }
    }
  }
  GradVariance out;
  out.draws = draws;
  out.batch = B;
  out.parameters = P;
  double* res[3] = {&out.reparam, &out.score, &out.score_baseline};
  for (int k = 0; k < 3; ++k) {
    double s = 0;
    for (float v : m2[k]) s += v;
    *res[k] = s / double(draws - 1) / double(P);
  }
  return out;
}

GradVariance gradient_variance(const Model& m, const uint8_t* pixels, int count, int draws,
                               uint64_t seed) {
  FloatBuffer x(size_t(std::max(count, 0)) * m.config().input_dim);
  pixels_to_floats(pixels, x.size(), x.data());
  return gradient_variance(m, x.data(), count, draws, seed);
}

}  // namespace ll
