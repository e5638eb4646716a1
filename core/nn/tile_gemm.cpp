#include "core/nn/tile_gemm.h"

#include <cassert>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif
#ifdef LATENTLAB_OPENBLAS
#include <cblas.h>
#endif

namespace ll {

namespace {

#if defined(__AVX512F__)
constexpr int kTileRows = 8;

// A ROWS × (16·NV) tile of C; the last of its NV vectors covers the columns `last` masks.
// GCC keeps the accumulators in registers only when every loop over them is unrolled.
template <int ROWS, int NV>
inline void tile(int K, const float* a, long rs, long cs, const float* b, long ldb, bool add,
                 float* c, long ldc, __mmask16 last) {
  __m512 acc[ROWS][NV];
#pragma GCC unroll 8
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();
  for (int k = 0; k < K; ++k) {
    const float* bk = b + k * ldb;
    __m512 bv[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      bv[v] = v == NV - 1 ? _mm512_maskz_loadu_ps(last, bk + 16 * v) : _mm512_loadu_ps(bk + 16 * v);
    const float* ak = a + k * cs;
#pragma GCC unroll 8
    for (int r = 0; r < ROWS; ++r) {
      const __m512 av = _mm512_set1_ps(ak[r * rs]);
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) {
      float* cv = c + r * ldc + 16 * v;
      const __mmask16 m = v == NV - 1 ? last : __mmask16(0xFFFF);
      __m512 x = acc[r][v];
      if (add) x = _mm512_add_ps(x, _mm512_maskz_loadu_ps(m, cv));
      _mm512_mask_storeu_ps(cv, m, x);
    }
}

// Rows [0, M) of one column panel of NV vectors, 8 rows at a time, then 4, 2, 1.
template <int NV>
void panel(int M, int K, const float* a, long rs, long cs, const float* b, long ldb, bool add,
           float* c, long ldc, __mmask16 last) {
  int i = 0;
  for (; i + kTileRows <= M; i += kTileRows) tile<kTileRows, NV>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last);
  if (i + 4 <= M) tile<4, NV>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last), i += 4;
  if (i + 2 <= M) tile<2, NV>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last), i += 2;
  if (i < M) tile<1, NV>(K, a + i * rs, rs, cs, b, ldb, add, c + i * ldc, ldc, last);
}
#endif

[[maybe_unused]] bool openblas_runs_avx512() {  // only asked in AVX-512 builds
#ifdef LATENTLAB_OPENBLAS
  std::string core = openblas_get_corename();
  for (char& ch : core) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return core == "skylakex" || core == "cooperlake" || core == "sapphirerapids";
#else
  return false;
#endif
}

}  // namespace

bool tile_gemm_enabled() {
#if defined(__AVX512F__)
  static const bool enabled = openblas_runs_avx512();
  return enabled;
#else
  return false;
#endif
}

void tile_gemm(int M, int N, int K, const float* a, long rs, long cs, const float* b, long ldb,
               float beta, float* c, long ldc) {
#if defined(__AVX512F__)
  assert(beta == 0.f || beta == 1.f);  // gemm()'s contract: overwrite or accumulate
  const bool add = beta != 0.f;
  // Column panels of 32 outermost: a panel of B (K × 32, 100 KB at K = 784) stays in L1/L2
  // while all of A's rows stream past it.
  int j = 0;
  for (; j + 32 <= N; j += 32) panel<2>(M, K, a, rs, cs, b + j, ldb, add, c + j, ldc, 0xFFFF);
  for (; j < N; j += 16) {
    const int n = N - j < 16 ? N - j : 16;
    panel<1>(M, K, a, rs, cs, b + j, ldb, add, c + j, ldc, __mmask16((1u << n) - 1u));
  }
#else
  (void)M, (void)N, (void)K, (void)a, (void)rs, (void)cs, (void)b, (void)ldb, (void)beta, (void)c, (void)ldc;
  std::fputs("tile_gemm called in a build without AVX-512 (tile_gemm_enabled() is false)\n", stderr);
  std::abort();
#endif
}

}  // namespace ll
