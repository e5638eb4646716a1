// Micro-benchmarks of each layer kernel at the 784-400-20 model's shapes, batch 128, plus
// the whole training step and the GEMM ceiling they are measured against. GFLOP/s counters
// count matrix-product FLOPs only (2·in·out per sample per product), as core/vae/flops.h does.
//
//   build-perf/bench/latentlab_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstdlib>
#include <vector>

#include "core/data/dataset.h"
#include "core/nn/activation.h"
#include "core/nn/adam.h"
#include "core/nn/buffer.h"
#include "core/nn/dense.h"
#include "core/nn/eigen_maps.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/vae/flops.h"
#include "core/vae/forward.h"
#include "core/vae/gradients.h"
#include "core/vae/model.h"
#include "core/vae/objective.h"

namespace {

constexpr int kBatch = 128;
// One thread, the trainer's default and the figure the targets are stated for.
// LATENTLAB_BENCH_THREADS=N measures the GEMM library's threading instead.
const int kThreads = [] {
  const char* env = std::getenv("LATENTLAB_BENCH_THREADS");
  const int n = env ? std::atoi(env) : 1;
  return n > 0 ? n : 1;
}();
// The budget of the main thread, which runs the benchmarks, for the whole program.
const ll::GemmThreads kBenchThreads(kThreads);

ll::FloatBuffer random_buffer(size_t n, uint64_t seed, float lo = -1.f, float hi = 1.f) {
  ll::Rng rng(seed);
  ll::FloatBuffer v(n);
  for (float& x : v) x = lo + (hi - lo) * rng.uniform();
  return v;
}

void set_flops(benchmark::State& state, double flops_per_iter) {
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_iter * 1e-9 * double(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}

// The model's dense shapes as (in, out): encoder hidden, μ/log σ² heads, decoder hidden, output.
void dense_shapes(benchmark::internal::Benchmark* b) {
  b->Args({784, 400})->Args({400, 20})->Args({20, 400})->Args({400, 784});
}

// inp: (128, in) -> out: (128, out)
void BM_DenseForward(benchmark::State& state) {
  const int in = int(state.range(0)), out = int(state.range(1));
  auto x = random_buffer(size_t(kBatch) * in, 1), w = random_buffer(size_t(in) * out, 2),
       b = random_buffer(out, 3);
  ll::FloatBuffer y(size_t(kBatch) * out);
  for (auto _ : state) {
    ll::dense_forward(x.data(), kBatch, in, out, w.data(), b.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  set_flops(state, 2.0 * kBatch * in * out);
}
BENCHMARK(BM_DenseForward)->Apply(dense_shapes);

// dout: (128, out) -> dw, db, and dinp (128, in) when range(2) is 1
void BM_DenseBackward(benchmark::State& state) {
  const int in = int(state.range(0)), out = int(state.range(1));
  const bool with_dinp = state.range(2) != 0;
  auto x = random_buffer(size_t(kBatch) * in, 1), w = random_buffer(size_t(in) * out, 2),
       dy = random_buffer(size_t(kBatch) * out, 3);
  ll::FloatBuffer dw(size_t(in) * out), db(out), dx(size_t(kBatch) * in);
  for (auto _ : state) {
    ll::dense_backward(dy.data(), x.data(), kBatch, in, out, w.data(), dw.data(), db.data(),
                       with_dinp ? dx.data() : nullptr);
    benchmark::DoNotOptimize(dw.data());
    benchmark::DoNotOptimize(dx.data());
  }
  set_flops(state, 2.0 * kBatch * in * out * (with_dinp ? 2 : 1));
}
BENCHMARK(BM_DenseBackward)
    ->Args({784, 400, 0})
    ->Args({400, 20, 1})
    ->Args({20, 400, 1})
    ->Args({400, 784, 1});

// (128, 400) in place, forward then backward
void BM_Activation(benchmark::State& state) {
  const auto act = state.range(0) == 0 ? ll::Activation::Relu : ll::Activation::Tanh;
  const size_t n = size_t(kBatch) * 400;
  auto pre = random_buffer(n, 4), g = random_buffer(n, 5);
  ll::FloatBuffer h(n), dh(n);
  for (auto _ : state) {
    std::copy(pre.begin(), pre.end(), h.begin());
    std::copy(g.begin(), g.end(), dh.begin());
    ll::activation_forward(act, h.data(), n);
    ll::activation_backward(act, h.data(), dh.data(), n);
    benchmark::DoNotOptimize(dh.data());
  }
  state.SetLabel(std::string(ll::to_string(act)));
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(n));
}
BENCHMARK(BM_Activation)->Arg(0)->Arg(1);

// logits, x: (128, 784) -> per-sample BCE and its gradient w.r.t. the logits
void BM_BceLossAndGrad(benchmark::State& state) {
  ll::ModelConfig cfg;
  ll::Model m(cfg);
  ll::Workspace ws;
  ws.reserve(cfg, kBatch);
  const size_t n = size_t(kBatch) * cfg.input_dim;
  auto logits = random_buffer(n, 6, -8.f, 8.f), x = random_buffer(n, 7, 0.f, 1.f);
  ll::FloatBuffer dlogits(n);
  for (auto _ : state) {
    const double loss = ll::reconstruction_loss(m, x.data(), logits.data(), kBatch, ws,
                                                dlogits.data(), 1.f / kBatch, nullptr);
    benchmark::DoNotOptimize(loss);
    benchmark::DoNotOptimize(dlogits.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(n));
}
BENCHMARK(BM_BceLossAndGrad);

// One Adam step over the whole 784-400-20 VAE's parameter buffer.
void BM_Adam(benchmark::State& state) {
  ll::ModelConfig cfg;
  ll::Model m(cfg);
  m.init(1);
  const size_t n = m.params().size();
  auto g = random_buffer(n, 8, -1e-2f, 1e-2f);
  ll::AdamState s;
  s.reset(n);
  ll::AdamConfig ac;
  for (auto _ : state) {
    ll::adam_update(ac, s, m.params().data(), g.data(), n);
    benchmark::DoNotOptimize(m.params().data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(n));
}
BENCHMARK(BM_Adam);

// The trainer's whole step for one VAE: forward, backward, Adam (random inputs in [0,1]).
void BM_TrainStep(benchmark::State& state) {
  ll::ModelConfig cfg;
  cfg.kind = state.range(0) == 0 ? ll::ModelKind::Vae : ll::ModelKind::Ae;
  ll::Model m(cfg);
  m.init(1);
  ll::Workspace ws;
  ws.reserve(cfg, kBatch);
  auto x = random_buffer(size_t(kBatch) * cfg.input_dim, 9, 0.f, 1.f);
  ll::FloatBuffer grads(m.params().size());
  ll::AdamState adam;
  adam.reset(grads.size());
  ll::Rng rng(3);
  std::vector<double> kl(cfg.latent);
  for (auto _ : state) {
    const auto l = ll::compute_gradients(m, x.data(), kBatch, rng, ll::ObjectiveParams{}, ws,
                                         grads.data(), kl.data());
    benchmark::DoNotOptimize(l);
    ll::adam_update(ll::AdamConfig{}, adam, m.params().data(), grads.data(), grads.size());
  }
  state.SetLabel(cfg.kind == ll::ModelKind::Vae ? "vae" : "ae");
  set_flops(state, ll::train_flops_per_sample(m.layout()) * kBatch);
  state.SetItemsProcessed(int64_t(state.iterations()) * kBatch);
}
BENCHMARK(BM_TrainStep)->Arg(0)->Arg(1)->UseRealTime();

// The same step as the trainer takes it: a shuffled batch of Fashion-MNIST (synthetic when
// absent) gathered and converted each step, so the input is not already in cache.
void BM_TrainStepShuffledData(benchmark::State& state) {
  static const ll::Dataset data = [] {
    try {
      return ll::load_dataset("fashion-mnist", 1);
    } catch (const std::exception&) {
      return ll::load_dataset("synthetic", 1);
    }
  }();
  ll::ModelConfig cfg;
  cfg.input_dim = int(data.image_size());
  ll::Model m(cfg);
  m.init(1);
  ll::Workspace ws;
  ws.reserve(cfg, kBatch);
  ll::FloatBuffer x(size_t(kBatch) * cfg.input_dim), grads(m.params().size());
  ll::AdamState adam;
  adam.reset(grads.size());
  ll::Rng rng(3), pick(4);
  std::vector<double> kl(cfg.latent);
  const size_t D = data.image_size();
  std::vector<uint32_t> index(kBatch);
  for (auto _ : state) {
    for (uint32_t& i : index) i = uint32_t(pick.below(data.train.count));
    ll::gather_images(data.train.pixels.data(), D, index.data(), kBatch, x.data());
    const auto l = ll::compute_gradients(m, x.data(), kBatch, rng, ll::ObjectiveParams{}, ws,
                                         grads.data(), kl.data());
    benchmark::DoNotOptimize(l);
    ll::adam_update(ll::AdamConfig{}, adam, m.params().data(), grads.data(), grads.size());
  }
  set_flops(state, ll::train_flops_per_sample(m.layout()) * kBatch);
  state.SetItemsProcessed(int64_t(state.iterations()) * kBatch);
}
BENCHMARK(BM_TrainStepShuffledData)->UseRealTime();

// The ceiling: a large square single-precision product through the trainer's GEMM.
// Through the library even where gemm() would send this shape to tile_gemm, which is not
// built for squares this large.
void BM_GemmCeiling(benchmark::State& state) {
  const int n = int(state.range(0));
  ll::MatrixRM a = ll::MatrixRM::Random(n, n), b = ll::MatrixRM::Random(n, n), c(n, n);
  for (auto _ : state) {
    ll::gemm(false, false, n, n, n, a.data(), b.data(), 0.f, c.data(), ll::GemmRoute::LibraryOnly);
    benchmark::DoNotOptimize(c.data());
  }
  set_flops(state, 2.0 * n * n * double(n));
}
BENCHMARK(BM_GemmCeiling)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
