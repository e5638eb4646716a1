#pragma once
// The objective on a whole split (the test curve), one reparameterized sample per image,
// with ε from a fixed seed so successive evaluations differ only by the weights; and the same
// at z = μ, without sampling, which any other implementation of the model (PyTorch's) can
// reproduce exactly, since no random draw enters it.
#include <cstdint>
#include <vector>

#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace ll {

struct EvalResult {
  double loss = 0;  // −ELBO per sample (nats): rec + KL. For the AE, rec alone.
  double rec = 0;
  double kl = 0;
  std::vector<double> kl_per_dim;  // (L) mean over the split
  size_t count = 0;
};

// pixels: (count, D) uint8.
EvalResult evaluate(const Model& m, const uint8_t* pixels, size_t count, uint64_t seed,
                    Workspace& ws);

// The same at z = μ: rec = −log p(x | z = μ(x)), the analytic KL as in evaluate() (the same
// numbers: it does not depend on ε), loss = rec + KL. Not a bound on log p(x): the
// reconstruction of the code's centre, deterministic. For the AE (z = μ always) it equals
// evaluate().
EvalResult evaluate_at_mean(const Model& m, const uint8_t* pixels, size_t count, Workspace& ws);

}  // namespace ll
