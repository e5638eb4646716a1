#pragma once
// Why the reparameterization trick, measured: the variance, over M draws of ε, of three
// estimates of the training objective's gradient with respect to the encoder's parameters φ,
// on one fixed batch. The objective is training's mean over the batch of
// −log p(x|z) + KL(q(z|x) ‖ p(z)) (β = 1, no free bits); all three take the same analytic
// ∇φ KL and differ only in how the reconstruction term's gradient passes through the sample:
//   (a) reparameterized (pathwise): z = μ + σ ε, ∇φ −log p(x|z) through z, as training does;
//   (b) score function (REINFORCE): −log p(x|z) · ∇φ log q(z|x);
//   (c) (b) with a baseline: (−log p(x_b|z_b) − c_b) · ∇φ log q(z_b|x_b), where c_b is the mean
//       of the batch's other samples' −log p(x|z) in the same draw (leave-one-out: c_b does not
//       depend on ε_b, so the estimate stays unbiased).
// Per parameter, the variance over the M draws (the unbiased, M − 1 form); reported as the mean
// over the encoder's parameters.
#include <cstddef>
#include <cstdint>

#include "core/nn/buffer.h"
#include "core/vae/model.h"
#include "core/vae/workspace.h"

namespace ll {

enum class GradEstimator { Reparameterized, Score, ScoreBaseline };

// The part the estimators differ in, per sample b of a batch of B, L latent dimensions:
// eps, logvar: (B, L); rec: (B) −log p(x_b|z_b); dz: (B, L) scale·∂rec_b/∂z_b (read by the
// reparameterized estimator only) -> dmu, dlogvar: (B, L) overwritten with scale times the
// estimator's ∂rec/∂μ and ∂rec/∂log σ² (the KL's part is not included).
void reconstruction_head_gradients(GradEstimator e, const float* eps, const float* logvar,
                                   const float* rec, const float* dz, int B, int L, float scale,
                                   float* dmu, float* dlogvar);

// One batch's three gradient estimates, draw by draw. Encodes the batch once; each draw decodes
// once and runs the encoder's backward three times. Owns its buffers (no allocation per draw).
class EncoderGradientDraws {
 public:
  // Throws ll::Error for an AE (no q(z|x)) or B < 2 (the baseline needs another sample).
  EncoderGradientDraws(const Model& m, int B);
  void set_batch(const float* x);  // (B, D) in [0, 1]
  // Parameters φ: the encoder's, the first encoder_size() of the model's flat buffer.
  size_t encoder_size() const { return enc_size_; }
  // eps: (B, L) -> each output (encoder_size()) = that estimator's ∂objective/∂φ (may be null).
  void draw(const float* eps, float* reparam, float* score, float* baseline);

 private:
  void encoder_backward(float* out);
  const Model& m_;
  int B_;
  size_t enc_size_;
  Workspace ws_;
  FloatBuffer x_, grads_, dlogvar_px_, rec_, dz_, kl_dmu_, kl_dlogvar_;
};

struct GradVariance {
  int draws = 0;
  int batch = 0;
  size_t parameters = 0;          // encoder parameters averaged over
  double reparam = 0;             // (a) mean per-parameter variance
  double score = 0;               // (b)
  double score_baseline = 0;      // (c)
  double score_ratio() const { return score / reparam; }
  double baseline_ratio() const { return score_baseline / reparam; }
};

// x: (B, D) in [0, 1]; draws M ≥ 2 of ε ~ N(0, I) from one stream seeded with `seed`.
GradVariance gradient_variance(const Model& m, const float* x, int B, int draws = 64,
                               uint64_t seed = 1);
// The same from uint8 pixels: (count, D), the batch is all count images (the issue's: the
// first 128 held-out images).
GradVariance gradient_variance(const Model& m, const uint8_t* pixels, int count, int draws = 64,
                               uint64_t seed = 1);

}  // namespace ll
