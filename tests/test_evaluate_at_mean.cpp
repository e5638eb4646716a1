// The evaluation at z = μ (core/vae/evaluate.h): the sampled evaluation of a copy whose
// encoder log σ² head is pinned at −80 (σ = 4e-18, so z = μ + σε rounds to μ in float32) is
// the same computation by another route: the two must agree, and the KL must be evaluate()'s.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/vae/evaluate.h"
#include "tests/small_vae.h"

namespace ll {
namespace {

TEST(EvaluateAtMean, IsTheSampledEvaluationOfACopyWithSigmaPinnedToZero) {
  const Dataset ds = testing::small_synthetic();
  const Model m = testing::train_small_vae(ds, 2, 64, 200, 7);
  // More than two chunks of 128, the last one partial: from the training split, since the
  // test split holds only 200 images.
  const size_t n = 300;
  ASSERT_GE(ds.train.count, n);
  Workspace ws;
  const EvalResult mean = evaluate_at_mean(m, ds.train.pixels.data(), n, ws);
  const EvalResult sampled = evaluate(m, ds.train.pixels.data(), n, 3, ws);
  ASSERT_EQ(mean.count, n);
  EXPECT_DOUBLE_EQ(mean.kl, sampled.kl);  // analytic: no ε in it
  ASSERT_EQ(mean.kl_per_dim.size(), 2u);
  for (int j = 0; j < 2; ++j) EXPECT_DOUBLE_EQ(mean.kl_per_dim[j], sampled.kl_per_dim[j]);
  EXPECT_DOUBLE_EQ(mean.loss, mean.rec + mean.kl);
  // A trained encoder's σ is far from 0: sampling costs reconstruction nats.
  EXPECT_GT(sampled.rec - mean.rec, 0.1);

  Model pinned = m;
  const DenseSlot& lv = pinned.layout().enc_logvar;
  float* p = pinned.params().data();
  std::fill_n(p + lv.w, size_t(lv.in) * lv.out, 0.f);
  std::fill_n(p + lv.b, size_t(lv.out), -80.f);
  const EvalResult at_mu = evaluate(pinned, ds.train.pixels.data(), n, 3, ws);
  EXPECT_NEAR(mean.rec, at_mu.rec, 1e-6 * at_mu.rec);
}

TEST(EvaluateAtMean, IsTheEvaluationItselfForTheAe) {
  const Dataset ds = testing::small_synthetic();
  ModelConfig cfg;
  cfg.kind = ModelKind::Ae;
  cfg.input_dim = int(ds.image_size());
  cfg.hidden = {32};
  cfg.latent = 2;
  Model ae(cfg);
  ae.init(11);
  Workspace ws;
  const EvalResult a = evaluate_at_mean(ae, ds.test.pixels.data(), 200, ws);
  const EvalResult b = evaluate(ae, ds.test.pixels.data(), 200, 3, ws);
  EXPECT_DOUBLE_EQ(a.rec, b.rec);
  EXPECT_EQ(a.kl, 0.0);
  EXPECT_DOUBLE_EQ(a.loss, b.loss);
}

}  // namespace
}  // namespace ll
