#pragma once
// Our own product for the shapes a training step runs, where it beats OpenBLAS: C is computed
// a register tile at a time (8 rows × 32 columns in 16 zmm accumulators), B's rows are read
// as whole vectors where they lie and A's elements are broadcast one at a time from wherever
// they lie, so neither operand is copied into a packed buffer first. At batch 128 that copy is
// what OpenBLAS spends beyond its micro-kernel: the weight is packed afresh for every product
// (bench/bench_tile_gemm.cpp measures both on the step's five large products; AVX-512, after
// a step's worth of other traffic: the two forward products 484 -> 421 and 490 -> 409 µs,
// the three gradient products within 3%).
//
// Each element of C is one running sum over k in order, whatever tile computes it: cutting C
// into slices (gemm's threads) gives the same bits.

namespace ll {

// Whether gemm() sends its large products with a row-major B here: an AVX-512 build whose
// OpenBLAS also runs an AVX-512 kernel. On AVX2 OpenBLAS's Haswell kernel is as fast (a
// 256-bit version of this kernel ran from 2% faster to 9% slower on the five products), so it
// keeps the products there; OPENBLAS_CORETYPE=Haswell thus also keeps every product on AVX2,
// as whoever set it asked.
bool tile_gemm_enabled();

// C (M, N) row stride ldc  =  A · B  (+ C when beta is 1), with A(i, k) at a[i·rs + k·cs]
// (row-major A: rs = lda, cs = 1; stored transposed: rs = 1, cs = lda) and B (K, N) row-major
// with row stride ldb. Only callable when tile_gemm_enabled().
void tile_gemm(int M, int N, int K, const float* a, long rs, long cs, const float* b, long ldb,
               float beta, float* c, long ldc);

}  // namespace ll
