#pragma once
// The SGVB objective per sample, in nats:  −ELBO = reconstruction + KL, with
//   reconstruction = −log p(x | z)   (Bernoulli on continuous targets, or Gaussian)
//   KL = KL(q(z|x) ‖ N(0, I)) = −½ Σ_j (1 + log σ²_j − μ²_j − σ²_j)   (analytic)
// Training minimises reconstruction + β·Σ_j max(free_bits, KL_j), KL_j averaged over the batch.
#include <vector>

#include "core/nn/dense.h"
#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace ll {

struct ObjectiveParams {
  float beta = 1.f;       // the effective β of this step (warm-up already applied)
  float free_bits = 0.f;  // KL floor per latent dimension, nats (Kingma et al. 2016); 0 = off
};

// Per-sample means over a batch.
struct BatchLoss {
  double rec = 0;        // reconstruction nats
  double kl = 0;         // KL nats (0 for the AE)
  double objective = 0;  // what the gradient is of: rec + β·Σ max(free_bits, KL_j)
};

// x, logits: (B, D), or both (D, B) when layout is feature-major -> ws.rec: (B) per-sample
// nats; returns their sum. When dlogits is given it is overwritten with scale · ∂rec/∂logits
// (in the same layout), and the learned decoder log σ² (Gaussian) gets scale · ∂rec/∂logσ²
// added into dlogvar_px (D).
double reconstruction_loss(const Model& m, const float* x, const float* logits, int B,
                           Workspace& ws, float* dlogits, float scale, float* dlogvar_px,
                           Layout layout = Layout::BatchMajor);

// Adds each dimension's KL summed over the batch into kl_dim_sum: (L). mu, logvar: (B, L).
void kl_per_dimension(const float* mu, const float* logvar, int B, int L, double* kl_dim_sum);

// ∂ of β·Σ_j max(free_bits, mean_b KL_bj) w.r.t. μ and log σ² -> dmu, dlogvar: (B, L),
// added in. Dimensions held at the floor get no gradient. Returns that objective term.
double kl_backward(const float* mu, const float* logvar, int B, int L,
                   const ObjectiveParams& obj, const double* kl_dim_sum, float* dmu,
                   float* dlogvar);
// The same for `rows` rows of a batch of `batch` (a shard of it, core/vae/gradients.h):
// kl_dim_sum is the whole batch's, the mean and the gradient's scale are over `batch`.
double kl_backward(const float* mu, const float* logvar, int rows, int batch, int L,
                   const ObjectiveParams& obj, const double* kl_dim_sum, float* dmu,
                   float* dlogvar);

}  // namespace ll
