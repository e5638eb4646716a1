#include "core/vae/evaluate.h"

#include <algorithm>

#include "core/nn/rng.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"

namespace ll {

EvalResult evaluate(const Model& m, const uint8_t* pixels, size_t count, uint64_t seed,
                    Workspace& ws) {
  const ModelConfig& cfg = m.config();
  const int D = cfg.input_dim;
  // The training batch's size: the trainer's workspace already holds it, so an evaluation
  // at each epoch's end allocates nothing more per model; larger chunks would cost memory for
  // no speed, since the products run as fast at 128 rows.
  const int chunk = 128;
  ws.reserve(cfg, chunk);
  FloatBuffer x(size_t(chunk) * D);
  EvalResult r;
  r.kl_per_dim.assign(cfg.latent, 0.0);
  Rng rng(seed);
  double rec = 0, kl = 0;
  for (size_t start = 0; start < count; start += chunk) {
    const int b = int(std::min<size_t>(chunk, count - start));
    pixels_to_floats(pixels + start * D, size_t(b) * D, x.data());
    const BatchLoss l = compute_loss(m, x.data(), b, rng, ws, r.kl_per_dim.data());
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

}  // namespace ll
