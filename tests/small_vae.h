#pragma once
// A small VAE trained for a few hundred steps on the built-in synthetic shapes: a real,
// non-Gaussian posterior for the exact-readout and gradient-variance tests, in about a second.
#include <vector>

#include "core/data/synthetic.h"
#include "core/nn/adam.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"
#include "core/vae/model.h"

namespace ll::testing {

inline Dataset small_synthetic() { return data::make_synthetic(3000, 200, 5); }

inline Model train_small_vae(const Dataset& ds, int latent, int hidden, int steps, uint64_t seed,
                             Likelihood lik = Likelihood::Bernoulli) {
  ModelConfig cfg;
  cfg.input_dim = int(ds.image_size());
  cfg.hidden = {hidden};
  cfg.latent = latent;
  cfg.likelihood = lik;
  Model m(cfg);
  m.init(seed);
  const int B = 64, D = cfg.input_dim;
  Workspace ws;
  ws.reserve(cfg, B);
  AdamState adam;
  adam.reset(m.params().size());
  FloatBuffer grads(m.params().size()), x(size_t(B) * D);
  std::vector<uint32_t> index(B);
  Rng rng(seed + 1);
  for (int step = 0; step < steps; ++step) {
    for (int b = 0; b < B; ++b) index[b] = uint32_t(rng.below(ds.train.count));
    gather_images(ds.train.pixels.data(), size_t(D), index.data(), B, x.data());
    compute_gradients(m, x.data(), B, rng, ObjectiveParams{}, ws, grads.data(), nullptr);
    adam_update(AdamConfig{}, adam, m.params().data(), grads.data(), grads.size());
  }
  return m;
}

}  // namespace ll::testing
