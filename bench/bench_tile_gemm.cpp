// tile_gemm against OpenBLAS on the five large products of a 784-400-20 training step at
// batch 128, each after 24 MB of other traffic as in a step (what Adam's pass and the other
// layers leave in the caches), at the width tile_gemm is enabled at: 512 bits under an
// AVX-512 OpenBLAS kernel, 256 under OPENBLAS_CORETYPE=Haswell. The OpenBLAS side is given B
// stored transposed; for these shapes that is OpenBLAS's fastest form or as fast as any
// (docs/performance.md), so tile_gemm is compared with the library at its best.
//
//   build/bench/latentlab_bench --benchmark_filter=TileVsOpenBlas
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/nn/buffer.h"
#include "core/nn/gemm.h"
#include "core/nn/rng.h"
#include "core/nn/tile_gemm.h"

namespace {

ll::FloatBuffer random_buffer(size_t n, uint64_t seed) {
  ll::Rng rng(seed);
  ll::FloatBuffer v(n);
  for (float& x : v) x = rng.uniform() - 0.5f;
  return v;
}

void evict() {
  static std::vector<float> other(6 << 20);
  for (float& x : other) x += 1.f;
  benchmark::DoNotOptimize(other.data());
}

// C (M, N) = A · B; A stored (K, M) when trans_a, as the step stores it.
struct Product {
  const char* name;
  int M, N, K;
  bool trans_a;
};
constexpr Product kProducts[] = {
    {"encoder forward W1·X", 400, 128, 784, false},
    {"decoder output forward W4·H3", 784, 128, 400, false},
    {"decoder output input gradient W4ᵀ·dL", 400, 128, 784, true},
    {"encoder weight gradient dH1·X", 400, 784, 128, false},
    {"decoder output weight gradient dL·H3", 784, 400, 128, false},
};

void BM_TileVsOpenBlas(benchmark::State& state) {
  const Product& p = kProducts[state.range(0)];
  const bool tiled = state.range(1) == 1;
  state.SetLabel(std::string(p.name) + (tiled ? " [tile_gemm]" : " [OpenBLAS]"));
  if (tiled && !ll::tile_gemm_enabled()) {
    state.SkipWithError("tile_gemm is not enabled with this build and OpenBLAS kernel");
    return;
  }
  const auto a = random_buffer(size_t(p.M) * p.K, 1), b = random_buffer(size_t(p.K) * p.N, 2);
  ll::FloatBuffer bt(b.size()), c(size_t(p.M) * p.N), want(c.size());
  for (int k = 0; k < p.K; ++k)
    for (int n = 0; n < p.N; ++n) bt[size_t(n) * p.K + k] = b[size_t(k) * p.N + n];
  const long rs = p.trans_a ? 1 : p.K, cs = p.trans_a ? p.M : 1;
  auto run = [&](float* out) {
    if (tiled)
      ll::tile_gemm(p.M, p.N, p.K, a.data(), rs, cs, b.data(), p.N, 0.f, out, p.N);
    else
      ll::gemm(p.trans_a, true, p.M, p.N, p.K, a.data(), bt.data(), 0.f, out, ll::GemmRoute::LibraryOnly);
  };
  ll::gemm(p.trans_a, true, p.M, p.N, p.K, a.data(), bt.data(), 0.f, want.data());
  run(c.data());
  for (size_t i = 0; i < c.size(); ++i)
    if (std::fabs(c[i] - want[i]) > 1e-3f) {
      state.SkipWithError("the two products disagree");
      return;
    }
  for (auto _ : state) {
    state.PauseTiming();
    evict();
    state.ResumeTiming();
    run(c.data());
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2e-9 * p.M * p.N * double(p.K) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TileVsOpenBlas)
    ->ArgsProduct({{0, 1, 2, 3, 4}, {0, 1}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
