// The feature space's targets (issue 16): classifier training ≤ 15 s on one core for
// Fashion-MNIST, a cached start ≤ 0.5 s, a Fréchet distance for N = 5,000 ≤ 2 s, holes over
// 400 points ≤ 0.5 s; and what eval --fd-samples and the Samples tab spend besides: EM of the
// 10-component GMM (on every code, or on the default seeded subset of 10,000), and one
// Samples-tab round per model. On Fashion-MNIST when Debian's dataset is installed, else on
// the built-in synthetic set (the figures then say little about the targets).
//
//   build/bench/latentlab_bench --benchmark_filter=Features
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/synthetic.h"
#include "core/features/feature_reference.h"
#include "core/features/feature_space.h"
#include "core/features/code_samplers.h"
#include "core/features/frechet.h"
#include "core/features/sample_quality.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/vae/model.h"

namespace {

const ll::Dataset& data() {
  static const ll::Dataset d = [] {
    try {
      return ll::load_dataset("fashion-mnist");
    } catch (const std::exception&) {
      return ll::data::make_synthetic(12000, 2000, 1);
    }
  }();
  return d;
}

std::string cache_dir() {
  return (std::filesystem::temp_directory_path() / "latentlab-bench-features").string();
}

ll::FeatureOptions options(bool use_cache) {
  ll::FeatureOptions o;
  o.cache_dir = cache_dir();
  o.use_cache = use_cache;
  return o;
}

void Features_ClassifierTraining(benchmark::State& state) {
  const ll::GemmThreads one(1);
  for (auto _ : state) benchmark::DoNotOptimize(ll::feature_space(data(), options(false)));
  state.SetLabel(data().name);
}
BENCHMARK(Features_ClassifierTraining)->Unit(benchmark::kSecond)->Iterations(1);

void Features_CachedStart(benchmark::State& state) {
  ll::feature_space(data(), options(true));  // writes the cache once
  for (auto _ : state) benchmark::DoNotOptimize(ll::feature_space(data(), options(true)));
}
BENCHMARK(Features_CachedStart)->Unit(benchmark::kMillisecond)->Iterations(3);

// N = 5,000 decodings and 5,000 real images, 128 features: the moments and the distance.
void Features_Frechet5000(benchmark::State& state) {
  const size_t n = 5000;
  const int d = 128;
  std::vector<float> a(n * d), b(n * d);
  ll::Rng rng(1);
  for (float& v : a) v = rng.normal();
  for (float& v : b) v = 1.5f * rng.normal();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ll::frechet_distance(ll::moments(a.data(), n, d), ll::moments(b.data(), n, d)));
  }
}
BENCHMARK(Features_Frechet5000)->Unit(benchmark::kMillisecond);

// 400 points of an (untrained) 784-400-20 model: decode, embed, nearest of every training image.
void Features_Holes400(benchmark::State& state) {
  const ll::FeatureSpace s = ll::feature_space(data(), options(true)).space;
  const ll::FeatureReference r = ll::feature_reference(s, data());
  ll::ModelConfig cfg;
  cfg.input_dim = int(data().image_size());
  cfg.hidden = {400};
  cfg.latent = 20;
  ll::Model m(cfg);
  m.init(1);
  const std::vector<float> z = ll::prior_points(cfg.latent, 400, 1);
  for (auto _ : state) benchmark::DoNotOptimize(ll::feature_holes(m, s, r, z.data(), 400));
}
BENCHMARK(Features_Holes400)->Unit(benchmark::kMillisecond)->Iterations(3);

// 60,000 codes in 8 dimensions from a made 10-component mixture (a stand-in for an encoder's
// codes of Fashion-MNIST): EM over all of them (range 0) or a seeded subset (10,000).
void Features_GmmFit60k(benchmark::State& state) {
  const size_t n = 60000;
  const int L = 8;
  std::vector<float> x(n * L);
  ll::Rng rng(3);
  for (size_t i = 0; i < n; ++i) {
    const int k = int(i % 10);
    for (int j = 0; j < L; ++j) x[i * L + j] = float(k == j ? 3 : 0) + (0.3f + 0.1f * k) * rng.normal();
  }
  ll::GmmOptions opt;
  opt.max_points = size_t(state.range(0));
  int iterations = 0;
  for (auto _ : state) iterations = ll::fit_gmm(x.data(), n, L, opt).iterations;
  state.counters["iterations"] = iterations;
}
BENCHMARK(Features_GmmFit60k)->Arg(0)->Arg(10000)->Unit(benchmark::kSecond)->Iterations(1);

// One model's round of the Samples tab (app/workers/sample_worker.h): 2,000 draws of the
// sampler (fitted on 5,000 training codes), decoded, embedded, their FD and the floor.
void Features_SamplesTabRound(benchmark::State& state) {
  const ll::GemmThreads one(1);
  const ll::FeatureSpace s = ll::feature_space(data(), options(true)).space;
  const ll::FeatureReference r = ll::feature_reference(s, data());
  ll::ModelConfig cfg;
  cfg.input_dim = int(data().image_size());
  cfg.hidden = {400};
  cfg.latent = 2;
  ll::Model m(cfg);
  m.init(1);
  ll::SamplerFdOptions opt;
  opt.fit_codes = 5000;
  const ll::Sampler kind = ll::kSamplers[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(ll::sampler_fd(m, data(), s, r, kind, opt));
  state.SetLabel(ll::to_string(kind));
}
BENCHMARK(Features_SamplesTabRound)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
