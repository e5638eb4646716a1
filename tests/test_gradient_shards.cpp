// A batch's gradient as the sum of its shards' (core/vae/gradients.h): what the trainer's
// threads compute must be the whole batch's gradient, to float rounding.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/nn/rng.h"
#include "core/vae/gradients.h"

namespace ll {
namespace {

struct ShardCase {
  const char* name;
  ModelKind kind;
  Likelihood lik;
  bool learn_variance;
  float free_bits;
};

class GradientShards : public ::testing::TestWithParam<ShardCase> {};

TEST_P(GradientShards, ShardsSumToTheWholeBatchGradient) {
  const ShardCase& c = GetParam();
  ModelConfig cfg;
  cfg.kind = c.kind;
  cfg.input_dim = 40;
  cfg.hidden = {24, 16};
  cfg.latent = 4;
  cfg.likelihood = c.lik;
  cfg.learn_variance = c.learn_variance;
  cfg.gaussian_logvar = -1.f;
  Model m(cfg);
  m.init(5);
  const int B = 37;  // uneven shards, and more than one row in each (hidden_layout)
  Rng data_rng(11);
  std::vector<float> x(size_t(B) * cfg.input_dim);
  for (float& v : x) v = data_rng.uniform();
  const ObjectiveParams obj{0.8f, c.free_bits};

  Workspace whole_ws;
  whole_ws.reserve(cfg, B);
  std::vector<float> whole(m.params().size());
  std::vector<double> whole_kl(cfg.latent, 0.0);
  Rng whole_rng(99);
  const BatchLoss want = compute_gradients(m, x.data(), B, whole_rng, obj, whole_ws, whole.data(),
                                           whole_kl.data());

  for (const int shards : {2, 3}) {
    SCOPED_TRACE(std::to_string(shards) + " shards");
    auto first = [&](int s) { return B * s / shards; };
    std::vector<Workspace> ws(shards);
    std::vector<std::vector<float>> grads(shards, std::vector<float>(m.params().size()));
    std::vector<std::vector<double>> kl(shards, std::vector<double>(cfg.latent));
    Rng rng(99);
    for (int s = 0; s < shards; ++s) {
      ws[s].reserve(cfg, first(s + 1) - first(s));
      draw_eps(m, first(s + 1) - first(s), rng, ws[s]);
    }
    double rec = 0;
    for (int s = 0; s < shards; ++s)
      rec += shard_forward(m, x.data() + size_t(first(s)) * cfg.input_dim, first(s + 1) - first(s),
                           B, ws[s], grads[s].data(), kl[s].data());
    std::vector<double> kl_batch(cfg.latent, 0.0);
    for (int s = 0; s < shards; ++s)
      for (int j = 0; j < cfg.latent; ++j) kl_batch[j] += kl[s][j];
    double kl_term = 0;
    for (int s = 0; s < shards; ++s)
      kl_term = shard_backward(m, x.data() + size_t(first(s)) * cfg.input_dim,
                               first(s + 1) - first(s), B, obj, kl_batch.data(), ws[s],
                               grads[s].data());

    EXPECT_NEAR(rec / B, want.rec, 1e-5 * std::fabs(want.rec));
    EXPECT_NEAR(rec / B + kl_term, want.objective, 1e-5 * std::fabs(want.objective));
    for (int j = 0; j < cfg.latent; ++j) EXPECT_NEAR(kl_batch[j], whole_kl[j], 1e-9 + 1e-6 * whole_kl[j]);
    float largest = 0;
    for (float g : whole) largest = std::max(largest, std::fabs(g));
    ASSERT_GT(largest, 0.f);
    size_t off = 0;
    for (size_t i = 0; i < whole.size(); ++i) {
      float sum = 0;
      for (int s = 0; s < shards; ++s) sum += grads[s][i];
      // Float rounding of sums over a different split of the rows: relative to the element,
      // with a floor relative to the gradient's scale for elements that nearly cancel.
      off += std::fabs(sum - whole[i]) > 1e-5f * std::fabs(whole[i]) + 1e-6f * largest;
    }
    EXPECT_EQ(off, 0u) << "of " << whole.size() << " gradient elements";
  }
}

INSTANTIATE_TEST_SUITE_P(
    , GradientShards,
    ::testing::Values(ShardCase{"vae_bernoulli", ModelKind::Vae, Likelihood::Bernoulli, false, 0.f},
                      ShardCase{"vae_bernoulli_freebits", ModelKind::Vae, Likelihood::Bernoulli, false, 0.05f},
                      ShardCase{"ae_bernoulli", ModelKind::Ae, Likelihood::Bernoulli, false, 0.f},
                      ShardCase{"vae_gaussian_learnedvar", ModelKind::Vae, Likelihood::Gaussian, true, 0.f}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ll
