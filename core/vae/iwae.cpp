#include "core/vae/iwae.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"
#include "core/vae/objective.h"

namespace ll {

double iwae_bound(const Model& m, const uint8_t* pixels, size_t count, int k, uint64_t seed) {
  const ModelConfig& cfg = m.config();
  if (cfg.kind != ModelKind::Vae) throw Error("the IWAE bound needs a VAE: an AE has no posterior q(z|x)");
  if (k < 1) throw Error("IWAE needs k >= 1 samples, got " + std::to_string(k));
  const int D = cfg.input_dim, L = cfg.latent;
  constexpr double kLog2Pi = 1.8378770664093453;
  // One image's k samples are decoded as one batch.
  Workspace enc_ws, dec_ws;
  enc_ws.reserve(cfg, 1, false);
  dec_ws.reserve(cfg, k, false);
  FloatBuffer x(D), xk(size_t(k) * D), z(size_t(k) * L);
  std::vector<double> logw(k);
  Rng rng(seed);
  double total = 0;
  for (size_t n = 0; n < count; ++n) {
    pixels_to_floats(pixels + n * D, D, x.data());
    encode(m, x.data(), 1, enc_ws);
    for (int i = 0; i < k; ++i) {
      double log_q = 0, log_p = 0;
      for (int j = 0; j < L; ++j) {
        const float e = rng.normal();
        const float lv = enc_ws.logvar[j];
        const float zj = enc_ws.mu[j] + std::exp(0.5f * lv) * e;
        z[size_t(i) * L + j] = zj;
        log_q += -0.5 * (kLog2Pi + lv + double(e) * e);
        log_p += -0.5 * (kLog2Pi + double(zj) * zj);
      }
      logw[i] = log_p - log_q;
      std::copy(x.begin(), x.end(), xk.begin() + size_t(i) * D);
    }
    decode(m, z.data(), k, dec_ws);
    reconstruction_loss(m, xk.data(), dec_ws.logits.data(), k, dec_ws, nullptr, 0.f, nullptr);
    double mx = -INFINITY;
    for (int i = 0; i < k; ++i) {
      logw[i] -= dec_ws.rec[i];
      mx = std::max(mx, logw[i]);
    }
    double s = 0;
    for (int i = 0; i < k; ++i) s += std::exp(logw[i] - mx);
    total += mx + std::log(s / k);
  }
  return count ? total / double(count) : 0.0;
}

}  // namespace ll
