#include "cli/eval_exact.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/latent/exact_eval.h"
#include "core/util/clock.h"
#include "core/latent/grad_variance.h"
#include "core/latent/model_likelihood.h"

namespace ll::cli {

namespace {

constexpr size_t kExactImages = 1000;  // the default: the mean's error is small next to the gaps
constexpr int kGradBatch = 128;        // the fixed batch, the training batch's size
constexpr uint64_t kGradSeed = 0x96ad;

}  // namespace

void check_theory_flags(const Model& m, const EvalOptions& o) {
  if (o.exact) {
    try {
      check_exact_model(m);
    } catch (const Error& e) {
      throw Error(std::string("--exact: ") + e.what());
    }
  }
  if (o.grad_variance && m.config().kind != ModelKind::Vae)
    throw Error("--grad-variance needs a VAE: an AE samples no z from a q(z|x), so there is no "
                "sampling step for either estimator to pass a gradient through");
}

size_t per_image_count(const EvalOptions& o, size_t available) {
  if (o.images > 0) return std::min<size_t>(size_t(o.images), available);
  return o.exact ? std::min(kExactImages, available) : available;
}

void add_exact(const Model& m, const uint8_t* pixels, size_t count, double iwae, int iwae_k,
               io::Json& model) {
  const auto t0 = std::chrono::steady_clock::now();
  const ExactEvalStats s = exact_eval(m, pixels, count);
  const double secs = seconds_since(t0);
  const double gap = s.neg_elbo - s.nll_exact;
  std::printf("exact, over the first %zu test images (grid quadrature over z): -log p(x) %.3f nats\n",
              s.count, s.nll_exact);
  std::printf("exact: -ELBO %.3f nats on the same images (Gauss-Hermite over q(z|x), no sampling)\n",
              s.neg_elbo);
  if (iwae_k > 0)
    std::printf("exact: IWAE (k=%d) on the same images: -log p(x) <= %.3f nats\n", iwae_k, -iwae);
  std::printf("exact: log p(x) - ELBO = %.3f nats = approximation gap %.3f (log p(x) - ELBO of q*, the best "
              "diagonal Gaussian for each x) + amortization gap %.3f (ELBO(q*) - ELBO(q), the price of one "
              "encoder for all x)\n",
              gap, s.approximation_gap, s.amortization_gap);
  std::printf("exact: the identity log p(x) = ELBO + KL(q || p(z|x)) holds to %.4f nats on the worst image "
              "(how well the grid and Gauss-Hermite agree: these numbers' error bar); %.2f s, %ld decodes\n",
              s.identity_error, secs, s.decodes);
  model["exact_images"] = uint64_t(s.count);
  model["nll_exact"] = s.nll_exact;
  model["neg_elbo"] = s.neg_elbo;
  if (iwae_k > 0) model["nll_iwae"] = -iwae;
  model["approximation_gap"] = s.approximation_gap;
  model["amortization_gap"] = s.amortization_gap;
  model["identity_error"] = s.identity_error;
  model["exact_max_edge_mass"] = s.max_edge_mass;
  model["exact_decodes"] = int64_t(s.decodes);
  model["exact_seconds"] = secs;
}

void add_grad_variance(const Model& m, const uint8_t* pixels, size_t count, int draws,
                       io::Json& model) {
  const int B = int(std::min<size_t>(kGradBatch, count));
  const auto t0 = std::chrono::steady_clock::now();
  const GradVariance v = gradient_variance(m, pixels, B, draws, kGradSeed);
  const double secs = seconds_since(t0);
  std::printf("gradient variance of the encoder's %zu parameters (mean over them; %d draws of eps, the first "
              "%d test images): reparameterized %.4g, score function %.4g (%.1fx), score function with a "
              "leave-one-out baseline %.4g (%.1fx); %.2f s\n",
              v.parameters, v.draws, v.batch, v.reparam, v.score, v.score_ratio(), v.score_baseline,
              v.baseline_ratio(), secs);
  model["grad_var_reparam"] = v.reparam;
  model["grad_var_score"] = v.score;
  model["grad_var_score_baseline"] = v.score_baseline;
  model["grad_var_score_ratio"] = v.score_ratio();
  model["grad_var_score_baseline_ratio"] = v.baseline_ratio();
  model["grad_var_draws"] = v.draws;
  model["grad_var_batch"] = v.batch;
  model["grad_var_seconds"] = secs;
}

}  // namespace ll::cli
