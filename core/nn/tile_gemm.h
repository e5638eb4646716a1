#pragma once
// Our own product for the shapes a training step runs, where it beats OpenBLAS: C is computed
// a register tile at a time (8 rows × 2 vectors of accumulators), B's rows are read as whole
// vectors where they lie and A's elements are broadcast one at a time from wherever they lie,
// so neither operand is copied into a packed buffer first. At batch 128 that copy is what
// OpenBLAS spends beyond its micro-kernel: the weight is packed afresh for every product
// (bench/bench_tile_gemm.cpp measures both on the step's five large products, after a step's
// worth of other traffic; see docs/performance.md).
//
// It computes at the widest vectors the CPU has (512 bits on an AVX-512 CPU), whatever kernel
// OpenBLAS runs: OPENBLAS_CORETYPE picks OpenBLAS's kernel and says nothing about ours. The
// benchmark's ceiling is the best square product any kernel on the machine reaches, ours at
// this width among them (cli/bench_ceiling.cpp), so the trainer's fraction of it stays honest.
// The 256-bit tile is kept for the tests and the kernel benchmark; both widths need an AVX-512
// build (the 256-bit tile uses 19 of its 32 vector registers).
//
// Each element of C is one running sum over k in order, whatever tile computes it: cutting C
// into slices (gemm's threads) gives the same bits.

namespace ll {

// Whether gemm() sends its large products with a row-major B here: an AVX-512 build on a CPU
// with AVX-512F and VL (cpuid).
bool tile_gemm_enabled();
// The width tile_gemm() computes at: 512, or 0 when not enabled.
int tile_gemm_vector_bits();

// C (M, N) row stride ldc  =  A · B  (+ C when beta is 1), with A(i, k) at a[i·rs + k·cs]
// (row-major A: rs = lda, cs = 1; stored transposed: rs = 1, cs = lda) and B (K, N) row-major
// with row stride ldb. Only callable when tile_gemm_enabled().
void tile_gemm(int M, int N, int K, const float* a, long rs, long cs, const float* b, long ldb,
               float beta, float* c, long ldc);

// The same at a given width, 512 or 256 (for the tests and the kernel benchmark): callable
// when tile_gemm_width_available(bits).
bool tile_gemm_width_available(int bits);
void tile_gemm_at(int bits, int M, int N, int K, const float* a, long rs, long cs,
                  const float* b, long ldb, float beta, float* c, long ldc);

}  // namespace ll
