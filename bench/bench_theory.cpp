// The exact-readout and gradient-variance targets of issue #15, on a 784-400-2 VAE trained for
// one epoch (Fashion-MNIST when installed, else the built-in shapes): one image's posterior,
// q* and readout (target ≤ 50 ms on one core), the dataset means per image (`eval --exact`:
// ≤ 30 s for 1,000 images, i.e. ≤ 30 ms each), and 64 gradient draws on a batch of 128 (≤ 1 s).
//
//   build/bench/latentlab_bench --benchmark_filter=Theory
#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

#include "core/data/dataset.h"
#include "core/latent/exact_eval.h"
#include "core/latent/grad_variance.h"
#include "core/latent/model_likelihood.h"
#include "core/nn/adam.h"
#include "core/nn/rng.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"
#include "core/vae/model.h"

namespace {

const ll::Dataset& theory_data() {
  static const ll::Dataset data = [] {
    try {
      return ll::load_dataset("fashion-mnist", 1);
    } catch (const std::exception&) {
      return ll::load_dataset("synthetic", 1);
    }
  }();
  return data;
}

// One epoch at batch 128: a posterior with the shape of a trained model's (narrow, off-centre).
const ll::Model& theory_model() {
  static const ll::Model model = [] {
    const ll::Dataset& ds = theory_data();
    ll::ModelConfig cfg;
    cfg.input_dim = int(ds.image_size());
    cfg.latent = 2;
    ll::Model m(cfg);
    m.init(1);
    const int B = 128, D = cfg.input_dim;
    ll::Workspace ws;
    ws.reserve(cfg, B);
    ll::AdamState adam;
    adam.reset(m.params().size());
    ll::FloatBuffer grads(m.params().size()), x(size_t(B) * D);
    std::vector<uint32_t> index(B);
    ll::Rng rng(2);
    for (size_t step = 0; step < ds.train.count / B; ++step) {
      for (int b = 0; b < B; ++b) index[b] = uint32_t(rng.below(ds.train.count));
      ll::gather_images(ds.train.pixels.data(), size_t(D), index.data(), B, x.data());
      ll::compute_gradients(m, x.data(), B, rng, ll::ObjectiveParams{}, ws, grads.data(), nullptr);
      ll::adam_update(ll::AdamConfig{}, adam, m.params().data(), grads.data(), grads.size());
    }
    return m;
  }();
  return model;
}

void BM_TheoryExactReadout(benchmark::State& state) {
  const ll::Dataset& ds = theory_data();
  const ll::Model& m = theory_model();
  size_t n = 0;
  double worst = 0, evals = 0;
  for (auto _ : state) {
    const ll::ExactReadout r = ll::exact_readout(m, ds.test_image(n % ds.test.count));
    worst = std::max(worst, r.identity_residual);
    evals += r.evaluations;
    benchmark::DoNotOptimize(r.log_px);
    ++n;
  }
  state.counters["decodes"] = evals / double(n);
  state.counters["identity_max"] = worst;
}
BENCHMARK(BM_TheoryExactReadout)->Unit(benchmark::kMillisecond)->UseRealTime();

// The dataset function over 100 images (the lattice decoded once), reported per image.
void BM_TheoryExactEvalPerImage(benchmark::State& state) {
  const ll::Dataset& ds = theory_data();
  const ll::Model& m = theory_model();
  const size_t N = 100;
  ll::ExactEvalStats s;
  for (auto _ : state) s = ll::exact_eval(m, ds.test_image(0), N);
  state.SetItemsProcessed(int64_t(state.iterations() * N));  // images per second
  state.counters["nll_exact"] = s.nll_exact;
  state.counters["neg_elbo"] = s.neg_elbo;
  state.counters["approx_gap"] = s.approximation_gap;
  state.counters["amort_gap"] = s.amortization_gap;
  state.counters["identity_max"] = s.identity_error;
  state.counters["decodes_per_image"] = double(s.decodes) / double(N);
}
BENCHMARK(BM_TheoryExactEvalPerImage)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// 64 draws on the first 128 held-out images.
void BM_TheoryGradVariance64(benchmark::State& state) {
  const ll::Dataset& ds = theory_data();
  const ll::Model& m = theory_model();
  ll::GradVariance v;
  for (auto _ : state) v = ll::gradient_variance(m, ds.test_image(0), 128, 64, 1);
  state.counters["var_reparam"] = v.reparam;
  state.counters["var_score"] = v.score;
  state.counters["var_baseline"] = v.score_baseline;
  state.counters["score_ratio"] = v.score_ratio();
  state.counters["baseline_ratio"] = v.baseline_ratio();
}
BENCHMARK(BM_TheoryGradVariance64)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
