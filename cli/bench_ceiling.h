#pragma once
// The GEMM ceiling bench holds the trainer's speed against.

namespace ll::cli {

// The best rate of `reps` n×n×n single-precision products through the trainer's gemm() (so
// with its library), on `threads` threads: the library with B row-major and with B stored
// transposed, and gemm()'s own choice, which sends a row-major B to tile_gemm where that is
// enabled (at these sizes it runs below the library: it does not block for the caches). The
// best of them is the ceiling, so tile_gemm can raise it but never lower it. The
// process-wide thread count is restored after: the (paused) trainer set it and remembers
// what it set.
double gemm_gflops(int n, int reps, int threads);

}  // namespace ll::cli
