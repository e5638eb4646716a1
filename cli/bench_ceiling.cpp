#include "cli/bench_ceiling.h"

#include <algorithm>

#include "cli/bench_host.h"
#include "core/nn/buffer.h"
#include "core/nn/gemm.h"
#include "core/nn/tile_gemm.h"

namespace ll::cli {

double gemm_gflops(int n, int reps, int threads) {
  GemmThreads scope(threads);  // this thread's, for this call only: the trainer keeps its own
  FloatBuffer a(size_t(n) * n), b(size_t(n) * n), c(size_t(n) * n);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = float(i % 7) * 0.25f - 0.75f;
    b[i] = float(i % 5) * 0.5f - 1.f;
  }
  double best = 1e30;
  struct Form {
    bool trans_b;
    GemmRoute route;
  };
  for (const Form f : {Form{false, GemmRoute::LibraryOnly}, Form{true, GemmRoute::LibraryOnly},
                       Form{false, GemmRoute::Auto}}) {
    if (f.route == GemmRoute::Auto && !tile_gemm_enabled()) continue;  // the first form again
    gemm(false, f.trans_b, n, n, n, a.data(), b.data(), 0.f, c.data(), f.route);  // warm-up: page in
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      gemm(false, f.trans_b, n, n, n, a.data(), b.data(), 0.f, c.data(), f.route);
      best = std::min(best, seconds_since(t0));
    }
  }
  return 2.0 * n * n * double(n) / best / 1e9;
}

}  // namespace ll::cli
