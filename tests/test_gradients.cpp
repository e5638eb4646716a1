// Finite-difference checks: every layer's backward, and the whole objective's gradient for
// the VAE and the AE under both likelihoods, asserted to a tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/nn/activation.h"
#include "core/nn/dense.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"
#include "core/vae/objective.h"
#include "tests/shared_tensors.h"

namespace ll {
namespace {

// Central difference of f at x[i], in double to keep float rounding out of the comparison.
template <class Vec>
double numeric_grad(Vec& x, size_t i, const std::function<double()>& f,
                    float h = 1e-2f) {
  const float old = x[i];
  x[i] = old + h;
  const double fp = f();
  x[i] = old - h;
  const double fm = f();
  x[i] = old;
  return (fp - fm) / (2.0 * h);
}

void expect_close(double analytic, double numeric, const std::string& what) {
  const double tol = 2e-3 + 2e-2 * std::max(std::fabs(analytic), std::fabs(numeric));
  EXPECT_NEAR(analytic, numeric, tol) << what;
}

std::vector<float> randn(size_t n, uint64_t seed, float scale = 1.f) {
  Rng r(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = scale * r.normal();
  return v;
}

TEST(Gradients, DenseLayerMatchesFiniteDifferences) {
  const int B = 3, in = 5, out = 4;
  auto x = randn(B * in, 1), w = randn(out * in, 2), b = randn(out, 3), g = randn(B * out, 4);
  // L = Σ g ⊙ dense(x): its gradient w.r.t. the output is g.
  auto loss = [&] {
    std::vector<float> y(B * out);
    dense_forward(x.data(), B, in, out, w.data(), b.data(), y.data());
    double s = 0;
    for (int i = 0; i < B * out; ++i) s += double(g[i]) * y[i];
    return s;
  };
  std::vector<float> dw(out * in), db(out), dx(B * in);
  dense_backward(g.data(), x.data(), B, in, out, w.data(), dw.data(), db.data(), dx.data());
  for (size_t i = 0; i < w.size(); ++i) expect_close(dw[i], numeric_grad(w, i, loss), "dW");
  for (size_t i = 0; i < b.size(); ++i) expect_close(db[i], numeric_grad(b, i, loss), "db");
  for (size_t i = 0; i < x.size(); ++i) expect_close(dx[i], numeric_grad(x, i, loss), "dx");
}

// Feature-major buffers are the transpose of batch-major ones: every mix of layouts gives
// the batch-major results, transposed. B = 37 leaves a tail after the 16-lane bias sum.
TEST(Gradients, DenseLayoutsGiveTheSameResults) {
  const int B = 37, in = 23, out = 19;
  auto x = randn(B * in, 11), w = randn(out * in, 12), b = randn(out, 13), g = randn(B * out, 14);
  auto transpose = [](const std::vector<float>& v, int rows, int cols) {
    std::vector<float> t(v.size());
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) t[size_t(c) * rows + r] = v[size_t(r) * cols + c];
    return t;
  };
  std::vector<float> y(B * out), dw(out * in), db(out), dx(B * in);
  dense_forward(x.data(), B, in, out, w.data(), b.data(), y.data());
  dense_backward(g.data(), x.data(), B, in, out, w.data(), dw.data(), db.data(), dx.data());
  auto near = [](const std::vector<float>& got, const std::vector<float>& want,
                 const std::string& what) {
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], want[i], 1e-4f * (1.f + std::fabs(want[i]))) << what << " at " << i;
  };
  const auto xt = transpose(x, B, in), gt = transpose(g, B, out);
  for (Layout li : {Layout::BatchMajor, Layout::FeatureMajor})
    for (Layout lo : {Layout::BatchMajor, Layout::FeatureMajor}) {
      const bool in_fm = li == Layout::FeatureMajor, out_fm = lo == Layout::FeatureMajor;
      const std::string what = std::string(in_fm ? "in FM" : "in BM") + (out_fm ? ", out FM" : ", out BM");
      std::vector<float> y2(B * out), dw2(out * in), db2(out), dx2(B * in);
      dense_forward((in_fm ? xt : x).data(), li, B, in, out, w.data(), b.data(), y2.data(), lo);
      near(out_fm ? transpose(y2, out, B) : y2, y, what + ": y");
      dense_backward((out_fm ? gt : g).data(), lo, (in_fm ? xt : x).data(), li, B, in, out,
                     w.data(), dw2.data(), db2.data(), dx2.data());
      near(dw2, dw, what + ": dW");
      near(db2, db, what + ": db");
      near(in_fm ? transpose(dx2, in, B) : dx2, dx, what + ": dx");
    }
}

TEST(Gradients, ActivationsMatchFiniteDifferences) {
  for (Activation a : {Activation::Relu, Activation::Tanh}) {
    // Keep inputs away from ReLU's kink, where the derivative is undefined.
    auto x = randn(20, 5);
    for (auto& v : x) v += v > 0 ? 0.1f : -0.1f;
    auto g = randn(20, 6);
    auto loss = [&] {
      std::vector<float> y = x;
      activation_forward(a, y.data(), y.size());
      double s = 0;
      for (size_t i = 0; i < y.size(); ++i) s += double(g[i]) * y[i];
      return s;
    };
    std::vector<float> y = x, dx = g;
    activation_forward(a, y.data(), y.size());
    activation_backward(a, y.data(), dx.data(), dx.size());
    for (size_t i = 0; i < x.size(); ++i)
      expect_close(dx[i], numeric_grad(x, i, loss, 1e-3f), std::string(to_string(a)));
  }
}

struct Case {
  ModelKind kind;
  Likelihood lik;
  bool learn_variance;
  Activation act;
  float free_bits;
};

// Named, so ctest's test names are stable (gtest would print the struct's bytes, padding too).
std::string case_name(const Case& c) {
  return std::string(to_string(c.kind)) + "_" + std::string(to_string(c.lik)) +
         (c.learn_variance ? "_learnedvar" : "") + "_" + std::string(to_string(c.act)) +
         (c.free_bits > 0 ? "_freebits" : "");
}
void PrintTo(const Case& c, std::ostream* os) { *os << case_name(c); }

class WholeObjective : public ::testing::TestWithParam<Case> {};

TEST_P(WholeObjective, GradientMatchesFiniteDifferences) {
  const Case c = GetParam();
  ModelConfig cfg;
  cfg.kind = c.kind;
  cfg.input_dim = 6;
  cfg.hidden = {7, 5};
  cfg.latent = 3;
  cfg.likelihood = c.lik;
  cfg.learn_variance = c.learn_variance;
  cfg.gaussian_logvar = -1.f;
  cfg.activation = c.act;
  Model m(cfg);
  m.init(42);
  // B = 1 too: a single row takes the batch-major path (hidden_layout), larger batches not.
  for (const int B : {4, 1}) {
    SCOPED_TRACE("batch " + std::to_string(B));
    Rng data_rng(7);
    std::vector<float> x(B * cfg.input_dim);
    for (auto& v : x) v = data_rng.uniform();
    Workspace ws;
    ws.reserve(cfg, B);
    ObjectiveParams obj{0.7f, c.free_bits};

    std::vector<float> grads(m.params().size());
    Rng rng(99);
    compute_gradients(m, x.data(), B, rng, obj, ws, grads.data(), nullptr);

    // The same ε for every evaluation: the gradient is of one fixed Monte Carlo sample.
    std::vector<float> scratch(grads.size());
    auto loss = [&] {
      Rng r(99);
      Workspace w;
      w.reserve(cfg, B);
      return compute_gradients(m, x.data(), B, r, obj, w, scratch.data(), nullptr).objective;
    };
    int checked = 0;
    for (const ParamTensor& t : m.tensors()) {
      for (size_t i = 0; i < t.count; i += 1 + t.count / 23) {
        const size_t k = t.offset + i;
        expect_close(grads[k], numeric_grad(m.params(), k, loss, 2e-3f), t.name);
        ++checked;
      }
    }
    EXPECT_GT(checked, 40);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Gradients, WholeObjective,
    ::testing::Values(Case{ModelKind::Vae, Likelihood::Bernoulli, false, Activation::Relu, 0.f},
                      Case{ModelKind::Vae, Likelihood::Bernoulli, false, Activation::Tanh, 0.f},
                      Case{ModelKind::Ae, Likelihood::Bernoulli, false, Activation::Relu, 0.f},
                      Case{ModelKind::Vae, Likelihood::Gaussian, false, Activation::Tanh, 0.f},
                      Case{ModelKind::Vae, Likelihood::Gaussian, true, Activation::Tanh, 0.f},
                      Case{ModelKind::Ae, Likelihood::Gaussian, true, Activation::Tanh, 0.f},
                      Case{ModelKind::Vae, Likelihood::Bernoulli, false, Activation::Tanh, 5.f}),
    [](const auto& info) { return case_name(info.param); });

// The training step's feature-major reconstruction loss (used where gemm has tile_gemm)
// against the batch-major one on the same data: the loss, each sample's nats, the logits'
// gradient and the learned variance's, for both likelihoods. Sizes not multiples of 16.
TEST(Gradients, FeatureMajorLossMatchesBatchMajor) {
  const int B = 37, D = 29;
  for (const Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian})
    for (const bool learned : {false, true}) {
      if (lik == Likelihood::Bernoulli && learned) continue;
      SCOPED_TRACE(std::string(to_string(lik)) + (learned ? " learned variance" : ""));
      ModelConfig cfg;
      cfg.input_dim = D;
      cfg.hidden = {5};
      cfg.latent = 2;
      cfg.likelihood = lik;
      cfg.learn_variance = learned;
      cfg.gaussian_logvar = -1.f;
      Model m(cfg);
      m.init(3);
      if (learned) {  // a different log σ² per pixel, so a mixed-up pixel index shows
        Rng r(5);
        for (int i = 0; i < D; ++i) m.params()[m.layout().dec_logvar + i] = 0.5f * r.normal();
      }
      const auto logits = randn(size_t(B) * D, 8, 3.f);
      Rng data_rng(9);
      std::vector<float> x(size_t(B) * D);
      for (auto& v : x) v = data_rng.uniform();
      std::vector<float> xt(x.size()), lt(x.size());
      transpose(x.data(), B, D, xt.data());
      transpose(logits.data(), B, D, lt.data());

      Workspace bm_ws, fm_ws;
      bm_ws.reserve(cfg, B);
      fm_ws.reserve(cfg, B);
      std::vector<float> g_bm(x.size()), g_fm(x.size()), g_fm_back(x.size()), lv_bm(D, 0.f), lv_fm(D, 0.f);
      const double bm = reconstruction_loss(m, x.data(), logits.data(), B, bm_ws, g_bm.data(), 0.25f,
                                            learned ? lv_bm.data() : nullptr);
      const double fm = reconstruction_loss(m, xt.data(), lt.data(), B, fm_ws, g_fm.data(), 0.25f,
                                            learned ? lv_fm.data() : nullptr, Layout::FeatureMajor);
      EXPECT_NEAR(fm, bm, 1e-5 * std::fabs(bm));
      for (int b = 0; b < B; ++b) EXPECT_NEAR(fm_ws.rec[b], bm_ws.rec[b], 1e-5f * std::fabs(bm_ws.rec[b])) << b;
      transpose(g_fm.data(), D, B, g_fm_back.data());
      for (size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(g_fm_back[i], g_bm[i], 1e-6f) << i;
      for (int i = 0; i < D; ++i) EXPECT_NEAR(lv_fm[i], lv_bm[i], 1e-5f) << i;
      // Without a gradient the loss is the same.
      EXPECT_NEAR(reconstruction_loss(m, xt.data(), lt.data(), B, fm_ws, nullptr, 0.f, nullptr, Layout::FeatureMajor),
                  bm, 1e-5 * std::fabs(bm));
    }
}

// A training step's loss against compute_loss's on the same batch and ε, at the real model's
// size: where gemm() has tile_gemm the step runs its batch and logits feature-major (and its
// large products through tile_gemm), compute_loss batch-major through OpenBLAS, so a batch
// paired with the wrong logits, or a wrong product, shows as a different loss.
TEST(Gradients, TrainingStepLossMatchesThePlainLoss) {
  for (const Likelihood lik : {Likelihood::Bernoulli, Likelihood::Gaussian}) {
    SCOPED_TRACE(to_string(lik));
    ModelConfig cfg;
    cfg.likelihood = lik;
    cfg.learn_variance = lik == Likelihood::Gaussian;
    Model m(cfg);  // 784-400-20
    m.init(4);
    const int B = 128;
    Rng data_rng(6);
    std::vector<float> x(size_t(B) * cfg.input_dim);
    for (auto& v : x) v = data_rng.uniform();
    Workspace ws;
    ws.reserve(cfg, B);
    std::vector<float> grads(m.params().size());
    Rng r1(12), r2(12);
    const BatchLoss step = compute_gradients(m, x.data(), B, r1, ObjectiveParams{}, ws, grads.data(), nullptr);
    const BatchLoss plain = compute_loss(m, x.data(), B, r2, ws, nullptr);
    EXPECT_NEAR(step.rec, plain.rec, 1e-5 * std::fabs(plain.rec));
    EXPECT_NEAR(step.kl, plain.kl, 1e-5 * std::fabs(plain.kl) + 1e-6);
  }
}

TEST(Gradients, AForwardOnlyWorkspaceIsRefusedByATrainingStep) {
  ModelConfig cfg;
  cfg.hidden = {32};
  Model m(cfg);
  m.init(2);
  const int B = 8;
  std::vector<float> x(size_t(B) * cfg.input_dim, 0.5f), grads(m.params().size());
  Workspace ws;
  ws.reserve(cfg, B, /*with_backward=*/false);
  EXPECT_TRUE(ws.dlogits.empty());  // the point of it: no backward buffers
  Rng rng(1);
  try {
    compute_gradients(m, x.data(), B, rng, ObjectiveParams{}, ws, grads.data(), nullptr);
    FAIL() << "a forward-only workspace trained";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("backward buffers for 8 rows"), std::string::npos) << e.what();
  }
  // Reserved again for training, the same workspace works, and stays a training one.
  ws.reserve(cfg, B);
  EXPECT_NO_THROW(compute_gradients(m, x.data(), B, rng, ObjectiveParams{}, ws, grads.data(), nullptr));
  ws.reserve(cfg, B, false);
  EXPECT_TRUE(ws.backward);
}

TEST(Gradients, KlMatchesClosedForm) {
  // KL(N(μ, σ²) ‖ N(0,1)) for μ = 1, σ² = e: ½(μ² + σ² − 1 − log σ²) = ½(1 + e − 1 − 1).
  const float mu = 1.f, lv = 1.f;
  double kl = 0;
  kl_per_dimension(&mu, &lv, 1, 1, &kl);
  EXPECT_NEAR(kl, 0.5 * (std::exp(1.0) - 1.0), 1e-6);
}

TEST(Gradients, AeStartsFromTheVaesInitialWeightsInEverySharedTensor) {
  ModelConfig cfg;
  cfg.input_dim = 10;
  cfg.hidden = {8};
  cfg.latent = 2;
  Model vae(cfg);
  cfg.kind = ModelKind::Ae;
  Model ae(cfg);
  vae.init(5);
  ae.init(5);
  ASSERT_LT(ae.params().size(), vae.params().size());
  EXPECT_TRUE(testing::same_shared_tensors(ae, vae));
  vae.init(6);
  EXPECT_FALSE(testing::same_shared_tensors(ae, vae));
}

}  // namespace
}  // namespace ll
