#pragma once
// A VAE as the exact readout sees it: for one image x, the callback z -> log p(x|z) (decode,
// then the model's own per-pixel likelihood: objective.h's reconstruction_loss, Bernoulli or
// Gaussian) and the encoder's q(z|x). Reads a const Model and owns its scratch, so a worker
// thread may use a snapshot's model while the trainer runs.
#include <cstdint>
#include <vector>

#include "core/latent/exact_readout.h"
#include "core/latent/posterior.h"
#include "core/nn/buffer.h"
#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace ll {

// Throws ll::Error unless m is a VAE with latent size 1 or 2, saying which it is not.
void check_exact_model(const Model& m);

// The decoder's logits at the centres of the coarse lattice's cells over the prior's box,
// which every image's grid starts from (posterior.h): decoded once for a whole dataset, each
// image's coarse pass costs likelihood sums only.
struct SharedDecodes {
  Lattice lattice;
  int dim = 2;
  FloatBuffer logits;  // (cells^dim, D), row-major over lattice indices, the last fastest
};
SharedDecodes decode_lattice(const Model& m, const GridOptions& opt = {});

class ModelLikelihood {
 public:
  // shared (may be null) must outlive this and come from decode_lattice(m, the grid options).
  explicit ModelLikelihood(const Model& m, const SharedDecodes* shared = nullptr);

  void set_image(const float* x);          // (D) in [0, 1]
  void set_image(const uint8_t* pixels);   // (D) bytes
  DiagGaussian encoder_q();                // q(z|x) of the current image

  // z: (count, L) -> loglik: (count) = log p(x|z), nats.
  void operator()(const float* z, int count, double* loglik);
  // The same as a LogLikFn; it refers to this object, so it must not outlive it.
  LogLikFn fn() {
    return [this](const float* z, int count, double* out) { (*this)(z, count, out); };
  }
  long decodes() const { return decodes_; }  // points decoded so far (cache hits excluded)

 private:
  // The cached row of z, or −1.
  long lattice_row(const float* z) const;
  void rows_loglik(const float* logits, int b, double* out);
  // The same for logits decoded feature-major, (D, b): x repeated in every column.
  void columns_loglik(const float* logits, int b, double* out);

  const Model& m_;
  const SharedDecodes* shared_;
  Workspace ws_;
  // x; x repeated per row; x repeated per column of xkt_cols_ columns; cached logits; z to decode
  FloatBuffer x_, xk_, xkt_, gathered_, zbuf_;
  int xkt_cols_ = 0;
  std::vector<int> cached_, fresh_;
  std::vector<double> out_;
  long decodes_ = 0;
};

// One image's readout (exact_readout.h) for a VAE with latent size 1 or 2.
ExactReadout exact_readout(const Model& m, const uint8_t* pixels, const ExactOptions& opt = {});
ExactReadout exact_readout(const Model& m, const float* x, const ExactOptions& opt = {});

}  // namespace ll
