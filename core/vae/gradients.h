#pragma once
// One SGVB step's forward and backward pass: the gradient of the mean objective over a batch.
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

}  // namespace ll
