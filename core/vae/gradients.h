#pragma once
// One SGVB step's forward and backward pass: the gradient of the mean objective over a batch,
// for the whole batch at once or for one shard of it (a block of its rows).
#include <vector>

#include "core/nn/rng.h"
#include "core/vae/model.h"
#include "core/vae/objective.h"
#include "core/vae/workspace.h"

namespace ll {

// x: (B, D) in [0,1] -> grads: (model size) overwritten with ∂objective/∂params.
// The VAE draws ε ~ N(0, I) from rng into ws.eps (the reparameterization trick); the AE uses
// z = μ and has no KL. kl_dim_sum: (L) gets the batch's KL per dimension added (may be null).
BatchLoss compute_gradients(const Model& m, const float* x, int B, Rng& rng,
                            const ObjectiveParams& obj, Workspace& ws, float* grads,
                            double* kl_dim_sum);

// The same forward pass without gradients (for evaluation): ε comes from rng as in training.
BatchLoss compute_loss(const Model& m, const float* x, int B, Rng& rng, Workspace& ws,
                       double* kl_dim_sum);

// A batch's gradient as the sum of its shards' (the trainer's threads each take whole shards,
// so the numbers do not depend on how many threads there are). A shard is `rows` consecutive
// rows of a batch of `batch`; every term is scaled by 1/batch, so the shards' gradients add up
// to the batch's. It takes two phases because the free-bits floor of a latent dimension is
// decided on the whole batch's KL, which no shard knows alone:
//   draw_eps          the VAE's ε for the shard's rows, drawn in row order: drawing the
//                     shards in order draws what compute_gradients draws for the batch;
//   shard_forward     the forward pass and the decoder's backward -> this shard's KL per
//                     dimension;
//   shard_backward    given the batch's KL per dimension, the rest through the encoder.
// Each shard needs its own Workspace (capacity ≥ rows) and gradient buffer.

// -> ws.eps: (rows, L) from rng (nothing for the AE).
void draw_eps(const Model& m, int rows, Rng& rng, Workspace& ws);

// x: (rows, D), ws.eps as draw_eps left it -> grads: the decoder's parameters (and the learned
// decoder log σ²) overwritten; kl_shard: (L) overwritten with the shard's KL per dimension
// summed over its rows. Returns the shard's reconstruction nats summed over its rows.
double shard_forward(const Model& m, const float* x, int rows, int batch, Workspace& ws,
                     float* grads, double* kl_shard);

// kl_batch: (L) the whole batch's KL per dimension summed over its rows -> grads: the encoder's
// parameters overwritten. ws as shard_forward left it. Returns the objective's KL term,
// β·Σ_j max(free_bits, KL_j), the same for every shard of the batch (0 for the AE).
double shard_backward(const Model& m, const float* x, int rows, int batch,
                      const ObjectiveParams& obj, const double* kl_batch, Workspace& ws,
                      float* grads);

}  // namespace ll
