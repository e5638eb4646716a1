#include "core/vae/gradients.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/nn/dense.h"
#include "core/nn/tile_gemm.h"
#include "core/vae/forward.h"

namespace ll {

namespace {

// Forward pass through z and the decoder; returns the reconstruction sum, leaves the KL per
// dimension of this batch in kl_batch: (L). x is (B, D); with io = feature-major it is also
// given as xt: (D, B), and the logits (and dlogits) come out (D, B).
double forward(const Model& m, const float* x, const float* xt, Layout io, int B, Rng& rng,
               Workspace& ws, float* dlogits, float scale, float* dlogvar_px,
               std::vector<double>& kl_batch) {
  const ModelConfig& cfg = m.config();
  const bool fm = io == Layout::FeatureMajor;
  encode(m, fm ? xt : x, B, ws, io);
  std::fill(kl_batch.begin(), kl_batch.end(), 0.0);
  if (cfg.kind == ModelKind::Vae) {
    const size_t n = size_t(B) * cfg.latent;
    for (size_t i = 0; i < n; ++i) ws.eps[i] = rng.normal();
    kl_per_dimension(ws.mu.data(), ws.logvar.data(), B, cfg.latent, kl_batch.data());
  }
  reparameterize(m, B, ws);
  decode(m, ws.z.data(), B, ws, io);
  return reconstruction_loss(m, fm ? xt : x, ws.logits.data(), B, ws, dlogits, scale, dlogvar_px, io);
}

constexpr Layout kBM = Layout::BatchMajor;

// Where gemm() has tile_gemm, the batch, the logits and their gradient go feature-major
// with the hidden layers: then the encoder's first product, the decoder's output product
// and its input gradient take their second operand by rows, the form tile_gemm computes
// (the first layer's weight gradient already does, reading x batch-major), and a step is
// faster at both widths. Without tile_gemm both forms cost OpenBLAS the same, so the
// transposed copy of x would only add to the step: the batch stays batch-major there
// (docs/performance.md has the figures).
Layout io_layout(int B) {
  const Layout hid = hidden_layout(B);
  return hid == Layout::FeatureMajor && tile_gemm_enabled() ? hid : Layout::BatchMajor;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

}  // namespace

BatchLoss compute_loss(const Model& m, const float* x, int B, Rng& rng, Workspace& ws,
                       double* kl_dim_sum) {
  std::vector<double> kl_batch(m.config().latent, 0.0);
  const double rec = forward(m, x, nullptr, Layout::BatchMajor, B, rng, ws, nullptr, 0.f, nullptr, kl_batch);
  if (kl_dim_sum)
    for (size_t j = 0; j < kl_batch.size(); ++j) kl_dim_sum[j] += kl_batch[j];
  const double kl = sum(kl_batch);
  return {rec / B, kl / B, (rec + kl) / B};
}

void draw_eps(const Model& m, int rows, Rng& rng, Workspace& ws) {
  if (m.config().kind != ModelKind::Vae) return;
  const size_t n = size_t(rows) * m.config().latent;
  for (size_t i = 0; i < n; ++i) ws.eps[i] = rng.normal();
}

double shard_forward(const Model& m, const float* x, int rows, int batch, Workspace& ws,
                     float* grads, double* kl_shard) {
  // A workspace sized for forward passes only has no room for the gradients: say so rather
  // than write past its buffers.
  if (!ws.backward || ws.capacity < rows)
    throw Error("a training step needs a workspace reserved with its backward buffers for " +
                std::to_string(rows) + " rows");
  const ModelConfig& cfg = m.config();
  const ModelLayout& lay = m.layout();
  const float* p = m.params().data();
  const int B = rows, L = cfg.latent;
  const Activation act = cfg.activation;

  float* dlogvar_px = lay.has_dec_logvar ? grads + lay.dec_logvar : nullptr;
  if (dlogvar_px) std::fill_n(dlogvar_px, cfg.input_dim, 0.f);
  const float scale = 1.f / float(batch);  // the objective is a mean over the whole batch
  const Layout hid = hidden_layout(B);
  const Layout io = io_layout(B);
  const bool fm = io == Layout::FeatureMajor;
  if (fm) transpose(x, B, cfg.input_dim, ws.xt.data());
  encode(m, fm ? ws.xt.data() : x, B, ws, io);
  std::fill_n(kl_shard, L, 0.0);
  if (cfg.kind == ModelKind::Vae) kl_per_dimension(ws.mu.data(), ws.logvar.data(), B, L, kl_shard);
  reparameterize(m, B, ws);
  decode(m, ws.z.data(), B, ws, io);
  const double rec = reconstruction_loss(m, fm ? ws.xt.data() : x, ws.logits.data(), B, ws,
                                         ws.dlogits.data(), scale, dlogvar_px, io);

  // Decoder, top to bottom. dlogits -> dz: (B, L). The hidden layers and their gradients are
  // laid out as decode() left them (hidden_layout: feature-major for B > 1), the logits and
  // their gradient as io; z is batch-major.
  const float* dout = ws.dlogits.data();
  for (size_t i = lay.dec_hidden.size() + 1; i-- > 0;) {
    const bool is_out = i == lay.dec_hidden.size();
    const DenseSlot& s = is_out ? lay.dec_out : lay.dec_hidden[i];
    const float* inp = i == 0 ? ws.z.data() : ws.dec_h[i - 1].data();
    float* dinp = i == 0 ? ws.dz.data() : ws.ddec_h[i - 1].data();
    dense_backward(dout, is_out ? io : hid, inp, i == 0 ? kBM : hid, B, s.in, s.out, p + s.w,
                   grads + s.w, grads + s.b, dinp);
    if (i > 0) activation_backward(act, ws.dec_h[i - 1].data(), dinp, size_t(B) * s.in);
    dout = dinp;
  }

  // Through z. VAE: z = μ + exp(½ log σ²)·ε, so ∂z/∂μ = 1 and ∂z/∂log σ² = ½ σ ε. The KL's
  // own gradient waits for the batch's KL (shard_backward).
  const size_t n = size_t(B) * L;
  if (cfg.kind == ModelKind::Vae) {
    for (size_t k = 0; k < n; ++k) {
      ws.dmu[k] = ws.dz[k];
      ws.dlogvar[k] = ws.dz[k] * 0.5f * std::exp(0.5f * ws.logvar[k]) * ws.eps[k];
    }
  } else {
    std::copy_n(ws.dz.data(), n, ws.dmu.data());
  }
  return rec;
}

double shard_backward(const Model& m, const float* x, int rows, int batch,
                      const ObjectiveParams& obj, const double* kl_batch, Workspace& ws,
                      float* grads) {
  const ModelConfig& cfg = m.config();
  const ModelLayout& lay = m.layout();
  const float* p = m.params().data();
  const int B = rows, L = cfg.latent;
  const Activation act = cfg.activation;
  const Layout hid = hidden_layout(B);
  double kl_term = 0;
  if (cfg.kind == ModelKind::Vae)
    kl_term = kl_backward(ws.mu.data(), ws.logvar.data(), B, batch, L, obj, kl_batch,
                          ws.dmu.data(), ws.dlogvar.data());

  // Encoder heads, then hidden layers. The last hidden layer feeds both heads: sum their
  // input gradients.
  const size_t nh = lay.enc_hidden.size();
  float* dh = ws.denc_h[nh - 1].data();
  const float* h_top = ws.enc_h[nh - 1].data();
  // The hidden layers are as encode() left them (hidden_layout); so are their gradients.
  // Both heads as one layer (see ModelLayout::enc_heads): its output gradient is (B, 2L) rows
  // of ∂/∂μ then ∂/∂log σ², and its input gradient is already their sum.
  const DenseSlot& heads = lay.enc_heads;
  const float* dheads = ws.dmu.data();
  if (cfg.kind == ModelKind::Vae) {
    for (int r = 0; r < B; ++r) {
      std::copy_n(ws.dmu.data() + size_t(r) * L, L, ws.dheads.data() + size_t(r) * 2 * L);
      std::copy_n(ws.dlogvar.data() + size_t(r) * L, L, ws.dheads.data() + size_t(r) * 2 * L + L);
    }
    dheads = ws.dheads.data();
  }
  dense_backward(dheads, kBM, h_top, hid, B, heads.in, heads.out, p + heads.w, grads + heads.w,
                 grads + heads.b, dh);
  for (size_t i = nh; i-- > 0;) {
    const DenseSlot& s = lay.enc_hidden[i];
    activation_backward(act, ws.enc_h[i].data(), ws.denc_h[i].data(), size_t(B) * s.out);
    const float* inp = i == 0 ? x : ws.enc_h[i - 1].data();
    float* dinp = i == 0 ? nullptr : ws.denc_h[i - 1].data();
    dense_backward(ws.denc_h[i].data(), hid, inp, i == 0 ? kBM : hid, B, s.in, s.out, p + s.w,
                   grads + s.w, grads + s.b, dinp);
  }
  return kl_term;
}

BatchLoss compute_gradients(const Model& m, const float* x, int B, Rng& rng,
                            const ObjectiveParams& obj, Workspace& ws, float* grads,
                            double* kl_dim_sum) {
  // The whole batch as its one shard.
  thread_local std::vector<double> kl_batch;
  kl_batch.assign(m.config().latent, 0.0);
  draw_eps(m, B, rng, ws);
  const double rec = shard_forward(m, x, B, B, ws, grads, kl_batch.data());
  const double kl_term = shard_backward(m, x, B, B, obj, kl_batch.data(), ws, grads);
  if (kl_dim_sum)
    for (size_t j = 0; j < kl_batch.size(); ++j) kl_dim_sum[j] += kl_batch[j];
  const double kl = sum(kl_batch);
  return {rec / B, kl / B, rec / B + kl_term};
}

}  // namespace ll
