#include "core/vae/evaluate.h"

#include <algorithm>
#include <functional>

#include "core/nn/rng.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"
#include "core/vae/objective.h"

namespace ll {

namespace {

// The training batch's size: the trainer's workspace already holds it, so an evaluation
// at each epoch's end allocates nothing more per model; larger chunks would cost memory for
// no speed, since the products run as fast at 128 rows.
constexpr int kChunk = 128;

// Runs `chunk_loss` (x: (b, D) floats -> that chunk's mean loss) over the split in order and
// averages by images.
EvalResult over_split(const Model& m, const uint8_t* pixels, size_t count, Workspace& ws,
                      const std::function<BatchLoss(const float*, int, double*)>& chunk_loss) {
  const ModelConfig& cfg = m.config();
  const int D = cfg.input_dim;
  ws.reserve(cfg, kChunk, false);
  FloatBuffer x(size_t(kChunk) * D);
  EvalResult r;
  r.kl_per_dim.assign(cfg.latent, 0.0);
  double rec = 0, kl = 0;
  for (size_t start = 0; start < count; start += kChunk) {
    const int b = int(std::min<size_t>(kChunk, count - start));
    pixels_to_floats(pixels + start * D, size_t(b) * D, x.data());
    const BatchLoss l = chunk_loss(x.data(), b, r.kl_per_dim.data());
    rec += l.rec * b;
    kl += l.kl * b;
  }
  r.count = count;
  if (count == 0) return r;
  r.rec = rec / count;
  r.kl = kl / count;
  r.loss = r.rec + r.kl;
  for (double& v : r.kl_per_dim) v /= double(count);
  return r;
}

}  // namespace

EvalResult evaluate(const Model& m, const uint8_t* pixels, size_t count, uint64_t seed,
                    Workspace& ws) {
  Rng rng(seed);
  return over_split(m, pixels, count, ws, [&](const float* x, int b, double* kl_dim_sum) {
    return compute_loss(m, x, b, rng, ws, kl_dim_sum);
  });
}

EvalResult evaluate_at_mean(const Model& m, const uint8_t* pixels, size_t count, Workspace& ws) {
  const ModelConfig& cfg = m.config();
  std::vector<double> kl_batch(cfg.latent);
  return over_split(m, pixels, count, ws, [&](const float* x, int b, double* kl_dim_sum) {
    encode(m, x, b, ws);
    decode(m, ws.mu.data(), b, ws);
    const double rec = reconstruction_loss(m, x, ws.logits.data(), b, ws, nullptr, 1.f, nullptr);
    double kl = 0;
    if (cfg.kind == ModelKind::Vae) {
      std::fill(kl_batch.begin(), kl_batch.end(), 0.0);
      kl_per_dimension(ws.mu.data(), ws.logvar.data(), b, cfg.latent, kl_batch.data());
      for (int j = 0; j < cfg.latent; ++j) {
        kl_dim_sum[j] += kl_batch[j];
        kl += kl_batch[j];
      }
    }
    return BatchLoss{rec / b, kl / b, (rec + kl) / b};
  });
}

}  // namespace ll
